/** The work's issues as a CSV file a community office opens in its spreadsheet program. */
import { byIssueNumber, issueTimes, maskPhones, overdueReason, spreadsheetTime, targetsOf, toCsv } from '../../core';
import { t, tr } from './messages';
import type { ReviewData } from './review-data';

export function issuesCsv(data: ReviewData, nowMs: number): string {
  const targets = targetsOf(data.work);
  const pointName = new Map(data.points.map((p) => [p.id, p.name]));
  const memberName = new Map(data.members.map((m) => [m.id, m.name]));
  const header = [
    tr('csv.id'),
    tr('csv.category'),
    tr('csv.status'),
    tr('csv.severity'),
    tr('csv.description'),
    tr('csv.point'),
    tr('csv.reportedBy'),
    tr('csv.reportedAt'),
    tr('csv.respondedAt'),
    tr('csv.resolvedAt'),
    tr('csv.plannedDate'),
    tr('csv.overdue'),
    tr('csv.photos'),
    tr('csv.comments'),
    tr('csv.uuid'),
  ];
  // In the order of the numbers people name at the meeting (the server's); those without one last.
  const sorted = [...data.issues].sort(byIssueNumber);
  const rows = sorted.map((i) => {
    const times = issueTimes(i);
    const late = overdueReason(i, targets, nowMs);
    return [
      i.number ?? null,
      t(`category.${i.category}`),
      t(`status.${i.status}`),
      t(`severity.${i.severity}`),
      maskPhones(i.description),
      i.pointId ? (pointName.get(i.pointId) ?? i.pointId) : null,
      memberName.get(i.reportedBy) ?? i.reportedBy,
      spreadsheetTime(times.reportedMs),
      spreadsheetTime(times.respondedMs),
      spreadsheetTime(times.resolvedMs),
      i.plannedDate,
      late ? tr(`overdue.${late}`) : null,
      data.issuePhotos.get(i.id)?.length ?? 0,
      i.comments.length,
      i.id,
    ];
  });
  return toCsv(header, rows);
}

/** Hands a file to the browser's download (no server round trip: works offline too). */
export function download(name: string, data: string | Blob, type: string): void {
  const url = URL.createObjectURL(typeof data === 'string' ? new Blob([data], { type }) : data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Late enough for a large ZIP to be handed over before its bytes are let go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
