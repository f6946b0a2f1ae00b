/**
 * Staff review figures on hand-made issue histories: counts, response times
 * against the work's targets, overdue issues, and what a meeting pack lists.
 */
import { describe, expect, it } from 'vitest';
import {
  countIssues,
  isOpenIssue,
  spreadsheetTime,
  encodeStamp,
  issueTimes,
  medianMs,
  meetingSelection,
  overdueReason,
  perWeek,
  responseFigures,
  toCsv,
  type IssueCategory,
  type IssueHistoryEntry,
  type IssueState,
  type IssueStatus,
} from '../../src/core';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 10, 2, 1, 0, 0); // 2026-11-02 09:00 in Beijing
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev' });
const targets = { acknowledgeHours: 24, resolveDays: 7 };

/** An issue reported at `reportedMs` that went through `moves` (status, hours after the report). */
function issue(
  id: string,
  moves: Array<[IssueStatus, number]>,
  opts: { category?: IssueCategory; reportedMs?: number; plannedDate?: string } = {},
): IssueState {
  const reportedMs = opts.reportedMs ?? T0;
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
    pointId: null,
    status: moves.at(-1)?.[0] ?? 'reported',
    plannedDate: opts.plannedDate ?? null,
    reportedBy: 'v',
    reportedAt: stamp(reportedMs),
    fieldStamps: { category: stamp(reportedMs), description: stamp(reportedMs), severity: stamp(reportedMs), pointId: stamp(reportedMs) },
    history,
    comments: [],
    updatedAt: stamp(reportedMs),
  };
}

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(medianMs([])).toBeNull();
    expect(medianMs([5])).toBe(5);
    expect(medianMs([9, 1, 5])).toBe(5);
    expect(medianMs([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('issue times', () => {
  it('takes the first response (acknowledgement or dispute) and the standing fix', () => {
    const t = issueTimes(
      issue('a', [
        ['disputed', 2],
        ['acknowledged', 30],
        ['resolved', 50],
        ['verified', 60],
      ]),
    );
    expect(t.respondedMs! - T0).toBe(2 * H);
    expect(t.resolvedMs! - T0).toBe(50 * H);
    expect(t.verifiedMs! - T0).toBe(60 * H);
  });

  it('does not count a fix that was reopened, and counts the later one', () => {
    expect(
      issueTimes(
        issue('b', [
          ['acknowledged', 1],
          ['resolved', 5],
          ['reopened', 6],
        ]),
      ).resolvedMs,
    ).toBeNull();
    expect(
      issueTimes(
        issue('c', [
          ['acknowledged', 1],
          ['resolved', 5],
          ['reopened', 6],
          ['resolved', 9],
        ]),
      ).resolvedMs! - T0,
    ).toBe(9 * H);
  });
});

describe('overdue', () => {
  const now = T0 + 30 * H;
  it('flags an issue nobody answered within the target', () => {
    expect(overdueReason(issue('a', []), targets, now)).toBe('response');
    expect(overdueReason(issue('a', []), targets, T0 + 23 * H)).toBeNull();
  });
  it('flags a promised fix date that passed', () => {
    // The planned day ends at midnight in China (UTC+8): 2026-11-02 16:00 UTC.
    const late = issue('b', [['acknowledged', 1]], { plannedDate: '2026-11-02' });
    expect(overdueReason(late, targets, now)).toBe('planned_date');
    expect(overdueReason(late, targets, T0 + 14 * H)).toBeNull();
  });
  it('flags an issue open past the resolve target, but never a closed or fixed one', () => {
    expect(overdueReason(issue('c', [['acknowledged', 1]]), targets, T0 + 8 * D)).toBe('resolution');
    expect(
      overdueReason(
        issue('d', [
          ['acknowledged', 1],
          ['resolved', 2],
        ]),
        targets,
        T0 + 30 * D,
      ),
    ).toBeNull();
    expect(overdueReason(issue('e', [['rejected', 1]]), targets, T0 + 30 * D)).toBeNull();
  });
});

describe('response figures', () => {
  it('gives median and worst over the issues that got there, and counts the waiting ones', () => {
    const issues = [
      issue('a', [
        ['acknowledged', 2],
        ['resolved', 48],
        ['verified', 50],
      ]),
      issue('b', [['acknowledged', 4]]),
      issue('c', [['disputed', 30]]),
      issue('d', []),
      issue('e', [['rejected', 1]]),
    ];
    const f = responseFigures(issues, targets, T0 + 72 * H);
    expect(f.respond).toEqual({ count: 3, medianMs: 4 * H, worstMs: 30 * H, overTarget: 1 });
    expect(f.resolve).toEqual({ count: 1, medianMs: 48 * H, worstMs: 48 * H, overTarget: 0 });
    expect(f.awaitingResponse).toBe(1);
    expect(f.overdue).toBe(1); // d: no answer after 72 h
  });
});

describe('counts', () => {
  it('counts by status and category, and which are open', () => {
    const c = countIssues([
      issue('a', [], { category: 'dust' }),
      issue('b', [['acknowledged', 1]], { category: 'dust' }),
      issue('c', [['rejected', 1]], { category: 'sewage' }),
    ]);
    expect(c.total).toBe(3);
    expect(c.open).toBe(2);
    expect(c.byCategory).toMatchObject({ dust: 2, sewage: 1, noise: 0 });
    expect(c.byStatus).toMatchObject({ reported: 1, acknowledged: 1, rejected: 1, verified: 0 });
  });
});

describe('meeting selection', () => {
  const range = { fromMs: T0 + 5 * D, toMs: T0 + 12 * D };
  const now = T0 + 13 * D;
  const issues = [
    issue('old-open', [['acknowledged', 1]]),
    issue('fixed-in-range', [
      ['acknowledged', 1],
      ['resolved', 6 * 24],
      ['verified', 7 * 24],
    ]),
    issue('fixed-before', [
      ['acknowledged', 1],
      ['resolved', 24],
      ['verified', 25],
    ]),
    issue('fixed-before-unverified', [
      ['acknowledged', 1],
      ['resolved', 48],
    ]),
    issue('disputed', [['disputed', 3]]),
    issue('new-in-range', [], { reportedMs: T0 + 11 * D }),
    issue('after-range', [], { reportedMs: T0 + 12 * D + H }),
    issue('rejected', [['rejected', 1]]),
  ];
  const sel = meetingSelection(issues, range, targets, now);
  const ids = (list: IssueState[]) => list.map((i) => i.id);

  it('lists what is open, late, disputed and fixed, exactly', () => {
    expect(ids(sel.open)).toEqual(['old-open', 'fixed-before-unverified', 'new-in-range']);
    expect(ids(sel.overdue)).toEqual(['old-open', 'new-in-range']);
    expect(ids(sel.disputed)).toEqual(['disputed']);
    expect(ids(sel.resolved)).toEqual(['fixed-in-range']);
    expect(sel.reportedCount).toBe(1);
  });

  it('counts 未办结 as the overview does: disputed issues and fixes awaiting verification are open', () => {
    expect(sel.openCount).toBe(countIssues(issues).open);
    expect(sel.openCount).toBe(5);
    expect(issues.filter(isOpenIssue).map((i) => i.id)).toEqual(['old-open', 'fixed-before-unverified', 'disputed', 'new-in-range', 'after-range']);
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs it and keeps Chinese intact', () => {
    const csv = toCsv(
      ['编号', '描述'],
      [
        ['a1', '夜间施工, "很吵"\n第二行'],
        ['a2', null],
      ],
    );
    expect(csv.startsWith('\uFEFF编号,描述\r\n')).toBe(true);
    expect(csv).toContain('a1,"夜间施工, ""很吵""\n第二行"\r\n');
    expect(csv.endsWith('a2,\r\n')).toBe(true);
  });
  it('writes times in China time, in the form spreadsheets read as a date', () => {
    expect(spreadsheetTime(Date.UTC(2026, 11, 4, 16, 30, 5))).toBe('2026-12-05 00:30:05');
    expect(spreadsheetTime(null)).toBeNull();
  });
  it('keeps a cell that looks like a formula as text', () => {
    expect(toCsv(['x'], [['=HYPERLINK("http://evil")'], ['-1+2'], [-3]])).toBe('\uFEFFx\r\n"\'=HYPERLINK(""http://evil"")"\r\n\'-1+2\r\n-3\r\n');
  });
});

describe('per week', () => {
  // Wednesday 2026-11-25 12:00 in China.
  const now = Date.UTC(2026, 10, 25, 4, 0, 0);
  const china = (y: number, m: number, d: number, h = 12) => Date.UTC(y, m - 1, d, h - 8, 0, 0);
  it('counts Monday to Sunday in China, oldest week first, this week last', () => {
    const weeks = perWeek([china(2026, 11, 23, 0), china(2026, 11, 22, 23), china(2026, 11, 16), china(2026, 11, 25), china(2026, 11, 2)], now, 3);
    expect(weeks.map((w) => w.weekStartMs)).toEqual([china(2026, 11, 9, 0), china(2026, 11, 16, 0), china(2026, 11, 23, 0)]);
    expect(weeks.map((w) => w.count)).toEqual([0, 2, 2]);
  });
});
