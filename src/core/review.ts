/**
 * What staff review and bring to the joint meeting (联席会议): counts, response
 * figures against the work's targets, and which issues a meeting pack lists.
 * Pure functions over issue states, so the overview, the pack, the CSV export and
 * the tests all count the same way.
 *
 * Times come from the issue's history stamps. The server clamps every stamp to
 * its own clock (clampStamp), so a phone whose clock is hours off cannot make
 * a response look faster or slower than it was.
 */
import { ISSUE_CATEGORIES, ISSUE_STATUSES, type IssueCategory, type IssueStatus } from './domain';
import { stampWall } from './hlc';
import type { IssueState } from './reducer';
import type { ResponseTargets } from './response-targets';
import { OPEN_STATUSES } from './status';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A time span in ms, inclusive at both ends. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface IssueCounts {
  total: number;
  open: number;
  byStatus: Record<IssueStatus, number>;
  byCategory: Record<IssueCategory, number>;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function countIssues(issues: Iterable<IssueState>): IssueCounts {
  const counts: IssueCounts = { total: 0, open: 0, byStatus: zeroes(ISSUE_STATUSES), byCategory: zeroes(ISSUE_CATEGORIES) };
  for (const issue of issues) {
    counts.total++;
    if (OPEN_STATUSES.has(issue.status)) counts.open++;
    counts.byStatus[issue.status]++;
    counts.byCategory[issue.category]++;
  }
  return counts;
}

/** When an issue was reported, first answered by the liaison, and (last) fixed. */
export interface IssueTimes {
  reportedMs: number;
  /** First acknowledgement or dispute: either is the liaison's response. */
  respondedMs: number | null;
  /** The latest "resolved", if the issue stands resolved or verified now (a reopened fix does not count). */
  resolvedMs: number | null;
  /** The latest "verified", if the issue stands verified now. */
  verifiedMs: number | null;
}

export function issueTimes(issue: IssueState): IssueTimes {
  let respondedMs: number | null = null;
  let resolvedMs: number | null = null;
  let verifiedMs: number | null = null;
  for (const h of issue.history) {
    if (h.kind !== 'issue.transition') continue;
    const at = stampWall(h.at);
    if ((h.to === 'acknowledged' || h.to === 'disputed') && respondedMs === null) respondedMs = at;
    if (h.to === 'resolved') resolvedMs = at;
    if (h.to === 'verified') verifiedMs = at;
  }
  const fixed = issue.status === 'resolved' || issue.status === 'verified';
  return {
    reportedMs: stampWall(issue.reportedAt),
    respondedMs,
    resolvedMs: fixed ? resolvedMs : null,
    verifiedMs: issue.status === 'verified' ? verifiedMs : null,
  };
}

export type OverdueReason = 'response' | 'resolution' | 'planned_date';

/**
 * Why an open issue is late, or null when it is not: no response within the
 * target, not fixed within the target, or past the fix date the liaison promised.
 * `today` is the local date YYYY-MM-DD (planned dates are calendar dates).
 */
export function overdueReason(issue: IssueState, targets: ResponseTargets, nowMs: number, today: string): OverdueReason | null {
  if (!OPEN_STATUSES.has(issue.status) || issue.status === 'resolved') return null;
  const times = issueTimes(issue);
  if (times.respondedMs === null && nowMs - times.reportedMs > targets.acknowledgeHours * HOUR_MS) return 'response';
  if (issue.plannedDate !== null && issue.plannedDate < today && issue.status !== 'disputed') return 'planned_date';
  if (nowMs - times.reportedMs > targets.resolveDays * DAY_MS) return 'resolution';
  return null;
}

export interface Spread {
  count: number;
  medianMs: number | null;
  worstMs: number | null;
  /** How many took longer than the target. */
  overTarget: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(durations: number[], targetMs: number): Spread {
  return {
    count: durations.length,
    medianMs: median(durations),
    worstMs: durations.length ? Math.max(...durations) : null,
    overTarget: durations.filter((d) => d > targetMs).length,
  };
}

export interface ResponseFigures {
  respond: Spread;
  resolve: Spread;
  /** Open issues late now, by the first reason that applies. */
  overdue: number;
  /** Open issues still waiting for the liaison's first response. */
  awaitingResponse: number;
}

/**
 * Median and worst time to respond and to resolve, counted over the issues
 * that got there; an issue still waiting counts towards `awaitingResponse`
 * and, once past its target, towards `overdue`, so a stalled issue is never
 * hidden by a good median.
 */
export function responseFigures(issues: Iterable<IssueState>, targets: ResponseTargets, nowMs: number, today: string): ResponseFigures {
  const respond: number[] = [];
  const resolve: number[] = [];
  let overdue = 0;
  let awaitingResponse = 0;
  for (const issue of issues) {
    if (issue.status === 'rejected' || issue.status === 'merged') continue;
    const times = issueTimes(issue);
    if (times.respondedMs !== null) respond.push(Math.max(0, times.respondedMs - times.reportedMs));
    else if (OPEN_STATUSES.has(issue.status)) awaitingResponse++;
    if (times.resolvedMs !== null) resolve.push(Math.max(0, times.resolvedMs - times.reportedMs));
    if (overdueReason(issue, targets, nowMs, today) !== null) overdue++;
  }
  return {
    respond: spread(respond, targets.acknowledgeHours * HOUR_MS),
    resolve: spread(resolve, targets.resolveDays * DAY_MS),
    overdue,
    awaitingResponse,
  };
}

export interface MeetingSelection {
  /** Open now and reported before the range ended: what the meeting must follow up. */
  open: IssueState[];
  /** The part of `open` that is late. */
  overdue: IssueState[];
  /** Disputed by the liaison: on the agenda to be settled. */
  disputed: IssueState[];
  /** Fixed within the range and standing fixed: shown with before/after photos. */
  resolved: IssueState[];
  /** Reported within the range (any status). */
  reportedCount: number;
}

const byReported = (a: IssueState, b: IssueState) => (a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0);

/** Which issues a joint-meeting pack for `range` lists, each section oldest first. */
export function meetingSelection(
  issues: Iterable<IssueState>,
  range: TimeRange,
  targets: ResponseTargets,
  nowMs: number,
  today: string,
): MeetingSelection {
  const sel: MeetingSelection = { open: [], overdue: [], disputed: [], resolved: [], reportedCount: 0 };
  for (const issue of issues) {
    const times = issueTimes(issue);
    if (times.reportedMs >= range.fromMs && times.reportedMs <= range.toMs) sel.reportedCount++;
    const fixedAt = times.resolvedMs;
    if (fixedAt !== null && fixedAt >= range.fromMs && fixedAt <= range.toMs) sel.resolved.push(issue);
    if (times.reportedMs > range.toMs) continue;
    if (issue.status === 'disputed') sel.disputed.push(issue);
    // A fix made within the range is listed under `resolved`; an older one still waiting for
    // verification stays on the open list so that it is not forgotten.
    else if (OPEN_STATUSES.has(issue.status) && !sel.resolved.includes(issue)) {
      sel.open.push(issue);
      if (overdueReason(issue, targets, nowMs, today) !== null) sel.overdue.push(issue);
    }
  }
  sel.open.sort(byReported);
  sel.overdue.sort(byReported);
  sel.disputed.sort(byReported);
  sel.resolved.sort(byReported);
  return sel;
}
