/** Issue clocks (src/core/issue-clocks.ts) on hand-made histories. */
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type IssueStatus, encodeStamp, endOfDay, issueClocks, lateness, medianMs, span, timedHistory } from '../../src/core';

const T0 = Date.parse('2026-11-02T02:00:00Z'); // 10:00 in Ningbo
const targets = { acknowledgeHours: 24, resolveDays: 7 };

/** A history entry at `ms` (optionally on a device with its own node id). */
const at = (ms: number, to?: IssueStatus, node = 'dev') => ({ at: encodeStamp({ wall: ms, counter: 0, node }), ...(to ? { to } : {}) });

function issue(status: IssueStatus, history: ReturnType<typeof at>[], plannedDate: string | null = null) {
  return { status, plannedDate, history };
}

describe('time to acknowledge and to resolve', () => {
  it('measures from the report to the first answer, and to the fix that stands', () => {
    const i = issue(
      'verified',
      [at(T0, 'reported'), at(T0 + 3 * HOUR_MS, 'acknowledged'), at(T0 + 2 * DAY_MS, 'resolved'), at(T0 + 3 * DAY_MS, 'verified')],
      '2026-11-05',
    );
    const c = issueClocks(i, { targets, now: T0 + 10 * DAY_MS });
    expect(c.timeToAcknowledgeMs).toBe(3 * HOUR_MS);
    expect(c.timeToResolveMs).toBe(2 * DAY_MS);
    expect(c.acknowledgeLateMs).toBe(0);
    expect(c.resolveLateMs).toBe(0);
    expect(c.plannedLateMs).toBe(0);
    expect(c.overdue).toBe(false);
  });

  it('a dispute answers the report too; comments and edits (no status) do not', () => {
    const i = issue('disputed', [at(T0, 'reported'), at(T0 + HOUR_MS), at(T0 + 5 * HOUR_MS, 'disputed')]);
    expect(issueClocks(i, { targets, now: T0 + DAY_MS }).timeToAcknowledgeMs).toBe(5 * HOUR_MS);
  });

  it('after a reopen, the issue is not resolved until fixed again; then the later fix counts', () => {
    const base = [at(T0, 'reported'), at(T0 + HOUR_MS, 'acknowledged'), at(T0 + DAY_MS, 'resolved'), at(T0 + 2 * DAY_MS, 'reopened')];
    const reopened = issueClocks(issue('reopened', base), { targets, now: T0 + 3 * DAY_MS });
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened.timeToResolveMs).toBeNull();
    const fixedAgain = issueClocks(issue('resolved', [...base, at(T0 + 4 * DAY_MS, 'resolved')]), { targets, now: T0 + 5 * DAY_MS });
    expect(fixedAgain.timeToResolveMs).toBe(4 * DAY_MS);
  });

  it('a device whose clock is behind cannot make an answer look earlier than the report (server order wins)', () => {
    // The liaison's phone is two hours slow: its stamp is before the report's, but the server accepted it after.
    const i = issue('acknowledged', [at(T0, 'reported', 'volunteer-phone'), at(T0 - 2 * HOUR_MS, 'acknowledged', 'slow-phone')]);
    const c = issueClocks(i, { targets, now: T0 + HOUR_MS });
    expect(c.timeToAcknowledgeMs).toBe(0);
    expect(timedHistory(i.history).map((e) => e.at)).toEqual([T0, T0]);
  });
});

describe('overdue', () => {
  it('against the acknowledge target: a report nobody answered for 26 h is 2 h late', () => {
    const c = issueClocks(issue('reported', [at(T0, 'reported')]), { targets, now: T0 + 26 * HOUR_MS });
    expect(c.acknowledgeLateMs).toBe(2 * HOUR_MS);
    expect(c.overdue).toBe(true);
    expect(lateness(c)).toBe(2 * HOUR_MS);
  });

  it('a report still within its target is not overdue', () => {
    const c = issueClocks(issue('reported', [at(T0, 'reported')]), { targets, now: T0 + 23 * HOUR_MS });
    expect(c.overdue).toBe(false);
    expect(lateness(c)).toBe(0);
  });

  it('a late answer stays on record, but once answered only the fix clocks make it overdue', () => {
    const i = issue('acknowledged', [at(T0, 'reported'), at(T0 + 30 * HOUR_MS, 'acknowledged')], '2026-11-06');
    const c = issueClocks(i, { targets, now: T0 + 31 * HOUR_MS });
    expect(c.acknowledgeLateMs).toBe(6 * HOUR_MS);
    expect(c.overdue).toBe(false);
  });

  it('against the planned date: late from the end of that day where the work is (UTC+8)', () => {
    const i = issue('in_progress', [at(T0, 'reported'), at(T0 + HOUR_MS, 'acknowledged')], '2026-11-03');
    const dayEnd = endOfDay('2026-11-03');
    expect(new Date(dayEnd + 1).toISOString()).toBe('2026-11-03T16:00:00.000Z'); // midnight in Ningbo
    expect(issueClocks(i, { targets, now: dayEnd }).overdue).toBe(false);
    const twoDaysOn = issueClocks(i, { targets, now: dayEnd + 2 * DAY_MS });
    expect(twoDaysOn.plannedLateMs).toBe(2 * DAY_MS);
    expect(twoDaysOn.overdue).toBe(true);
    expect(span(twoDaysOn.plannedLateMs)).toEqual({ unit: 'days', n: 2 });
  });

  it('against the resolve target, even when the planned date is later', () => {
    const i = issue('acknowledged', [at(T0, 'reported'), at(T0 + HOUR_MS, 'acknowledged')], '2026-12-31');
    const c = issueClocks(i, { targets: { acknowledgeHours: 24, resolveDays: 3 }, now: T0 + 4 * DAY_MS });
    expect(c.resolveLateMs).toBe(DAY_MS);
    expect(c.plannedLateMs).toBe(0);
    expect(c.overdue).toBe(true);
  });

  it('a fix made late records how late, and is no longer overdue', () => {
    const i = issue('resolved', [at(T0, 'reported'), at(T0 + HOUR_MS, 'acknowledged'), at(T0 + 9 * DAY_MS, 'resolved')], '2026-11-04');
    const c = issueClocks(i, { targets, now: T0 + 20 * DAY_MS });
    expect(c.resolveLateMs).toBe(2 * DAY_MS);
    expect(c.plannedLateMs).toBe(T0 + 9 * DAY_MS - endOfDay('2026-11-04'));
    expect(c.overdue).toBe(false);
  });

  it.each<IssueStatus>(['disputed', 'rejected', 'verified', 'resolved'])('a %s issue is never overdue (it waits on someone else, or is done)', (status) => {
    const c = issueClocks(issue(status, [at(T0, 'reported'), at(T0 + HOUR_MS, status)], '2026-11-03'), { targets, now: T0 + 60 * DAY_MS });
    expect(c.overdue).toBe(false);
  });

  it('a reopened issue is overdue against the original resolve target', () => {
    const i = issue('reopened', [at(T0, 'reported'), at(T0 + HOUR_MS, 'acknowledged'), at(T0 + DAY_MS, 'resolved'), at(T0 + 8 * DAY_MS, 'reopened')]);
    const c = issueClocks(i, { targets, now: T0 + 9 * DAY_MS });
    expect(c.resolveLateMs).toBe(2 * DAY_MS);
    expect(c.overdue).toBe(true);
  });
});

describe('helpers for the dashboard', () => {
  it('span rounds down to days, hours or minutes', () => {
    expect(span(3 * HOUR_MS + 59 * 60_000)).toEqual({ unit: 'hours', n: 3 });
    expect(span(59_999)).toEqual({ unit: 'minutes', n: 0 });
    expect(span(DAY_MS)).toEqual({ unit: 'days', n: 1 });
  });

  it('medianMs', () => {
    expect(medianMs([])).toBeNull();
    expect(medianMs([5, 1, 3])).toBe(3);
    expect(medianMs([4, 1, 3, 2])).toBe(2.5);
  });
});
