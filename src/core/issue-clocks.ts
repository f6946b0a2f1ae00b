/**
 * Issue clocks: how long the construction side took to acknowledge and to
 * resolve an issue, and how late it is against the planned fix date and
 * against the work's response targets. Pure functions of the issue's history,
 * so the app, the server and the staff dashboard (medians, worst cases) all
 * measure the same way.
 *
 * Times come from the history, not from the reading device's clock alone:
 * - each entry's time is its op's HLC stamp, which the server clamps to at most
 *   a minute ahead of its own clock on arrival, and which a device advances
 *   past every stamp it has seen (so an acknowledgement made after pulling the
 *   report is stamped after it);
 * - entries stand in server order (the order ops were accepted), so a move's
 *   time is taken as no earlier than the entry before it: a device whose clock
 *   runs behind cannot make a move look earlier than what it answered.
 * Only "now" (how late an issue is while still waiting) needs a present time;
 * the caller passes it (on the device: the HLC's now, which never goes back).
 */
import type { IssueStatus } from './domain';
import { stampWall } from './hlc';
import type { IssueHistoryEntry, IssueState } from './reducer';
import type { ResponseTargets } from './response-targets';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** China Standard Time: planned dates are calendar days where the work is. */
export const DEFAULT_UTC_OFFSET_MIN = 8 * 60;

/** Moves that answer a report: the liaison took it on, or contested it (either stops the acknowledge clock). */
const ANSWERS: ReadonlySet<IssueStatus> = new Set(['acknowledged', 'disputed']);
/** While in these statuses the construction side owes work: the resolve and planned-date clocks run. */
export const LIAISON_OWES: ReadonlySet<IssueStatus> = new Set(['reported', 'acknowledged', 'in_progress', 'reopened']);
/** Statuses where a fix stands (until a reopen). */
const FIXED: ReadonlySet<IssueStatus> = new Set(['resolved', 'verified']);

/** The issue fields the clocks read (a view row or a server state both fit). */
export type ClockedIssue = Pick<IssueState, 'status' | 'plannedDate'> & { history: readonly Pick<IssueHistoryEntry, 'at' | 'to'>[] };

export interface TimedEntry {
  to: IssueStatus | undefined;
  /** ms since epoch: the entry's stamp, never before the entry ahead of it. */
  at: number;
}

/** The history with one time per entry, monotone in server order. */
export function timedHistory(history: readonly Pick<IssueHistoryEntry, 'at' | 'to'>[]): TimedEntry[] {
  let last = 0;
  return history.map((h) => {
    last = Math.max(last, stampWall(h.at));
    return { to: h.to, at: last };
  });
}

/** The last moment of a calendar day `YYYY-MM-DD` at the given UTC offset, ms since epoch. */
export function endOfDay(date: string, utcOffsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  return Date.parse(`${date}T00:00:00Z`) + DAY_MS - utcOffsetMin * 60_000 - 1;
}

export interface IssueClocks {
  reportedAt: number;
  /** First answer (acknowledged or disputed); null while none. */
  acknowledgedAt: number | null;
  /** acknowledgedAt − reportedAt. */
  timeToAcknowledgeMs: number | null;
  /** Latest move to resolved, while the fix stands (resolved or verified); null otherwise. */
  resolvedAt: number | null;
  timeToResolveMs: number | null;
  /** reportedAt + the work's acknowledge target. */
  acknowledgeDueAt: number;
  /** How late the answer is or was against the target (0 when in time, or not due yet). */
  acknowledgeLateMs: number;
  /** reportedAt + the work's resolve target. */
  resolveDueAt: number;
  /** How late the fix is or was against the target (0 when in time, not due yet, or no fix is owed). */
  resolveLateMs: number;
  /** End of the planned fix date; null when none was given. */
  plannedDueAt: number | null;
  /** How late the fix is or was against the planned date (0 when in time or no date). */
  plannedLateMs: number;
  /** Whether the issue is late right now on any clock, and so needs the liaison first. */
  overdue: boolean;
}

export interface ClockOptions {
  targets: ResponseTargets;
  /** The present, ms since epoch. */
  now: number;
  utcOffsetMin?: number;
}

const late = (at: number, due: number) => Math.max(0, at - due);

/** Every clock of one issue. */
export function issueClocks(issue: ClockedIssue, { targets, now, utcOffsetMin }: ClockOptions): IssueClocks {
  const entries = timedHistory(issue.history);
  const reportedAt = entries[0]?.at ?? now;
  const acknowledgedAt = entries.find((e) => e.to !== undefined && ANSWERS.has(e.to))?.at ?? null;

  let resolvedAt: number | null = null;
  if (FIXED.has(issue.status)) {
    for (const e of entries) if (e.to === 'resolved') resolvedAt = e.at;
  }

  const acknowledgeDueAt = reportedAt + targets.acknowledgeHours * HOUR_MS;
  const resolveDueAt = reportedAt + targets.resolveDays * DAY_MS;
  const plannedDueAt = issue.plannedDate ? endOfDay(issue.plannedDate, utcOffsetMin) : null;
  const owes = LIAISON_OWES.has(issue.status);

  const acknowledgeLateMs = acknowledgedAt !== null ? late(acknowledgedAt, acknowledgeDueAt) : issue.status === 'reported' ? late(now, acknowledgeDueAt) : 0;
  const resolveLateMs = resolvedAt !== null ? late(resolvedAt, resolveDueAt) : owes ? late(now, resolveDueAt) : 0;
  const plannedLateMs = plannedDueAt === null ? 0 : resolvedAt !== null ? late(resolvedAt, plannedDueAt) : owes ? late(now, plannedDueAt) : 0;

  return {
    reportedAt,
    acknowledgedAt,
    timeToAcknowledgeMs: acknowledgedAt === null ? null : acknowledgedAt - reportedAt,
    resolvedAt,
    timeToResolveMs: resolvedAt === null ? null : resolvedAt - reportedAt,
    acknowledgeDueAt,
    acknowledgeLateMs,
    resolveDueAt,
    resolveLateMs,
    plannedDueAt,
    plannedLateMs,
    // Late *now*: an answer that came late stays on record (acknowledgeLateMs) but no longer makes the issue overdue.
    overdue: owes && ((acknowledgedAt === null && acknowledgeLateMs > 0) || resolveLateMs > 0 || plannedLateMs > 0),
  };
}

/** The largest lateness of an issue still waiting on the liaison (0 when none): orders the inbox. */
export function lateness(c: IssueClocks): number {
  if (!c.overdue) return 0;
  return Math.max(c.acknowledgedAt === null ? c.acknowledgeLateMs : 0, c.resolveLateMs, c.plannedLateMs);
}

/** A duration as whole days, hours or minutes (rounded down), for "用时 3 小时" / "逾期 2 天". */
export type Span = { unit: 'days' | 'hours' | 'minutes'; n: number };

export function span(ms: number): Span {
  if (ms >= DAY_MS) return { unit: 'days', n: Math.floor(ms / DAY_MS) };
  if (ms >= HOUR_MS) return { unit: 'hours', n: Math.floor(ms / HOUR_MS) };
  return { unit: 'minutes', n: Math.max(0, Math.floor(ms / 60_000)) };
}

/** Median of durations (ms), null when there are none: for the staff dashboard. */
export function medianMs(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
