/**
 * The store's conformance suite: one list of named behaviours of the storage port (sync-server/store.ts),
 * run against the store of this test run (vitest.config.ts runs this file once per store). Nothing here
 * goes through HTTP, so a difference between the SQLite and the PostgreSQL runner shows as the behaviour
 * it breaks. Each behaviour works in works of its own: none depends on another having run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyEntityState, type Op, RULES_VERSION, encodeStamp } from '../../src/core';
import { GENESIS_HASH } from '../../sync-server/audit';
import { chainOp, linkHash, verifyOpChain } from '../../sync-server/op-chain';
import type { Store, StoreTx } from '../../sync-server/store';
import { openTestStore } from './test-db';

let store: Store;
let n = 0;
const fresh = (p: string) => `${p}-${++n}-${Date.now().toString(36)}`;

function op(work: string, entityId = fresh('issue'), description = 'a crack'): Op {
  return {
    id: fresh('op'),
    work,
    entity: 'issue',
    entityId,
    kind: 'issue.create',
    actor: 'm-1',
    device: 'dev-1',
    hlc: encodeStamp({ wall: Date.now(), counter: n % 1000, node: 'dev-1' }),
    v: RULES_VERSION,
    payload: { category: 'noise', description, severity: 'low', pointId: null },
  } as Op;
}

const issue = (work: string, id: string, description = 'a crack') => ({ id, work, description }) as unknown as AnyEntityState;

/** Appends an op the way judge() does: the op, its chain link, its entity. */
async function accept(tx: StoreTx, o: Op): Promise<number> {
  const appended = await tx.appendOp(o, 1_000, 0);
  await chainOp(tx, o.work, appended);
  await tx.putEntity('issue', issue(o.work, o.entityId));
  return appended.seq;
}

async function pullAll(work: string, limit = 1000): Promise<Array<{ seq: number; id: string }>> {
  const out: Array<{ seq: number; id: string }> = [];
  for (let after = 0; ;) {
    const page = await store.pull(work, after, limit);
    out.push(...page.opsJson.map((j) => JSON.parse(j) as { seq: number; id: string }));
    after = page.lastSeq;
    if (!page.hasMore) return out;
  }
}

const member = (work: string, name = 'Ann', role: 'staff' | 'volunteer' = 'volunteer') => ({
  memberId: fresh('m'),
  work,
  name,
  role,
  deviceId: fresh('dev'),
  tokenHash: fresh('token'),
  now: 5_000,
});

class Refused extends Error {}

beforeAll(async () => {
  store = await openTestStore('conformance');
});
afterAll(() => store.close());

/** The named behaviours; every store must show each. */
const behaviours: Record<string, () => Promise<void>> = {
  'a transaction commits wholly: op, chain link, entity, member': async () => {
    const work = fresh('w');
    const o = op(work);
    const m = member(work);
    await store.transaction(async (tx) => {
      await accept(tx, o);
      await tx.addMember(m);
    });
    expect((await pullAll(work)).map((r) => r.id)).toEqual([o.id]);
    expect((await store.listEntities(work)).map((e) => e.state.id)).toEqual([o.entityId]);
    expect((await store.opChain(work)).length).toBe(1);
    expect((await store.authenticate(m.tokenHash))?.memberId).toBe(m.memberId);
  },

  'a transaction that throws rolls back wholly, reads made inside it included': async () => {
    const work = fresh('w');
    const m = member(work);
    await expect(
      store.transaction(async (tx) => {
        await accept(tx, op(work));
        await tx.addMember(m);
        await tx.addBlobRef({ hash: 'a'.repeat(64), size: 10 }, work);
        expect(await tx.countAfterPhotos(work, 'none')).toBe(0); // a read: write-behind rows are sent before it
        throw new Refused();
      }),
    ).rejects.toBeInstanceOf(Refused);
    expect(await pullAll(work)).toEqual([]);
    expect(await store.listEntities(work)).toEqual([]);
    expect(await store.opChain(work)).toEqual([]);
    expect(await store.authenticate(m.tokenHash)).toBeNull();
    expect(await store.blobRef('a'.repeat(64), work)).toBeNull();
  },

  'a savepoint that throws undoes its writes only, and the transaction reads the state from before it': async () => {
    const work = fresh('w');
    const kept = op(work);
    const undone = op(work, kept.entityId);
    await store.transaction(async (tx) => {
      await accept(tx, kept);
      const headBefore = await tx.lastOpHash(work);
      await expect(
        tx.savepoint(async () => {
          await tx.appendOp(undone, 1, 0).then((a) => chainOp(tx, work, a));
          await tx.putEntity('issue', issue(work, kept.entityId, 'changed inside'));
          throw new Refused();
        }),
      ).rejects.toBeInstanceOf(Refused);
      expect(await tx.lastOpHash(work)).toBe(headBefore);
      expect((await tx.getEntity('issue', kept.entityId)) as unknown).toMatchObject({ description: 'a crack' });
    });
    expect((await pullAll(work)).map((r) => r.id)).toEqual([kept.id]);
    expect((await store.listEntities(work))[0]!.state).toMatchObject({ description: 'a crack' });
    expect(await verifyOpChain(store, work)).toMatchObject({ ok: true, ops: 1 });
  },

  'a savepoint inside which a statement reads (so writes reach the database) still rolls back wholly, or keeps all': async () => {
    const work = fresh('w');
    const before = op(work);
    const inside = op(work);
    const kept = op(work);
    await store.transaction(async (tx) => {
      await accept(tx, before);
      await expect(
        tx.savepoint(async () => {
          await accept(tx, inside);
          await tx.countAfterPhotos(work, 'x');
          throw new Refused();
        }),
      ).rejects.toBeInstanceOf(Refused);
      await tx.savepoint(async () => {
        await accept(tx, kept);
        await tx.countAfterPhotos(work, 'x');
      });
    });
    expect((await pullAll(work)).map((r) => r.id)).toEqual([before.id, kept.id]);
    expect((await store.listEntities(work)).map((e) => e.state.id).sort()).toEqual([before.entityId, kept.entityId].sort());
    expect(await verifyOpChain(store, work)).toMatchObject({ ok: true, ops: 2 });
  },

  'issue numbers count 1, 2, 3… per work; a savepoint or a transaction rolled back gives its numbers back, whether its writes reached the database or not':
    async () => {
      const work = fresh('w');
      const other = fresh('w');
      const numbers = await store.transaction(async (tx) => {
        const got = [await tx.numberIssue(work, fresh('issue'))];
        // Rolled back while kept in memory…
        await expect(
          tx.savepoint(async () => {
            await tx.numberIssue(work, fresh('issue'));
            throw new Refused();
          }),
        ).rejects.toBeInstanceOf(Refused);
        // …and after a read sent its writes to the database.
        await expect(
          tx.savepoint(async () => {
            await tx.numberIssue(work, fresh('issue'));
            await tx.countAfterPhotos(work, 'x');
            throw new Refused();
          }),
        ).rejects.toBeInstanceOf(Refused);
        got.push(await tx.savepoint(() => tx.numberIssue(work, fresh('issue'))));
        got.push(await tx.numberIssue(work, fresh('issue')));
        return got;
      });
      expect(numbers).toEqual([1, 2, 3]);
      await expect(
        store.transaction(async (tx) => {
          await tx.numberIssue(work, fresh('issue'));
          await tx.countAfterPhotos(work, 'x');
          throw new Refused();
        }),
      ).rejects.toBeInstanceOf(Refused);
      // A later transaction counts on from what was committed; another work counts from 1.
      expect(await store.transaction((tx) => tx.numberIssue(work, fresh('issue')))).toBe(4);
      expect(await store.transaction((tx) => tx.numberIssue(other, fresh('issue')))).toBe(1);
    },

  'idempotency: findResults gives the first answer and the work of every id seen, and reads the entities asked for': async () => {
    const work = fresh('w');
    const accepted = op(work);
    const rejected = op(work);
    const seq = await store.transaction(async (tx) => {
      const s = await accept(tx, accepted);
      await tx.recordRejection(rejected, rejected, { code: 'invalid', message: 'no' }, 1);
      return s;
    });
    await store.transaction(
      async (tx) => {
        const found = await tx.findResults(
          [accepted.id, rejected.id, 'never-seen'],
          [
            { type: 'issue', id: accepted.entityId },
            { type: 'issue', id: 'no-such-issue' },
          ],
        );
        expect(found.get(accepted.id)).toEqual({ work, result: { id: accepted.id, status: 'accepted', seq } });
        expect(found.get(rejected.id)).toEqual({ work, result: { id: rejected.id, status: 'rejected', reason: { code: 'invalid', message: 'no' } } });
        expect(found.has('never-seen')).toBe(false);
        expect(await tx.getEntity('issue', accepted.entityId)).toMatchObject({ id: accepted.entityId, work });
        expect(await tx.getEntity('issue', 'no-such-issue')).toBeUndefined();
        expect((await tx.findResults([])).size).toBe(0);
      },
      { work },
    );
  },

  'appendOp and pull: seq order, pages, remaining, opIdAt and maxSeq; other works are not served': async () => {
    const work = fresh('w');
    const other = fresh('w');
    const ops = Array.from({ length: 5 }, () => op(work));
    const seqs = await store.transaction(async (tx) => {
      const out: number[] = [];
      for (const o of ops) {
        out.push(await accept(tx, o));
        await accept(tx, op(other));
      }
      return out;
    });
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    const first = await store.pull(work, 0, 2);
    expect(first).toMatchObject({ lastSeq: seqs[1], hasMore: true, remaining: 3 });
    expect(first.opsJson.map((j) => JSON.parse(j) as Op & { seq: number })).toEqual([
      { seq: seqs[0], ...ops[0] },
      { seq: seqs[1], ...ops[1] },
    ]);
    expect(await store.pull(work, seqs[3]!, 2)).toMatchObject({ lastSeq: seqs[4], hasMore: false, remaining: 0 });
    expect(await store.pull(work, seqs[4]!, 2)).toMatchObject({ opsJson: [], lastSeq: seqs[4], hasMore: false });
    expect((await pullAll(work, 1)).map((r) => r.id)).toEqual(ops.map((o) => o.id));
    expect(await store.opAt(seqs[2]!)).toEqual({ id: ops[2]!.id, work });
    expect(await store.opAt(-1)).toBeNull();
    expect(await store.maxSeq()).toBeGreaterThanOrEqual(seqs[4]!);
  },

  'seq numbers never go to two ops: numbers taken ahead by findResults and left unused, ops numbered one by one before and after it': async () => {
    const work = fresh('w');
    const pushed = Array.from({ length: 3 }, () => op(work));
    const first = await store.transaction(
      async (tx) => {
        const out = [await accept(tx, op(work)), await accept(tx, op(work))]; // numbered one at a time, as seeding and joining do
        await tx.findResults(
          pushed.map((o) => o.id),
          [],
        );
        for (const o of pushed.slice(0, 2)) out.push(await accept(tx, o)); // one number taken ahead stays unused
        out.push(await accept(tx, op(work)));
        return out;
      },
      { work },
    );
    const second = await store.transaction(
      async (tx) => {
        await tx.findResults([pushed[2]!.id], []);
        return [await accept(tx, pushed[2]!), await accept(tx, op(work))];
      },
      { work },
    );
    const seqs = [...first, ...second];
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((q, i) => i === 0 || q > seqs[i - 1]!)).toBe(true);
    expect((await pullAll(work)).map((r) => r.seq)).toEqual(seqs);
  },
  'a transaction of one work cannot write another work': async () => {
    const work = fresh('w');
    const other = fresh('w');
    await expect(store.transaction((tx) => tx.appendOp(op(other), 1, 0), { work })).rejects.toThrow(/another work|of work/);
    await expect(store.transaction((tx) => tx.putEntity('issue', issue(other, fresh('i'))), { work })).rejects.toThrow(/of work/);
    expect(await pullAll(other)).toEqual([]);
  },

  'an entity id taken by another work is never overwritten: the write fails instead': async () => {
    const work = fresh('w');
    const other = fresh('w');
    const id = fresh('issue');
    await store.transaction((tx) => tx.putEntity('issue', issue(work, id, 'mine')));
    await expect(store.transaction((tx) => tx.putEntity('issue', issue(other, id, 'theirs')))).rejects.toThrow(/another work/);
    expect((await store.listEntities(work))[0]!.state).toMatchObject({ description: 'mine' });
    expect(await store.listEntities(other)).toEqual([]);
  },

  'authenticate, touchDevice, revoked devices and members': async () => {
    const work = fresh('w');
    const m = member(work, 'Bo', 'staff');
    await store.transaction((tx) => tx.addMember(m));
    expect(await store.authenticate(m.tokenHash)).toEqual({ memberId: m.memberId, work, role: 'staff', deviceId: m.deviceId, lastSeenAt: 5_000 });
    await store.touchDevice(m.tokenHash, 9_000);
    expect((await store.authenticate(m.tokenHash))?.lastSeenAt).toBe(9_000);
    expect(await store.isRevokedToken(m.tokenHash)).toBe(false);
    const second = fresh('token');
    await store.transaction((tx) => tx.addDevice(m.memberId, 'dev-2', second, 6_000));
    expect(await store.transaction((tx) => tx.revokeDevices(m.memberId, 'dev-2', 7_000))).toBe(1);
    expect(await store.authenticate(second)).toBeNull();
    expect(await store.isRevokedToken(second)).toBe(true);
    expect(await store.authenticate(m.tokenHash)).not.toBeNull();
    await store.revokeMember(m.memberId, 8_000);
    expect(await store.authenticate(m.tokenHash)).toBeNull();
    expect(await store.authenticate('unknown')).toBeNull();
    expect(await store.isRevokedToken('unknown')).toBe(false);
  },

  'invites: add, find, list in order, expire, count the open ones': async () => {
    const work = fresh('w');
    const codes = [fresh('code'), fresh('code'), fresh('code')];
    await store.transaction(async (tx) => {
      await tx.addInvite({ code: codes[0]!, work, role: 'volunteer', expiresAt: null }, 1);
      await tx.addInvite({ code: codes[1]!, work, role: 'staff', expiresAt: 50 }, 2);
      await tx.addInvite({ code: codes[2]!, work, role: 'liaison', expiresAt: 500 }, 3);
    });
    expect(await store.findInvite(codes[1]!)).toEqual({ code: codes[1], work, role: 'staff', expiresAt: 50 });
    expect(await store.findInvite('nope')).toBeNull();
    expect((await store.listInvites(work)).map((i) => i.code)).toEqual(codes);
    expect((await store.listInviteInfo(work)).map((i) => [i.code, i.createdAt])).toEqual([
      [codes[2], 3],
      [codes[1], 2],
      [codes[0], 1],
    ]);
    expect(await store.transaction((tx) => tx.countOpenInvites(work, 100))).toBe(2);
    await store.transaction((tx) => tx.expireInvite(codes[0]!, 100));
    expect(await store.transaction((tx) => tx.countOpenInvites(work, 100))).toBe(1);
  },

  'members: roles, accounts, creators, removal, devices listed': async () => {
    const work = fresh('w');
    const creator = fresh('m');
    const staff = fresh('m');
    const a = member(work);
    await store.transaction(async (tx) => {
      await tx.addAccount({ id: 'acc-' + staff, login: 'login-' + staff, name: 'Staff', passwordHash: 'scrypt$x', createdAt: 1 });
      await tx.addMemberOnly({ memberId: staff, work, name: 'Staff', role: 'staff', now: 1 });
      await tx.setMemberAccount(staff, 'acc-' + staff);
      await tx.setMemberCreator(staff, creator);
      await tx.setMemberOrigin(staff, 'root-' + creator);
      await tx.addMember(a);
      await tx.setMemberRole(a.memberId, 'liaison');
    });
    expect(await store.transaction((tx) => tx.getMember(staff))).toEqual({
      id: staff,
      work,
      name: 'Staff',
      role: 'staff',
      accountId: 'acc-' + staff,
      createdBy: creator,
      origin: 'root-' + creator,
    });
    expect((await store.transaction((tx) => tx.memberCreatedBy(work, creator)))?.id).toBe(staff);
    expect(await store.transaction((tx) => tx.memberCreatedBy(work, 'someone-else'))).toBeNull();
    expect((await store.findAccount('login-' + staff))?.id).toBe('acc-' + staff);
    expect((await store.membersOfAccount('acc-' + staff)).map((m) => m.id)).toEqual([staff]);
    const listed = await store.listMembers(work);
    expect(listed.map((m) => [m.id, m.role, m.devices.length, m.removed])).toEqual([
      [staff, 'staff', 0, false],
      [a.memberId, 'liaison', 1, false],
    ]);
    expect(await store.transaction((tx) => tx.revokeDevices(a.memberId, null, 9))).toBe(1);
    expect((await store.listMembers(work)).find((m) => m.id === a.memberId)).toMatchObject({ removed: true, devices: [{ revokedAt: 9 }] });
    await store.transaction((tx) => tx.revokeDevices(staff, null, 9));
    expect(await store.membersOfAccount('acc-' + staff)).toEqual([]);
    expect(await store.transaction((tx) => tx.memberCreatedBy(work, creator))).toBeNull();
  },

  'audit log and op chain: last rows, appended rows, whole chains, in a work transaction too': async () => {
    const work = fresh('w');
    const last = await store.transaction((tx) => tx.lastAudit());
    const seq = (last?.seq ?? 0) + 1;
    const row = { seq, work, at: 1, actor: 'cli', action: 'work.create', detail: '{"x":1}', prevHash: last?.hash ?? GENESIS_HASH, hash: 'h'.repeat(64) };
    await store.transaction(
      async (tx) => {
        expect(await tx.lastAudit()).toEqual(last);
        await tx.appendAudit(row);
        expect(await tx.lastAudit()).toEqual(row);
      },
      { work },
    );
    expect((await store.listAudit()).at(-1)).toEqual(row);
    const o = op(work);
    await store.transaction(
      async (tx) => {
        expect(await tx.lastOpHash(work)).toBeNull();
        await accept(tx, o);
      },
      { work },
    );
    const [link] = await store.opChain(work);
    expect(link!.prevHash).toBe(GENESIS_HASH);
    const pulled = (await store.pull(work, 0, 10)).opsJson[0]!;
    expect(link!.hash).toBe(linkHash(GENESIS_HASH, pulled));
    expect(await store.transaction((tx) => tx.lastOpHash(work))).toBe(link!.hash);
    // A work born after the chain began starts at the start recorded for every work ('*'), at or before its first op.
    expect(await store.opChainStart(work)).toBeLessThanOrEqual(link!.seq);
    expect(await verifyOpChain(store, work)).toMatchObject({ ok: true, ops: 1, unchained: 0 });
  },

  'blob refs and charges: sizes kept first come, charges within the limit, once': async () => {
    const work = fresh('w');
    const [a, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(63) + String(n % 10));
    await store.transaction(
      async (tx) => {
        await tx.addBlobRef({ hash: a!, size: null as unknown as number }, work);
        await tx.addBlobRef({ hash: a!, size: 40 }, work);
        await tx.addBlobRef({ hash: a!, size: 99 }, work);
        await tx.addBlobRef({ hash: b!, size: 70 }, work);
        await tx.addBlobRef({ hash: c!, size: 10 }, work);
      },
      { work },
    );
    expect(await store.blobRef(a!, work)).toEqual({ size: 40, charged: false });
    expect(await store.blobRef(a!, 'another-work')).toBeNull();
    const charge = (hash: string, size: number) => store.transaction((tx) => tx.chargeBlob(hash, work, size, 100, 7), { work });
    expect(await charge(a!, 40)).toBe(true);
    expect(await charge(b!, 70)).toBe(false); // 40 + 70 > 100
    expect(await charge(c!, 10)).toBe(true);
    expect(await charge(a!, 40)).toBe(true); // charged before
    expect(await store.blobRef(a!, work)).toEqual({ size: 40, charged: true });
    expect(await store.blobRef(b!, work)).toEqual({ size: 70, charged: false });
  },

  'text round-trips alike: NUL and lone surrogates in free text, and in an op body': async () => {
    const work = fresh('w');
    const odd = 'a\u0000b\ud800c\udc00d \u{1F600}';
    const same = 'a\uFFFDb\uFFFDc\uFFFDd \u{1F600}';
    const tag = fresh('dev');
    const m = { ...member(work, odd), deviceId: `${tag}\u0000` };
    const o = { ...op(work, fresh('issue'), odd), device: `d\u0000\ud800` };
    const rejected = { ...op(work), device: `r\u0000` };
    await store.transaction(async (tx) => {
      await tx.addMember(m);
      await accept(tx, o);
      await tx.recordRejection(rejected, { note: odd }, { code: 'invalid', message: odd }, 1);
    });
    const [listed] = await store.listMembers(work);
    expect(listed!.name).toBe(same);
    expect(listed!.devices[0]!.deviceId).toBe(`${tag}\uFFFD`);
    const pulled = JSON.parse((await store.pull(work, 0, 10)).opsJson[0]!) as Op & { payload: { description: string } };
    // The op's JSON escapes what text cannot hold: the body comes back as it was sent.
    expect(pulled.payload.description).toBe(odd);
    expect(pulled.device).toBe(o.device);
    const found = await store.transaction((tx) => tx.findResults([rejected.id]));
    expect(found.get(rejected.id)?.result).toEqual({ id: rejected.id, status: 'rejected', reason: { code: 'invalid', message: odd } });
    expect(await store.findInvite(odd)).toBeNull();
    expect(await store.findAccount(odd)).toBeNull();
  },

  "a device's token hashes: newest first, revoked ones included, only that device of that member of that work": async () => {
    const work = fresh('w');
    const m = member(work);
    const later = fresh('token');
    await store.transaction(async (tx) => {
      await tx.addMember(m);
      await tx.addDevice(m.memberId, m.deviceId, later, 6_000);
      await tx.addDevice(m.memberId, 'other-device', fresh('token'), 7_000);
      await tx.revokeDevices(m.memberId, m.deviceId, 8_000);
    });
    expect(await store.tokenHashesOfDevice(work, m.memberId, m.deviceId)).toEqual([later, m.tokenHash]);
    expect(await store.tokenHashesOfDevice('another-work', m.memberId, m.deviceId)).toEqual([]);
  },

  'a refusal is stored within bounds and answered again as stored': async () => {
    const work = fresh('w');
    const refused = op(work);
    await store.transaction((tx) => tx.recordRejection(refused, { big: 'x'.repeat(10_000) }, { code: 'invalid', message: 'y'.repeat(2_000) }, 1));
    const found = await store.transaction((tx) => tx.findResults([refused.id]));
    const result = found.get(refused.id)!.result as { reason: { message: string } };
    expect(result.reason.message.length).toBeLessThanOrEqual(500);
  },

  'counts: works and entities of a work': async () => {
    const before = await store.countWorks();
    const work = fresh('w');
    await store.transaction((tx) => tx.putEntity('work', { id: work, work } as unknown as AnyEntityState));
    expect(await store.countWorks()).toBe(before + 1);
    expect(await store.listEntities(work)).toEqual([{ type: 'work', state: { id: work, work } }]);
  },
};

describe('store conformance', () => {
  for (const [name, behaviour] of Object.entries(behaviours)) it(name, behaviour);
});
