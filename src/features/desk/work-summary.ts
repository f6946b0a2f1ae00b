/**
 * One row of the desk's "all my works" table: where a work stands, counted by the same core functions as
 * the work's overview (countIssues, responseFigures), so the two never disagree.
 */
import { DAY_MS, type IssueState, type PhotoState, type ResponseTargets, countIssues, isShown, responseFigures, stampWall } from '../../core';

export interface WorkSummary {
  open: number;
  overdue: number;
  /** Open issues still waiting for the contractor's first response. */
  waiting: number;
  disputed: number;
  /** The latest change to an issue or photo of the work, or null for a work with neither. */
  lastActivityMs: number | null;
  /** Photos taken (or added) in the last 7 days. */
  photosWeek: number;
}

export function summarizeWork(
  issues: readonly IssueState[],
  photos: Iterable<Pick<PhotoState, 'takenAt' | 'addedAt' | 'retracted'>>,
  targets: ResponseTargets,
  nowMs: number,
): WorkSummary {
  const counts = countIssues(issues);
  const figures = responseFigures(issues, targets, nowMs);
  let last: number | null = null;
  for (const i of issues) last = Math.max(last ?? 0, stampWall(i.updatedAt));
  let photosWeek = 0;
  for (const p of photos) {
    if (!isShown(p)) continue;
    const at = p.takenAt ?? stampWall(p.addedAt);
    last = Math.max(last ?? 0, stampWall(p.addedAt));
    if (at > nowMs - 7 * DAY_MS) photosWeek++;
  }
  return {
    open: counts.open,
    overdue: figures.overdue,
    waiting: figures.awaitingResponse,
    disputed: counts.byStatus.disputed,
    lastActivityMs: last,
    photosWeek,
  };
}
