/**
 * The overview's chart series on hand-made issue histories: open and overdue issues per week
 * replayed from each issue's history, response and fix times binned against the targets, and the
 * counts by category and by point, agreeing with the overview's figures.
 */
import { describe, expect, it } from 'vitest';
import { encodeStamp, responseFigures, type IssueCategory, type IssueHistoryEntry, type IssueState, type IssueStatus } from '../../src/core';
import { issuesByCategory, openByPoint, openOverdueByWeek, responseDistributions, MAX_CHART_WEEKS } from '../../src/core/review-series';

const H = 3_600_000;
const D = 24 * H;
const MONDAY = Date.UTC(2026, 10, 1, 16, 0, 0); // 2026-11-02 00:00 in Beijing, a Monday
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev' });
const targets = { acknowledgeHours: 24, resolveDays: 7 };

function issue(id: string, reportedMs: number, moves: Array<[IssueStatus, number]>, opts: { category?: IssueCategory; pointId?: string } = {}): IssueState {
  const history: IssueHistoryEntry[] = [{ op: `${id}-c`, kind: 'issue.create', actor: 'v', device: 'd', at: stamp(reportedMs) }];
  for (const [i, [to, hours]] of moves.entries()) {
    history.push({ op: `${id}-${i}`, kind: 'issue.transition', actor: 'l', device: 'd', at: stamp(reportedMs + hours * H), to });
  }
  return {
    id,
    work: 'w',
    category: opts.category ?? 'noise',
    description: id,
    severity: 'medium',
    pointId: opts.pointId ?? null,
    status: moves.at(-1)?.[0] ?? 'reported',
    plannedDate: null,
    reportedBy: 'v',
    reportedAt: stamp(reportedMs),
    fieldStamps: { category: stamp(reportedMs), description: stamp(reportedMs), severity: stamp(reportedMs), pointId: stamp(reportedMs) },
    history,
    comments: [],
    updatedAt: stamp(reportedMs),
  };
}

describe('open and overdue issues per week', () => {
  it('replays each issue to where it stood at the end of every week, from the first report to now', () => {
    const now = MONDAY + 20 * D + 12 * H; // Sunday of the third week, 20:00 in Beijing
    const issues = [
      // Reported Monday of week 1, acknowledged after 2 h, fixed and verified in week 2: open at the end of week 1 only.
      issue('a', MONDAY + H, [
        ['acknowledged', 2],
        ['resolved', 8 * 24],
        ['verified', 8 * 24 + 5],
      ]),
      // Reported Tuesday of week 1, never answered: open from week 1, overdue (no response in 24 h) from week 1 on.
      issue('b', MONDAY + D, []),
      // Reported Sunday of week 2 late evening (Beijing), acknowledged at once: open, but not late yet at the end of week 2.
      issue('c', MONDAY + 13 * D + 10 * H, [['acknowledged', 1]]),
      // Reported in week 2 and rejected the same day: never counted after that.
      issue('d', MONDAY + 8 * D, [['rejected', 3]]),
    ];
    const weeks = openOverdueByWeek(issues, targets, now);
    expect(weeks.map((w) => w.weekStartMs)).toEqual([MONDAY, MONDAY + 7 * D, MONDAY + 14 * D]);
    expect(weeks.map((w) => [w.open, w.overdue])).toEqual([
      [2, 1],
      [2, 1],
      // Week 3, measured now: c is 7 days 2 h past its report, over the 7-day fix target.
      [2, 2],
    ]);
    expect(weeks.at(-1)!.atMs).toBe(now);
  });

  it('ends with what the overview counts now', () => {
    const now = MONDAY + 30 * D;
    const issues = [
      issue('a', MONDAY, [['acknowledged', 30]]),
      issue('b', MONDAY + 3 * D, [
        ['acknowledged', 1],
        ['resolved', 40],
      ]),
      issue('c', MONDAY + 20 * D, [['disputed', 2]]),
      issue('e', MONDAY + 29 * D, []),
    ];
    const last = openOverdueByWeek(issues, targets, now).at(-1)!;
    const figures = responseFigures(issues, targets, now);
    expect(last.overdue).toBe(figures.overdue);
    expect(last.open).toBe(issues.filter((i) => !['verified', 'rejected', 'merged'].includes(i.status)).length);
  });

  it('draws at most two years, and nothing breaks without issues', () => {
    const now = MONDAY + 1000 * D;
    expect(openOverdueByWeek([issue('old', MONDAY, [])], targets, now)).toHaveLength(MAX_CHART_WEEKS);
    const empty = openOverdueByWeek([], targets, now);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ open: 0, overdue: 0 });
  });
});

describe('response and fix times against the targets', () => {
  it('bins durations a quarter target wide, holds longer ones in the last bin, and agrees with the overview', () => {
    const issues = [
      issue('a', MONDAY, [['acknowledged', 2]]), // 2 h: bin 0 (0–6 h)
      issue('b', MONDAY, [['acknowledged', 7]]), // bin 1
      issue('c', MONDAY, [['disputed', 30]]), // 30 h: bin 5, over the target
      issue('d', MONDAY, [['acknowledged', 24 * 10]]), // ten days: past three targets, last bin
      issue('e', MONDAY, [
        ['acknowledged', 1],
        ['resolved', 24 * 3],
      ]),
      issue('f', MONDAY, [['rejected', 1]]), // left out, as the overview leaves it out
    ];
    const { respond, resolve } = responseDistributions(issues, targets);
    expect(respond.targetMs).toBe(24 * H);
    expect(respond.bins).toHaveLength(13);
    expect(respond.bins[0]).toEqual({ fromMs: 0, toMs: 6 * H, count: 2 });
    expect(respond.bins[1]!.count).toBe(1);
    expect(respond.bins[5]!.count).toBe(1);
    expect(respond.bins[12]).toEqual({ fromMs: 72 * H, toMs: null, count: 1 });
    expect(respond.bins.reduce((n, b) => n + b.count, 0)).toBe(5);
    const figures = responseFigures(issues, targets, MONDAY + 30 * D);
    expect(respond.spread).toEqual(figures.respond);
    expect(resolve.spread).toEqual(figures.resolve);
    expect(resolve.bins[Math.floor((3 * D) / ((7 * D) / 4))]!.count).toBe(1);
  });
});

describe('issues by category and by point', () => {
  it('counts by category largest first and leaves out empty ones', () => {
    const issues = [
      issue('a', MONDAY, [], { category: 'dust' }),
      issue('b', MONDAY, [], { category: 'noise' }),
      issue('c', MONDAY, [['rejected', 1]], { category: 'noise' }),
    ];
    expect(issuesByCategory(issues)).toEqual([
      { category: 'noise', n: 2 },
      { category: 'dust', n: 1 },
    ]);
  });

  it('counts open and overdue issues per point, most open first, points without issues last', () => {
    const points = [
      { id: 'p1', name: '一号井' },
      { id: 'p2', name: '二号井' },
      { id: 'p3', name: '三号井' },
    ];
    const now = MONDAY + 3 * D;
    const issues = [
      issue('a', MONDAY, [], { pointId: 'p2' }), // unanswered for 3 days: overdue
      issue('b', now - H, [], { pointId: 'p2' }),
      issue('c', MONDAY, [['acknowledged', 1]], { pointId: 'p1' }),
      issue('d', MONDAY, [['rejected', 1]], { pointId: 'p3' }),
    ];
    expect(openByPoint(issues, points, targets, now).map((r) => [r.point.id, r.open, r.overdue])).toEqual([
      ['p2', 2, 1],
      ['p1', 1, 0],
      ['p3', 0, 0],
    ]);
  });
});
