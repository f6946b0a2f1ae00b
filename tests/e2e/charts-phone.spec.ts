/**
 * The overview's charts on a 320 px phone: the words under each chart's axis stand apart (a few
 * round values, not "10.5天14天17.5天21天"), and a chart with nothing to draw says so in a sentence
 * instead of drawing empty axes. Its own server, so the figures are this work's only.
 * Screenshots go to /tmp/charts-shots (CHARTS_SHOTS_TAG names them) for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { staffOnSeededOverview } from './seed-history';

let server: RunningServer;
test.beforeEach(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4540 + testInfo.parallelIndex) });
});
test.afterEach(async () => {
  await server.stop();
});

const SHOTS = '/tmp/charts-shots';
const TAG = process.env.CHARTS_SHOTS_TAG ?? 'latest';

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // The whole page drawn at once, cut to the charts: the sticky top bar stays at the top, off them.
  const box = await page.getByRole('region', { name: '图表' }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  });
  await page.screenshot({ path: `${SHOTS}/${TAG}-${name}.png`, fullPage: true, clip: box });
}

/**
 * The labels under a chart's bottom axis as the eye sees them: runs of inked columns in the band the
 * axis writes its values in, split wherever at least 8 px stay blank. Labels that touch make one wide
 * run. Widths in CSS pixels.
 */
function bottomLabelRuns(chart: Locator): Promise<number[]> {
  return chart.evaluate((el) => {
    const canvas = el.querySelector('canvas')!;
    const r = canvas.width / canvas.getBoundingClientRect().width;
    const h = canvas.height / r;
    // uPlot writes a bottom axis's values 15 px below the plot (after its ticks): 35 to 20 px above the canvas's foot.
    const top = Math.round((h - 36) * r);
    const rows = Math.round(16 * r);
    const { data } = canvas.getContext('2d')!.getImageData(0, top, canvas.width, rows);
    const inked: boolean[] = [];
    for (let x = 0; x < canvas.width; x++) {
      let any = false;
      for (let y = 0; y < rows && !any; y++) any = data[(y * canvas.width + x) * 4 + 3]! > 40;
      inked.push(any);
    }
    const runs: number[] = [];
    let start = -1;
    let blank = 0;
    for (let x = 0; x <= inked.length; x++) {
      if (x < inked.length && inked[x]) {
        if (start < 0) start = x;
        blank = 0;
      } else if (start >= 0 && ++blank >= 8 * r) {
        runs.push((x - blank + 1 - start) / r);
        start = -1;
      }
    }
    if (start >= 0) runs.push((inked.length - blank - start) / r);
    return runs;
  });
}

test('at 320 px every chart writes a few round values under its axis, apart from each other', async ({ browser }) => {
  const app = await staffOnSeededOverview(browser, server, { viewport: { width: 320, height: 720 }, deviceScaleFactor: 2 });
  const page = app.page;
  const charts = page.locator('.chart-figure').getByRole('img');
  await expect(charts).toHaveCount(5);
  // Drawn: every canvas has its bottom axis written.
  const drawn = async () => (await Promise.all((await charts.all()).map(bottomLabelRuns))).every((r) => r.length >= 2);
  await expect.poll(drawn).toBe(true);
  await shoot(page, '320-seeded');
  // On a desk, then back on the phone: the charts redraw to the new width and choose their values again.
  await page.setViewportSize({ width: 1366, height: 800 });
  await expect.poll(async () => (await charts.first().boundingBox())!.width).toBeGreaterThan(300);
  await expect.poll(drawn).toBe(true);
  await shoot(page, '1366-seeded');
  await page.setViewportSize({ width: 320, height: 720 });
  await expect.poll(async () => (await charts.first().boundingBox())!.width).toBeLessThan(320);
  await expect.poll(drawn).toBe(true);
  await shoot(page, '320-after-1366');

  // The fix times (target 7 days): whole days, at most four of them, and each label alone (a lone "21 天" is under 50 px wide).
  const resolve = page.getByRole('img', { name: /^整改用时分布柱状图/ });
  const resolveRuns = await bottomLabelRuns(resolve);
  expect(resolveRuns.length).toBeGreaterThanOrEqual(3);
  expect(resolveRuns.length).toBeLessThanOrEqual(4);
  for (const w of resolveRuns) expect(w).toBeLessThan(50);

  // The other four the same way: no run of labels wider than one label, never crowded with more than five.
  for (const chart of await charts.all()) {
    const runs = await bottomLabelRuns(chart);
    expect(runs.length, (await chart.getAttribute('aria-label')) ?? '').toBeLessThanOrEqual(5);
    for (const w of runs) expect(w, (await chart.getAttribute('aria-label')) ?? '').toBeLessThan(60);
  }

  // Nothing on the page is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.context().close();
});

test('a chart with nothing to draw says so in a sentence, and its table is not offered', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 720 }, deviceScaleFactor: 2 });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const page = app.page;
  await app.join('staff', '社区小陈');
  // An open complaint on no point: the per-week line and the categories have something to draw, the points do not.
  await app.recordComplaint({ category: '噪音扰民', description: '凌晨还在打桩' });

  await page.goto(`${server.url}/w/demo-work/review`);
  await expect(page.getByRole('table', { name: '按状态（共 1 件）' })).toBeVisible({ timeout: 20_000 });
  // The complaint is drawn where it counts.
  await expect(page.getByRole('img', { name: /^各类别问题条形图：噪音扰民 1。$/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^折线图，共 1 周：本周未办结 1 件/ })).toBeVisible();
  await shoot(page, '320-empty');

  const points = page.getByRole('figure', { name: '各点位未办结问题' });
  await expect(points.getByText('点位上没有未办结的问题。')).toBeVisible();
  await expect(points.getByRole('img')).toHaveCount(0);
  await expect(points.getByText('以表格查看')).toHaveCount(0);

  // Nothing answered or fixed yet: the two time charts say that.
  await expect(page.getByRole('figure', { name: '回应用时分布' }).getByText('还没有已回应的问题。')).toBeVisible();
  await expect(page.getByRole('figure', { name: '整改用时分布' }).getByText('还没有已整改的问题。')).toBeVisible();
  await ctx.close();
});
