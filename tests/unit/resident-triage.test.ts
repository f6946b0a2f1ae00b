/**
 * The triage of a resident's report as a device judges it offline (the same rule the server runs), and
 * where it waits: in the volunteers' and staff's inbox, late once past the acknowledge target.
 */
import { describe, expect, it } from 'vitest';
import { type IssueState, type OpOf, RULES_VERSION, applyOp, checkOp, encodeStamp, factsFrom, residentFigures, targetsOf, waitingFor } from '../../src/core';

const T0 = Date.UTC(2026, 11, 1, 2, 0);
let n = 0;
const stamp = (ms: number) => encodeStamp({ wall: T0 + ms, counter: 0, node: 'dev1' });

function op<K extends 'issue.create' | 'issue.triage'>(kind: K, entityId: string, payload: OpOf<K>['payload'], actor = 'vol-1', at = ++n * 1000): OpOf<K> {
  return { id: `op-${++n}`, work: 'work-1', actor, device: 'dev1', hlc: stamp(at), v: RULES_VERSION, entity: 'issue', entityId, kind, payload } as OpOf<K>;
}

const report = (id: string, viaPoster = true): IssueState =>
  applyOp(
    undefined,
    op(
      'issue.create',
      id,
      { category: 'sewage', description: '井盖冒水', severity: 'medium', pointId: null, ...(viaPoster && { viaPoster: true as const }) },
      'resident',
      0,
    ),
  ) as IssueState;

const facts = (known: Record<string, IssueState['status']>) =>
  factsFrom({ rows: { point: [], issue: Object.entries(known).map(([id, status]) => ({ id, status })) } });

describe('triage, judged on the device', () => {
  it('a volunteer accepts; a second triage (another phone, offline) is refused as already_triaged', () => {
    const r = report('r1');
    const accept = op('issue.triage', 'r1', { decision: 'accept' });
    expect(checkOp(accept, { actorRole: 'volunteer', current: r })).toBeNull();
    const accepted = applyOp(r, accept) as IssueState;
    expect(accepted.triage).toMatchObject({ decision: 'accept', by: 'vol-1' });
    expect(accepted.status).toBe('reported');
    const second = op('issue.triage', 'r1', { decision: 'decline', reason: 'duplicate', note: '' }, 'vol-2');
    expect(checkOp(second, { actorRole: 'volunteer', current: accepted })?.code).toBe('already_triaged');
  });

  it('a decline rejects it with the reason and the note; a merge needs another open issue', () => {
    const r = report('r2');
    const decline = op('issue.triage', 'r2', { decision: 'decline', reason: 'not_enough_info', note: ' 请补充位置 ' });
    const declined = applyOp(r, decline) as IssueState;
    expect(declined.status).toBe('rejected');
    expect(declined.history.at(-1)).toMatchObject({ to: 'rejected', declined: 'not_enough_info', reason: '请补充位置', triage: 'decline' });
    const merge = op('issue.triage', 'r2', { decision: 'merge', into: 'main' });
    expect(checkOp(merge, { actorRole: 'staff', current: r, facts: facts({ main: 'verified' }) })?.code).toBe('issue_closed');
    expect(checkOp(merge, { actorRole: 'staff', current: r, facts: facts({ main: 'acknowledged' }) })).toBeNull();
    expect(applyOp(r, merge)).toMatchObject({ status: 'merged', mergedInto: 'main' });
  });

  it('a payload that mixes decisions is refused by the schema', async () => {
    const { parseOp } = await import('../../src/core');
    const bad = { ...op('issue.triage', 'r3', { decision: 'accept' }), payload: { decision: 'accept', into: 'main' } };
    expect(parseOp(bad).ok).toBe(false);
    const noReason = { ...op('issue.triage', 'r3', { decision: 'accept' }), payload: { decision: 'decline', note: 'x' } };
    expect(parseOp(noReason).ok).toBe(false);
  });

  it('only a poster report is triaged, never by the liaison; no device makes a poster report', () => {
    expect(checkOp(op('issue.triage', 'x', { decision: 'accept' }), { actorRole: 'volunteer', current: report('x', false) })?.code).toBe('invalid');
    expect(checkOp(op('issue.triage', 'y', { decision: 'accept' }), { actorRole: 'liaison', current: report('y') })?.code).toBe('forbidden_role');
    const forged = op('issue.create', 'z', { category: 'noise', description: '冒充', severity: 'low', pointId: null, viaPoster: true });
    expect(checkOp(forged, { actorRole: 'staff', current: undefined })?.code).toBe('server_only');
  });
});

describe('the inbox', () => {
  it('an untriaged report waits for volunteers and staff, first, and is late after the acknowledge target', () => {
    const targets = targetsOf(undefined);
    const fresh = report('a');
    const triaged = applyOp(report('b'), op('issue.triage', 'b', { decision: 'accept' })) as IssueState;
    const soon = waitingFor('volunteer', [fresh, triaged], { targets, now: T0 + 3_600_000 });
    expect(soon.map((w) => [w.issue.id, w.reason, w.lateMs])).toEqual([['a', 'triage', 0]]);
    const late = waitingFor('staff', [fresh], { targets, now: T0 + (targets.acknowledgeHours + 2) * 3_600_000 });
    expect(late[0]?.reason).toBe('triage');
    expect(late[0]!.lateMs).toBeGreaterThan(0);
    // The liaison sees it as any new report.
    expect(waitingFor('liaison', [fresh], { targets, now: T0 + 60_000 })[0]?.reason).toBe('new');
  });
});

describe('residents’ reports in figures (overview, meeting pack, ledger)', () => {
  it('counts what came in and how it was triaged, and the median time to triage', () => {
    const hour = 3_600_000;
    const triaged = (id: string, decision: 'accept' | 'merge' | 'decline', afterMs: number) =>
      applyOp(
        report(id),
        op(
          'issue.triage',
          id,
          decision === 'accept' ? { decision } : decision === 'merge' ? { decision, into: 'main' } : { decision, reason: 'duplicate', note: '' },
          'vol-1',
          afterMs,
        ),
      ) as IssueState;
    const issues = [triaged('a', 'accept', 1 * hour), triaged('b', 'merge', 3 * hour), triaged('c', 'decline', 10 * hour), report('d'), report('e', false)];
    expect(residentFigures(issues)).toEqual({ received: 4, accepted: 1, merged: 1, declined: 1, waiting: 1, medianResponseMs: 3 * hour });
    expect(residentFigures([report('x', false)])).toMatchObject({ received: 0, medianResponseMs: null });
  });
});
