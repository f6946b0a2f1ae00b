/**
 * The Excel ledger against the CSV export of the same data: 5,000 issues in one sheet, and 2,000 photos
 * with 20 KB thumbnails on 20 point sheets, written by src/lib/xlsx.ts (the code the app runs when staff
 * export), against src/core/csv.ts writing the same issue rows and photo rows (without images, which a
 * CSV cannot hold). Time and file size, median of RUNS, in Node (the browser runs the same code on the
 * same fflate; reading the thumbnails from the device store or the server is left out of both).
 */
import { randomBytes } from 'node:crypto';
import { toCsv } from '../../src/core/csv';
import { type Cell, type Sheet, writeXlsx } from '../../src/lib/xlsx';
import { type BenchModule, type BenchResult, isMain, median, round, runStandalone, timeMs } from './common';

export const ISSUES = 5_000;
export const PHOTOS = 2_000;
const POINTS = 20;
const THUMB_BYTES = 20_000;
const RUNS = 5;
const DAY = 86_400_000;

function data() {
  const t0 = Date.UTC(2026, 8, 1);
  const issues: Cell[][] = Array.from({ length: ISSUES }, (_, i) => [
    i + 1,
    `${(i % POINTS) + 1}号楼北侧主干道`,
    ['噪音扰民', '污水 / 排水', '出行受阻', '安全隐患'][i % 4]!,
    '较重',
    `第 ${i + 1} 件：雨污分流管道开挖后路面未恢复，老人推车经过不便，请尽快处理。`,
    '王阿姨（监督员）',
    i % 3 ? null : '张** 138****8000',
    { date: t0 + i * 3_600_000 },
    { date: t0 + i * 3_600_000 + 5 * 3_600_000 },
    { date: t0 + i * 3_600_000 + 5 * DAY, dayOnly: true },
    i % 2 ? { date: t0 + i * 3_600_000 + 3 * DAY } : null,
    null,
    '已整改待核实',
    5,
    i % 2 ? 3 : null,
    '否',
    `0b7f6c1e-${String(i).padStart(4, '0')}-4d1e-9a7b-2f3c4d5e6f70`,
  ]);
  const thumbs = Array.from({ length: PHOTOS }, () => randomBytes(THUMB_BYTES));
  const photoRow = (n: number): Cell[] => [
    null,
    '施工后',
    { date: t0 + n * 600_000 },
    '施工方老刘（施工联络人）',
    '路面恢复后',
    `问题 ${n + 1}`,
    null,
    randomBytes(32).toString('hex'),
  ];
  return { issues, thumbs, photoRow };
}

function ledger(d: ReturnType<typeof data>): Uint8Array {
  const perPoint = PHOTOS / POINTS;
  const pointSheets: Sheet[] = Array.from({ length: POINTS }, (_, p) => ({
    name: `${p + 1}号楼北侧主干道`,
    columns: Array.from({ length: 8 }, () => ({ header: '列', width: 16 })),
    rows: Array.from({ length: perPoint }, (_, r) => d.photoRow(p * perPoint + r)),
    images: Array.from({ length: perPoint }, (_, r) => ({ row: r + 1, col: 0, jpeg: d.thumbs[p * perPoint + r]!, widthPx: 96, heightPx: 72 })),
    imageRowHeight: 76,
  }));
  return writeXlsx([{ name: '问题台账', columns: Array.from({ length: 17 }, () => ({ header: '列', width: 12 })), rows: d.issues }, ...pointSheets]);
}

function csv(d: ReturnType<typeof data>): string {
  const flat = (rows: Cell[][]) => rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? new Date(c.date).toISOString() : c)));
  const issues = toCsv(
    Array.from({ length: 17 }, () => '列'),
    flat(d.issues),
  );
  const photos = toCsv(
    Array.from({ length: 8 }, () => '列'),
    flat(Array.from({ length: PHOTOS }, (_, n) => d.photoRow(n))),
  );
  return issues + photos;
}

async function run(): Promise<BenchResult> {
  const d = data();
  const xlsxMs: number[] = [];
  const csvMs: number[] = [];
  let xlsxBytes = 0;
  let csvBytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const x = await timeMs(() => ledger(d));
    xlsxMs.push(x.ms);
    xlsxBytes = x.result.byteLength;
    const c = await timeMs(() => csv(d));
    csvMs.push(c.ms);
    csvBytes = Buffer.byteLength(c.result);
  }
  const thumbsMb = (PHOTOS * THUMB_BYTES) / 2 ** 20;
  return {
    figures: [
      {
        name: `ledger .xlsx of ${ISSUES} issues and ${PHOTOS} photos with thumbnails: time`,
        value: round(median(xlsxMs), 1),
        unit: 'ms',
        baseline: 'CSV of the same rows, same run',
        baselineValue: round(median(csvMs), 1),
      },
      {
        name: `ledger .xlsx of ${ISSUES} issues and ${PHOTOS} photos with thumbnails: size`,
        value: round(xlsxBytes / 1024, 0),
        unit: 'KB',
        baseline: `CSV of the same rows (the thumbnails alone are ${round(thumbsMb * 1024, 0)} KB)`,
        baselineValue: round(csvBytes / 1024, 0),
      },
    ],
    failures: [],
    notes: [
      `Ledger: src/lib/xlsx.ts writes ${ISSUES} issue rows (17 columns, 5 date cells each) and ${PHOTOS} photo rows with a ${THUMB_BYTES / 1000} KB thumbnail each on ${POINTS} point sheets; the baseline is src/core/csv.ts writing the same rows without images. Median of ${RUNS} runs in Node; reading thumbnails from the device or the server is in neither.`,
    ],
  };
}

export const ledgerExport: BenchModule = { title: 'ledger export (.xlsx against CSV)', run };

if (isMain(import.meta.url)) runStandalone(run);
