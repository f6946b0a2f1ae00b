/**
 * Rescue files prove who wrote them. A file passes through other hands before staff import it, so
 * the server takes from it only ops signed by the exporting device (HMAC keyed with SHA-256 of that
 * device's token, which the server keeps), under that device's member, also after the token expired
 * or was revoked; every imported op is recorded in the audit chain with where it came from.
 *
 * The attack this answers: a volunteer built a file from ids read in an ordinary pull, in which the
 * liaison disputes, a staff member rejects a complaint and another volunteer retracts; a staff
 * import used to accept all of it under those names. Over real HTTP, in-process, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IssueState, type Op, type PushResponse, type Role, RULES_VERSION } from '../../src/core';
import { type RescueFile, importRescueFile, parseRescueFile, signRescueOp, summarizeRescueFile } from '../../src/sync/rescue';
import type { SyncApi } from '../../src/sync/api';
import type { Membership } from '../../src/lib/settings';
import { verifyChain } from '../../sync-server/audit';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { type Member, type TestServer, fresh, issueCreate, makeOp, startServer } from './harness';

const DAY = 86_400_000;

let s: TestServer;
/** The server's clock: the expiry test moves it forward. */
let clock = Date.now();

const call = <T>(method: string, path: string, token: string | null, body?: unknown) => s.call<T>(method, path, token, body);
const joinAs = (role: Role, name: string, device?: string, renew?: string[]): Promise<Member> => s.join(role, name, device, renew ? { renew } : {});

function op(m: Member, kind: 'issue.create' | 'issue.comment' | 'issue.transition', entityId: string, payload: Record<string, unknown>): Op {
  return makeOp(m, kind, 'issue', entityId, payload as never);
}

const createIssue = (m: Member, description = 'sewage overflowing at building 3') =>
  issueCreate(m, { description, severity: 'medium' }, { entityId: fresh('rescue-issue') });

/** A rescue request: `ops` claimed to come from `member`'s device `device`, signed with `signer`'s token. */
async function rescue(staff: Member, ops: Op[], claim: { member: string; device: string }, signer: Member) {
  const macs = await Promise.all(ops.map((o) => signRescueOp(signer.token, signer.id, signer.device, o)));
  return call<PushResponse>('POST', '/api/sync/rescue', staff.token, { clientVersion: RULES_VERSION, ...claim, ops, macs });
}
/** An honest one: the member's own ops, signed by its own device. */
const honest = (staff: Member, author: Member, ops: Op[]) => rescue(staff, ops, { member: author.id, device: author.device }, author);

async function pulledIds(m: Member): Promise<Set<string>> {
  return new Set((await s.pullAll(m.token)).map((o) => o.id));
}

async function issueState(id: string): Promise<IssueState | undefined> {
  return (await s.store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'issue' && e.state.id === id)?.state as IssueState | undefined;
}

const outcomes = (body: PushResponse) => body.results.map((r) => (r.status === 'accepted' ? 'accepted' : r.reason.code));
const rescueImports = async () => (await s.store.listAudit()).filter((r) => r.action === 'rescue.import');

beforeAll(async () => {
  s = await startServer({ label: 'rescue', joinAttemptsPerMinute: 100_000, now: () => clock });
});

afterAll(() => s.close());

describe("point 4: a rescue file can only carry its own device's records", () => {
  it("point 4: a crafted file with other members' actions is refused whole (their names, a wrong MAC, another device's MAC, no MAC) and nothing of it is applied", async () => {
    const attacker = await joinAs('volunteer', '小刘');
    const liaison = await joinAs('liaison', '施工方老陈');
    const otherStaff = await joinAs('staff', '社区工作人员 周老师');
    const neighbour = await joinAs('volunteer', '王阿姨');
    const staff = await joinAs('staff', '社区老周');
    // A real complaint by the neighbour, which the attacker sees in an ordinary pull.
    const complaint = createIssue(neighbour);
    expect(outcomes((await call<PushResponse>('POST', '/api/sync/push', neighbour.token, { clientVersion: RULES_VERSION, ops: [complaint] })).body)).toEqual([
      'accepted',
    ]);
    const issue = complaint.entityId;
    const dispute = op(liaison, 'issue.transition', issue, { to: 'disputed', reason: 'not our work' });
    const reject = op(otherStaff, 'issue.transition', issue, { to: 'rejected', reason: 'duplicate' });
    const retract = op(neighbour, 'issue.comment', issue, { text: '我撤回这条投诉' });
    const forged = [dispute, reject, retract];
    // Other tests of this file import honest files: only rows added from here on count.
    const importsBefore = await rescueImports();
    const own = { member: attacker.id, device: attacker.device };

    // 1. Under the attacker's own name and device, signed with its own token: the ops name others.
    const mixed = await rescue(staff, [createIssue(attacker), ...forged], own, attacker);
    expect(mixed.status).toBe(422);
    expect(mixed.body.error.code).toBe('rescue_wrong_author');
    // 2. Claimed as the liaison's device, but signed with the attacker's token: no key of that device verifies.
    const asLiaison = await rescue(staff, [dispute], { member: liaison.id, device: liaison.device }, attacker);
    expect(asLiaison.status).toBe(422);
    expect(asLiaison.body.error.code).toBe('rescue_unproven');
    // 3. A MAC of another device: the attacker's signature, passed off as the neighbour's.
    const asNeighbour = await rescue(staff, [retract], { member: neighbour.id, device: neighbour.device }, attacker);
    expect(asNeighbour.body.error.code).toBe('rescue_unproven');
    // 4. The attacker's own honest op, changed after signing (a wrong MAC): refused with the ops beside it.
    const mine = createIssue(attacker, 'my own complaint');
    const macs = await Promise.all([mine].map((o) => signRescueOp(attacker.token, attacker.id, attacker.device, o)));
    const edited = { ...mine, payload: { ...mine.payload, description: 'changed after signing' } };
    const tampered = await call<PushResponse>('POST', '/api/sync/rescue', staff.token, { clientVersion: RULES_VERSION, ...own, ops: [edited], macs });
    expect(tampered.status).toBe(422);
    expect(tampered.body.error.code).toBe('rescue_unproven');
    // 5. A MAC that is not hex of the right length, and a file of the old format (no MAC at all).
    const junk = await call<PushResponse>('POST', '/api/sync/rescue', staff.token, {
      clientVersion: RULES_VERSION,
      ...own,
      ops: [mine],
      macs: ['0'.repeat(63)],
    });
    expect(junk.status).toBe(400);
    const unsigned = await call<PushResponse>('POST', '/api/sync/rescue', staff.token, { clientVersion: RULES_VERSION, ops: forged });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.code).toBe('rescue_unsigned');
    expect(unsigned.body.error.message).toContain('export again');

    // Nothing of it is applied: no op in the log, no rejection kept, the complaint untouched, no audit row.
    const seen = await pulledIds(staff);
    for (const o of [...forged, mine]) expect(seen.has(o.id)).toBe(false);
    expect((await issueState(issue))?.status).toBe('reported');
    expect(await rescueImports()).toEqual(importsBefore);
    // The forged ids were not burnt either: the liaison's own device can still send that very op.
    const real = await call<PushResponse>('POST', '/api/sync/push', liaison.token, { clientVersion: RULES_VERSION, ops: [dispute] });
    expect(outcomes(real.body)).toEqual(['accepted']);
  });

  it("point 4: an honest file is accepted after the exporting device's token expired, after it rejoined, and after staff revoked it", async () => {
    const expiring = await joinAs('volunteer', '赵阿姨');
    const revoked = await joinAs('volunteer', '钱大爷');
    const early = createIssue(expiring, 'recorded before the token expired');
    const late = createIssue(revoked, 'recorded before the removal');
    // The expiring volunteer's phone is away for more than 180 days; its token expires.
    clock += 181 * DAY;
    {
      const staff = await joinAs('staff', '社区老周');
      const refused = await call('POST', '/api/sync/push', expiring.token, { clientVersion: RULES_VERSION, ops: [early] });
      expect(refused.body.error.code).toBe('expired');
      // It rejoins (a new token, the same member and device); the file was exported with the old token.
      const back = await joinAs('volunteer', '赵阿姨', expiring.device, [expiring.token]);
      expect(back.id).toBe(expiring.id);
      const a = await honest(staff, expiring, [early]);
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(outcomes(a.body)).toEqual(['accepted']);

      // Staff remove the other volunteer; the records its phone could not send are still provably its own.
      expect((await call('POST', '/api/admin/members/revoke', staff.token, { memberId: revoked.id })).status).toBe(200);
      expect((await call('GET', '/api/sync/pull?after=0', revoked.token)).body.error.code).toBe('revoked');
      const b = await honest(staff, revoked, [late]);
      expect(b.status, JSON.stringify(b.body)).toBe(200);
      expect(outcomes(b.body)).toEqual(['accepted']);
      const seen = await pulledIds(staff);
      expect(seen.has(early.id) && seen.has(late.id)).toBe(true);
      // A signature of one member's device does not open another member's work.
      const swap = await rescue(staff, [createIssue(revoked)], { member: revoked.id, device: revoked.device }, expiring);
      expect(swap.body.error.code).toBe('rescue_unproven');
    }
  });

  it("point 4: the audit chain records each imported op's id, kind, actor and exporting device, in the same transaction", async () => {
    const staff = await joinAs('staff', '社区小李');
    const v = await joinAs('volunteer', '孙阿姨');
    const create = createIssue(v);
    const comment = op(v, 'issue.comment', create.entityId, { text: '还在漏' });
    // A volunteer may not acknowledge: refused by the rules, and recorded as such.
    const ack = op(v, 'issue.transition', create.entityId, { to: 'acknowledged', plannedDate: '2099-12-01' });
    const before = (await s.store.listAudit()).length;
    const r = await honest(staff, v, [create, comment, ack]);
    expect(outcomes(r.body)).toEqual(['accepted', 'accepted', 'forbidden_role']);
    const rows = await s.store.listAudit();
    expect(verifyChain(rows).ok).toBe(true);
    const added = rows.slice(before).filter((row) => row.action === 'rescue.import');
    expect(added).toHaveLength(1);
    expect(added[0]!.actor).toBe(staff.id);
    const detail = JSON.parse(added[0]!.detail) as { items: unknown[] } & Record<string, unknown>;
    expect(detail).toMatchObject({ device: staff.device, member: v.id, from: v.device, ops: 3, accepted: 2, rejected: 1 });
    const seqOf = (id: string) => r.body.results.find((x) => x.id === id && x.status === 'accepted') as { seq: number };
    expect(detail.items).toEqual([
      { id: create.id, kind: 'issue.create', actor: v.id, seq: seqOf(create.id).seq },
      { id: comment.id, kind: 'issue.comment', actor: v.id, seq: seqOf(comment.id).seq },
      { id: ack.id, kind: 'issue.transition', actor: v.id, refused: 'forbidden_role' },
    ]);
    // No payload reaches the audit log.
    expect(added[0]!.detail).not.toContain('还在漏');
  });

  it("point 4: before sending, staff see each author of a crafted file, with kinds and counts, and only the exporting device's signed records are sent", async () => {
    const staff = await joinAs('staff', '社区老周');
    const attacker = await joinAs('volunteer', '小刘');
    const liaison = await joinAs('liaison', '施工方老陈');
    const mine = createIssue(attacker, 'a real complaint of mine');
    const dispute = op(liaison, 'issue.transition', 'some-issue', { to: 'disputed', reason: 'not our work' });
    const ops = [mine, dispute];
    const file: RescueFile = {
      format: 'sitewatch-rescue',
      version: 2,
      exportedAt: clock,
      device: attacker.device,
      works: [{ work: DEMO_WORK_ID, workName: '阳光花园', memberId: attacker.id, name: attacker.name, role: 'volunteer' }],
      ops,
      macs: await Promise.all(ops.map((o) => signRescueOp(attacker.token, attacker.id, attacker.device, o))),
    };
    const parsed = parseRescueFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    const known = [{ id: liaison.id, name: liaison.name, role: 'liaison' as const }];
    const parts = summarizeRescueFile(file, new Set([DEMO_WORK_ID]), known);
    expect(parts.map((p) => ({ author: p.author, kinds: p.kinds, signed: p.signed, importable: p.importable }))).toEqual([
      { author: { id: attacker.id, name: '小刘', role: 'volunteer' }, kinds: [{ kind: 'issue.create', count: 1 }], signed: true, importable: true },
      { author: { id: liaison.id, name: '施工方老陈', role: 'liaison' }, kinds: [{ kind: 'issue.transition', count: 1 }], signed: false, importable: true },
    ]);
    // Through the app's import: only the signed part goes out.
    const sent: unknown[] = [];
    const api = {
      rescue: async (token: string, batch: unknown) => {
        sent.push(batch);
        const r = await call<PushResponse>('POST', '/api/sync/rescue', token, { clientVersion: RULES_VERSION, ...(batch as object) });
        return r.body;
      },
    } as unknown as SyncApi;
    const staffMembership = { work: DEMO_WORK_ID, role: 'staff', token: staff.token } as Membership;
    const outcome = await importRescueFile(file, parts, [staffMembership], api, () => {});
    expect(outcome).toMatchObject({ accepted: 1, rejected: 0, skipped: 1, refused: [] });
    expect(sent).toHaveLength(1);
    expect((await pulledIds(staff)).has(dispute.id)).toBe(false);
    // A file of the first format is refused with its own reason (the app says: export again from the phone).
    expect(parseRescueFile(JSON.stringify({ ...file, version: 1, macs: undefined }))).toEqual({ ok: false, reason: 'unsigned' });
    expect(parseRescueFile(JSON.stringify({ ...file, macs: file.macs.slice(1) }))).toEqual({ ok: false, reason: 'damaged' });
  });
});
