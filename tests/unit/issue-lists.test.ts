/** What waits for whom (issue-inbox), list filters (issue-filter), "me too" nearness (issue-nearby), contact privacy. */
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  type IssueCategory,
  type IssueStatus,
  NO_FILTER,
  ROLES,
  assigneeOf,
  badgeCount,
  encodeStamp,
  isNear,
  matchesFilter,
  mayReadContact,
  nearbyOpenIssues,
  residentsAffected,
  toFixList,
  waitingFor,
} from '../../src/core';

const NOW = Date.parse('2026-11-20T02:00:00Z');
const targets = { acknowledgeHours: 24, resolveDays: 7 };
const opts = { targets, now: NOW };
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev' });

interface Made {
  id: string;
  status: IssueStatus;
  category: IssueCategory;
  pointId: string | null;
  plannedDate: string | null;
  reportedAt: string;
  history: { at: string; to?: IssueStatus; actor: string }[];
}

/** An issue reported `ageMs` ago that went through `moves` (each an hour after the last). */
function made(id: string, ageMs: number, moves: Array<[IssueStatus, string]> = [], more: Partial<Made> = {}): Made {
  const t0 = NOW - ageMs;
  const history = [
    { at: stamp(t0), to: 'reported' as IssueStatus, actor: 'vol' },
    ...moves.map(([to, actor], i) => ({ at: stamp(t0 + (i + 1) * HOUR_MS), to, actor })),
  ];
  return { id, status: moves.at(-1)?.[0] ?? 'reported', category: 'noise', pointId: null, plannedDate: null, reportedAt: stamp(t0), history, ...more };
}

describe("the liaison's inbox", () => {
  const issues = [
    made('fresh', HOUR_MS),
    made('older-new', 10 * HOUR_MS),
    made('ack-late', 30 * HOUR_MS), // nobody answered for 30 h: 6 h late
    made('reopened', 3 * DAY_MS, [
      ['acknowledged', 'lia'],
      ['resolved', 'lia'],
      ['reopened', 'vol'],
    ]),
    made('plan-late', 4 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-11-17' }), // ~2 days past its date
    made('on-track', 2 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-12-01' }),
    made('to-verify', 2 * DAY_MS, [
      ['acknowledged', 'lia'],
      ['resolved', 'lia'],
    ]),
    made('disputed', 2 * DAY_MS, [['disputed', 'lia']]),
  ];

  it('puts overdue first (most late first), then new (oldest first), then reopened; nothing taken on already', () => {
    const got = waitingFor('liaison', issues, opts).map((w) => [w.issue.id, w.reason]);
    expect(got).toEqual([
      ['ack-late', 'overdue'],
      ['older-new', 'new'],
      ['fresh', 'new'],
      ['reopened', 'reopened'],
    ]);
  });

  it('gives each role its own badge: the volunteer verifies fixes, staff take disputes to the meeting', () => {
    expect(badgeCount('liaison', issues, opts)).toBe(4); // to answer; what was taken on is in the list to fix
    expect(waitingFor('volunteer', issues, opts).map((w) => [w.issue.id, w.reason])).toEqual([['to-verify', 'verify']]);
    expect(waitingFor('staff', issues, opts).map((w) => [w.issue.id, w.reason])).toEqual([['disputed', 'disputed']]);
  });

  it('is empty when nothing waits', () => {
    for (const role of ROLES)
      expect(
        badgeCount(
          role,
          [
            made('done', DAY_MS, [
              ['acknowledged', 'lia'],
              ['resolved', 'lia'],
              ['verified', 'vol'],
            ]),
          ],
          opts,
        ),
      ).toBe(0);
  });
});

describe("the liaison's list to fix (待整改)", () => {
  const issues = [
    made('no-date', 2 * DAY_MS, [['acknowledged', 'lia']]),
    made('later', 2 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-11-28' }),
    made('sooner', HOUR_MS * 3, [['in_progress', 'lia']], { plannedDate: '2026-11-21' }),
    made('plan-late', 4 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-11-17' }), // ~2 days past its date
    made('target-late', 9 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-12-10' }), // 2 days past the 7-day target
    made('new', HOUR_MS),
    made('resolved', 2 * DAY_MS, [
      ['acknowledged', 'lia'],
      ['resolved', 'lia'],
    ]),
    made('disputed', 2 * DAY_MS, [['disputed', 'lia']]),
  ];

  it('holds what was acknowledged or is in progress: late ones first (most late first), then by planned date, undated last', () => {
    expect(toFixList(issues, opts).map((f) => f.issue.id)).toEqual(['plan-late', 'target-late', 'sooner', 'later', 'no-date']);
    const [first, second, third] = toFixList(issues, opts);
    expect(first!.lateMs).toBeGreaterThan(second!.lateMs);
    expect(second!.lateMs).toBeGreaterThan(0);
    expect(third!.lateMs).toBe(0);
  });

  it('moves an issue from the inbox to the list when the liaison acknowledges it, and off the list once resolved', () => {
    const reported = made('x', HOUR_MS);
    expect(waitingFor('liaison', [reported], opts).map((w) => w.issue.id)).toEqual(['x']);
    expect(toFixList([reported], opts)).toEqual([]);
    const acked = made('x', 2 * HOUR_MS, [['acknowledged', 'lia']], { plannedDate: '2026-11-25' });
    expect(waitingFor('liaison', [acked], opts)).toEqual([]);
    expect(toFixList([acked], opts).map((f) => f.issue.id)).toEqual(['x']);
    const fixed = made('x', 3 * HOUR_MS, [
      ['acknowledged', 'lia'],
      ['resolved', 'lia'],
    ]);
    expect(toFixList([fixed], opts)).toEqual([]);
  });

  it('orders by the planned date where the work is (China time), not by when it was reported', () => {
    const a = made('a', 5 * DAY_MS, [['acknowledged', 'lia']], { plannedDate: '2026-11-23' });
    const b = made('b', HOUR_MS * 2, [['acknowledged', 'lia']], { plannedDate: '2026-11-22' });
    expect(toFixList([a, b], opts).map((f) => f.issue.id)).toEqual(['b', 'a']);
  });
});

describe('list filters', () => {
  const a = made('a', HOUR_MS, [['acknowledged', 'lia-1']], { category: 'dust', pointId: 'p1' });
  const b = made(
    'b',
    10 * DAY_MS,
    [
      ['acknowledged', 'lia-1'],
      ['disputed', 'lia-2'],
    ],
    { pointId: 'p2' },
  );
  const c = made('c', 40 * DAY_MS);
  const ids = (f: Partial<typeof NO_FILTER>) => [a, b, c].filter((i) => matchesFilter(i, { ...NO_FILTER, ...f }, NOW)).map((i) => i.id);

  it('by status, one or every open one', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ status: 'acknowledged' })).toEqual(['a']);
    expect(ids({ status: 'open' })).toEqual(['a', 'b', 'c']);
    expect(ids({ status: 'verified' })).toEqual([]);
  });

  it('by category and point', () => {
    expect(ids({ category: 'dust' })).toEqual(['a']);
    expect(ids({ pointId: 'p2' })).toEqual(['b']);
    expect(ids({ category: 'noise', pointId: 'p1' })).toEqual([]);
  });

  it('by assignee: the liaison who last acknowledged it', () => {
    expect(assigneeOf(b)).toBe('lia-1');
    expect(assigneeOf(c)).toBeNull();
    expect(ids({ assignee: 'lia-1' })).toEqual(['a', 'b']);
    expect(ids({ assignee: 'lia-2' })).toEqual([]);
  });

  it('by age', () => {
    expect(ids({ age: 'day' })).toEqual(['a']);
    expect(ids({ age: 'week' })).toEqual(['a']);
    expect(ids({ age: 'month' })).toEqual(['a', 'b']);
    expect(ids({ age: 'older' })).toEqual(['c']);
  });
});

describe('me too: nearness', () => {
  const here = { lat: 29.8683, lng: 121.544 };
  const metresNorth = (m: number) => ({ lat: here.lat + m / 111_195, lng: here.lng });

  it('the same point is near, whatever the positions', () => {
    expect(isNear({ pointId: 'p1', position: null }, { pointId: 'p1', position: metresNorth(500) })).toBe(true);
  });

  it('within 30 m when both have positions, not beyond, not without', () => {
    expect(isNear({ pointId: null, position: here }, { pointId: 'p9', position: metresNorth(29) })).toBe(true);
    expect(isNear({ pointId: null, position: here }, { pointId: null, position: metresNorth(31) })).toBe(false);
    expect(isNear({ pointId: null, position: here }, { pointId: null, position: null })).toBe(false);
    expect(isNear({ pointId: null, position: null }, { pointId: null, position: null })).toBe(false);
  });

  it('offers open issues of the same category only, nearest first', () => {
    const issue = (id: string, status: IssueStatus, category: IssueCategory, pointId: string | null, position: typeof here | null) => ({
      id,
      status,
      category,
      pointId,
      position,
    });
    const got = nearbyOpenIssues({ category: 'noise', pointId: 'p1', position: here }, [
      issue('far', 'reported', 'noise', null, metresNorth(100)),
      issue('20m', 'acknowledged', 'noise', null, metresNorth(20)),
      issue('same-point', 'reported', 'noise', 'p1', null),
      issue('other-category', 'reported', 'dust', 'p1', here),
      issue('closed', 'verified', 'noise', 'p1', here),
      issue('10m', 'in_progress', 'noise', 'p2', metresNorth(10)),
    ]);
    expect(got.map((i) => i.id)).toEqual(['same-point', '10m', '20m']);
  });
});

describe("who may hold a resident's contact", () => {
  it('staff always, the liaison with consent, volunteers never', () => {
    expect(mayReadContact('staff', { shareWithContractor: false })).toBe(true);
    expect(mayReadContact('liaison', { shareWithContractor: true })).toBe(true);
    expect(mayReadContact('liaison', { shareWithContractor: false })).toBe(false);
    expect(mayReadContact('volunteer', { shareWithContractor: true })).toBe(false);
  });
});

describe('residents affected, with merged duplicates', () => {
  it('adds the duplicates merged into an issue, and theirs, once each', () => {
    const target = { id: 't', affected: 2 };
    const issues = [
      target,
      { id: 'd1', mergedInto: 't' }, // made before "me too" existed: counts as 1
      { id: 'd2', affected: 3, mergedInto: 't' },
      { id: 'dd', affected: 2, mergedInto: 'd2' }, // merged into d2 before d2 was merged
      { id: 'other', affected: 5 },
    ];
    expect(residentsAffected(target, issues)).toBe(2 + 1 + 3 + 2);
    expect(residentsAffected(issues[4]!, issues)).toBe(5);
  });

  it('does not loop on a cycle of merges (impossible by the rules, but data can be damaged)', () => {
    const a = { id: 'a', affected: 1, mergedInto: 'b' };
    const b = { id: 'b', affected: 1, mergedInto: 'a' };
    expect(residentsAffected(a, [a, b])).toBe(2);
  });
});
