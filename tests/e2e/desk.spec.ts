/**
 * The staff desk at office widths (1366 × 800, and 1920 × 1080) over a work with issues in every state
 * (tests/e2e/seed-history.ts): the side navigation works from the keyboard, the issues table sorts and
 * filters as the phone list does, the pane beside it acts on the issue, and selected rows print one
 * notice each and export. Its own server, so the counts are this work's only.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { seedHistory } from './seed-history';
import { seedSite } from './seed-site';

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4380 + testInfo.parallelIndex) });
});
test.afterAll(async () => {
  await server.stop();
});

/** The issue numbers of the table's rows, top to bottom. */
async function numbers(page: Page): Promise<number[]> {
  return (await page.getByRole('button', { name: /^打开问题 \d+$/ }).allTextContents()).map(Number);
}

test('issues table at 1366 × 800: keyboard navigation, sorting, filters, search, the pane acts, bulk notices and export', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const page = app.page;
  await app.join('staff', '社区小陈');
  await seedHistory(server, page);

  // The side navigation, from the keyboard: focus its link and press Enter.
  const nav = page.getByRole('navigation', { name: '工作台导航' });
  await expect(nav).toBeVisible();
  for (const name of ['我的全部工程', '待办', '问题表', '点位', '总平面图', '检查表', '概况', '联席会议材料', '管理']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await nav.getByRole('link', { name: '问题表', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/w\/demo-work\/issues$/);
  await expect(page.getByRole('table', { name: '问题表（共 9 件）' })).toBeVisible({ timeout: 20_000 });
  await expect(nav.getByRole('link', { name: '问题表', exact: true })).toHaveAttribute('aria-current', 'page');

  // Newest first; numbers are the server's, in the order it accepted the reports (seeded oldest first: 20 days ago is #1).
  expect(await numbers(page)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  await page.getByRole('button', { name: '编号', exact: true }).click();
  expect(await numbers(page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await expect(page.getByRole('columnheader', { name: '编号' })).toHaveAttribute('aria-sort', 'ascending');
  // Status sorts in the workflow's order (reported first), not alphabetically; ties newest first.
  await page.getByRole('button', { name: '状态', exact: true }).click();
  expect(await numbers(page)).toEqual([7, 9, 2, 8, 4, 1, 5, 3, 6]);
  await page.getByRole('button', { name: '状态', exact: true }).click();
  expect(await numbers(page)).toEqual([6, 3, 5, 4, 1, 8, 2, 9, 7]);
  // Overdue: the late ones first when sorted down, each with its reason in words.
  await page.getByRole('button', { name: '逾期', exact: true }).click();
  await page.getByRole('button', { name: '逾期', exact: true }).click();
  const late = page.getByRole('row').filter({ hasText: /超时未回应|超时未整改|过了计划日期/ });
  await expect(late).toHaveCount(3);
  expect((await numbers(page)).slice(0, 3).sort()).toEqual([2, 3, 7].sort());

  // The phone list's filters: open issues only, then one category.
  await page.getByText('筛选', { exact: true }).click();
  await page.getByLabel('状态', { exact: true }).selectOption({ label: '未办结' });
  await expect(page.getByRole('table', { name: '问题表（共 6 件）' })).toBeVisible();
  expect((await numbers(page)).sort((a, b) => a - b)).toEqual([2, 3, 5, 7, 8, 9]);
  await page.getByLabel('类别', { exact: true }).selectOption({ label: '污水 / 排水' });
  expect((await numbers(page)).sort((a, b) => a - b)).toEqual([8, 9]);
  // `/` focuses the search, wherever the focus was.
  await page.getByRole('button', { name: '编号', exact: true }).focus();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: /搜索编号/ })).toBeFocused();
  await page.keyboard.type('外溢');
  expect(await numbers(page)).toEqual([9]);
  await page.getByRole('searchbox', { name: /搜索编号/ }).fill('');
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(page.getByRole('table', { name: '问题表（共 9 件）' })).toBeVisible();

  // The pane beside the table: the disputed issue, rejected from there; its row follows.
  await page.getByRole('button', { name: '打开问题 5', exact: true }).click();
  const pane = page.getByRole('complementary', { name: '问题 5' });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('施工车辆占用消防通道', { exact: true })).toBeVisible();
  await expect(pane.getByRole('heading', { name: '处理记录' })).toBeVisible();
  const table = page.getByRole('table', { name: /问题表/ });
  const box = await table.locator('xpath=..').boundingBox(); // its scrolling frame
  const paneBox = await pane.boundingBox();
  expect(paneBox!.x).toBeGreaterThanOrEqual(box!.x + box!.width - 1); // beside the table, not under it
  await pane.getByRole('button', { name: '不予采纳' }).click();
  await pane.getByLabel('原因').fill('与 6 号问题重复，已在会上说明');
  await pane.getByRole('button', { name: /不予采纳 ✓/ }).click();
  await expect(page.getByRole('row').filter({ has: page.getByRole('button', { name: '打开问题 5', exact: true }) })).toContainText('未采纳');

  // Select two rows: one notice each, in one print.
  await page.getByRole('checkbox', { name: '选中问题 7' }).check();
  await page.getByRole('checkbox', { name: '选中问题 9' }).check();
  await expect(page.getByRole('region', { name: '已选 2 件' })).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出所选（CSV）' }).click()]);
  const lines = readFileSync((await csv.path())!, 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).join('\n')).toContain('夜间施工噪音无人回应');
  expect(lines.slice(1).join('\n')).toContain('三号楼污水外溢已受理');
  await page.getByRole('link', { name: '打印整改通知单（2 份）' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '整改通知单（2 份）' })).toBeVisible();
  const notices = page.getByRole('article', { name: '整改通知单' });
  await expect(notices).toHaveCount(2);
  await expect(notices.filter({ hasText: '夜间施工噪音无人回应' })).toHaveCount(1);
  await expect(notices.filter({ hasText: '三号楼污水外溢已受理' })).toHaveCount(1);
  await ctx.close();
});

test('all my works at 1920 × 1080: one row per work, counts equal to each overview, sortable, offline too', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const page = app.page;
  await app.join('staff', '社区小周');
  await seedHistory(server, page);
  await app.waitUntilReadyOffline();
  // A second work, so the table has something to sort.
  await app.createWork('西区绿化恢复', '西区');

  await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '我的全部工程' }).click();
  const table = page.getByRole('table', { name: '这台设备上的工程' });
  await expect(table.getByRole('row')).toHaveCount(3);
  const demo = table.getByRole('row', { name: /阳光花园小区雨污分流改造/ });
  // Wait for the seeded history to be counted (the work has issues reported over the last 20 days).
  await expect(demo.getByRole('cell').nth(4)).not.toHaveText('暂无', { timeout: 20_000 });
  const cells = async () => (await demo.getByRole('cell').allTextContents()).map((s) => s.trim());
  const [open, overdue, waiting, disputed] = (await cells()).slice(0, 4).map(Number);
  expect(open).toBeGreaterThan(0);
  expect(overdue).toBeGreaterThan(0);
  // seedHistory's issue photos were taken within the last week.
  expect(Number((await cells())[5])).toBeGreaterThan(0);

  // Sort by name, both ways; by overdue (the default) the late work comes first.
  const names = () => table.getByRole('rowheader').allTextContents();
  expect(await names()).toEqual(['阳光花园小区雨污分流改造', '西区绿化恢复']);
  await page.getByRole('button', { name: '工程名称', exact: true }).click();
  const asc = await names();
  await page.getByRole('button', { name: '工程名称', exact: true }).click();
  expect(await names()).toEqual([...asc].reverse());

  // The same figures as the work's own overview.
  await demo.getByRole('link', { name: '阳光花园小区雨污分流改造' }).click();
  await expect(page).toHaveURL(/\/w\/demo-work$/);
  await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '概况' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: '未办结' }).first()).toHaveText(new RegExp(`^${open}\\s*未办结$`));
  await expect(page.getByRole('listitem').filter({ hasText: '已逾期' })).toHaveText(new RegExp(`^${overdue}\\s*已逾期$`));
  await expect(page.getByRole('listitem').filter({ hasText: '等待施工方回应' })).toHaveText(new RegExp(`^${waiting}\\s*等待施工方回应$`));
  const byStatus = page.getByRole('table', { name: /按状态/ });
  if (disputed! > 0) await expect(byStatus.getByRole('row', { name: new RegExp(`^有异议\\s*${disputed}$`) })).toBeVisible();
  else await expect(byStatus.getByRole('row', { name: /^有异议/ })).toHaveCount(0);

  // Offline, from what the device holds.
  await ctx.setOffline(true);
  await page.goto(`${server.url}/works`);
  await expect(
    table
      .getByRole('row', { name: /阳光花园小区雨污分流改造/ })
      .getByRole('cell')
      .first(),
  ).toHaveText(String(open));
  await ctx.setOffline(false);
  await ctx.close();
});

test("a point's photos at 1366 × 800: a grid by phase and day, two chosen photos side by side, arrow keys between photos; the plan beside the issues table filters it", async ({
  browser,
}) => {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const page = app.page;
  await app.join('staff', '社区小王');
  await seedSite(server, page);
  await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '点位', exact: true }).click();
  await page
    .getByRole('list', { name: '点位' })
    .getByRole('link', { name: /3号楼北侧主干道/ })
    .click();
  const grid = page.getByRole('region', { name: '照片（按阶段和日期）' });
  // Five photos: two before, two during, one after, each on its own day.
  const photos = grid.getByRole('button', { name: /^(施工前|施工中|施工后)照片/ });
  await expect(photos).toHaveCount(5, { timeout: 20_000 });
  await expect(grid.getByRole('heading', { level: 3 })).toHaveText(['施工前', '施工中', '施工后']);
  await expect(grid.getByRole('heading', { level: 4 })).toHaveCount(5);
  // Until two are chosen, the latest before and after stand side by side.
  const compare = grid.getByRole('figure', { name: '对比所选两张照片' });
  await expect(compare.getByRole('img')).toHaveCount(2);
  await expect(compare.getByRole('img').first()).toHaveAccessibleName(/^施工前照片.*第 2 张/);
  await expect(compare.getByRole('img').last()).toHaveAccessibleName(/^施工后照片.*第 5 张/);

  // Keyboard: focus the first photo, arrow right twice (the first "during"), Enter; then right, Enter.
  await photos.first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(photos.nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(photos.nth(2)).toHaveAttribute('aria-pressed', 'true');
  await expect(photos.nth(3)).toHaveAttribute('aria-pressed', 'true');
  await expect(compare.getByRole('img').first()).toHaveAccessibleName(/^施工中照片.*第 3 张/);
  await expect(compare.getByRole('img').last()).toHaveAccessibleName(/^施工中照片.*第 4 张/);
  // Side by side: the right photo starts where the left one ends, on the same line.
  const [l, r] = [await compare.getByRole('img').first().boundingBox(), await compare.getByRole('img').last().boundingBox()];
  expect(r!.x).toBeGreaterThan(l!.x + l!.width - 1);
  expect(Math.abs(r!.y - l!.y)).toBeLessThan(2);
  expect(l!.width).toBeGreaterThan(300);
  // One tab stop for the grid: Tab leaves it rather than walking all five photos.
  await expect(grid.locator('.grid-photo[tabindex="0"]')).toHaveCount(1);

  // The site plan beside the issues table: a pin click lists only that point's issues; an open issue's pin stands out.
  await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '问题表', exact: true }).click();
  const plan = page.getByRole('application', { name: /点一下点位/ });
  await expect(plan).toBeVisible();
  const all = await page.getByRole('button', { name: /^打开问题 \d+$/ }).count();
  expect(all).toBeGreaterThan(0);
  await plan.locator('.plan-pin', { hasText: /^5号楼东侧绿化带：0 件未办结$/ }).click();
  await expect(page.getByText('没有符合条件的问题。')).toBeVisible();
  await expect(page.getByLabel('点位', { exact: true })).toHaveValue('demo-point-2');
  // From the keyboard too (this pin sits under the zoom buttons at this size): focus it, Enter.
  await plan.locator('.plan-pin-box', { has: page.locator('.plan-pin', { hasText: /^3号楼北侧主干道：\d+ 件未办结$/ }) }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('点位', { exact: true })).toHaveValue('demo-point-1');
  await expect(page.getByRole('button', { name: /^打开问题 \d+$/ })).toHaveCount(all);
  await page
    .getByRole('button', { name: /^打开问题 \d+$/ })
    .first()
    .click();
  await expect(plan.locator('.plan-pin.selected')).toHaveText(/^3号楼北侧主干道/);
  await ctx.close();
});

test('desk pages at 1366 × 800 and 1920 × 1080, in Chinese and English: nothing scrolls sideways, no serious axe finding', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const locale of ['zh-CN', 'en-US']) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/join?code=${server.codes.staff}`);
    await page.getByRole('textbox', { name: /^(您的称呼|Your name)/ }).fill('社区工作人员的名字比较长的一位');
    await page.getByRole('button', { name: /^(加入|Join)$/ }).click();
    await expect(page.getByRole('button', { name: /已同步|Synced/ })).toBeVisible({ timeout: 30_000 });
    // Issues in every state, point photos, a plan: pages that fit an empty work can still overflow with them.
    if (locale === 'zh-CN') await seedSite(server, page);
    await expect(
      page
        .getByRole('list', { name: /问题与投诉|Issues/ })
        .getByRole('link')
        .first(),
    ).toBeVisible({ timeout: 20_000 });
    const issueId = await page.evaluate(async () => {
      const open = indexedDB.open('sitewatch');
      const db = await new Promise<IDBDatabase>((r) => (open.onsuccess = () => r(open.result)));
      const all = await new Promise<Array<{ id: string }>>((r) => {
        const q = db.transaction('issues').objectStore('issues').getAll();
        q.onsuccess = () => r(q.result as Array<{ id: string }>);
      });
      return all.map((i) => i.id);
    });
    const w = '/w/demo-work';
    const routes = [
      '/works',
      `${w}/issues`,
      `${w}/issues?issue=${issueId[0]}`,
      `${w}/points`,
      `${w}/points/demo-point-1`,
      `${w}/notices?ids=${issueId.slice(0, 3).join(',')}`,
      w,
    ];
    const failures: string[] = [];
    for (const route of routes) {
      for (const size of [
        { width: 1366, height: 800 },
        { width: 1920, height: 1080 },
      ]) {
        await page.setViewportSize(size);
        await page.goto(server.url + route);
        await expect(page.locator('h1').first()).toBeVisible();
        await expect(page.getByRole('navigation', { name: /工作台导航|Desk navigation/ })).toBeVisible();
        await page.waitForTimeout(300);
        const wide = await page.evaluate(() => {
          const se = document.scrollingElement!;
          const out: string[] = [];
          if (se.scrollWidth > se.clientWidth) out.push(`the page is ${se.scrollWidth} px wide`);
          return out;
        });
        for (const p of wide) failures.push(`${locale} ${route} at ${size.width} px: ${p}`);
        if (size.width === 1366) {
          const axe = await new AxeBuilder({ page }).analyze();
          for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
            failures.push(`${locale} ${route}: axe ${v.id} (${v.impact}) on ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    await ctx.close();
  }
});
