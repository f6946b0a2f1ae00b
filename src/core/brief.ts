/**
 * The weekly 工作简报 (work brief): one A4 page per work and week (Monday to Sunday, China time) of what
 * was reported, fixed and verified that week, what stands open and late, and the inspections done. The
 * figures come from the same definitions as the overview and the meeting pack (review.ts).
 */
import { DAY_MS, DEFAULT_UTC_OFFSET_MIN } from './issue-clocks';
import type { InspectionState } from './ops/inspection';
import type { IssueState } from './ops/issue';
import type { ResponseTargets } from './response-targets';
import { type TimeRange, issueTimes, meetingSelection } from './review';
import { stampWall } from './hlc';

/** The week (Monday 00:00 to Sunday 23:59:59.999 at the offset) that holds `ms`. */
export function weekOf(ms: number, utcOffsetMin = DEFAULT_UTC_OFFSET_MIN): TimeRange {
  const offset = utcOffsetMin * 60_000;
  const local = ms + offset;
  const dayIndex = (new Date(local).getUTCDay() + 6) % 7; // Monday = 0
  const fromMs = Math.floor(local / DAY_MS) * DAY_MS - dayIndex * DAY_MS - offset;
  return { fromMs, toMs: fromMs + 7 * DAY_MS - 1 };
}

export interface WeeklyBrief {
  reported: number;
  /** Fixed this week and standing fixed. */
  resolved: IssueState[];
  verified: number;
  /** Open at the end of the week (reported by then, not fixed). */
  open: number;
  /** Of those, late now. */
  overdue: number;
  disputed: number;
  inspections: number;
}

export function weeklyBrief(
  issues: readonly IssueState[],
  inspections: readonly InspectionState[],
  week: TimeRange,
  targets: ResponseTargets,
  nowMs: number,
): WeeklyBrief {
  const sel = meetingSelection(issues, week, targets, nowMs);
  const inWeek = (ms: number | null) => ms !== null && ms >= week.fromMs && ms <= week.toMs;
  return {
    reported: sel.reportedCount,
    resolved: sel.resolved,
    verified: issues.filter((i) => inWeek(issueTimes(i).verifiedMs)).length,
    open: sel.open.length,
    overdue: sel.overdue.length,
    disputed: sel.disputed.length,
    inspections: inspections.filter((x) => x.status === 'submitted' && x.submittedAt !== null && inWeek(stampWall(x.submittedAt))).length,
  };
}
