/**
 * The device's store on fake-indexeddb: local writes with their outbox entry,
 * and how push answers and pulled ops are folded in. The view must always be
 * "server truth + my pending ops that still make sense".
 */
// Must come first: Dexie looks for indexedDB when src/db/db.ts creates the database.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { type IssueState, type Op, type OpOf, RULES_VERSION, type StoredOp, encodeStamp } from '../../src/core';
import { db } from '../../src/db/db';
import { takeBatch } from '../../src/sync/batches';
import type { Membership } from '../../src/lib/settings';
import { LocalRejection, applyPulled, applyPushResults, confirmedState, recordOp, refreshEntity, upgradePendingOps } from '../../src/sync/local';

const WORK = 'work-1';
const DEVICE = 'device-a';
/** The device under test: the app's store, a fixed id, the real clock. */
const device = { db, deviceId: DEVICE, now: () => Date.now() };
const T0 = Date.now() - 3_600_000; // server ops an hour old, so local stamps (now) are newer

function member(role: Membership['role'], memberId: string): Membership {
  return { work: WORK, workName: 'Drainage works', memberId, name: memberId, role, token: 'token', joinedAt: 0 };
}
const volunteer = member('volunteer', 'vol-1');
const liaison = member('liaison', 'lia-1');

let seq = 0;
/** An op as the server would send it in a pull, made by another device. */
function serverOp<K extends Op['kind']>(fields: Pick<OpOf<K>, 'kind' | 'entity' | 'entityId' | 'payload'> & { actor: string }, wall: number): StoredOp {
  seq++;
  return {
    id: `server-op-${seq}`,
    work: WORK,
    device: 'device-b',
    hlc: encodeStamp({ wall, counter: 0, node: 'device-b' }),
    v: RULES_VERSION,
    seq,
    ...fields,
  } as StoredOp;
}

/** An issue reported by `reporter`, as pulled from the server. */
function pulledIssue(reporter = 'vol-1', entityId = 'issue-1'): StoredOp {
  return serverOp<'issue.create'>(
    {
      kind: 'issue.create',
      entity: 'issue',
      entityId,
      actor: reporter,
      payload: { category: 'noise', description: 'drilling at 6 am', severity: 'medium', pointId: null },
    },
    T0,
  );
}

const issueView = (id = 'issue-1') => db.issues.get(id);

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  seq = 0;
});

describe('recordOp', () => {
  it('writes the view and an outbox entry together', async () => {
    const op = await recordOp(device, volunteer, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { category: 'sewage', description: 'manhole overflowing', severity: 'high', pointId: null },
    });

    expect(op).toMatchObject({ work: WORK, actor: 'vol-1', device: DEVICE, v: RULES_VERSION });
    expect(op.hlc.endsWith(`:${DEVICE}`)).toBe(true);

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ id: op.id, entity: 'issue', entityId: 'issue-1', role: 'volunteer', state: 'pending', op });

    const view = await issueView();
    expect(view).toMatchObject({ status: 'reported', description: 'manhole overflowing', reportedBy: 'vol-1', syncPending: true });
    // Nothing is confirmed until the server says so.
    expect(await confirmedState(db, 'issue', 'issue-1')).toBeUndefined();
  });

  it('writes nothing when the rules refuse the change', async () => {
    await applyPulled(db, WORK, [pulledIssue('vol-2')], 1);
    const viewBefore = await issueView();
    const clockBefore = await db.meta.get('clock');

    // Only the liaison may acknowledge.
    const attempt = recordOp(device, volunteer, {
      kind: 'issue.transition',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { to: 'acknowledged', plannedDate: '2099-01-10' },
    });
    await expect(attempt).rejects.toBeInstanceOf(LocalRejection);
    await expect(attempt).rejects.toMatchObject({ rejection: { code: 'forbidden_role' } });

    expect(await db.outbox.count()).toBe(0);
    expect(await issueView()).toEqual(viewBefore);
    // Even the clock tick was rolled back with the transaction.
    expect(await db.meta.get('clock')).toEqual(clockBefore);
  });
});

describe('applyPushResults', () => {
  it('marks an accepted op as acked and the view as synced', async () => {
    const op = await recordOp(device, volunteer, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { category: 'dust', description: 'no covers on the sand', severity: 'low', pointId: null },
    });
    await applyPushResults(db, WORK, [{ id: op.id, status: 'accepted', seq: 42 }]);

    const entry = await db.outbox.where('id').equals(op.id).first();
    expect(entry).toMatchObject({ state: 'acked', seq: 42 });
    // The acked op still shapes the view until its pull arrives, but nothing waits any more.
    expect(await issueView()).toMatchObject({ description: 'no covers on the sand', syncPending: false });
  });

  it('moves a rejected op to `rejected` with its reason and rebuilds the view without it', async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    const op = await recordOp(device, volunteer, {
      kind: 'issue.comment',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { text: 'worse today' },
    });
    expect((await issueView())?.comments.map((c) => c.text)).toEqual(['worse today']);

    const reason = { code: 'not_member' as const, message: 'this device is not a member of that work' };
    await applyPushResults(db, WORK, [{ id: op.id, status: 'rejected', reason }]);

    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.get(op.id)).toMatchObject({ id: op.id, work: WORK, op, reason, dismissed: 0 });
    expect(await issueView()).toMatchObject({ comments: [], syncPending: false });
  });

  it('ignores answers for ops it does not hold', async () => {
    await applyPushResults(db, WORK, [{ id: 'unknown-op', status: 'accepted', seq: 1 }]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.count()).toBe(0);
  });
});

describe('applyPulled', () => {
  it('keeps a pending local edit on top of newer server state and advances the cursor', async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    await recordOp(device, volunteer, {
      kind: 'issue.edit',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { fields: { description: 'drilling at 5 am, not 6' } },
    });

    // Meanwhile staff edited the same issue (an hour ago, before our edit): severity and description.
    const staffEdit = serverOp<'issue.edit'>(
      {
        kind: 'issue.edit',
        entity: 'issue',
        entityId: 'issue-1',
        actor: 'staff-1',
        payload: { fields: { severity: 'high', description: 'staff wording' } },
      },
      T0 + 1000,
    );
    await applyPulled(db, WORK, [staffEdit], 2);

    const confirmed = (await db.confirmed.get(['issue', 'issue-1']))?.state as IssueState;
    expect(confirmed).toMatchObject({ severity: 'high', description: 'staff wording' });
    // The view: the server's severity, and our newer description re-applied on top.
    expect(await issueView()).toMatchObject({ severity: 'high', description: 'drilling at 5 am, not 6', syncPending: true });
    expect(await db.outbox.count()).toBe(1);
    expect((await db.syncState.get(WORK))?.cursor).toBe(2);
  });

  it('lets a newer server edit win a field over an older pending one (LWW, not "mine wins")', async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    await recordOp(device, volunteer, {
      kind: 'issue.edit',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { fields: { severity: 'low' } },
    });
    const later = serverOp<'issue.edit'>(
      { kind: 'issue.edit', entity: 'issue', entityId: 'issue-1', actor: 'staff-1', payload: { fields: { severity: 'high' } } },
      Date.now() + 3_600_000,
    );
    await applyPulled(db, WORK, [later], 2);
    expect(await issueView()).toMatchObject({ severity: 'high', syncPending: true });
  });

  it('removes our own op from the outbox when it comes back', async () => {
    const op = await recordOp(device, volunteer, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { category: 'access', description: 'gate blocked', severity: 'medium', pointId: null },
    });
    await applyPushResults(db, WORK, [{ id: op.id, status: 'accepted', seq: 7 }]);
    await applyPulled(db, WORK, [{ ...op, seq: 7 }], 7);

    expect(await db.outbox.count()).toBe(0);
    expect(await confirmedState(db, 'issue', 'issue-1')).toMatchObject({ description: 'gate blocked' });
    expect(await issueView()).toMatchObject({ description: 'gate blocked', syncPending: false });
    // With nothing queued the view is the confirmed state: no second copy is kept.
    expect(await db.confirmed.count()).toBe(0);
    expect((await db.syncState.get(WORK))?.cursor).toBe(7);
  });

  it("keeps one copy of each pulled entity (its view) until this device queues a change to it, and the server's copy beside the view while it is queued", async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    expect(await db.confirmed.count()).toBe(0);
    expect(await issueView()).toMatchObject({ description: 'drilling at 6 am', syncPending: false });

    const edit = await recordOp(device, volunteer, { kind: 'issue.edit', entity: 'issue', entityId: 'issue-1', payload: { fields: { description: 'mine' } } });
    expect((await db.confirmed.get(['issue', 'issue-1']))?.state).toMatchObject({ description: 'drilling at 6 am' });
    expect(await issueView()).toMatchObject({ description: 'mine', syncPending: true });

    // The server refuses the edit: the view falls back to the server's copy, which is then the only one.
    await applyPushResults(db, WORK, [{ id: edit.id, status: 'rejected', reason: { code: 'forbidden_role', message: 'no' } }]);
    expect(await issueView()).toMatchObject({ description: 'drilling at 6 am', syncPending: false });
    expect(await db.confirmed.count()).toBe(0);

    // A later pull builds on the view as the server's copy.
    const staffEdit = serverOp<'issue.edit'>(
      { kind: 'issue.edit', entity: 'issue', entityId: 'issue-1', actor: 'staff-1', payload: { fields: { severity: 'high' } } },
      Date.now() + 1000,
    );
    await applyPulled(db, WORK, [staffEdit], 2);
    expect(await issueView()).toMatchObject({ description: 'drilling at 6 am', severity: 'high', syncPending: false });
    expect(await db.confirmed.count()).toBe(0);
  });

  it('skips a pending transition the pulled state no longer allows, but keeps it in the outbox', async () => {
    await applyPulled(db, WORK, [pulledIssue('vol-2')], 1);
    const ack = await recordOp(device, liaison, {
      kind: 'issue.transition',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { to: 'acknowledged', plannedDate: '2099-01-10' },
    });
    expect(await issueView()).toMatchObject({ status: 'acknowledged', plannedDate: '2099-01-10' });

    // Staff rejected the issue before our acknowledgement reached the server.
    const rejected = serverOp<'issue.transition'>(
      { kind: 'issue.transition', entity: 'issue', entityId: 'issue-1', actor: 'staff-1', payload: { to: 'rejected', reason: 'duplicate' } },
      T0 + 1000,
    );
    await applyPulled(db, WORK, [rejected], 2);

    expect(await issueView()).toMatchObject({ status: 'rejected', plannedDate: null, syncPending: true });
    // The server will reject it and the author will be told: it must not vanish silently here.
    const entry = await db.outbox.where('id').equals(ack.id).first();
    expect(entry).toMatchObject({ state: 'pending' });
  });
});

describe('refreshEntity', () => {
  it('rebuilds a view from confirmed state and the outbox alone', async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    await recordOp(device, volunteer, {
      kind: 'issue.comment',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { text: 'photo attached' },
    });
    const before = await issueView();
    await db.issues.clear();

    await refreshEntity(db, 'issue', 'issue-1');
    expect(await issueView()).toEqual(before);
  });

  it('drops the view of an entity once none of its ops remain', async () => {
    await recordOp(device, volunteer, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { category: 'other', description: 'typo', severity: 'low', pointId: null },
    });
    await db.outbox.clear();
    await refreshEntity(db, 'issue', 'issue-1');
    expect(await issueView()).toBeUndefined();
  });
});

describe('push batches', () => {
  const entry = (id: string, group?: string, text = '') => ({ op: group ? { id, group, text } : { id, text } });
  const ids = (entries: { op: { id: string } }[]) => entries.map((e) => e.op.id);

  it('never cut a group of ops at the end of a batch', () => {
    const entries = [entry('a'), entry('b', 'g'), entry('c', 'g'), entry('d')];
    expect(ids(takeBatch(entries, 2, 1e6))).toEqual(['a']);
    expect(ids(takeBatch(entries, 3, 1e6))).toEqual(['a', 'b', 'c']);
    expect(ids(takeBatch(entries, 10, 1e6))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('send a group larger than a whole batch as it comes', () => {
    const entries = [entry('a', 'g'), entry('b', 'g'), entry('c', 'g')];
    expect(ids(takeBatch(entries, 2, 1e6))).toEqual(['a', 'b']);
  });

  it('stay under the byte limit however much the text grows as JSON, and let one oversized op through alone', () => {
    // Control characters become 6 bytes each in JSON ("\u0001").
    const heavy = (id: string) => entry(id, undefined, '\u0001'.repeat(2000));
    const entries = [heavy('a'), heavy('b'), heavy('c'), heavy('d')];
    expect(ids(takeBatch(entries, 100, 25_000))).toEqual(['a', 'b']);
    expect(ids(takeBatch(entries, 100, 1_000))).toEqual(['a']);
  });
});

describe('after an app update', () => {
  beforeEach(async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });

  it('carries pending ops over to the new rules version, and keeps one the new rules cannot read as rejected', async () => {
    await applyPulled(db, WORK, [pulledIssue()], 1);
    const fine = await recordOp(device, volunteer, {
      kind: 'issue.comment',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { text: 'still fine' },
    });
    const broken = await recordOp(device, volunteer, {
      kind: 'issue.comment',
      entity: 'issue',
      entityId: 'issue-1',
      payload: { text: 'will not parse' },
    });
    // Simulate an op whose shape the new rules no longer accept.
    const n = (await db.outbox.where('id').equals(broken.id).first())!.n!;
    await db.outbox.update(n, { op: { ...broken, payload: { words: 'will not parse' } } as Op });

    expect(await upgradePendingOps(db, RULES_VERSION + 1, Date.now())).toBe(2);
    const left = await db.outbox.toArray();
    expect(left.map((e) => [e.id, e.op.v])).toEqual([[fine.id, RULES_VERSION + 1]]);
    const rejected = await db.rejected.get(broken.id);
    expect(rejected?.reason.code).toBe('outdated_client');
    expect((await db.issues.get('issue-1'))!.comments.map((c) => c.text)).toEqual(['still fine']);
  });
});
