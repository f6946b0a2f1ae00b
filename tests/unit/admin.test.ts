/**
 * Works, members and roles over real HTTP, in-process: staff create a
 * work, make, rotate and expire invite codes, list members and devices, change
 * roles, revoke devices and members; staff accounts sign in with a password;
 * every administrative action lands in a hash chain that detects tampering.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantedMembership, InviteInfo, JoinResponse, MemberInfo, Op, PullResponse, Role, SignInResponse } from '../../src/core';
import { createStaff } from '../../sync-server/admin';
import { createApp } from '../../sync-server/app';
import { verifyChain } from '../../sync-server/audit';
import { checkAudit } from '../../sync-server/audit-check';
import { USER_AGENT_KEPT } from '../../sync-server/http';
import { LiveHub } from '../../sync-server/live';
import { hashPassword, verifyPassword } from '../../sync-server/passwords';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, fresh, issueCreate, newWorkRequest, startServer } from './harness';
import { type TestDatabase, testDatabase } from './test-db';
import { closeServer } from './loopback';

interface Member {
  token: string;
  id: string;
  work: string;
  role: Role;
}

let srv: TestServer;
let database: TestDatabase;
let dir = '';
let store: Store;
let codes: Record<Role, string>;
const staff = {} as Member;

const call = <T>(method: string, path: string, token: string | null, body?: unknown) => srv.call<T>(method, path, token, body);
const joinWork = (code: string, name: string, deviceId = 'dev-a'): Promise<Member> => srv.join({ code }, name, deviceId);

async function tryJoin(code: string): Promise<number> {
  return (await srv.tryJoin({ code, name: 'someone', deviceId: 'dev-x' })).status;
}

const issueOp = (m: Member): Op => issueCreate({ ...m, device: 'dev-a' });

async function push(m: Member, op: Op): Promise<{ status: number; outcome: string; code?: string }> {
  const r = await srv.push(m.token, [op]);
  if (r.status !== 200) return { status: r.status, outcome: `http ${r.status}`, code: r.body.error.code };
  const res = r.body.results[0]!;
  return { status: 200, outcome: res.status === 'accepted' ? 'accepted' : res.reason.code };
}

async function pull(m: Member): Promise<PullResponse['ops']> {
  const r = await srv.pull(m.token, 0, 1000);
  expect(r.status).toBe(200);
  return r.body.ops;
}

const newWork = (workId = fresh('work')) => newWorkRequest('dev-a', { workId });

beforeAll(async () => {
  srv = await startServer({ label: 'admin', hub: new LiveHub(), joinAttemptsPerMinute: 100_000 });
  ({ database, store, codes } = srv);
  dir = database.dir;
  Object.assign(staff, await joinWork(codes.staff, '社区老周'));
});

afterAll(() => srv.close());

describe('creating a work', () => {
  it('staff create a work and receive a staff token for it; its log starts with the creation, signed by that member', async () => {
    const req = newWork();
    const r = await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req);
    expect(r.status).toBe(200);
    expect(r.body.member).toMatchObject({ work: req.workId, role: 'staff', name: '社区老周' });
    expect(r.body.workName).toBe('东门车库改造');
    const inNew: Member = { token: r.body.token, id: r.body.member.id, work: req.workId, role: 'staff' };
    const ops = await pull(inNew);
    expect(ops.map((o) => o.kind)).toEqual(['work.create', 'member.join']);
    expect(ops[0]).toMatchObject({ actor: inNew.id, entityId: req.workId, payload: { responseTargets: { acknowledgeHours: 12, resolveDays: 5 } } });
    // Points of the new work go through the outbox like any op.
    const point = {
      ...issueOp(inNew),
      entity: 'point',
      entityId: fresh('pt'),
      kind: 'point.create',
      payload: { name: '车库坡道', lat: 29.86, lng: 121.54 },
    } as Op;
    expect((await push(inNew, point)).outcome).toBe('accepted');
    // The old token still reads only its own work.
    expect((await pull(staff)).some((o) => o.work === req.workId)).toBe(false);
  });

  it('sending the same creation again (its answer was lost) gives the same work and a working token, not a second work', async () => {
    const req = newWork();
    const first = await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req);
    const again = await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req);
    expect(again.status).toBe(200);
    expect(again.body.member.id).toBe(first.body.member.id);
    expect(again.body.token).not.toBe(first.body.token);
    const ops = await pull({ token: again.body.token, id: again.body.member.id, work: req.workId, role: 'staff' });
    expect(ops.filter((o) => o.kind === 'work.create')).toHaveLength(1);
    // Another device (or another person) with the same id gets no access to it.
    const other = await joinWork(codes.staff, 'other staff', 'dev-b');
    expect((await call('POST', '/api/admin/works', other.token, { ...req, deviceId: 'dev-b' })).status).toBe(400);
  });

  it.each(['volunteer', 'liaison'] as const)('a %s cannot create a work (403) and nothing is stored', async (role) => {
    const m = await joinWork(codes[role], `${role} x`);
    const req = newWork();
    const r = await call('POST', '/api/admin/works', m.token, req);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(await store.listEntities(req.workId)).toEqual([]);
  });

  it('an existing work id, or a bad field, is refused with 400 and a message naming the field', async () => {
    expect((await call('POST', '/api/admin/works', staff.token, newWork(DEMO_WORK_ID))).status).toBe(400);
    const bad = await call('POST', '/api/admin/works', staff.token, { ...newWork(), kind: 'castle' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^kind/);
    const noTargets = await call('POST', '/api/admin/works', staff.token, { ...newWork(), responseTargets: { acknowledgeHours: 0, resolveDays: 5 } });
    expect(noTargets.body.error.message).toMatch(/^responseTargets\.acknowledgeHours/);
  });
});

describe('invite codes', () => {
  it('staff make a code for a role; it lets a person join with that role until it expires', async () => {
    const r = await call<InviteInfo>('POST', '/api/admin/invites', staff.token, { role: 'volunteer', days: 7 });
    expect(r.status).toBe(200);
    expect(r.body.code).toMatch(/^[23456789A-HJKMNP-Z]{8}$/);
    expect(r.body.expiresAt! - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const v = await joinWork(r.body.code, '王阿姨');
    expect(v).toMatchObject({ role: 'volunteer', work: DEMO_WORK_ID });
    const list = await call<{ invites: InviteInfo[] }>('GET', '/api/admin/invites', staff.token);
    expect(list.body.invites.map((i) => i.code)).toContain(r.body.code);

    const expired = await call<InviteInfo>('POST', '/api/admin/invites/expire', staff.token, { code: r.body.code });
    expect(expired.status).toBe(200);
    expect(await tryJoin(r.body.code)).toBe(400);
  });

  it('rotating a code stops the old one and gives a new one for the same role', async () => {
    const first = (await call<InviteInfo>('POST', '/api/admin/invites', staff.token, { role: 'liaison', days: null })).body;
    const rotated = await call<InviteInfo>('POST', '/api/admin/invites/rotate', staff.token, { code: first.code });
    expect(rotated.status).toBe(200);
    expect(rotated.body.role).toBe('liaison');
    expect(rotated.body.code).not.toBe(first.code);
    expect(rotated.body.expiresAt).toBeNull();
    expect(await tryJoin(first.code)).toBe(400);
    expect((await joinWork(rotated.body.code, '施工方小陈')).role).toBe('liaison');
  });

  it("staff of another work cannot see, rotate or expire this work's codes", async () => {
    const req = newWork();
    const other = (await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req)).body;
    const mine = (await call<InviteInfo>('POST', '/api/admin/invites', staff.token, { role: 'volunteer', days: 1 })).body;
    const list = await call<{ invites: InviteInfo[] }>('GET', '/api/admin/invites', other.token);
    expect(list.body.invites.map((i) => i.code)).not.toContain(mine.code);
    for (const path of ['/api/admin/invites/rotate', '/api/admin/invites/expire']) {
      const r = await call('POST', path, other.token, { code: mine.code });
      expect(r.status, path).toBe(404);
    }
    expect(await tryJoin(mine.code)).toBe(200);
  });

  it('volunteers and liaisons cannot make codes; the number of open codes is bounded', async () => {
    const v = await joinWork(codes.volunteer, 'v');
    expect((await call('POST', '/api/admin/invites', v.token, { role: 'staff', days: 1 })).status).toBe(403);
    const req = newWork();
    const w = (await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req)).body;
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await call('POST', '/api/admin/invites', w.token, { role: 'volunteer', days: 1 })).status;
    expect(last).toBe(400);
  });
});

describe('members, roles and revocation', () => {
  it('staff see each member with role and devices, and when each device was last seen', async () => {
    const v = await joinWork(codes.volunteer, '李师傅', 'phone-li');
    await pull(v);
    const r = await call<{ members: MemberInfo[] }>('GET', '/api/admin/members', staff.token);
    const li = r.body.members.find((m) => m.id === v.id)!;
    expect(li).toMatchObject({ name: '李师傅', role: 'volunteer', removed: false });
    expect(li.devices).toHaveLength(1);
    expect(li.devices[0]).toMatchObject({ deviceId: 'phone-li', revokedAt: null });
    expect(li.devices[0]!.lastSeenAt).toBeGreaterThan(0);
    // Members of other works are not listed.
    expect(r.body.members.every((m) => typeof m.id === 'string')).toBe(true);
    const liaison = await joinWork(codes.liaison, 'l');
    expect((await call('GET', '/api/admin/members', liaison.token)).status).toBe(403);
  });

  it('each device is listed with the User-Agent it joined with (cut short), so staff can name the phone; none when it sent none', async () => {
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    const joined = await srv.call<JoinResponse>(
      'POST',
      '/api/join',
      null,
      { code: codes.volunteer, name: '赵阿姨', deviceId: 'phone-zhao' },
      { headers: { 'User-Agent': ua } },
    );
    expect(joined.status).toBe(200);
    const long = await srv.call<JoinResponse>(
      'POST',
      '/api/join',
      null,
      { code: codes.volunteer, name: '钱师傅', deviceId: 'phone-qian' },
      { headers: { 'User-Agent': `${ua} ${'x'.repeat(2000)}` } },
    );
    expect(long.status).toBe(200);
    const listed = (await call<{ members: MemberInfo[] }>('GET', '/api/admin/members', staff.token)).body.members;
    const deviceOf = (id: string) => listed.find((m) => m.id === id)!.devices[0]!;
    expect(deviceOf(joined.body.member.id).userAgent).toBe(ua);
    expect(deviceOf(long.body.member.id).userAgent).toBe(`${ua} ${'x'.repeat(2000)}`.slice(0, USER_AGENT_KEPT));
  });

  it('a role change takes effect on the next request, and reaches every device as a member.role op', async () => {
    const v = await joinWork(codes.volunteer, '张大姐');
    expect((await push(v, issueOp(v))).outcome).toBe('accepted');
    const r = await call('POST', '/api/admin/members/role', staff.token, { memberId: v.id, role: 'liaison' });
    expect(r.status).toBe(200);
    // A liaison does not report issues: the same token is now judged as a liaison.
    expect((await push(v, issueOp(v))).outcome).toBe('forbidden_role');
    const roleOps = (await pull(staff)).filter((o) => o.kind === 'member.role' && o.entityId === v.id);
    expect(roleOps).toHaveLength(1);
    expect(roleOps[0]).toMatchObject({ actor: 'system', payload: { role: 'liaison' } });
    // Nobody can push that op kind themselves.
    const forged = { ...issueOp(staff), entity: 'member', entityId: staff.id, kind: 'member.role', payload: { role: 'staff' } } as Op;
    expect((await push(staff, forged)).outcome).toBe('server_only');
  });

  it('staff cannot change their own role or remove themselves; members of another work are not found', async () => {
    expect((await call('POST', '/api/admin/members/role', staff.token, { memberId: staff.id, role: 'volunteer' })).status).toBe(400);
    expect((await call('POST', '/api/admin/members/revoke', staff.token, { memberId: staff.id })).status).toBe(400);
    const req = newWork();
    const other = (await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req)).body;
    const v = await joinWork(codes.volunteer, 'in A');
    expect((await call('POST', '/api/admin/members/revoke', other.token, { memberId: v.id })).status).toBe(404);
    expect((await call('POST', '/api/admin/members/role', other.token, { memberId: v.id, role: 'staff' })).status).toBe(404);
    expect((await pull(v)).length).toBeGreaterThan(0);
  });

  it("revoking a member: the next request of each of its devices is refused with 'revoked', in words", async () => {
    const v = await joinWork(codes.volunteer, '何大爷');
    const before = await push(v, issueOp(v));
    expect(before.outcome).toBe('accepted');
    const r = await call('POST', '/api/admin/members/revoke', staff.token, { memberId: v.id });
    expect(r.status).toBe(200);
    const after = await call('GET', '/api/sync/pull?after=0', v.token);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('revoked');
    expect(after.body.error.message).toContain('您已被移出此工程');
    const op = issueOp(v);
    expect(await push(v, op)).toMatchObject({ status: 401, code: 'revoked' });
    expect((await pull(staff)).some((o) => o.id === op.id)).toBe(false);
    const listed = (await call<{ members: MemberInfo[] }>('GET', '/api/admin/members', staff.token)).body.members.find((m) => m.id === v.id)!;
    expect(listed.removed).toBe(true);
    // An unknown token is still just unknown.
    const unknown = await call('GET', '/api/sync/pull?after=0', 'A'.repeat(43));
    expect(unknown.body.error.code).toBe('unauthorized');
  });

  it('revoking one device leaves the member and its other devices working', async () => {
    const req = newWork();
    const w = (await call<GrantedMembership>('POST', '/api/admin/works', staff.token, req)).body;
    const code = (await call<InviteInfo>('POST', '/api/admin/invites', w.token, { role: 'volunteer', days: 1 })).body.code;
    const phone = await joinWork(code, '老王', 'old-phone');
    await call('POST', '/api/admin/members/revoke', w.token, { memberId: phone.id }); // nothing else to revoke here
    const other = await joinWork(code, '老刘', 'phone-1');
    const r = await call('POST', '/api/admin/devices/revoke', w.token, { memberId: other.id, deviceId: 'phone-1' });
    expect(r.status).toBe(200);
    expect((await call('GET', '/api/sync/pull?after=0', other.token)).body.error.code).toBe('revoked');
    expect((await call('POST', '/api/admin/devices/revoke', w.token, { memberId: other.id, deviceId: 'phone-1' })).status).toBe(404);
  });
});

describe('staff accounts', () => {
  it('passwords are stored as salted scrypt and checked exactly', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', null)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('an account signs in on a new device, gets a token per work, and a work it creates joins its account', async () => {
    await createStaff(store, { login: 'zhou', name: '周老师', password: 'long enough password', work: DEMO_WORK_ID });
    await expect(createStaff(store, { login: 'zhou', name: 'again', password: 'long enough password', work: DEMO_WORK_ID })).rejects.toThrow(/taken/);
    await expect(createStaff(store, { login: 'li', name: 'x', password: 'short', work: DEMO_WORK_ID })).rejects.toThrow(/password/);

    const wrong = await call('POST', '/api/signin', null, { login: 'zhou', password: 'not the password', deviceId: 'desk-1' });
    expect(wrong.status).toBe(401);
    const nobody = await call('POST', '/api/signin', null, { login: 'nobody', password: 'long enough password', deviceId: 'desk-1' });
    expect(nobody.status).toBe(401);
    expect(nobody.body.error.message).toBe(wrong.body.error.message);

    const ok = await call<SignInResponse>('POST', '/api/signin', null, { login: 'ZHOU', password: 'long enough password', deviceId: 'desk-1' });
    expect(ok.status).toBe(200);
    expect(ok.body.memberships).toHaveLength(1);
    const first = ok.body.memberships[0]!;
    expect(first.member).toMatchObject({ work: DEMO_WORK_ID, role: 'staff', name: '周老师' });
    const asZhou: Member = { token: first.token, id: first.member.id, work: DEMO_WORK_ID, role: 'staff' };
    expect((await pull(asZhou)).length).toBeGreaterThan(0);

    const req = newWork();
    expect((await call('POST', '/api/admin/works', asZhou.token, req)).status).toBe(200);
    const again = await call<SignInResponse>('POST', '/api/signin', null, { login: 'zhou', password: 'long enough password', deviceId: 'tablet' });
    expect(again.body.memberships.map((m) => m.member.work).sort()).toEqual([DEMO_WORK_ID, req.workId].sort());
  });

  it('a removed member does not come back by signing in', async () => {
    await createStaff(store, { login: 'sun', name: '孙', password: 'another long password', work: DEMO_WORK_ID });
    const s = (await call<SignInResponse>('POST', '/api/signin', null, { login: 'sun', password: 'another long password', deviceId: 'd1' })).body;
    await call('POST', '/api/admin/members/revoke', staff.token, { memberId: s.memberships[0]!.member.id });
    const again = await call<SignInResponse>('POST', '/api/signin', null, { login: 'sun', password: 'another long password', deviceId: 'd2' });
    expect(again.status).toBe(200);
    expect(again.body.memberships).toEqual([]);
  });

  it('sign-in attempts are rate-limited per address (429 with Retry-After)', async () => {
    const limited = http.createServer(createApp({ store, staticDir: join(dir, 'none'), joinAttemptsPerMinute: 3 }));
    await new Promise<void>((r) => limited.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api/signin`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'zhou', password: `guess ${i}`, deviceId: 'g' }),
      });
      statuses.push(res.status);
      retryAfter ??= res.headers.get('retry-after');
    }
    await closeServer(limited);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('the audit chain', () => {
  it('records every administrative action, in order, and verifies intact', async () => {
    // Each action once, here, so that the test holds whichever tests ran before it.
    const before = (await store.listAudit()).length;
    const w = (await call<GrantedMembership>('POST', '/api/admin/works', staff.token, newWork())).body;
    const made = (await call<InviteInfo>('POST', '/api/admin/invites', w.token, { role: 'volunteer', days: 1 })).body;
    const rotated = (await call<InviteInfo>('POST', '/api/admin/invites/rotate', w.token, { code: made.code })).body;
    const a = await joinWork(rotated.code, '审计甲', 'audit-a');
    const b = await joinWork(rotated.code, '审计乙', 'audit-b');
    expect((await call('POST', '/api/admin/invites/expire', w.token, { code: rotated.code })).status).toBe(200);
    expect((await call('POST', '/api/admin/members/role', w.token, { memberId: a.id, role: 'liaison' })).status).toBe(200);
    expect((await call('POST', '/api/admin/members/revoke', w.token, { memberId: a.id })).status).toBe(200);
    expect((await call('POST', '/api/admin/devices/revoke', w.token, { memberId: b.id, deviceId: 'audit-b' })).status).toBe(200);
    const login = fresh('audit').toLowerCase();
    await createStaff(store, { login, name: '审计丙', password: 'long enough password', work: DEMO_WORK_ID });
    expect((await call('POST', '/api/signin', null, { login, password: 'long enough password', deviceId: 'audit-desk' })).status).toBe(200);

    const rows = await store.listAudit();
    const actions = new Set(rows.slice(before).map((r) => r.action));
    for (const a of [
      'work.create',
      'invite.create',
      'invite.rotate',
      'invite.expire',
      'member.join',
      'member.role',
      'member.revoke',
      'device.revoke',
      'account.create',
      'signin',
    ]) {
      expect(actions, a).toContain(a);
    }
    expect(rows.some((r) => /token|password/i.test(r.detail))).toBe(false);
    expect(verifyChain(rows)).toMatchObject({ ok: true, count: rows.length });
  });

  it('detects an edited row, a removed row, and (with the noted head) rows cut from the end', async () => {
    // A database of its own: the rows are tampered with, and other tests verify the shared chain.
    const tamperDatabase = await testDatabase('admin-tamper');
    const store = await tamperDatabase.open();
    await seedDemoIfEmpty(store);
    for (let i = 0; i < 6; i++) await createStaff(store, { login: `t${i}`, name: `t${i}`, password: 'long enough password', work: DEMO_WORK_ID });
    const intact = await checkAudit(store);
    expect(intact.ok).toBe(true);
    const head = intact.message.match(/head (\d+:[0-9a-f]{64})/)![1]!;

    const raw = await tamperDatabase.raw();
    const [original] = await raw.query<{ detail: string }>('SELECT detail FROM audit_log WHERE seq = 3');
    await raw.query('UPDATE audit_log SET detail = $1 WHERE seq = 3', [original!.detail.replace(/"role":"\w+"/, '"role":"staff"').replace('}', ',"x":1}')]);
    let r = await checkAudit(store);
    expect(r).toMatchObject({ ok: false, seq: 3 });
    expect(r.message).toMatch(/BROKEN at row 3/);
    await raw.query('UPDATE audit_log SET detail = $1 WHERE seq = 3', [original!.detail]);
    expect((await checkAudit(store)).ok).toBe(true);

    // Removing a row and renumbering the rest to hide the gap still breaks the link.
    await raw.query('DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5');
    r = await checkAudit(store);
    expect(r).toMatchObject({ ok: false, seq: 5 });

    // Cutting the tail leaves a valid shorter chain: only the noted head tells.
    await raw.close();
    const cutDatabase = await testDatabase('admin-cut');
    const other = await cutDatabase.open();
    await seedDemoIfEmpty(other);
    await createStaff(other, { login: 'a1', name: 'a', password: 'long enough password', work: DEMO_WORK_ID });
    await createStaff(other, { login: 'a2', name: 'b', password: 'long enough password', work: DEMO_WORK_ID });
    const noted = (await checkAudit(other)).message.match(/head (\d+:[0-9a-f]{64})/)![1]!;
    await other.close();
    const cut = await cutDatabase.raw();
    await cut.query('DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)');
    await cut.close();
    const reopened = await cutDatabase.open();
    expect((await checkAudit(reopened)).ok).toBe(true);
    expect((await checkAudit(reopened, noted)).ok).toBe(false);
    await reopened.close();
    await cutDatabase.drop();
    await store.close();
    await tamperDatabase.drop();
    expect(head).toMatch(/^\d+:/);
  });
});

describe("the op log's hash chain", () => {
  it('hashes a link as the chains already stored were hashed: SHA-256 of the previous hash, a newline, the op as pulled', async () => {
    const { linkHash } = await import('../../sync-server/op-chain');
    const prev = 'ab'.repeat(32);
    // Chinese text and an emoji hash as their UTF-8 bytes.
    const pulled = JSON.stringify({ seq: 7, id: 'op-1', payload: { description: '夜间施工噪音 \u{1F600}' } });
    expect(linkHash(prev, pulled)).toBe(createHash('sha256').update(prev).update('\n').update(pulled).digest('hex'));
  });

  it('every accepted op of a work is linked; an edited, deleted or slipped-in op is detected', async () => {
    const { verifyOpChain } = await import('../../sync-server/op-chain');
    // A server of its own: its op rows are tampered with.
    const chain = await startServer({ label: 'admin-chain', joinAttemptsPerMinute: 100_000 });
    const { database: chainDatabase, store: s } = chain;
    const v: Member = await chain.join('volunteer', 'v', 'd');
    const ops = [issueOp(v), issueOp(v), issueOp(v)];
    const pushed = await chain.push(v.token, ops);
    expect(pushed.status).toBe(200);

    const intact = await verifyOpChain(s, DEMO_WORK_ID);
    const stored = (await s.pull(DEMO_WORK_ID, 0, 1000)).opsJson.length; // the seed, the join, the 3 issues
    expect(stored).toBeGreaterThanOrEqual(9);
    expect(intact).toMatchObject({ ok: true, ops: stored, unchained: 0 });
    // The exported history is that chained log, every op once, in order.
    const { exportHistory } = await import('../../sync-server/export-history');
    const lines: string[] = [];
    expect(await exportHistory(s, DEMO_WORK_ID, (l) => lines.push(l))).toBe(stored);
    const seqs = lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(new Set(seqs).size).toBe(stored);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(lines.filter((l) => ops.some((o) => l.includes(o.id)))).toHaveLength(3);
    const raw = await chainDatabase.raw();
    const seqOf = async (id: string) => (await raw.query<{ seq: number }>('SELECT seq FROM ops WHERE id = $1', [id]))[0]!.seq;
    const second = await seqOf(ops[1]!.id);

    // An edited op (the complaint's text changed in the database).
    const [{ body }] = (await raw.query<{ body: string }>('SELECT body FROM ops WHERE seq = $1', [second])) as [{ body: string }];
    await raw.query('UPDATE ops SET body = $1 WHERE seq = $2', [body.replace('drilling at night', 'nothing happened'), second]);
    expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: false, seq: second, problem: expect.stringMatching(/changed/) });
    await raw.query('UPDATE ops SET body = $1 WHERE seq = $2', [body, second]);
    expect((await verifyOpChain(s, DEMO_WORK_ID)).ok).toBe(true);

    // A deleted op, then the op with its link.
    const [saved] = (await raw.query('SELECT * FROM ops WHERE seq = $1', [second])) as [Record<string, unknown>];
    await raw.query('DELETE FROM ops WHERE seq = $1', [second]);
    expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: false, seq: second });
    await raw.query('DELETE FROM op_chain WHERE seq = $1', [second]);
    expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: false, seq: await seqOf(ops[2]!.id), problem: expect.stringMatching(/does not follow/) });

    // An op slipped in without a link.
    // Back at its own seq (PostgreSQL numbers ops itself unless told to take the given one).
    const columns = Object.keys(saved);
    const overriding = chainDatabase.kind === 'postgres' ? 'OVERRIDING SYSTEM VALUE' : '';
    await raw.query(`INSERT INTO ops (${columns.join(', ')}) ${overriding} VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(saved));
    const failing = await verifyOpChain(s, DEMO_WORK_ID);
    expect(failing.ok).toBe(false);
    await raw.close();
    await chain.close();
  });

  it('a group rolled back part-way leaves no link behind: the ops after it chain onto the last kept one', async () => {
    const { verifyOpChain } = await import('../../sync-server/op-chain');
    const { judge } = await import('../../sync-server/apply');
    const groupDatabase = await testDatabase('admin-chain-group');
    const s = await groupDatabase.open();
    await seedDemoIfEmpty(s);
    const author: Member = { token: '', id: 'member-of-the-group', work: DEMO_WORK_ID, role: 'volunteer' };
    const [kept, rolledBack, after] = [issueOp(author), issueOp(author), issueOp(author)];
    await s.transaction(async (tx) => {
      expect(await judge(tx, kept, 'volunteer', Date.now())).toMatchObject({ ok: true });
      // As push does for a group one of whose ops is refused: its accepted ops (and their links) are undone.
      const refused = tx.savepoint(async () => {
        expect(await judge(tx, rolledBack, 'volunteer', Date.now())).toMatchObject({ ok: true });
        throw new Error('another op of the group was refused');
      });
      await expect(refused).rejects.toThrow('refused');
      expect(await judge(tx, after, 'volunteer', Date.now())).toMatchObject({ ok: true });
    });
    const stored = (await s.pull(DEMO_WORK_ID, 0, 1000)).opsJson;
    expect(stored.some((j) => j.includes(rolledBack.id))).toBe(false);
    expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: true, ops: stored.length, unchained: 0 });
    await s.close();
    await groupDatabase.drop();
  });
});
