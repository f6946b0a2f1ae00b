/**
 * The Excel 台账: staff export a work with a known past (tests/e2e/seed-history.ts) and the file, read
 * back with exceljs (an independent reader), holds the issues with real dates in China time, a summary
 * that agrees with the overview, and the photos' thumbnails on their point's sheet.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { joinedPhone } from './app';
import { testPort } from '../ports';
import { expect, test } from './fixtures';
import { startServer } from './server';
import { imagesPerPage } from './pdf-images';
import { seedHistory } from './seed-history';

test('staff export the Excel ledger (China-time dates, a summary, thumbnails per point) and print a 整改通知单 with watermarked photos', async ({
  browser,
}, testInfo) => {
  // Its own server: the figures are of this work's seeded history only.
  const server = await startServer({ port: testPort(4400 + testInfo.parallelIndex) });
  try {
    const { ctx, app } = await joinedPhone(browser, server, 'staff', '社区小陈');
    const page = app.page;
    const before = Date.now();
    await seedHistory(server, page);
    await page.getByRole('link', { name: '工程概览与会议材料' }).click();
    await expect(page.getByRole('table', { name: '按状态（共 9 件）' })).toBeVisible({ timeout: 20_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel 台账' }).click()]);
    await expect(page.getByRole('status').filter({ hasText: '已导出台账：9 个问题，5 张缩略图。' })).toBeVisible();
    expect(download.suggestedFilename()).toMatch(/^阳光花园小区雨污分流改造-问题台账-\d{4}-\d{2}-\d{2}\.xlsx$/);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '问题台账', '3号楼北侧主干道']);

    const issues = book.getWorksheet('问题台账')!;
    const header = (issues.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 16)).toEqual([
      '编号',
      '点位',
      '类别',
      '紧急程度',
      '描述',
      '记录人',
      '反映人',
      '记录时间',
      '受理时间',
      '计划整改日期',
      '整改时间',
      '核实时间',
      '状态',
      '回应用时（小时）',
      '整改用时（天）',
      '是否超期',
    ]);
    expect(issues.rowCount).toBe(10);
    const rows = Array.from({ length: 9 }, (_, i) => issues.getRow(i + 2));
    const night = rows.find((r) => r.getCell(5).value === '夜间施工噪音无人回应')!;
    expect(night.getCell(3).value).toBe('噪音扰民');
    expect(night.getCell(13).value).toBe('已上报');
    expect(night.getCell(16).value).toBe('超时未回应');
    expect(night.getCell(6).value).toBe('历史记录的王阿姨（监督员）');
    // A real date (not text), of China's wall time: exceljs reads it as that wall time in UTC.
    const recorded = night.getCell(8).value as Date;
    expect(recorded).toBeInstanceOf(Date);
    expect(night.getCell(8).numFmt).toBe('yyyy-mm-dd hh:mm');
    const asUtc = recorded.getTime() - 8 * 3_600_000;
    expect(asUtc).toBeLessThan(before);
    expect(asUtc).toBeGreaterThan(before - 60 * 86_400_000);
    // Numbered in the order reported, 1 to 9.
    expect(rows.map((r) => r.getCell(1).value).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // The summary agrees with the overview: 9 issues, 6 open, 3 overdue, 5 photos.
    const summary = book.getWorksheet('汇总')!;
    const figure = (label: string) => {
      for (let r = 2; r <= summary.rowCount; r++) if (summary.getRow(r).getCell(1).value === label) return summary.getRow(r).getCell(2).value;
      return undefined;
    };
    expect([figure('问题总数'), figure('未办结'), figure('超期'), figure('照片')]).toEqual([9, 6, 3, 5]);

    // Every photo's thumbnail sits in its row on its point's sheet, beside its SHA-256.
    const point = book.getWorksheet('3号楼北侧主干道')!;
    expect(point.getImages()).toHaveLength(5);
    expect(point.getImages().map((i) => i.range.tl.nativeRow)).toEqual([1, 2, 3, 4, 5]);
    for (let r = 2; r <= 6; r++) expect(String(point.getRow(r).getCell(8).value)).toMatch(/^[0-9a-f]{64}$/);
    const hashes = Array.from({ length: 5 }, (_, i) => String(point.getRow(i + 2).getCell(8).value));

    // The 整改通知单 of a fixed issue: the problem's photo on the notice, the fix's on the reply form,
    // each with its evidence band, each whole on one A4 page.
    await page.goto(`${server.url}/w/demo-work`);
    await app.issueCard('东门扬尘已整改核实').click();
    await page.getByRole('link', { name: '打印整改通知单' }).click();
    const notice = page.getByRole('article', { name: '整改通知单' });
    const reply = page.getByRole('article', { name: '整改回复单' });
    await expect(notice.getByRole('heading', { name: '整改通知单' })).toBeVisible();
    await expect(notice).toContainText('致：宁波市政建设有限公司');
    await expect(notice).toContainText(/请于 \d{4}-\d{2}-\d{2} 前完成整改/);
    const bands = page.getByRole('note', { name: '照片水印' });
    await expect(bands).toHaveCount(2);
    for (const band of await bands.all()) {
      await expect(band).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间） · (监督员 历史记录的王阿姨|施工联络人 施工方老刘)/);
      await expect(band).toContainText(/3号楼北侧主干道 · 29\.868300, 121\.544000（WGS-84，点位坐标）/);
      const shown = (await band.textContent())!.match(/SHA-256 ([0-9a-f]{8})/)![1]!;
      expect(hashes.some((h) => h.startsWith(shown))).toBe(true);
    }
    await expect(notice.getByRole('img')).toHaveCount(1);
    await expect(reply.getByRole('img')).toHaveCount(1);
    const imgs = page.getByRole('article').getByRole('img');
    await expect
      .poll(() => imgs.evaluateAll((els) => els.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
      .toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect(bands.first()).toBeVisible();
    const pages = imagesPerPage(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(pages.length).toBe(2);
    expect(pages.map((p) => p.length)).toEqual([1, 1]);
    await page.emulateMedia({ media: null });

    // The weekly brief of the week the 东门 fix was made (4 days ago): its before/after pair, on one page.
    await page.goto(`${server.url}/w/demo-work/brief`);
    const fixDay = new Date(Date.now() - 4 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.getByLabel('选择一周中的任一天').fill(fixDay);
    const brief = page.getByRole('article', { name: '工作简报' });
    await expect(brief.getByRole('heading', { name: '阳光花园小区雨污分流改造 工作简报' })).toBeVisible();
    const pair = brief.getByRole('group', { name: '东门扬尘已整改核实' });
    await expect(pair.getByRole('note', { name: '照片水印' })).toHaveCount(2);
    await expect(brief.getByRole('listitem').filter({ hasText: '东门扬尘已整改核实 · 已核实' })).toBeVisible();
    // The same figures as the overview: nine issues in all, of which none reported after today.
    await expect(brief.getByRole('listitem').filter({ hasText: '已整改' }).first()).toHaveText(/^[1-9]\d*\s*已整改$/);
    const briefImgs = brief.getByRole('img');
    await expect
      .poll(() =>
        briefImgs.evaluateAll((els) => els.length > 0 && els.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
      )
      .toBe(true);
    const briefPages = imagesPerPage(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    expect(briefPages).toHaveLength(1);
    await ctx.close();
  } finally {
    await server.stop();
  }
});
