/**
 * What staff review and bring to the joint meeting (联席会议): counts, response
 * figures against the work's targets, and which issues a meeting pack lists.
 * Pure functions over issue states, so the overview, the pack, the CSV export and
 * the tests all count the same way.
 *
 * Times and lateness come from the issue clocks (issue-clocks.ts), the same
 * ones the issue page shows, so the overview and the issue agree.
 */
import { ISSUE_CATEGORIES, ISSUE_STATUSES, type IssueCategory, type IssueStatus } from './domain';
import { type ClockedIssue, DAY_MS, DEFAULT_UTC_OFFSET_MIN, HOUR_MS, issueClocks, medianMs, timedHistory } from './issue-clocks';
import type { IssueState } from './reducer';
import type { ResponseTargets } from './response-targets';
import { OPEN_STATUSES } from './status';

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

/**
 * 未办结 ("open"): the one definition every page, print and export counts by. An issue is open until
 * verified, rejected or merged, whatever else happens to it: disputed issues and fixes waiting for
 * verification are still open.
 */
export function isOpenIssue(issue: Pick<IssueState, 'status'>): boolean {
  return OPEN_STATUSES.has(issue.status);
}

export function countIssues(issues: Iterable<IssueState>): IssueCounts {
  const counts: IssueCounts = { total: 0, open: 0, byStatus: zeroes(ISSUE_STATUSES), byCategory: zeroes(ISSUE_CATEGORIES) };
  for (const issue of issues) {
    counts.total++;
    if (isOpenIssue(issue)) counts.open++;
    counts.byStatus[issue.status]++;
    counts.byCategory[issue.category]++;
  }
  return counts;
}

/** When an issue was reported, first answered by the liaison, and (last) fixed: read off its clocks. */
export interface IssueTimes {
  reportedMs: number;
  /** First acknowledgement or dispute: either is the liaison's response. */
  respondedMs: number | null;
  /** The latest "resolved", if the issue stands resolved or verified now (a reopened fix does not count). */
  resolvedMs: number | null;
  /** The latest "verified", if the issue stands verified now. */
  verifiedMs: number | null;
}

/** Targets do not change when an issue was reported or answered: any will do for reading those times. */
const ANY_TARGETS: ResponseTargets = { acknowledgeHours: 24, resolveDays: 7 };

export function issueTimes(issue: IssueState): IssueTimes {
  const c = issueClocks(issue, { targets: ANY_TARGETS, now: 0 });
  let verifiedMs: number | null = null;
  if (issue.status === 'verified') for (const e of timedHistory(issue.history)) if (e.to === 'verified') verifiedMs = e.at;
  return { reportedMs: c.reportedAt, respondedMs: c.acknowledgedAt, resolvedMs: c.resolvedAt, verifiedMs };
}

export type OverdueReason = 'response' | 'resolution' | 'planned_date';

/**
 * Why an issue is late now, or null when it is not (src/core/issue-clocks.ts
 * decides; this names the first reason for the meeting pack and the CSV): no
 * response within the target, past the fix date the liaison promised, or not
 * fixed within the target.
 */
export function overdueReason(issue: ClockedIssue, targets: ResponseTargets, nowMs: number): OverdueReason | null {
  const c = issueClocks(issue, { targets, now: nowMs });
  if (!c.overdue) return null;
  if (c.acknowledgedAt === null && c.acknowledgeLateMs > 0) return 'response';
  if (c.plannedLateMs > 0) return 'planned_date';
  return 'resolution';
}

export interface Spread {
  count: number;
  medianMs: number | null;
  worstMs: number | null;
  /** How many took longer than the target. */
  overTarget: number;
}

export function spread(durations: number[], targetMs: number): Spread {
  return {
    count: durations.length,
    medianMs: medianMs(durations),
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

/** Report to first response, and report to a standing fix, of every issue that got there (rejected and merged ones left out), ms. */
export function responseDurations(issues: Iterable<IssueState>): { respond: number[]; resolve: number[] } {
  const out = { respond: [] as number[], resolve: [] as number[] };
  for (const issue of issues) if (issue.status !== 'rejected' && issue.status !== 'merged') addDurations(issueTimes(issue), out);
  return out;
}

function addDurations(times: IssueTimes, out: { respond: number[]; resolve: number[] }): void {
  if (times.respondedMs !== null) out.respond.push(Math.max(0, times.respondedMs - times.reportedMs));
  if (times.resolvedMs !== null) out.resolve.push(Math.max(0, times.resolvedMs - times.reportedMs));
}

/**
 * Median and worst time to respond and to resolve, counted over the issues
 * that got there; an issue still waiting counts towards `awaitingResponse`
 * and, once past its target, towards `overdue`, so a stalled issue is never
 * hidden by a good median.
 */
export function responseFigures(issues: Iterable<IssueState>, targets: ResponseTargets, nowMs: number): ResponseFigures {
  // One pass, each issue's times read once (responseDurations' rule: rejected and merged ones left out).
  const durations = { respond: [] as number[], resolve: [] as number[] };
  let overdue = 0;
  let awaitingResponse = 0;
  for (const issue of issues) {
    if (issue.status === 'rejected' || issue.status === 'merged') continue;
    const times = issueTimes(issue);
    addDurations(times, durations);
    if (times.respondedMs === null && isOpenIssue(issue)) awaitingResponse++;
    if (overdueReason(issue, targets, nowMs) !== null) overdue++;
  }
  return {
    respond: spread(durations.respond, targets.acknowledgeHours * HOUR_MS),
    resolve: spread(durations.resolve, targets.resolveDays * DAY_MS),
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
  /** 未办结 now, counted as the overview counts it (countIssues): the sections above split it differently. */
  openCount: number;
}

const byReported = (a: IssueState, b: IssueState) => (a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : 0);

/** Which issues a joint-meeting pack for `range` lists, each section oldest first. */
export function meetingSelection(issues: Iterable<IssueState>, range: TimeRange, targets: ResponseTargets, nowMs: number): MeetingSelection {
  const sel: MeetingSelection = { open: [], overdue: [], disputed: [], resolved: [], reportedCount: 0, openCount: 0 };
  for (const issue of issues) {
    if (isOpenIssue(issue)) sel.openCount++;
    const times = issueTimes(issue);
    if (times.reportedMs >= range.fromMs && times.reportedMs <= range.toMs) sel.reportedCount++;
    const fixedAt = times.resolvedMs;
    if (fixedAt !== null && fixedAt >= range.fromMs && fixedAt <= range.toMs) sel.resolved.push(issue);
    if (times.reportedMs > range.toMs) continue;
    if (issue.status === 'disputed') sel.disputed.push(issue);
    // A fix made within the range is listed under `resolved`; an older one still waiting for
    // verification stays on the open list so that it is not forgotten.
    else if (isOpenIssue(issue) && !sel.resolved.includes(issue)) {
      sel.open.push(issue);
      if (overdueReason(issue, targets, nowMs) !== null) sel.overdue.push(issue);
    }
  }
  sel.open.sort(byReported);
  sel.overdue.sort(byReported);
  sel.disputed.sort(byReported);
  sel.resolved.sort(byReported);
  return sel;
}

export interface WeekCount {
  /** Monday 00:00 of the week, at the given UTC offset, ms since epoch. */
  weekStartMs: number;
  count: number;
}

/** Monday 00:00 of the week `ms` falls in, at the given UTC offset (China by default). */
export function weekStart(ms: number, utcOffsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  const offset = utcOffsetMin * 60_000;
  const local = ms + offset;
  const dayIndex = (new Date(local).getUTCDay() + 6) % 7; // Monday = 0
  return Math.floor(local / DAY_MS) * DAY_MS - dayIndex * DAY_MS - offset;
}

/**
 * How many of `times` fall in each of the last `weeks` weeks (Monday to Sunday,
 * at the work's UTC offset; China by default), oldest week first, the current
 * week last. For "inspections done per week".
 */
export function perWeek(times: Iterable<number>, nowMs: number, weeks: number, utcOffsetMin = DEFAULT_UTC_OFFSET_MIN): WeekCount[] {
  const thisMonday = weekStart(nowMs, utcOffsetMin);
  const result: WeekCount[] = [];
  for (let i = weeks - 1; i >= 0; i--) result.push({ weekStartMs: thisMonday - i * 7 * DAY_MS, count: 0 });
  const first = result[0]!.weekStartMs;
  for (const t of times) {
    if (t < first || t >= thisMonday + 7 * DAY_MS) continue;
    result[Math.floor((t - first) / (7 * DAY_MS))]!.count++;
  }
  return result;
}
