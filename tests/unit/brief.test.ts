import { describe, expect, it } from 'vitest';
import { type InspectionState, type IssueState, encodeStamp, weekOf, weeklyBrief } from '../../src/core';

const H = 3_600_000;
const D = 24 * H;
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev-1' });
// Wednesday 2026-11-25 10:00 China time.
const WED = Date.UTC(2026, 10, 25, 2, 0);
const targets = { acknowledgeHours: 24, resolveDays: 7 };

function issue(id: string, reportedMs: number, moves: Array<[IssueState['status'], number]>): IssueState {
  return {
    id,
    work: 'w',
    category: 'noise',
    description: id,
    severity: 'medium',
    pointId: null,
    status: moves.at(-1)?.[0] ?? 'reported',
    plannedDate: null,
    reportedBy: 'm',
    reportedAt: stamp(reportedMs),
    fieldStamps: { category: stamp(reportedMs), description: stamp(reportedMs), severity: stamp(reportedMs), pointId: stamp(reportedMs) },
    history: [
      { kind: 'issue.create', op: `${id}-c`, actor: 'm', device: 'dev-1', at: stamp(reportedMs) },
      ...moves.map(([to, at]) => ({ kind: 'issue.transition' as const, op: `${id}-${to}`, actor: 'l', device: 'dev-2', at: stamp(at), to })),
    ],
    comments: [],
    updatedAt: stamp(moves.at(-1)?.[1] ?? reportedMs),
  } as IssueState;
}

describe('the weekly brief', () => {
  it('a week runs Monday 00:00 to Sunday 23:59 China time, whatever day is asked', () => {
    const w = weekOf(WED);
    expect(new Date(w.fromMs).toISOString()).toBe('2026-11-22T16:00:00.000Z'); // Monday 23 Nov 00:00 in China
    expect(w.toMs - w.fromMs).toBe(7 * D - 1);
    expect(weekOf(w.fromMs)).toEqual(w);
    expect(weekOf(w.toMs)).toEqual(w);
    expect(weekOf(w.toMs + 1).fromMs).toBe(w.toMs + 1);
  });

  it('counts what was reported, fixed and verified within the week, and what stands open and late', () => {
    const week = weekOf(WED);
    const issues = [
      issue('new this week', WED, []),
      issue('fixed this week', WED - 10 * D, [
        ['acknowledged', WED - 10 * D + H],
        ['resolved', WED],
      ]),
      issue('verified this week', WED - 9 * D, [
        ['acknowledged', WED - 9 * D + H],
        ['resolved', WED - 8 * D],
        ['verified', WED + D],
      ]),
      issue('late and open', WED - 20 * D, [['acknowledged', WED - 20 * D + H]]),
      issue('next week', week.toMs + H, []),
    ];
    const inspections = [
      { status: 'submitted', submittedAt: stamp(WED) },
      { status: 'submitted', submittedAt: stamp(week.fromMs - 1) },
      { status: 'draft', submittedAt: null },
    ] as InspectionState[];
    const b = weeklyBrief(issues, inspections, week, targets, week.toMs);
    expect(b.reported).toBe(1);
    expect(b.resolved.map((i) => i.id)).toEqual(['fixed this week']);
    expect(b.verified).toBe(1);
    expect(b.open).toBe(2); // new this week, late and open
    expect(b.overdue).toBe(2); // both: no answer within 24 hours, and not fixed within 7 days
    expect(b.inspections).toBe(1);
  });
});
