/**
 * Staff's combined inbox across works (the desk's "all my works" page): what waits for action in any
 * work they run. Built on the per-role inbox's rules (issue-inbox.ts) and the issue clocks, so an issue
 * is late here exactly when its own page and the overview say so.
 *
 * One reason per issue, the most pressing: a resident's report still to triage, then late on any clock,
 * then disputed (for the joint meeting), then a new report the contractor has not answered yet. Order:
 * late ones first (the latest first), then triage, disputed and new ones, each oldest first.
 */
import { type ClockOptions, issueClocks, lateness } from './issue-clocks';
import { type InboxIssue, awaitsTriage } from './issue-inbox';
import { stampWall } from './hlc';

export type DeskReason = 'overdue' | 'triage' | 'disputed' | 'new';

const RANK: Record<DeskReason, number> = { overdue: 0, triage: 1, disputed: 2, new: 3 };

export interface DeskWaiting<T> {
  issue: T;
  reason: DeskReason;
  /** How late (ms) on any clock; 0 when in time. */
  lateMs: number;
  /** When it was reported (ms). */
  reportedMs: number;
}

export function deskReason(issue: InboxIssue, opts: ClockOptions): { reason: DeskReason; lateMs: number } | null {
  const clocks = issueClocks(issue, opts);
  const lateMs = lateness(clocks);
  if (awaitsTriage(issue)) return { reason: 'triage', lateMs };
  if (lateMs > 0) return { reason: 'overdue', lateMs };
  if (issue.status === 'disputed') return { reason: 'disputed', lateMs: 0 };
  if (issue.status === 'reported') return { reason: 'new', lateMs: 0 };
  return null;
}

/** The waiting issues of one work, unsorted (deskOrder sorts the merged list). */
export function deskWaiting<T extends InboxIssue>(issues: readonly T[], opts: ClockOptions): DeskWaiting<T>[] {
  const out: DeskWaiting<T>[] = [];
  for (const issue of issues) {
    const w = deskReason(issue, opts);
    if (w) out.push({ issue, ...w, reportedMs: issue.history[0] ? stampWall(issue.history[0].at) : opts.now });
  }
  return out;
}

/** Most pressing first; ties oldest report first, then by id for a stable order. */
export function deskOrder<T extends { issue: { id: string }; reason: DeskReason; lateMs: number; reportedMs: number }>(a: T, b: T): number {
  const late = (w: T) => (w.reason === 'overdue' ? 0 : 1);
  return (
    late(a) - late(b) ||
    b.lateMs - a.lateMs ||
    RANK[a.reason] - RANK[b.reason] ||
    a.reportedMs - b.reportedMs ||
    (a.issue.id < b.issue.id ? -1 : a.issue.id > b.issue.id ? 1 : 0)
  );
}
