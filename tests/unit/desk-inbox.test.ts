/** Staff's combined inbox across works: one reason per issue, the most pressing, and late ones first. */
import { describe, expect, it } from 'vitest';
import { encodeStamp, type IssueHistoryEntry, type IssueState, type IssueStatus } from '../../src/core';
import { deskOrder, deskReason, deskWaiting } from '../../src/core/desk-inbox';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 1, 0, 0);
const stamp = (ms: number) => encodeStamp({ wall: ms, counter: 0, node: 'dev' });
const opts = (now: number) => ({ targets: { acknowledgeHours: 24, resolveDays: 7 }, now });

function issue(id: string, reportedMs: number, moves: Array<[IssueStatus, number]>, extra: Partial<IssueState> = {}): IssueState {
  const history: IssueHistoryEntry[] = [{ op: `${id}-c`, kind: 'issue.create', actor: 'v', device: 'd', at: stamp(reportedMs) }];
  for (const [i, [to, hours]] of moves.entries())
    history.push({ op: `${id}-${i}`, kind: 'issue.transition', actor: 'l', device: 'd', at: stamp(reportedMs + hours * H), to });
  return {
    id,
    work: 'w',
    category: 'noise',
    description: id,
    severity: 'medium',
    pointId: null,
    status: moves.at(-1)?.[0] ?? 'reported',
    plannedDate: null,
    reportedBy: 'v',
    reportedAt: stamp(reportedMs),
    fieldStamps: { category: stamp(reportedMs), description: stamp(reportedMs), severity: stamp(reportedMs), pointId: stamp(reportedMs) },
    history,
    comments: [],
    updatedAt: stamp(reportedMs),
    ...extra,
  };
}

describe('deskReason', () => {
  const now = T0 + 48 * H;
  it('names new, late, disputed and triage issues, and leaves the rest out', () => {
    expect(deskReason(issue('fresh', now - H, []), opts(now))).toEqual({ reason: 'new', lateMs: 0 });
    expect(deskReason(issue('unanswered', T0, []), opts(now))).toEqual({ reason: 'overdue', lateMs: 24 * H });
    expect(deskReason(issue('disputed', T0, [['disputed', 2]]), opts(now))).toEqual({ reason: 'disputed', lateMs: 0 });
    expect(deskReason(issue('poster', now - H, [], { viaPoster: true }), opts(now))).toEqual({ reason: 'triage', lateMs: 0 });
    // A resident's report waiting for triage stays 'triage' when late, with its lateness.
    expect(deskReason(issue('poster-late', T0, [], { viaPoster: true }), opts(now))).toEqual({ reason: 'triage', lateMs: 24 * H });
    for (const moves of [[['acknowledged', 1]], [['resolved', 3]], [['verified', 3]], [['rejected', 1]]] as Array<Array<[IssueStatus, number]>>) {
      expect(deskReason(issue('x', T0, moves), opts(now))).toBeNull();
    }
  });
});

describe('deskOrder', () => {
  it('puts late issues first (latest first), then triage, disputed and new, each oldest first, across works', () => {
    const now = T0 + 20 * 24 * H;
    const a = deskWaiting([issue('new-old', now - 5 * H, []), issue('late-10d', now - 10 * 24 * H, [['acknowledged', 1]])], opts(now));
    const b = deskWaiting(
      [
        issue('late-1d', now - 25 * H, []),
        issue('disputed', T0, [['disputed', 1]]),
        issue('new-young', now - 2 * H, []),
        issue('poster', now - H, [], { viaPoster: true }),
      ],
      opts(now),
    );
    expect([...a, ...b].sort(deskOrder).map((w) => w.issue.id)).toEqual(['late-10d', 'late-1d', 'poster', 'disputed', 'new-old', 'new-young']);
  });
});
