/**
 * What waits for whom: the liaison's inbox and every role's badge. Pure, so the
 * app's badge, the inbox order and a future staff dashboard agree.
 *
 * - liaison: what to answer: new reports (to acknowledge or dispute) and
 *   reopened issues; overdue first (the latest first), then new ones (oldest
 *   first), then reopened ones (oldest first). What the liaison took on
 *   (acknowledged, in progress) is not answered again: it moves to the list of
 *   what to fix (toFixList), where it stays until it is resolved;
 * - volunteer: residents' reports from posters to triage (late ones first), then resolved issues,
 *   to verify or reopen (oldest fix first);
 * - staff: residents' reports to triage as well, and disputed issues, for the next joint meeting's
 *   agenda (oldest first).
 */
import type { IssueStatus, Role } from './domain';
import { stampWall } from './hlc';
import { type ClockOptions, type ClockedIssue, issueClocks, lateness } from './issue-clocks';

export type WaitReason = 'overdue' | 'new' | 'reopened' | 'verify' | 'disputed' | 'triage';

const RANK: Record<WaitReason, number> = { overdue: 0, new: 1, reopened: 2, triage: 0, verify: 1, disputed: 1 };

export interface Waiting<T> {
  issue: T;
  reason: WaitReason;
  /** How late (ms), for overdue ones; 0 otherwise. */
  lateMs: number;
  /** When it started waiting: the last entry of its history (ms). */
  since: number;
}

/** A resident's report from a poster, before a volunteer triaged it (see issue.triage). */
type Triageable = { viaPoster?: true; triage?: unknown };
export type InboxIssue = ClockedIssue & Triageable & { id: string };

/** Whether a resident's report still waits for its triage (the statuses in which a triage may still merge or decline it). */
export function awaitsTriage(issue: ClockedIssue & Triageable): boolean {
  return issue.viaPoster === true && !issue.triage && issue.status !== 'merged' && issue.status !== 'rejected' && issue.status !== 'verified';
}

/** What the liaison answers (acknowledge or dispute); the rest of what the liaison owes is in the list to fix. */
const TO_ANSWER: ReadonlySet<IssueStatus> = new Set(['reported', 'reopened']);
/** What the liaison took on and still has to fix (待整改). */
export const TO_FIX: ReadonlySet<IssueStatus> = new Set(['acknowledged', 'in_progress']);

/** Why an issue waits for a role now, or null when it does not. */
export function waitReason(issue: ClockedIssue & Triageable, role: Role, opts: ClockOptions): { reason: WaitReason; lateMs: number } | null {
  // A resident's report waits for a volunteer's (or staff's) triage; late against the acknowledge target too.
  if (role !== 'liaison' && awaitsTriage(issue)) return { reason: 'triage', lateMs: lateness(issueClocks(issue, opts)) };
  switch (role) {
    case 'volunteer':
      return issue.status === 'resolved' ? { reason: 'verify', lateMs: 0 } : null;
    case 'staff':
      return issue.status === 'disputed' ? { reason: 'disputed', lateMs: 0 } : null;
    case 'liaison': {
      if (!TO_ANSWER.has(issue.status)) return null;
      const lateMs = lateness(issueClocks(issue, opts));
      if (lateMs > 0) return { reason: 'overdue', lateMs };
      if (issue.status === 'reported') return { reason: 'new', lateMs: 0 };
      if (issue.status === 'reopened') return { reason: 'reopened', lateMs: 0 };
      return null;
    }
  }
}

/** The issues waiting for `role`, most urgent first (ties: oldest first, then by id for a stable order). */
export function waitingFor<T extends InboxIssue>(role: Role, issues: readonly T[], opts: ClockOptions): Waiting<T>[] {
  const out: Waiting<T>[] = [];
  for (const issue of issues) {
    const w = waitReason(issue, role, opts);
    if (!w) continue;
    out.push({ issue, ...w, since: issue.history.length ? sinceOf(issue) : opts.now });
  }
  return out.sort(
    (a, b) => RANK[a.reason] - RANK[b.reason] || b.lateMs - a.lateMs || a.since - b.since || (a.issue.id < b.issue.id ? -1 : a.issue.id > b.issue.id ? 1 : 0),
  );
}

function sinceOf(issue: ClockedIssue): number {
  // The newest entry's time, monotone like the clocks (an entry is never before the one ahead of it).
  let t = 0;
  for (const h of issue.history) t = Math.max(t, stampWall(h.at));
  return t;
}

/** How many issues wait for the role: its badge (the liaison's list to fix has its own count). */
export function badgeCount(role: Role, issues: readonly InboxIssue[], opts: ClockOptions): number {
  let n = 0;
  for (const issue of issues) if (waitReason(issue, role, opts)) n++;
  return n;
}

export interface ToFix<T> {
  issue: T;
  /** How late (ms) on any clock (the planned date or the work's resolve target); 0 when in time. */
  lateMs: number;
  /** End of the planned fix date (ms); null when none was given. */
  plannedDueAt: number | null;
}

/**
 * The liaison's list of what to fix (待整改): every acknowledged or in-progress issue, late ones first
 * (the latest first), then by planned date (the soonest first; those without a date last), then the
 * oldest report first, then by id for a stable order.
 */
export function toFixList<T extends InboxIssue>(issues: readonly T[], opts: ClockOptions): ToFix<T>[] {
  const out: Array<ToFix<T> & { reportedAt: number }> = [];
  for (const issue of issues) {
    if (!TO_FIX.has(issue.status)) continue;
    const clocks = issueClocks(issue, opts);
    out.push({ issue, lateMs: lateness(clocks), plannedDueAt: clocks.plannedDueAt, reportedAt: clocks.reportedAt });
  }
  const late = (f: ToFix<T>) => (f.lateMs > 0 ? 0 : 1);
  const due = (f: ToFix<T>) => f.plannedDueAt ?? Number.POSITIVE_INFINITY;
  out.sort(
    (a, b) =>
      late(a) - late(b) ||
      b.lateMs - a.lateMs ||
      (due(a) === due(b) ? 0 : due(a) < due(b) ? -1 : 1) ||
      a.reportedAt - b.reportedAt ||
      (a.issue.id < b.issue.id ? -1 : a.issue.id > b.issue.id ? 1 : 0),
  );
  return out.map(({ issue, lateMs, plannedDueAt }) => ({ issue, lateMs, plannedDueAt }));
}
