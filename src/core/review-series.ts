/**
 * The series the overview's and meeting pack's charts draw. Pure functions over issue states, built
 * on review.ts's definitions (open, overdue, response durations, median and worst), so a chart never
 * disagrees with the figures printed beside it.
 */
import { ISSUE_CATEGORIES, type IssueCategory } from './domain';
import { DAY_MS, DEFAULT_UTC_OFFSET_MIN, HOUR_MS, type TimedEntry, timedHistory } from './issue-clocks';
import type { IssueState } from './reducer';
import type { ResponseTargets } from './response-targets';
import { type Spread, countIssues, isOpenIssue, overdueReason, responseDurations, spread, weekStart } from './review';

const WEEK_MS = 7 * DAY_MS;
/** A line over two years stays readable on a phone and bounds the work (weeks × issues). */
export const MAX_CHART_WEEKS = 104;

export interface WeekState {
  /** Monday 00:00 of the week, ms since epoch. */
  weekStartMs: number;
  /** When the week was measured: its end, or now for the current week. */
  atMs: number;
  /** Open (isOpenIssue) at that moment. */
  open: number;
  /** The part of `open` that was late then (overdueReason). */
  overdue: number;
}

/** The issue as it stood at `atMs`: its history up to then, and the status its last move gave it. Null before it was reported. */
function asOf(issue: IssueState, entries: TimedEntry[], atMs: number) {
  let n = 0;
  while (n < entries.length && entries[n]!.at <= atMs) n++;
  if (n === 0) return null;
  let status = issue.status;
  if (n < entries.length) {
    status = 'reported';
    for (let i = 0; i < n; i++) if (entries[i]!.to !== undefined) status = entries[i]!.to!;
  }
  // The planned date is read as it stands now: its earlier values are not kept.
  return { status, plannedDate: issue.plannedDate, history: issue.history.slice(0, n) };
}

/**
 * Open and overdue issues at the end of every week from the first report (at most the last
 * MAX_CHART_WEEKS weeks) to now, oldest first. Each issue is replayed to where it stood then, so a
 * week shows what the overview would have shown at its end.
 */
export function openOverdueByWeek(issues: readonly IssueState[], targets: ResponseTargets, nowMs: number, utcOffsetMin = DEFAULT_UTC_OFFSET_MIN): WeekState[] {
  const timed = issues.map((issue) => ({ issue, entries: timedHistory(issue.history) }));
  let first = nowMs;
  for (const { entries } of timed) if (entries[0] && entries[0].at < first) first = entries[0].at;
  const thisMonday = weekStart(nowMs, utcOffsetMin);
  const firstMonday = Math.max(weekStart(first, utcOffsetMin), thisMonday - (MAX_CHART_WEEKS - 1) * WEEK_MS);
  const weeks: WeekState[] = [];
  for (let w = firstMonday; w <= thisMonday; w += WEEK_MS) weeks.push({ weekStartMs: w, atMs: Math.min(nowMs, w + WEEK_MS - 1), open: 0, overdue: 0 });
  for (const { issue, entries } of timed) {
    for (const week of weeks) {
      const then = asOf(issue, entries, week.atMs);
      if (!then || !isOpenIssue(then)) continue;
      week.open++;
      if (overdueReason(then, targets, week.atMs) !== null) week.overdue++;
    }
  }
  return weeks;
}

export interface DurationBin {
  /** Start of the bin, ms. */
  fromMs: number;
  /** End of the bin (exclusive), ms; null for the last one, which holds everything longer. */
  toMs: number | null;
  count: number;
}

export interface Distribution {
  targetMs: number;
  bins: DurationBin[];
  /** Median, worst and how many over the target: the same figures the overview's table shows. */
  spread: Spread;
}

/** Bins a quarter of the target wide up to three times the target, then one for everything longer. */
export const BINS_PER_TARGET = 4;
export const TARGETS_SHOWN = 3;

function distribution(durations: number[], targetMs: number): Distribution {
  const width = targetMs / BINS_PER_TARGET;
  const n = BINS_PER_TARGET * TARGETS_SHOWN;
  const bins: DurationBin[] = Array.from({ length: n + 1 }, (_, i) => ({ fromMs: i * width, toMs: i < n ? (i + 1) * width : null, count: 0 }));
  for (const d of durations) bins[Math.min(n, Math.floor(d / width))]!.count++;
  return { targetMs, bins, spread: spread(durations, targetMs) };
}

/** How long responses and fixes took, against the work's targets. */
export function responseDistributions(issues: Iterable<IssueState>, targets: ResponseTargets): { respond: Distribution; resolve: Distribution } {
  const { respond, resolve } = responseDurations(issues);
  return {
    respond: distribution(respond, targets.acknowledgeHours * HOUR_MS),
    resolve: distribution(resolve, targets.resolveDays * DAY_MS),
  };
}

/** Issues by category (as countIssues counts them), largest first, categories with none left out. */
export function issuesByCategory(issues: Iterable<IssueState>): Array<{ category: IssueCategory; n: number }> {
  const counts = countIssues(issues);
  return ISSUE_CATEGORIES.map((category) => ({ category, n: counts.byCategory[category] }))
    .filter((r) => r.n > 0)
    .sort((a, b) => b.n - a.n);
}

export interface PointLoad<P> {
  point: P;
  open: number;
  overdue: number;
}

/** Open and overdue issues of each point, most open first (then by name). */
export function openByPoint<P extends { id: string; name: string }>(
  issues: Iterable<IssueState>,
  points: readonly P[],
  targets: ResponseTargets,
  nowMs: number,
): PointLoad<P>[] {
  const load = new Map<string, { open: number; overdue: number }>();
  for (const i of issues) {
    if (!i.pointId || !isOpenIssue(i)) continue;
    const l = load.get(i.pointId) ?? { open: 0, overdue: 0 };
    l.open++;
    if (overdueReason(i, targets, nowMs) !== null) l.overdue++;
    load.set(i.pointId, l);
  }
  return points
    .map((point) => ({ point, open: load.get(point.id)?.open ?? 0, overdue: load.get(point.id)?.overdue ?? 0 }))
    .sort((a, b) => b.open - a.open || a.point.name.localeCompare(b.point.name));
}
