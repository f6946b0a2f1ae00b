/**
 * Staff review of a work with a known past (tests/e2e/seed-history.ts): the
 * overview counts, the joint-meeting pack lists exactly the right issues for a
 * date range, prints to PDF with every photo whole on one page, and the CSV
 * export opens with the right columns and Chinese intact.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { unzipSync } from 'fflate';
import { joinedPhone } from './app';
import { testPort } from '../ports';
import { expect, test } from './fixtures';
import { type RunningServer, startServer } from './server';
import { imagesPerPage } from './pdf-images';
import { seedHistory } from './seed-history';
import { imageSize } from '../../src/media/prepare-photo';

test("the overview, the meeting pack (screen, PDF) and the CSV agree with the work's history", async ({ browser }, testInfo) => {
  // Its own server: the counts below are of this work's seeded history only, whatever other specs
  // did before in the worker's shared server.
  const server: RunningServer = await startServer({ port: testPort(4360 + testInfo.parallelIndex) });
  try {
    await reviewOf(browser, server);
  } finally {
    await server.stop();
  }
});

async function reviewOf(browser: Browser, server: RunningServer): Promise<void> {
  const { ctx, app } = await joinedPhone(browser, server, 'staff', '社区小陈');
  const page = app.page;
  const seeded = await seedHistory(server, page);
  expect(seeded).toHaveLength(9);

  await page.getByRole('link', { name: '工程概览与会议材料' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '工程概览' })).toBeVisible();
  // Everything seeded has reached this device once the status table counts nine.
  const byStatus = page.getByRole('table', { name: '按状态（共 9 件）' });
  await expect(byStatus).toBeVisible({ timeout: 20_000 });
  const expectRow = async (table: typeof byStatus, label: string, n: number) =>
    expect(table.getByRole('row', { name: new RegExp(`^${label}\\s*${n}$`) })).toBeVisible();
  for (const [label, n] of [
    ['已上报', 1],
    ['已受理', 1],
    ['整改中', 1],
    ['已整改待核实', 1],
    ['已核实', 2],
    ['有异议', 1],
    ['重新打开', 1],
    ['未采纳', 1],
  ] as const) {
    await expectRow(byStatus, label, n);
  }
  const byCategory = page.getByRole('table', { name: '按类别' });
  await expectRow(byCategory, '污水 / 排水', 2);
  await expectRow(byCategory, '绿化 / 路面损坏', 2);
  await expect(page.getByRole('listitem').filter({ hasText: '未办结' }).first()).toHaveText(/^6\s*未办结$/);
  await expect(page.getByRole('listitem').filter({ hasText: '已逾期' })).toHaveText(/^3\s*已逾期$/);

  // CSV: BOM, the columns in order, one row per issue, Chinese as typed.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出问题表格（CSV）' }).click()]);
  const csv = readFileSync((await download.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe('编号,类别,状态,紧急程度,情况描述,点位,记录人,记录时间,施工方回应时间,整改完成时间,计划整改日期,逾期,照片数,留言数,系统编号');
  expect(lines).toHaveLength(10);
  const night = lines.find((l) => l.includes('夜间施工噪音无人回应'))!;
  expect(night.split(',').slice(1, 3)).toEqual(['噪音扰民', '已上报']);
  expect(night).toContain('历史记录的王阿姨');
  expect(night).toContain('超时未回应');
  // Times in China time, as spreadsheets read dates ("2026-12-04 18:30:00"), not UTC ISO strings.
  const reportedAt = night.split(',')[7]!;
  expect(reportedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  // It was seeded three days ago: read as China time, the cell is that moment (UTC would be 8 hours off).
  expect(Math.abs(Date.parse(reportedAt.replace(' ', 'T') + '+08:00') - (Date.now() - 3 * 86_400_000))).toBeLessThan(10 * 60_000);

  // Every photo of the work in one ZIP, with a spreadsheet describing them.
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出全部照片（ZIP）' }).click()]);
  await expect(page.getByRole('status').filter({ hasText: '已导出 5 张照片。' })).toBeVisible();
  const entries = unzipSync(new Uint8Array(readFileSync((await zipDownload.path())!)));
  const jpegs = Object.keys(entries).filter((n) => n.endsWith('.jpg'));
  // Each photo as stored, and beside it a copy with the evidence band joined below (taller, same width).
  const originals = jpegs.filter((n) => !n.endsWith('-水印.jpg'));
  expect(originals).toHaveLength(5);
  expect(jpegs).toHaveLength(10);
  for (const name of jpegs) expect([...entries[name]!.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  for (const name of originals) {
    const plain = imageSize(entries[name]!)!;
    const banded = imageSize(entries[name.replace(/\.jpg$/, '-水印.jpg')]!)!;
    expect(banded.width).toBe(plain.width);
    expect(banded.height).toBeGreaterThan(plain.height);
  }
  expect(originals.filter((n) => n.startsWith('问题-东门扬尘已整改核实'))).toHaveLength(2);
  const photosCsv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(entries['photos.csv']);
  expect(photosCsv.startsWith('\uFEFF')).toBe(true);
  const photoRows = photosCsv.slice(1).trimEnd().split('\r\n');
  expect(photoRows[0]).toBe('文件,带水印副本,所属点位或问题,阶段,说明,拍摄时间,纬度,经度,定位精度（米）,位置来源,拍摄人,SHA-256');
  expect(photoRows).toHaveLength(6);
  expect(photoRows.filter((r) => r.includes('施工后'))).toHaveLength(4);

  // The meeting pack for the last 14 days (the default range).
  await page.getByRole('link', { name: '联席会议材料' }).click();
  const listed = async (title: RegExp) =>
    page
      .getByRole('region', { name: title })
      .getByRole('article')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  await expect(page.getByRole('region', { name: '逾期未办（3）' })).toBeVisible();
  // The same 未办结 as the overview: the pack lists disputed issues apart, but they are still open.
  await expect(page.getByRole('row').filter({ hasText: '未办结' })).toHaveText(/^未办结\s*6$/);
  expect(await listed(/^逾期未办/)).toEqual(['主路路面破损整改拖延', '绿化带被挖整改后又坏', '夜间施工噪音无人回应']);
  expect(await listed(/^其他未办结/)).toEqual(['三号楼污水外溢已受理']);
  expect(await listed(/^有异议/)).toEqual(['施工车辆占用消防通道']);
  expect(await listed(/^本期已整改/)).toEqual(['东门扬尘已整改核实', '五号楼下水道堵塞待核实']);

  // Reaching back three weeks brings in the fix from 19 days ago.
  const from = new Date(Date.now() - 21 * 86_400_000);
  const iso = `${from.getFullYear()}-${String(from.getMonth() + 1).padStart(2, '0')}-${String(from.getDate()).padStart(2, '0')}`;
  await page.getByLabel('从').fill(iso);
  await expect(page.getByRole('region', { name: '本期已整改（3）' })).toBeVisible();
  expect(await listed(/^本期已整改/)).toEqual(['西门出行受阻早已解决', '东门扬尘已整改核实', '五号楼下水道堵塞待核实']);

  // An impossible range says so instead of printing an empty pack.
  await page.getByLabel('到').fill(iso);
  await page.getByLabel('从').fill(new Date().toISOString().slice(0, 10));
  await expect(page.getByRole('alert')).toContainText('开始日期要早于或等于结束日期');
  await page.getByLabel('从').fill(iso);
  await page.getByLabel('到').fill(new Date().toISOString().slice(0, 10));

  // Print to PDF once every photo has loaded: each photo lies whole on one page.
  // The pack's photos (its charts are images too: tests/e2e/charts.spec.ts).
  const photos = page.getByRole('article', { name: '联席会议材料' }).locator('img');
  await expect(photos).toHaveCount(5);
  await expect
    .poll(() => photos.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  // Each photo carries its evidence band: China time, place, author and the start of its SHA-256.
  const bands = page.getByRole('article', { name: '联席会议材料' }).getByRole('note', { name: '照片水印' });
  await expect(bands).toHaveCount(5);
  for (const band of await bands.all()) await expect(band).toContainText(/（北京时间）.*SHA-256 [0-9a-f]{8}/s);
  // Its five charts drawn (what they show: tests/e2e/charts.spec.ts).
  await expect(page.getByRole('article', { name: '联席会议材料' }).getByRole('img').locator('canvas')).toHaveCount(5);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = imagesPerPage(pdf);
  expect(pages.length).toBeGreaterThan(1);
  const drawn = pages.flat();
  // Five photos and five charts, each drawn once: a photo cut by a page break would be drawn on two pages.
  expect(new Set(drawn).size).toBe(5 + 5);
  expect(drawn).toHaveLength(5 + 5);
  // White paper to the end: the screen's grey (on the page's root) printed as a band under the last page's content.
  await page.emulateMedia({ media: 'print' });
  expect(await page.evaluate(() => [document.documentElement, document.body].map((e) => getComputedStyle(e).backgroundColor))).toEqual([
    'rgb(255, 255, 255)',
    'rgb(255, 255, 255)',
  ]);
  await page.emulateMedia({ media: 'screen' });
  // Staff may print the photos without it.
  await page.getByLabel('照片下方加水印（时间、地点、拍摄人、照片编号）').uncheck();
  await expect(bands).toHaveCount(0);
  await expect(photos).toHaveCount(5);
  await page.getByLabel('照片下方加水印（时间、地点、拍摄人、照片编号）').check();

  // The same pack in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'Overdue (3)' })).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  // Back in Chinese (and the choice saved) before the next page is opened.
  await expect(page.getByRole('region', { name: '逾期未办（3）' })).toBeVisible();

  // The point's timeline holds its nine issues among its records, filterable by kind, dates and author.
  await page.goto(`${server.url}/w/demo-work/points/demo-point-1`);
  const timeline = page.getByRole('region', { name: '时间线：照片、问题和检查' });
  await expect(timeline.getByRole('status')).toHaveText('显示 9 / 共 9 条');
  await timeline.getByRole('radio', { name: '检查' }).check();
  await expect(timeline.getByRole('status')).toHaveText('显示 0 / 共 9 条');
  await timeline.getByRole('radio', { name: '问题' }).check();
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  await timeline
    .getByLabel('从（日期）')
    .fill(`${weekAgo.getFullYear()}-${String(weekAgo.getMonth() + 1).padStart(2, '0')}-${String(weekAgo.getDate()).padStart(2, '0')}`);
  // Reported 6, 5, 4, 3, 2.5 and 2 days ago; not those of 8, 10 and 20 days ago.
  await expect(timeline.getByRole('status')).toHaveText('显示 6 / 共 9 条');
  const first = timeline.getByRole('listitem').first();
  await expect(first).toContainText('东门扬尘已整改核实');
  await timeline.getByLabel('记录人').selectOption({ label: '施工方老刘' });
  await expect(timeline.getByRole('status')).toHaveText('显示 0 / 共 9 条');
  await expect(timeline.getByText('没有符合条件的记录')).toBeVisible();
  await timeline.getByLabel('记录人').selectOption({ label: '历史记录的王阿姨' });
  await expect(timeline.getByRole('status')).toHaveText('显示 6 / 共 9 条');
  await ctx.close();
}
