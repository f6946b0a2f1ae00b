import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sheetName, writeXlsx } from '../../src/lib/xlsx';

/** The smallest valid JPEG (1×1 px, grey), as any camera's would be read. */
const JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  ),
);

async function readBack(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return book;
}

describe('the xlsx writer, read back by exceljs', () => {
  it('writes text, numbers and dates as real Excel dates in China time', async () => {
    // 2026-11-03 09:15 in China is 01:15 UTC.
    const at = Date.UTC(2026, 10, 3, 1, 15);
    const bytes = writeXlsx([
      {
        name: '问题台账',
        columns: [
          { header: '编号', width: 8 },
          { header: '描述', width: 40 },
          { header: '记录时间', width: 18 },
          { header: '计划整改日期', width: 14 },
        ],
        rows: [
          [1, '井盖松动 <有人绊倒> & "危险"', { date: at }, { date: at, dayOnly: true }],
          [2, '第一行\n第二行', null, null],
        ],
      },
    ]);
    const book = await readBack(bytes);
    const sheet = book.getWorksheet('问题台账')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '描述', '记录时间', '计划整改日期']);
    expect(sheet.getCell('A2').value).toBe(1);
    expect(sheet.getCell('B2').value).toBe('井盖松动 <有人绊倒> & "危险"');
    expect(sheet.getCell('B3').value).toBe('第一行\n第二行');
    // exceljs reads a date-formatted number as a Date of the wall time, with no zone: China's 09:15.
    const when = sheet.getCell('C2').value as Date;
    expect(when).toBeInstanceOf(Date);
    expect(when.toISOString()).toBe('2026-11-03T09:15:00.000Z');
    expect(sheet.getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect((sheet.getCell('D2').value as Date).toISOString()).toBe('2026-11-03T00:00:00.000Z');
    expect(sheet.getCell('C3').value).toBeNull();
    expect(sheet.getColumn(2).width).toBe(40);
  });

  it('anchors thumbnails in their cells, one media file each, on the sheets they belong to', async () => {
    const bytes = writeXlsx([
      { name: '汇总', columns: [{ header: '项目', width: 10 }], rows: [['问题']] },
      {
        name: '3号楼北侧',
        columns: [
          { header: '缩略图', width: 20 },
          { header: '说明', width: 20 },
        ],
        rows: [
          [null, '施工前'],
          [null, '施工后'],
        ],
        images: [
          { row: 1, col: 0, jpeg: JPEG, widthPx: 120, heightPx: 90 },
          { row: 2, col: 0, jpeg: JPEG, widthPx: 120, heightPx: 90 },
        ],
        imageRowHeight: 72,
      },
      { name: '5号楼', columns: [{ header: '缩略图', width: 20 }], rows: [[null]], images: [{ row: 1, col: 0, jpeg: JPEG, widthPx: 60, heightPx: 60 }] },
    ]);
    const book = await readBack(bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总', '3号楼北侧', '5号楼']);
    expect(book.getWorksheet('汇总')!.getImages()).toHaveLength(0);
    const images = book.getWorksheet('3号楼北侧')!.getImages();
    expect(images.map((i) => i.range.tl.nativeRow)).toEqual([1, 2]);
    expect(images.map((i) => i.range.tl.nativeCol)).toEqual([0, 0]);
    expect(book.getWorksheet('5号楼')!.getImages()).toHaveLength(1);
    expect(book.getWorksheet('3号楼北侧')!.getRow(2).height).toBe(72);
  });

  it('sheet names are cut to 31 characters, cleaned and kept unique', () => {
    const taken = new Set<string>();
    expect(sheetName('a/b:c', taken)).toBe('a_b_c');
    expect(sheetName('A/B:C', taken)).toBe('A_B_C~2');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
    expect(sheetName('', taken)).toBe('Sheet');
  });
});
