/**
 * The desk's issues table and all-works table on hand-made histories: every column sorts in the order a
 * person expects (workflow order for statuses, empty cells last both ways, ties newest first), the
 * filters are the phone list's, and a work's row counts what its overview counts.
 */
import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  countIssues,
  encodeStamp,
  responseFigures,
  type IssueCategory,
  type IssueHistoryEntry,
  type IssueState,
  type IssueStatus,
} from '../../src/core';
import { SORT_KEYS, filterRows, issueRows, sortRows } from '../../src/features/desk/issue-rows';
import { summarizeWork } from '../../src/features/desk/work-summary';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 10, 20, 1, 0, 0);
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev' });
const targets = { acknowledgeHours: 24, resolveDays: 7 };

function issue(
  id: string,
  agoDays: number,
  moves: Array<[IssueStatus, number]>,
  opts: { category?: IssueCategory; pointId?: string; plannedDate?: string; severity?: 'low' | 'medium' | 'high'; description?: string; number?: number } = {},
): IssueState {
  const reportedMs = NOW - agoDays * D;
  const history: IssueHistoryEntry[] = [{ op: `${id}-c`, kind: 'issue.create', actor: 'v', device: 'd', at: stamp(reportedMs) }];
  for (const [i, [to, hours]] of moves.entries()) {
    history.push({ op: `${id}-${i}`, kind: 'issue.transition', actor: 'l', device: 'd', at: stamp(reportedMs + hours * H), to });
  }
  const last = moves.at(-1);
  return {
    id,
    work: 'w',
    category: opts.category ?? 'noise',
    description: opts.description ?? id,
    severity: opts.severity ?? 'medium',
    pointId: opts.pointId ?? null,
    status: last?.[0] ?? 'reported',
    plannedDate: opts.plannedDate ?? null,
    reportedBy: 'v',
    reportedAt: stamp(reportedMs),
    fieldStamps: { category: stamp(reportedMs), description: stamp(reportedMs), severity: stamp(reportedMs), pointId: stamp(reportedMs) },
    history,
    comments: [],
    updatedAt: stamp(reportedMs + (last?.[1] ?? 0) * H),
    ...(opts.number !== undefined && { number: opts.number }),
  };
}

const issues = [
  issue('a', 10, [['acknowledged', 2]], { pointId: 'p2', plannedDate: '2026-11-25', severity: 'high', category: 'sewage', description: '污水外溢', number: 1 }),
  issue('b', 8, [], { pointId: 'p1', category: 'dust', number: 2 }),
  issue(
    'c',
    6,
    [
      ['acknowledged', 1],
      ['resolved', 30],
      ['verified', 40],
    ],
    { number: 3 },
  ),
  issue('d', 4, [['disputed', 3]], { pointId: 'p10', severity: 'low', number: 4 }),
  // Not numbered yet: the server has not accepted it (recorded offline), or it came before numbers existed.
  issue('e', 2, [['rejected', 3]], { category: 'sewage' }),
];
const points = new Map([
  ['p1', '1号楼'],
  ['p2', '2号楼'],
  ['p10', '10号楼'],
]);
const rows = issueRows(issues, points, targets, NOW);
const ids = (list: { issue: IssueState }[]) => list.map((r) => r.issue.id);

describe('the issues table', () => {
  it("shows the server's number of each issue, none for one not numbered yet; by number, that one goes last both ways", () => {
    expect(rows.map((r) => [r.issue.id, r.number])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', null],
    ]);
    expect(ids(sortRows(rows, 'number', 'desc'))).toEqual(['d', 'c', 'b', 'a', 'e']);
    expect(ids(sortRows(rows, 'number', 'asc'))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('sorts statuses in workflow order, points by name with numbers read as numbers, empty cells last both ways', () => {
    expect(ids(sortRows(rows, 'status', 'asc'))).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(ids(sortRows(rows, 'point', 'asc'))).toEqual(['b', 'a', 'd', 'e', 'c']);
    expect(ids(sortRows(rows, 'point', 'desc'))).toEqual(['d', 'a', 'b', 'e', 'c']);
    expect(ids(sortRows(rows, 'planned', 'asc'))).toEqual(['a', 'e', 'd', 'c', 'b']);
    expect(ids(sortRows(rows, 'severity', 'desc'))).toEqual(['a', 'e', 'c', 'b', 'd']);
  });

  it('gives open issues an age and closed ones none; late ones by their reason', () => {
    const byId = new Map(rows.map((r) => [r.issue.id, r]));
    expect(byId.get('b')!.ageMs).toBe(8 * D);
    expect(byId.get('c')!.ageMs).toBeNull();
    expect(byId.get('e')!.ageMs).toBeNull();
    expect(byId.get('b')!.overdue).toBe('response');
    expect(byId.get('a')!.overdue).toBe('resolution');
    expect(byId.get('c')!.overdue).toBeNull();
    expect(ids(sortRows(rows, 'age', 'desc'))).toEqual(['a', 'b', 'd', 'e', 'c']);
    expect(byId.get('a')!.acknowledgedMs).toBe(NOW - 10 * D + 2 * H);
    expect(byId.get('b')!.acknowledgedMs).toBeNull();
  });

  it('sorts every column both ways without losing or repeating a row', () => {
    for (const key of SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) expect(ids(sortRows(rows, key, dir)).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    }
  });

  it("filters as the phone list does, then by the search's words", () => {
    expect(ids(filterRows(rows, { ...NO_FILTER, status: 'open' }, '', NOW))).toEqual(['a', 'b', 'd']);
    expect(ids(filterRows(rows, { ...NO_FILTER, category: 'sewage' }, '', NOW))).toEqual(['a', 'e']);
    expect(ids(filterRows(rows, { ...NO_FILTER, status: 'open', category: 'sewage' }, '外溢', NOW))).toEqual(['a']);
    expect(ids(filterRows(rows, NO_FILTER, '10号楼', NOW))).toEqual(['d']);
    expect(ids(filterRows(rows, NO_FILTER, '4', NOW))).toEqual(['d']);
    expect(ids(filterRows(rows, NO_FILTER, '#4', NOW))).toEqual(['d']);
  });
});

describe('all my works', () => {
  it('counts a work as its overview does, and its photos of the last seven days', () => {
    const photos = [
      { takenAt: NOW - 2 * D, addedAt: stamp(NOW - 2 * D) },
      { takenAt: null, addedAt: stamp(NOW - 1 * H) },
      { takenAt: NOW - 9 * D, addedAt: stamp(NOW - 9 * D) },
      { takenAt: NOW - 1 * D, addedAt: stamp(NOW - 1 * D), retracted: { by: 's', at: stamp(NOW), reason: '拍错了' } },
    ];
    const s = summarizeWork(issues, photos, targets, NOW);
    const counts = countIssues(issues);
    const figures = responseFigures(issues, targets, NOW);
    expect(s).toEqual({
      open: counts.open,
      overdue: figures.overdue,
      waiting: figures.awaitingResponse,
      disputed: counts.byStatus.disputed,
      lastActivityMs: NOW - 1 * H,
      photosWeek: 2,
    });
    expect([s.open, s.disputed, s.waiting]).toEqual([3, 1, 1]);
    expect(summarizeWork([], [], targets, NOW).lastActivityMs).toBeNull();
  });
});
