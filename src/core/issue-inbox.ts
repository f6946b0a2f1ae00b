/**
 * What waits for whom: the liaison's inbox and every role's badge. Pure, so the
 * app's badge, the inbox order and a future staff dashboard agree.
 *
 * - liaison: new reports (to acknowledge or dispute), issues late on any clock,
 *   reopened issues; overdue first (the latest first), then new ones (oldest
 *   first), then reopened ones (oldest first);
 * - volunteer: residents' reports from posters to triage (late ones first), then resolved issues,
 *   to verify or reopen (oldest fix first);
 * - staff: residents' reports to triage as well, and disputed issues, for the next joint meeting's
 *   agenda (oldest first).
 */
import type { Role } from './domain';
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

/** How many issues wait for the role: its badge. */
export function badgeCount(role: Role, issues: readonly InboxIssue[], opts: ClockOptions): number {
  let n = 0;
  for (const issue of issues) if (waitReason(issue, role, opts)) n++;
  return n;
}
