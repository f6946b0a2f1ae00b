/**
 * Issues' short numbers (#142, docs/sync-protocol.md §16), on both stores: the server gives them per
 * work, 1, 2, 3… in the order it accepts the creations, inside the transaction that accepts the op;
 * devices learn them by pulling; a number a device sends is refused, never taken; a refused op, a
 * refused group or a retried push takes no number; and the database itself refuses a number given twice.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantedMembership, IssueState, Op, PullResponse } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { recordOp } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { type Member, type TestServer, fresh, issueComment, issueCreate, newWorkRequest, startServer } from './harness';

let srv: TestServer;
let volunteer: Member;
let volunteer2: Member;
let liaison: Member;
let staff: Member;

beforeAll(async () => {
  srv = await startServer({ label: 'issue-numbers', joinAttemptsPerMinute: 1000 });
  volunteer = await srv.join('volunteer');
  volunteer2 = await srv.join('volunteer');
  liaison = await srv.join('liaison');
  staff = await srv.join('staff');
});
afterAll(() => srv.close());

type Pulled = PullResponse['ops'][number];

/** issue id → number, as a device learns them from a pull (an issue.create without a number maps to undefined). */
async function pulledNumbers(token: string): Promise<Map<string, number | undefined>> {
  const creates = (await srv.pullAll(token)).filter((o: Pulled) => o.kind === 'issue.create') as Array<Pulled & Extract<Op, { kind: 'issue.create' }>>;
  return new Map(creates.map((o) => [o.entityId, o.payload.number]));
}

/** The numbers the server's own state holds for the work's issues. */
async function storedNumbers(work: string): Promise<Map<string, number | undefined>> {
  const issues = (await srv.store.listEntities(work)).filter((e) => e.type === 'issue').map((e) => e.state as IssueState);
  return new Map(issues.map((i) => [i.id, i.number]));
}

const sorted = (xs: Iterable<number | undefined>) => [...xs].map((n) => n ?? 0).sort((a, b) => a - b);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('issue numbers', () => {
  it('two devices creating issues at the same time get distinct, consecutive numbers, in the order the server accepted them', async () => {
    const before = (await pulledNumbers(staff.token)).size;
    const a = Array.from({ length: 6 }, () => issueCreate(volunteer, { description: 'A 的投诉' }));
    const b = Array.from({ length: 6 }, () => issueCreate(volunteer2, { description: 'B 的投诉' }));
    // Pushed at once, in several pushes each, so that the two devices' transactions interleave.
    const results = await Promise.all([
      srv.outcomes(volunteer.token, a.slice(0, 3)),
      srv.outcomes(volunteer2.token, b.slice(0, 3)),
      srv.outcomes(volunteer.token, a.slice(3)),
      srv.outcomes(volunteer2.token, b.slice(3)),
    ]);
    expect(results.flat()).toEqual(Array(12).fill('accepted'));

    const pulled = await srv.pullAll(staff.token);
    const creates = pulled.filter((o) => o.kind === 'issue.create') as Array<Pulled & Extract<Op, { kind: 'issue.create' }>>;
    expect(creates).toHaveLength(before + 12);
    // In seq order, the numbers count 1, 2, 3… with no gap and no repeat.
    expect(creates.map((o) => o.payload.number)).toEqual(oneTo(before + 12));
    // Every device learns the same numbers, and the server's state holds them too.
    const seen = await pulledNumbers(volunteer2.token);
    for (const op of [...a, ...b]) expect(seen.get(op.entityId)).toBeGreaterThan(before);
    const stored = await storedNumbers(DEMO_WORK_ID);
    for (const op of [...a, ...b]) expect(stored.get(op.entityId)).toBe(seen.get(op.entityId));
  });

  it("the author's phone shows no number until it syncs, then the server's; a second phone pulls the same", async () => {
    const phone = async (m: Member, name: string) => ({
      device: { db: new SitewatchDB(`issue-numbers-${name}-${Date.now()}`), deviceId: m.device, now: () => Date.now() },
      m: { work: DEMO_WORK_ID, workName: '', memberId: m.id, name: m.name, role: m.role, token: m.token, joinedAt: Date.now() },
    });
    const mine = await phone(volunteer, 'author');
    const theirs = await phone(staff, 'other');
    const id = newId();
    await recordOp(mine.device, mine.m, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: id,
      payload: { category: 'dust', description: '离线记录的扬尘', severity: 'medium', pointId: null },
    });
    const offline = await mine.device.db.issues.get(id);
    expect(offline?.syncPending).toBe(true);
    expect(offline?.number).toBeUndefined();

    await syncWork(mine.device, createApi(srv.base), mine.m);
    const numbered = await mine.device.db.issues.get(id);
    expect(numbered?.syncPending).toBe(false);
    expect(numbered?.number).toBe((await pulledNumbers(staff.token)).get(id));
    expect(numbered?.number).toBeGreaterThan(0);
    await syncWork(theirs.device, createApi(srv.base), theirs.m);
    expect((await theirs.device.db.issues.get(id))?.number).toBe(numbered!.number);
  });

  it('store transactions of one work run at the same time still take distinct consecutive numbers', async () => {
    const w = newWorkRequest();
    const work = w.workId;
    const take = (n: number) =>
      srv.store.transaction(
        async (tx) => {
          const got: number[] = [];
          for (let i = 0; i < n; i++) got.push(await tx.numberIssue(work, fresh('issue')));
          return got;
        },
        { work },
      );
    const taken = await Promise.all([take(5), take(5), take(5)]);
    expect(taken.flat().sort((x, y) => x - y)).toEqual(oneTo(15));
    // Each transaction's numbers are consecutive: no other writer of the work ran in between.
    for (const t of taken) expect(t).toEqual(oneTo(5).map((k) => t[0]! + k - 1));
  });

  it('a number a device sends is refused and takes nothing: the next issue gets the next number', async () => {
    const forged = issueCreate(volunteer, { number: 1 });
    const huge = issueCreate(volunteer, { number: 999_999 });
    const zero = issueCreate(volunteer, { number: 0 } as never);
    expect(await srv.outcomes(volunteer.token, [forged, huge, zero])).toEqual(['server_only', 'server_only', 'invalid']);
    const last = Math.max(0, ...sorted((await pulledNumbers(staff.token)).values()));
    const honest = issueCreate(volunteer);
    expect(await srv.outcomes(volunteer.token, [honest])).toEqual(['accepted']);
    const numbers = await pulledNumbers(staff.token);
    expect(numbers.get(honest.entityId)).toBe(last + 1);
    expect(numbers.has(forged.entityId)).toBe(false);
    expect(numbers.has(huge.entityId)).toBe(false);
  });

  it('a refused create, a refused group and a retried push take no number', async () => {
    const last = Math.max(0, ...sorted((await pulledNumbers(staff.token)).values()));
    // The liaison does not report issues: refused, no number.
    const refused = issueCreate(liaison);
    // A complaint with a first comment that is refused: the whole group is undone, its number too.
    const grouped = issueCreate(volunteer, {}, { group: fresh('g') });
    const badComment = issueComment(volunteer, grouped.entityId, '   ', { group: grouped.group });
    const kept = issueCreate(volunteer);
    expect(await srv.outcomes(liaison.token, [refused])).toEqual(['forbidden_role']);
    expect(await srv.outcomes(volunteer.token, [grouped, badComment, kept])).toEqual(['group_failed', 'invalid', 'accepted']);
    // The same push again (its answer was lost on the way): the first answers, no second number.
    expect(await srv.outcomes(volunteer.token, [grouped, badComment, kept])).toEqual(['group_failed', 'invalid', 'accepted']);
    const again = issueCreate(volunteer);
    expect(await srv.outcomes(volunteer.token, [again])).toEqual(['accepted']);
    const numbers = await pulledNumbers(staff.token);
    expect(numbers.get(kept.entityId)).toBe(last + 1);
    expect(numbers.get(again.entityId)).toBe(last + 2);
    expect(numbers.has(grouped.entityId)).toBe(false);
  });

  it("each work counts from 1: another work's issues do not move this work's numbers", async () => {
    const made = await srv.call<GrantedMembership>('POST', '/api/admin/works', staff.token, newWorkRequest());
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const { token, member } = made.body;
    const other = { id: member.id, work: member.work };
    const first = issueCreate(other);
    const second = issueCreate(other);
    expect(await srv.outcomes(token, [first, second])).toEqual(['accepted', 'accepted']);
    const numbers = await pulledNumbers(token);
    expect([numbers.get(first.entityId), numbers.get(second.entityId)]).toEqual([1, 2]);
  });

  it('the database refuses a number given twice in one work (the guarantee beneath the writers taking turns)', async () => {
    const raw = await srv.database.raw();
    try {
      await raw.query('INSERT INTO issue_numbers (work, number, issue_id) VALUES ($1, $2, $3)', ['dup-work', 1, fresh('issue')]);
      await expect(raw.query('INSERT INTO issue_numbers (work, number, issue_id) VALUES ($1, $2, $3)', ['dup-work', 1, fresh('issue')])).rejects.toThrow();
      // The same number in another work is another issue's.
      await raw.query('INSERT INTO issue_numbers (work, number, issue_id) VALUES ($1, $2, $3)', ['dup-work-2', 1, fresh('issue')]);
    } finally {
      await raw.close();
    }
  });
});
