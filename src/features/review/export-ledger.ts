/**
 * The work as an Excel 台账 (ledger): a summary sheet, one sheet of issues with the columns community
 * offices keep by hand, and a sheet per point of its photos with thumbnails and their SHA-256. Times are
 * real Excel dates in China time. Residents' names and phones are masked: the ledger travels by e-mail
 * and USB stick, further than the app's own privacy rules reach.
 *
 * Thumbnails come from this device's store, or from the server without being kept (as the photo ZIP does).
 */
import {
  type IssueState,
  type PhotoState,
  byIssueNumber,
  countIssues,
  isShown,
  issueClocks,
  issueRef,
  issueTimes,
  maskName,
  maskPhone,
  maskPhones,
  overdueReason,
  residentFigures,
  stampWall,
  targetsOf,
} from '../../core';
import type { View } from '../../db/db';
import { db } from '../../db/db';
import type { Membership } from '../../lib/settings';
import { type Cell, type Sheet, type SheetImage, writeXlsx } from '../../lib/xlsx';
import { photoBytes } from './export-zip';
import { t } from './ledger-messages';
import type { ReviewData } from './review-data';

/** Thumbnails embedded at most: 2,000 thumbnails of about 20 KB make a 40 MB file, as far as a PC should go. */
export const LEDGER_THUMBS_MAX = 2_000;
const THUMB_PX = 96;
const HOUR_MS = 3_600_000;

const round1 = (n: number) => Math.round(n * 10) / 10;
const date = (ms: number | null): Cell => (ms === null ? null : { date: ms });

export interface LedgerResult {
  bytes: Uint8Array;
  issues: number;
  thumbs: number;
  missing: number;
  /** "问题台账": the word for the file's name */
  fileLabel: string;
}

/** The residents' reports in the summary sheet, as on the overview (residentFigures): none when no poster brought one. */
function residentRows(f: ReturnType<typeof residentFigures>): Cell[][] {
  if (f.received === 0) return [];
  return [
    [t('resident.title'), null],
    [t('resident.received'), f.received],
    [t('resident.accepted'), f.accepted],
    [t('resident.merged'), f.merged],
    [t('resident.declined'), f.declined],
    [t('resident.waiting'), f.waiting],
    [t('ledger.sum.residentMedianHours'), f.medianResponseMs === null ? null : round1(f.medianResponseMs / HOUR_MS)],
  ];
}

export async function buildLedger(data: ReviewData, m: Membership, nowMs: number, onProgress: (done: number, total: number) => void): Promise<LedgerResult> {
  const targets = targetsOf(data.work);
  const pointName = new Map(data.points.map((p) => [p.id, p.name]));
  const member = new Map(data.members.map((x) => [x.id, x]));
  const who = (id: string) => {
    const x = member.get(id);
    return x ? `${x.name}（${t(`role.${x.role}`)}）` : id;
  };
  const contacts = await db.contacts.where('work').equals(m.work).toArray();
  const residents = new Map<string, string[]>();
  for (const c of contacts) {
    const text = [maskName(c.name), c.phone ? maskPhone(c.phone) : ''].filter(Boolean).join(' ');
    if (!text) continue;
    const list = residents.get(c.issueId);
    if (list) list.push(text);
    else residents.set(c.issueId, [text]);
  }

  // In the order of their numbers (the server's, the one people name at the meeting); unnumbered ones last.
  const issues: View<IssueState>[] = [...data.issues].sort(byIssueNumber);
  const refOf = new Map(data.issues.map((i) => [i.id, issueRef(i)]));
  const issueRows: Cell[][] = issues.map((i) => {
    const times = issueTimes(i);
    const clocks = issueClocks(i, { targets, now: nowMs });
    const late = overdueReason(i, targets, nowMs);
    return [
      i.number ?? null,
      i.pointId ? (pointName.get(i.pointId) ?? null) : null,
      t(`category.${i.category}`),
      t(`severity.${i.severity}`),
      maskPhones(i.description),
      who(i.reportedBy),
      residents.get(i.id)?.join('；') ?? null,
      date(times.reportedMs),
      date(times.respondedMs),
      i.plannedDate ? { date: Date.parse(`${i.plannedDate}T00:00:00+08:00`), dayOnly: true } : null,
      date(times.resolvedMs),
      date(times.verifiedMs),
      t(`status.${i.status}`),
      clocks.timeToAcknowledgeMs === null ? null : round1(clocks.timeToAcknowledgeMs / HOUR_MS),
      clocks.timeToResolveMs === null ? null : round1(clocks.timeToResolveMs / (24 * HOUR_MS)),
      late ? t(`overdue.${late}`) : t('ledger.overdue.no'),
      i.id,
    ];
  });

  // Photos by point: the point's own, then those of issues at the point; issues at no point last.
  // Retracted photos were wrong: the ledger leaves them out, as every list and export does.
  const photos: View<PhotoState>[] = (await db.photos.where('work').equals(m.work).toArray()).filter(isShown);
  const issuePoint = new Map(issues.map((i) => [i.id, i.pointId]));
  const byPoint = new Map<string | null, View<PhotoState>[]>();
  for (const p of photos) {
    const at = p.targetType === 'point' ? p.targetId : p.targetType === 'issue' ? (issuePoint.get(p.targetId) ?? null) : null;
    const list = byPoint.get(at);
    if (list) list.push(p);
    else byPoint.set(at, [p]);
  }
  const whenTaken = (p: PhotoState) => p.takenAt ?? stampWall(p.addedAt);
  const total = Math.min(photos.length, LEDGER_THUMBS_MAX);
  let embedded = 0;
  let missing = 0;
  onProgress(0, total);

  const pointSheets: Sheet[] = [];
  const pointOrder: (string | null)[] = [...data.points].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')).map((p) => p.id);
  if (byPoint.has(null)) pointOrder.push(null);
  for (const pointId of pointOrder) {
    const list = (byPoint.get(pointId) ?? []).sort((a, b) => whenTaken(a) - whenTaken(b));
    if (!list.length) continue;
    const rows: Cell[][] = [];
    const images: SheetImage[] = [];
    for (const p of list) {
      let note: string | null = null;
      if (embedded + missing < LEDGER_THUMBS_MAX) {
        const jpeg = await photoBytes(m, p.thumbHash);
        if (jpeg) {
          const scale = THUMB_PX / Math.max(p.width, p.height, 1);
          images.push({ row: rows.length + 1, col: 0, jpeg, widthPx: Math.round(p.width * scale), heightPx: Math.round(p.height * scale) });
          embedded++;
        } else {
          missing++;
          note = t('ledger.thumbMissing');
        }
        onProgress(embedded + missing, total);
      } else {
        note = t('ledger.thumbCapped', { n: LEDGER_THUMBS_MAX });
      }
      rows.push([
        note,
        t(`phase.${p.phase}`),
        { date: whenTaken(p) },
        who(p.author),
        maskPhones(p.caption) || null,
        p.targetType === 'issue' ? t('ledger.about.issue', { no: refOf.get(p.targetId) ?? '—' }) : t('ledger.about.point'),
        p.location ? `${p.location.lat.toFixed(6)}, ${p.location.lng.toFixed(6)} (WGS-84, ${p.location.source})` : null,
        p.hash,
      ]);
    }
    pointSheets.push({
      name: pointId ? (pointName.get(pointId) ?? pointId) : t('ledger.noPoint'),
      columns: [
        { header: t('ledger.col.thumb'), width: 16 },
        { header: t('ledger.col.phase'), width: 8 },
        { header: t('ledger.col.takenAt'), width: 17 },
        { header: t('ledger.col.author'), width: 18 },
        { header: t('ledger.col.caption'), width: 30 },
        { header: t('ledger.col.about'), width: 10 },
        { header: t('ledger.col.location'), width: 34 },
        { header: t('ledger.col.hash'), width: 66 },
      ],
      rows,
      images,
      imageRowHeight: 76,
    });
  }

  const counts = countIssues(issues);
  const overdue = issues.filter((i) => overdueReason(i, targets, nowMs) !== null).length;
  const summary: Sheet = {
    name: t('ledger.sheet.summary'),
    columns: [
      { header: t('ledger.col.item'), width: 24 },
      { header: t('ledger.col.count'), width: 24 },
    ],
    rows: [
      [t('ledger.sum.work'), data.work?.name ?? m.work],
      [t('ledger.sum.exportedAt'), { date: nowMs }],
      [t('ledger.sum.total'), counts.total],
      [t('ledger.sum.open'), counts.open],
      [t('ledger.sum.overdue'), overdue],
      [t('ledger.sum.photos'), photos.length],
      ...residentRows(residentFigures(issues)),
      ...Object.entries(counts.byStatus).map(([s, n]): Cell[] => [t('ledger.sum.status', { status: t(`status.${s as IssueState['status']}`) }), n]),
      ...Object.entries(counts.byCategory).map(([c, n]): Cell[] => [t('ledger.sum.category', { category: t(`category.${c as IssueState['category']}`) }), n]),
    ],
  };
  const issueSheet: Sheet = {
    name: t('ledger.sheet.issues'),
    columns: [
      { header: t('ledger.col.no'), width: 6 },
      { header: t('ledger.col.point'), width: 16 },
      { header: t('ledger.col.category'), width: 12 },
      { header: t('ledger.col.severity'), width: 8 },
      { header: t('ledger.col.description'), width: 40 },
      { header: t('ledger.col.recorder'), width: 18 },
      { header: t('ledger.col.residents'), width: 20 },
      { header: t('ledger.col.reportedAt'), width: 17 },
      { header: t('ledger.col.respondedAt'), width: 17 },
      { header: t('ledger.col.plannedDate'), width: 12 },
      { header: t('ledger.col.resolvedAt'), width: 17 },
      { header: t('ledger.col.verifiedAt'), width: 17 },
      { header: t('ledger.col.status'), width: 10 },
      { header: t('ledger.col.responseHours'), width: 10 },
      { header: t('ledger.col.resolveDays'), width: 10 },
      { header: t('ledger.col.overdue'), width: 16 },
      { header: t('ledger.col.id'), width: 38 },
    ],
    rows: issueRows,
  };
  return { bytes: writeXlsx([summary, issueSheet, ...pointSheets]), issues: issues.length, thumbs: embedded, missing, fileLabel: t('ledger.file') };
}
