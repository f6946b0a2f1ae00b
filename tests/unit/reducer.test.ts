/**
 * The shared rules: the status machine (who may move an issue where), the
 * reducer's merge rules, and the op schema that guards both sides.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type AnyEntityState,
  ISSUE_STATUSES,
  type IssueState,
  type Op,
  OpSchema,
  type OpOf,
  type PointState,
  RULES_VERSION,
  applyOp,
  availableTransitions,
  checkOp,
  encodeStamp,
  findTransition,
  parseOp,
  parseWith,
  earliestPlannedDate,
  factsFrom,
} from '../../src/core';

const T0 = 1_732_800_000_000;
const WORK = 'work-1';
const REPORTER = 'member-vol';

function stamp(wall: number, counter = 0, node = 'dev1'): string {
  return encodeStamp({ wall, counter, node });
}

let opCounter = 0;
function envelope(actor: string, hlc: string) {
  opCounter++;
  return { id: `op-${opCounter}`, work: WORK, actor, device: 'dev1', hlc, v: RULES_VERSION };
}

function issueCreate(overrides: Partial<OpOf<'issue.create'>['payload']> = {}, entityId = 'issue-1'): OpOf<'issue.create'> {
  return {
    ...envelope(REPORTER, stamp(T0)),
    entity: 'issue',
    entityId,
    kind: 'issue.create',
    payload: { category: 'noise', description: 'drilling at 6 am', severity: 'medium', pointId: null, ...overrides },
  };
}

function transition(actor: string, payload: OpOf<'issue.transition'>['payload'], hlc = stamp(T0 + 1000)): OpOf<'issue.transition'> {
  return { ...envelope(actor, hlc), entity: 'issue', entityId: 'issue-1', kind: 'issue.transition', payload };
}

function edit(fields: OpOf<'issue.edit'>['payload']['fields'], hlc: string, actor = REPORTER): OpOf<'issue.edit'> {
  return { ...envelope(actor, hlc), entity: 'issue', entityId: 'issue-1', kind: 'issue.edit', payload: { fields } };
}

function comment(text: string, hlc: string, actor = REPORTER): OpOf<'issue.comment'> {
  return { ...envelope(actor, hlc), entity: 'issue', entityId: 'issue-1', kind: 'issue.comment', payload: { text } };
}

/** The server's view of a work with no points (other facts not known). */
const noPoints = factsFrom({ rows: { point: [] } });

/** Check then apply, as both the device and the server do; throws on a rejection. */
function run(state: AnyEntityState | undefined, op: Op, role: Actor): AnyEntityState {
  const rejection = checkOp(op, { actorRole: role, current: state, facts: noPoints });
  if (rejection) throw new Error(`${rejection.code}: ${rejection.message}`);
  return applyOp(state, op);
}

function reportedIssue(): IssueState {
  return run(undefined, issueCreate(), 'volunteer') as IssueState;
}

/** Walk an issue to `resolved` through legal moves. */
function resolvedIssue(): IssueState {
  let s: AnyEntityState = reportedIssue();
  s = run(s, transition('liaison-1', { to: 'acknowledged', plannedDate: '2025-01-10' }), 'liaison');
  s = run(s, transition('liaison-1', { to: 'resolved' }), 'liaison');
  return s as IssueState;
}

describe('status machine', () => {
  it('lets the liaison acknowledge only with a planned fix date', () => {
    const issue = reportedIssue();
    const without = checkOp(transition('liaison-1', { to: 'acknowledged' }), {
      actorRole: 'liaison',
      current: issue,
      facts: noPoints,
    });
    expect(without?.code).toBe('missing_planned_date');

    const next = run(issue, transition('liaison-1', { to: 'acknowledged', plannedDate: '2025-01-10' }), 'liaison') as IssueState;
    expect(next.status).toBe('acknowledged');
    expect(next.plannedDate).toBe('2025-01-10');
    expect(next.history.at(-1)).toMatchObject({ kind: 'issue.transition', to: 'acknowledged', plannedDate: '2025-01-10' });
  });

  it('refuses a volunteer acknowledging (forbidden_role), even with a date', () => {
    const r = checkOp(transition(REPORTER, { to: 'acknowledged', plannedDate: '2025-01-10' }), {
      actorRole: 'volunteer',
      current: reportedIssue(),
      facts: noPoints,
    });
    expect(r?.code).toBe('forbidden_role');
    expect(r?.params).toEqual({ from: 'reported', to: 'acknowledged' });
  });

  it('never lets a liaison move an issue to verified, from any status', () => {
    for (const from of ISSUE_STATUSES) expect(findTransition(from, 'verified', 'liaison').ok).toBe(false);
    expect(availableTransitions('resolved', 'liaison').map((r) => r.to)).not.toContain('verified');
    const r = checkOp(transition('liaison-1', { to: 'verified' }), { actorRole: 'liaison', current: resolvedIssue(), facts: noPoints });
    expect(r?.code).toBe('forbidden_role');
  });

  it.each(['volunteer', 'staff'] as const)('lets a %s verify a resolved issue', (role) => {
    const next = run(resolvedIssue(), transition(`${role}-1`, { to: 'verified' }, stamp(T0 + 5000)), role) as IssueState;
    expect(next.status).toBe('verified');
  });

  it('answers a move the machine does not have with invalid_transition and the status it came from', () => {
    // reported → verified skips the whole fix; no role may do it.
    const r = checkOp(transition('staff-1', { to: 'verified' }), { actorRole: 'staff', current: reportedIssue(), facts: noPoints });
    expect(r?.code).toBe('invalid_transition');
    expect(r?.params?.from).toBe('reported');
    expect(r?.params?.to).toBe('verified');
  });

  it('requires a reason for a dispute', () => {
    const r = checkOp(transition('liaison-1', { to: 'disputed' }), { actorRole: 'liaison', current: reportedIssue(), facts: noPoints });
    expect(r?.code).toBe('missing_reason');
  });
});

describe('reducer merge rules', () => {
  it('merges two edits per field by HLC, giving the same state in either order', () => {
    const base = reportedIssue();
    // Two devices edit the same issue concurrently: A later (description, severity), B earlier (description, category).
    const a = edit({ description: 'from A', severity: 'high' }, stamp(T0 + 2000, 0, 'devA'));
    const b = edit({ description: 'from B', category: 'dust' }, stamp(T0 + 1000, 0, 'devB'));

    const ab = applyOp(applyOp(base, a), b) as IssueState;
    const ba = applyOp(applyOp(base, b), a) as IssueState;

    // History records arrival order, so it legitimately differs; everything else must match.
    const { history: _h1, ...abRest } = ab;
    const { history: _h2, ...baRest } = ba;
    expect(abRest).toEqual(baRest);
    expect(ab.description).toBe('from A'); // newer stamp wins the shared field
    expect(ab.severity).toBe('high'); // independent fields are both kept
    expect(ab.category).toBe('dust');
    expect(ab.fieldStamps.description).toBe(a.hlc);
    expect(ab.fieldStamps.category).toBe(b.hlc);
    expect(ab.updatedAt).toBe(a.hlc);
    // The history says which fields each edit actually changed.
    expect(ab.history.at(-1)).toMatchObject({ op: b.id, fields: ['category'] });
  });

  it('ignores an edit older than the issue itself', () => {
    const base = reportedIssue();
    const stale = applyOp(base, edit({ severity: 'low' }, stamp(T0 - 1))) as IssueState;
    expect(stale.severity).toBe('medium');
  });

  it('property: any order of edits with distinct stamps converges', () => {
    const fieldsArb = fc
      .record(
        {
          description: fc.constantFrom('x', 'y', 'z'),
          severity: fc.constantFrom('low', 'medium', 'high'),
          category: fc.constantFrom('noise', 'dust', 'sewage'),
        },
        { requiredKeys: [] },
      )
      .filter((f) => Object.keys(f).length > 0);
    const editsArb = fc.array(fc.tuple(fieldsArb, fc.integer({ min: 1, max: 50 })), { minLength: 1, maxLength: 8 });
    // The edits, and a random permutation of their indices.
    const caseArb = editsArb.chain((specs) => {
      const indices = specs.map((_, i) => i);
      return fc.tuple(fc.constant(specs), fc.shuffledSubarray(indices, { minLength: indices.length }));
    });
    fc.assert(
      fc.property(caseArb, ([specs, order]) => {
        // Distinct stamps: the index goes into the counter.
        const edits = specs.map(([fields, dt], i) => edit(fields, stamp(T0 + dt, i)));
        const shuffled = order.map((i) => edits[i]!);
        const strip = ({ history: _h, ...rest }: IssueState) => rest;
        const inOrder = edits.reduce<AnyEntityState>((s, op) => applyOp(s, op), reportedIssue()) as IssueState;
        const mixed = shuffled.reduce<AnyEntityState>((s, op) => applyOp(s, op), reportedIssue()) as IssueState;
        expect(strip(mixed)).toEqual(strip(inOrder));
      }),
      { numRuns: 200 },
    );
  });

  it('accumulates comments in order', () => {
    let s: AnyEntityState = reportedIssue();
    s = run(s, comment('still noisy', stamp(T0 + 1000)), 'volunteer');
    s = run(s, comment('we will fix it', stamp(T0 + 2000), 'liaison-1'), 'liaison');
    const issue = s as IssueState;
    expect(issue.comments.map((c) => [c.actor, c.text])).toEqual([
      [REPORTER, 'still noisy'],
      ['liaison-1', 'we will fix it'],
    ]);
    expect(issue.updatedAt).toBe(stamp(T0 + 2000));
  });
});

describe('checkOp guards', () => {
  it('refuses a create on an entity that exists', () => {
    const r = checkOp(issueCreate(), { actorRole: 'volunteer', current: reportedIssue(), facts: noPoints });
    expect(r?.code).toBe('exists');
  });

  it('refuses an edit of an entity that does not exist', () => {
    const r = checkOp(edit({ severity: 'high' }, stamp(T0 + 1)), { actorRole: 'staff', current: undefined, facts: noPoints });
    expect(r?.code).toBe('unknown_entity');
  });

  it('refuses an issue on an unknown point, accepts it on a known one', () => {
    const op = issueCreate({ pointId: 'point-x' });
    expect(checkOp(op, { actorRole: 'volunteer', current: undefined, facts: noPoints })?.code).toBe('unknown_point');
    expect(checkOp(op, { actorRole: 'volunteer', current: undefined, facts: factsFrom({ rows: { point: [{ id: 'point-x' }] } }) })).toBeNull();
  });

  it('lets only the reporter or staff edit an issue', () => {
    const op = edit({ severity: 'high' }, stamp(T0 + 1), 'someone-else');
    expect(checkOp(op, { actorRole: 'volunteer', current: reportedIssue(), facts: noPoints })?.code).toBe('not_reporter');
    expect(checkOp(op, { actorRole: 'staff', current: reportedIssue(), facts: noPoints })).toBeNull();
  });

  it.each(['volunteer', 'liaison', 'staff'] as const)('refuses member.join made by a %s (server_only)', (role) => {
    const join: OpOf<'member.join'> = {
      ...envelope('member-x', stamp(T0)),
      entity: 'member',
      entityId: 'member-x',
      kind: 'member.join',
      payload: { name: 'Mallory', role: 'staff' },
    };
    expect(checkOp(join, { actorRole: role, current: undefined, facts: noPoints })?.code).toBe('server_only');
    expect(checkOp(join, { actorRole: 'system', current: undefined, facts: noPoints })).toBeNull();
  });

  it('lets only staff create points', () => {
    const op: OpOf<'point.create'> = {
      ...envelope('member-x', stamp(T0)),
      entity: 'point',
      entityId: 'p1',
      kind: 'point.create',
      payload: { name: 'gate', lat: null, lng: null },
    };
    expect(checkOp(op, { actorRole: 'volunteer', current: undefined, facts: noPoints })?.code).toBe('forbidden_role');
    const point = run(undefined, op, 'staff') as PointState;
    expect(point).toMatchObject({ id: 'p1', work: WORK, name: 'gate', createdAt: op.hlc });
  });
});

describe('op schema (parseOp)', () => {
  /** A plain JSON op as it arrives over the wire. */
  function wire(overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}): Record<string, unknown> {
    const op = issueCreate();
    return { ...op, payload: { ...op.payload, ...payload }, ...overrides };
  }

  it('accepts a well-formed op', () => {
    const r = parseOp(wire());
    expect(r.ok).toBe(true);
  });

  it('accepts a description of exactly 2000 characters and rejects 2001', () => {
    expect(parseOp(wire({}, { description: 'x'.repeat(2000) })).ok).toBe(true);
    const r = parseOp(wire({}, { description: 'x'.repeat(2001) }));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('payload.description') });
  });

  it('rejects a blank description', () => {
    expect(parseOp(wire({}, { description: '   ' })).ok).toBe(false);
  });

  it('rejects an unknown kind', () => {
    expect(parseOp(wire({ kind: 'issue.delete' })).ok).toBe(false);
  });

  it('rejects extra keys on the op and in its payload (strict objects)', () => {
    expect(parseOp(wire({ admin: true })).ok).toBe(false);
    expect(parseOp(wire({}, { status: 'verified' })).ok).toBe(false);
  });

  it('rejects a kind that does not match its entity', () => {
    expect(parseOp(wire({ entity: 'work' })).ok).toBe(false);
  });

  it.each([
    ['id', 'a/b'],
    ['id', '..'],
    ['entityId', '../etc'],
    ['work', 'work/1'],
    ['actor', ''],
    ['device', 'x'.repeat(65)],
  ])('rejects %s = %j', (field, value) => {
    const r = parseOp(wire({ [field]: value }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(field);
  });

  it('rejects a malformed HLC stamp and a rules version below 1', () => {
    expect(parseOp(wire({ hlc: '2024-01-01T00:00:00Z' })).ok).toBe(false);
    expect(parseOp(wire({ v: 0 })).ok).toBe(false);
  });

  it("answers exactly as the whole schema does, messages included (it goes straight to the kind's own schema)", () => {
    const broken: unknown[] = [null, 'op', [], {}, { kind: 'issue.delete' }, { kind: 'constructor' }, { kind: 7 }, wire()];
    for (const key of Object.keys(wire())) {
      const { [key]: _, ...without } = wire();
      broken.push(without, wire({ [key]: 42 }), wire({ [key]: null }));
    }
    broken.push(wire({ kind: 'issue.comment' }), wire({ kind: 'work.create', entity: 'work' }), wire({}, { severity: 'huge' }));
    for (const input of broken) expect(parseOp(input)).toEqual(parseWith(OpSchema, input));
  });
});

describe('a fix needs proof and a future date', () => {
  const acknowledged = () => run(reportedIssue(), transition('liaison-1', { to: 'acknowledged', plannedDate: '2025-01-10' }), 'liaison') as IssueState;

  it('refuses marking an issue resolved without an "after" photo, and accepts it with one', () => {
    const issue = acknowledged();
    const resolve = transition('liaison-1', { to: 'resolved' });
    expect(checkOp(resolve, { actorRole: 'liaison', current: issue, facts: factsFrom({ afterPhotos: { [issue.id]: 0 } }) })?.code).toBe('missing_after_photo');
    expect(checkOp(resolve, { actorRole: 'liaison', current: issue, facts: factsFrom({ afterPhotos: { [issue.id]: 1 } }) })).toBeNull();
  });

  it('refuses a planned fix date in the past, with a day of slack for time zones', () => {
    const issue = reportedIssue();
    const ack = (plannedDate: string) => transition('liaison-1', { to: 'acknowledged', plannedDate });
    const now = Date.UTC(2026, 10, 28, 12);
    const ctx = { actorRole: 'liaison' as const, current: issue, facts: noPoints, today: earliestPlannedDate(now) };
    expect(checkOp(ack('2026-11-20'), ctx)?.code).toBe('planned_date_past');
    expect(checkOp(ack('2026-11-27'), ctx)).toBeNull();
    expect(checkOp(ack('2026-12-05'), ctx)).toBeNull();
  });
});
