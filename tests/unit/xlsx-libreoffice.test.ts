/**
 * A second reader for the Excel ledger: LibreOffice Calc (Debian's libreoffice-calc-nogui), run headless,
 * converts what our own xlsx writer made to CSV, one file per sheet. What staff would see in WPS or Excel
 * (text, numbers, China-time dates in their formats, several sheets, a sheet with thumbnails) must come
 * out cell for cell. Skipped, saying so in its name, where soffice is not installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeXlsx } from '../../src/lib/xlsx';

function sofficePath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const soffice = sofficePath();

/** The smallest valid JPEG (1×1 px), as a thumbnail. */
const JPEG = Uint8Array.from(
  Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  ),
);

/** Each sheet's rows as LibreOffice writes them to CSV (UTF-8, comma, every text quoted as needed). */
function convertToCsv(xlsx: Uint8Array): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-lo-'));
  try {
    writeFileSync(join(dir, 'ledger.xlsx'), xlsx);
    // Filter options: comma (44), double quote (34), UTF-8 (76), from line 1, …, cells as shown (their number
    // formats applied, as a person reads them), sheet -1 = every sheet to its own file.
    execFileSync(
      soffice!,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1',
        '--outdir',
        dir,
        join(dir, 'ledger.xlsx'),
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const out = new Map<string, string>();
    for (const f of readdirSync(dir)) {
      const m = /^ledger-(.+)\.csv$/.exec(f);
      if (m) out.set(m[1]!, readFileSync(join(dir, f), 'utf8'));
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the xlsx ledger read by a second reader', () => {
  if (!soffice) {
    it.skip('LibreOffice check skipped: soffice is not installed (apt-get install libreoffice-calc-nogui)', () => {});
    return;
  }

  it('LibreOffice Calc reads every sheet, Chinese text, numbers and China-time dates cell for cell', { timeout: 180_000 }, () => {
    // 2026-11-03 09:15 in China is 01:15 UTC; the planned date is a day only.
    const reported = Date.UTC(2026, 10, 3, 1, 15);
    const planned = Date.parse('2026-11-10T00:00:00+08:00');
    const bytes = writeXlsx([
      {
        name: '问题台账',
        columns: [
          { header: '编号', width: 8 },
          { header: '描述', width: 40 },
          { header: '记录时间', width: 18 },
          { header: '计划整改日期', width: 14 },
          { header: '回应用时（小时）', width: 10 },
        ],
        rows: [
          [1, '井盖松动 <有人绊倒> & "危险"', { date: reported }, { date: planned, dayOnly: true }, 2.5],
          [2, '第一行\n第二行，逗号', null, null, null],
        ],
      },
      {
        name: '3号楼北侧',
        columns: [
          { header: '缩略图', width: 20 },
          { header: 'SHA-256', width: 20 },
        ],
        rows: [[null, 'a1b2c3d4']],
        images: [{ row: 1, col: 0, jpeg: JPEG, widthPx: 120, heightPx: 90 }],
        imageRowHeight: 72,
      },
    ]);
    const csv = convertToCsv(bytes);
    expect([...csv.keys()].sort()).toEqual(['3号楼北侧', '问题台账'].sort());
    expect(
      csv
        .get('问题台账')!
        .trimEnd()
        .split(/\r?\n(?=\d|编号)/),
    ).toEqual([
      '编号,描述,记录时间,计划整改日期,回应用时（小时）',
      '1,"井盖松动 <有人绊倒> & ""危险""",2026-11-03 09:15,2026-11-10,2.5',
      '2,"第一行\n第二行，逗号",,,',
    ]);
    expect(csv.get('3号楼北侧')!.trimEnd().split(/\r?\n/)).toEqual(['缩略图,SHA-256', ',a1b2c3d4']);
  });
});
