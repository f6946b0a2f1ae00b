/**
 * Merge duplicates: staff fold a duplicate complaint into another open
 * issue of the same work. The rule (status machine + checkOp) and what the
 * merged issue keeps (applyOp), as both the device and the server judge it.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnyEntityState,
  type CheckContext,
  type IssueState,
  type IssueStatus,
  type OpOf,
  RULES_VERSION,
  ROLES,
  applyOp,
  availableTransitions,
  checkOp,
  factsFrom,
  encodeStamp,
  parseOp,
} from '../../src/core';

const T0 = 1_732_800_000_000;
const stamp = (ms: number) => encodeStamp({ wall: T0 + ms, counter: 0, node: 'dev1' });
let n = 0;

function op<K extends 'issue.create' | 'issue.transition'>(kind: K, entityId: string, payload: OpOf<K>['payload'], actor = 'staff-1'): OpOf<K> {
  n++;
  return { id: `op-${n}`, work: 'work-1', actor, device: 'dev1', hlc: stamp(n * 1000), v: RULES_VERSION, entity: 'issue', entityId, kind, payload } as OpOf<K>;
}

function issue(id: string, status: IssueStatus = 'reported'): IssueState {
  const created = applyOp(
    undefined,
    op('issue.create', id, { category: 'noise', description: `drilling ${id}`, severity: 'medium', pointId: null }, 'vol-1'),
  ) as IssueState;
  return { ...created, status };
}

/** The server's context: issues `known` exist in the work with these statuses. */
function ctx(role: CheckContext['actorRole'], current: AnyEntityState, known: Record<string, IssueStatus>): CheckContext {
  return { actorRole: role, current, facts: factsFrom({ rows: { point: [], issue: Object.entries(known).map(([id, status]) => ({ id, status })) } }) };
}

const merge = (into?: string) => op('issue.transition', 'dup', into === undefined ? { to: 'merged' } : { to: 'merged', into });

describe('merging a duplicate into another issue', () => {
  it.each(['reported', 'acknowledged', 'in_progress', 'disputed', 'reopened'] as const)('lets staff merge a %s issue into an open one', (from) => {
    const dup = issue('dup', from);
    const o = merge('main');
    expect(checkOp(o, ctx('staff', dup, { dup: from, main: 'acknowledged' }))).toBeNull();
    const next = applyOp(dup, o) as IssueState;
    expect(next.status).toBe('merged');
    expect(next.mergedInto).toBe('main');
    expect(next.history.at(-1)).toMatchObject({ kind: 'issue.transition', to: 'merged', into: 'main', actor: 'staff-1' });
    // merged is final: nobody may move it again.
    for (const role of ROLES) expect(availableTransitions('merged', role)).toEqual([]);
  });

  it.each(['volunteer', 'liaison'] as const)('refuses a %s (forbidden_role), target or not', (role) => {
    const r = checkOp(merge('main'), ctx(role, issue('dup'), { dup: 'reported', main: 'reported' }));
    expect(r?.code).toBe('forbidden_role');
    expect(availableTransitions('reported', role).map((t) => t.to)).not.toContain('merged');
  });

  it.each(['resolved', 'verified', 'rejected'] as const)('does not merge an issue that is %s already (invalid_transition)', (from) => {
    expect(checkOp(merge('main'), ctx('staff', issue('dup', from), { main: 'reported' }))?.code).toBe('invalid_transition');
  });

  it('needs the issue to merge into', () => {
    const r = checkOp(merge(), ctx('staff', issue('dup'), { dup: 'reported' }));
    expect(r?.code).toBe('invalid');
    expect(r?.message).toContain('into');
  });

  it('refuses a target that is not an issue of this work (unknown_entity)', () => {
    expect(checkOp(merge('elsewhere'), ctx('staff', issue('dup'), { dup: 'reported' }))?.code).toBe('unknown_entity');
  });

  it('refuses merging an issue into itself', () => {
    const r = checkOp(merge('dup'), ctx('staff', issue('dup'), { dup: 'reported' }));
    expect(r?.code).toBe('invalid');
    expect(r?.message).toContain('itself');
  });

  it.each(['merged', 'rejected', 'verified'] as const)('refuses a target that is %s (issue_closed)', (status) => {
    const r = checkOp(merge('main'), ctx('staff', issue('dup'), { dup: 'reported', main: status }));
    expect(r?.code).toBe('issue_closed');
    expect(r?.params).toEqual({ from: status });
  });

  it('accepts a resolved target: it is still open until verified', () => {
    expect(checkOp(merge('main'), ctx('staff', issue('dup'), { dup: 'reported', main: 'resolved' }))).toBeNull();
  });

  it('leaves the target to the server when the device does not know it', () => {
    // The device does not hold the target: it cannot tell, so it queues the op and the server judges.
    expect(checkOp(merge('main'), { actorRole: 'staff', current: issue('dup'), facts: factsFrom({ rows: { point: [] } }) })).toBeNull();
  });

  it('keeps the residents affected on the merged issue (the target is not changed by the op)', () => {
    const dup = { ...issue('dup'), affected: 3 };
    const next = applyOp(dup, merge('main')) as IssueState;
    expect(next.affected).toBe(3);
  });

  it('takes `into` only with a move to merged (op schema)', () => {
    const wire = (payload: Record<string, unknown>) => ({ ...merge('main'), payload });
    expect(parseOp(wire({ to: 'merged', into: 'main' })).ok).toBe(true);
    expect(parseOp(wire({ to: 'rejected', reason: 'dup', into: 'main' }))).toEqual({ ok: false, message: expect.stringContaining('into') });
    expect(parseOp(wire({ to: 'merged', into: 'not an id!' })).ok).toBe(false);
  });
});
