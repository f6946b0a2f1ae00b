/**
 * Staff's combined inbox on "all my works" at 1366 × 800: what waits in every work they run, most
 * pressing first, each row naming its work and opening the issue, offline too. Over the seeded work
 * (tests/e2e/seed-history.ts: three late issues, one disputed, the rest answered or closed) and a
 * second work with a fresh report. Its own server, so the lists are these works' only.
 */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { seedHistory } from './seed-history';

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4540 + testInfo.parallelIndex) });
});
test.afterAll(async () => {
  await server.stop();
});

test('the combined inbox across works: late, disputed and new issues of each work, most pressing first, opening the issue, offline too', async ({
  browser,
}) => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const page = app.page;
  await app.join('staff', '社区小陈');
  await seedHistory(server, page);
  await app.waitUntilReadyOffline();

  // A second work with a fresh report nobody answered yet.
  const second = await app.createWork('西区绿化恢复', '西区');
  await page.goto(`${server.url}/w/${second}/issues/new`);
  await page.getByRole('radio', { name: '安全隐患' }).check();
  await page.getByLabel('情况描述').fill('西区花坛边的井盖松动');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.issueCard('西区花坛边的井盖松动')).toBeVisible();

  await page.goto(`${server.url}/works`);
  const inbox = page.getByRole('list', { name: '全部工程的待办' });
  // Three late issues and one disputed in the seeded work, the new report in the second.
  await expect(page.getByRole('heading', { name: '全部工程的待办（5）' })).toBeVisible({ timeout: 20_000 });
  const rows = inbox.getByRole('listitem');
  await expect(rows).toHaveCount(5);
  const texts = await rows.allTextContents();
  expect(texts.slice(0, 3).every((r) => /^已逾期 · 逾期 \d+ (天|小时)阳光花园小区雨污分流改造/.test(r))).toBe(true);
  expect(
    texts
      .slice(0, 3)
      .map((r) => /主路路面破损整改拖延|绿化带被挖整改后又坏|夜间施工噪音无人回应/.exec(r)?.[0])
      .sort(),
  ).toEqual(['主路路面破损整改拖延', '夜间施工噪音无人回应', '绿化带被挖整改后又坏'].sort());
  expect(texts[3]).toMatch(/^有异议，提交联席会议阳光花园小区雨污分流改造施工车辆占用消防通道/);
  expect(texts[4]).toMatch(/^新上报，待施工方回应西区绿化恢复西区花坛边的井盖松动/);
  // Answered, fixed or closed issues wait for nobody here.
  await expect(inbox.getByRole('link', { name: '东门扬尘已整改核实' })).toHaveCount(0);
  await expect(inbox.getByRole('link', { name: '三号楼污水外溢已受理' })).toHaveCount(0);
  // As many late ones as the works' table counts for the work.
  const table = page.getByRole('table', { name: '这台设备上的工程' });
  await expect(
    table
      .getByRole('row', { name: /阳光花园小区雨污分流改造/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('3');

  // A row opens its issue, in its own work.
  await inbox.getByRole('link', { name: '西区花坛边的井盖松动' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${second}/issues/[^/]+$`));
  await expect(page.getByText('西区花坛边的井盖松动').first()).toBeVisible();

  // Offline, from what the device holds.
  await ctx.setOffline(true);
  await page.goto(`${server.url}/works`);
  await expect(page.getByRole('list', { name: '全部工程的待办' }).getByRole('listitem')).toHaveCount(5, { timeout: 20_000 });
  await ctx.setOffline(false);
  await ctx.close();
});
