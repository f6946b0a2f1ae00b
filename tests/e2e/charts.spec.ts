/**
 * The overview's and meeting pack's charts at 1366 × 800 over a work with a known past
 * (tests/e2e/seed-history.ts): each is an image named by what it shows (the same figures as the
 * overview's), drawn on its canvas, with its figures as a table, and the printed pack (page.pdf)
 * carries them beside its photos. Its own server, so the figures are this work's only.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { imagesPerPage } from './pdf-images';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { staffOnSeededOverview } from './seed-history';

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4530 + testInfo.parallelIndex) });
});
test.afterAll(async () => {
  await server.stop();
});

/** How many of the chart's canvas pixels are painted: a chart that failed to draw paints none. */
function paintedPixels(chart: Locator): Promise<number> {
  return chart.evaluate((el) => {
    const canvas = el.querySelector('canvas');
    if (!canvas || canvas.width === 0) return 0;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}

const CHARTS = [
  // Six open now, three of them late: the overview's own figures (review.spec.ts).
  /^折线图，共 \d 周：本周未办结 6 件，其中逾期 3 件；/,
  // Seven answered (the rejected one left out), in 1 to 5 hours.
  /^回应用时分布柱状图：7 件，中位数 2 小时，最长 5 小时，目标 24 小时，0 件超时。$/,
  // Three fixes standing: 30, 36 and 48 hours.
  /^整改用时分布柱状图：3 件，中位数 36 小时，最长 2 天，目标 7 天，0 件超时。$/,
  /^各类别问题条形图：污水 \/ 排水 2，绿化 \/ 路面损坏 2，/,
  /^各点位未办结问题条形图：.+ 6（3 件逾期）。$/,
];

test('charts on the overview and in the printed meeting pack at 1366 × 800', async ({ browser }) => {
  const app = await staffOnSeededOverview(browser, server, { viewport: { width: 1366, height: 800 } });
  const page = app.page;
  for (const name of CHARTS) {
    const chart = page.getByRole('img', { name });
    await expect(chart).toBeVisible();
    await expect.poll(() => paintedPixels(chart)).toBeGreaterThan(500);
  }
  // Two charts a row at this width.
  const [first, second] = await Promise.all(CHARTS.slice(0, 2).map((name) => page.getByRole('img', { name }).boundingBox()));
  expect(Math.abs(first!.y - second!.y)).toBeLessThan(5);
  expect(second!.x).toBeGreaterThan(first!.x + first!.width);

  // The line's figures as a table, which describes the chart: the current week last, six open, three late.
  const weekly = page.getByRole('img', { name: CHARTS[0] });
  const figure = page.getByRole('figure', { name: '每周未办结和逾期问题' });
  await figure.getByText('以表格查看').click();
  const table = figure.getByRole('table');
  await expect(table.getByRole('row').last()).toHaveText(/起\s*6\s*3$/);
  const describedBy = await weekly.getAttribute('aria-describedby');
  expect(await table.evaluate((t, id) => t.closest(`[id="${id}"]`) !== null, describedBy)).toBe(true);

  // The meeting pack draws them too, and prints them: every chart and every photo in the PDF, each on one page.
  await page.goto(`${server.url}/w/demo-work/meeting`);
  const pack = page.getByRole('article', { name: '联席会议材料' });
  await expect(pack.getByRole('region', { name: '逾期未办（3）' })).toBeVisible({ timeout: 20_000 });
  for (const name of CHARTS) await expect.poll(() => paintedPixels(pack.getByRole('img', { name }))).toBeGreaterThan(500);
  // The last 14 days' fixes and open issues carry four photos (the fix from 19 days ago is out of range).
  const photos = pack.locator('img');
  await expect(photos).toHaveCount(4);
  await expect
    .poll(() => photos.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  const drawn = imagesPerPage(await page.pdf({ preferCSSPageSize: true, printBackground: true })).flat();
  expect(new Set(drawn).size).toBe(4 + CHARTS.length);
  expect(drawn).toHaveLength(4 + CHARTS.length);
  await page.context().close();
});
