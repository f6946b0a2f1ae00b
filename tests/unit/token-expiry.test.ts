/**
 * Device tokens expire when unused: staff after 30 idle days, volunteers and liaisons after 180.
 * Over real HTTP, in-process, with the server's clock moved by the test instead of waiting. Then the
 * way back: an expired device rejoins with an invite and its old token, and keeps its membership, so
 * the records it could not send go through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberInfo, Op, Role } from '../../src/core';
import { TOKEN_IDLE_DAYS, tokenIdleDaysFromEnv } from '../../sync-server/auth';
import { type Member, type TestServer, issueCreate, startServer } from './harness';

const DAY = 86_400_000;

let s: TestServer;
/** The server's clock: tests move it forward. */
let clock = Date.now();

const joinAs = (role: Role, name: string, renew?: string[]): Promise<Member> => s.join(role, name, undefined, renew ? { renew } : {});
const call = (method: string, path: string, token: string | null, body?: unknown) => s.call(method, path, token, body);
const pull = (m: Member) => s.pull(m.token, 0, 1000);
const issueOp = (m: Member): Op => issueCreate(m, { description: 'cutting after 10 pm' });
const push = (m: Member, op: Op) => s.push(m.token, [op]);

async function lastSeen(admin: Member, memberId: string): Promise<Array<number | null>> {
  const r = await s.call<{ members: MemberInfo[] }>('GET', '/api/admin/members', admin.token);
  return r.body.members.find((m) => m.id === memberId)!.devices.map((d) => d.lastSeenAt);
}

beforeAll(async () => {
  s = await startServer({ label: 'expiry', joinAttemptsPerMinute: 100_000, now: () => clock });
});

afterAll(() => s.close());

describe('idle expiry', () => {
  it('a volunteer unseen for 180 days still syncs; one day more and the next request is 401 expired, in words, changing nothing', async () => {
    const watcher = await joinAs('staff', 'watching staff');
    const v = await joinAs('volunteer', '赵阿姨');
    const joinedAt = clock;
    clock += 180 * DAY - 60_000;
    expect((await pull(v)).status).toBe(200);
    clock += 180 * DAY + 60_000;
    const op = issueOp(v);
    const refused = await push(v, op);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('expired');
    expect(refused.body.error.message).toContain('登录已过期');
    expect(refused.body.error.message).toContain('join again with an invite code');
    // Nothing changed: the op is not in the log, and the device's "last seen" did not move.
    const fresh = await joinAs('staff', 'fresh staff');
    expect((await pull(fresh)).body.ops.some((o) => o.id === op.id)).toBe(false);
    const seen = await lastSeen(fresh, v.id);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeLessThan(clock - 180 * DAY);
    expect(seen[0]).toBeGreaterThan(joinedAt);
    // Every endpoint says the same: pull, events.
    for (const path of ['/api/sync/pull?after=0', '/api/sync/events']) {
      expect((await call('GET', path, v.token)).body.error.code).toBe('expired');
    }
    // A staff token unused all that time expired long ago.
    expect((await pull(watcher)).body.error.code).toBe('expired');
  });

  it('staff expire after 30 idle days, told to sign in again; every request renews the period', async () => {
    const s = await joinAs('staff', '社区小李');
    for (let i = 0; i < 3; i++) {
      clock += 29 * DAY;
      expect((await pull(s)).status).toBe(200);
    }
    clock += 30 * DAY + 60_000;
    const r = await pull(s);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('expired');
    expect(r.body.error.message).toContain('sign in again with your password');
    // Admin endpoints too.
    expect((await call('GET', '/api/admin/members', s.token)).body.error.code).toBe('expired');
  });

  it('a liaison lives 180 idle days like a volunteer', async () => {
    const l = await joinAs('liaison', '施工方老陈');
    clock += 100 * DAY;
    expect((await pull(l)).status).toBe(200);
    clock += 179 * DAY;
    expect((await pull(l)).status).toBe(200);
  });

  it('a revoked token that is also idle still says revoked', async () => {
    const v = await joinAs('volunteer', 'leaving');
    await s.store.revokeMember(v.id, clock);
    clock += 400 * DAY;
    expect((await pull(v)).body.error.code).toBe('revoked');
  });
});

describe('rejoining after expiry', () => {
  it('an invite and the expired token give the same membership back: unsent records go through', async () => {
    const v = await joinAs('volunteer', '钱大爷');
    const unsent = issueOp(v); // recorded offline, never sent
    clock += 181 * DAY;
    expect((await push(v, unsent)).body.error.code).toBe('expired');
    const back = await joinAs('volunteer', 'typed again', [v.token]);
    expect(back.id).toBe(v.id);
    expect(back.token).not.toBe(v.token);
    const r = await push(back, unsent);
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ status: 'accepted' });
    // The old token stays expired; the member keeps its name; no second member.join was logged.
    expect((await pull(v)).body.error.code).toBe('expired');
    const ops = (await pull(back)).body.ops;
    expect(ops.filter((o) => o.kind === 'member.join' && o.entityId === v.id)).toHaveLength(1);
    const staff = await joinAs('staff', 'checking staff');
    const listed = (await s.call<{ members: MemberInfo[] }>('GET', '/api/admin/members', staff.token)).body.members.filter((m) => m.id === v.id);
    expect(listed).toMatchObject([{ name: '钱大爷', role: 'volunteer' }]);
    expect(listed[0]!.devices).toHaveLength(2);
    expect((await s.store.listAudit()).some((a) => a.action === 'member.rejoin' && a.actor === v.id)).toBe(true);
  });

  it('a revoked token, a token of another role, or a made-up one joins as a new member', async () => {
    const removed = await joinAs('volunteer', 'removed');
    await s.store.revokeMember(removed.id, clock);
    expect((await joinAs('volunteer', 'x', [removed.token])).id).not.toBe(removed.id);
    const liaison = await joinAs('liaison', 'liaison');
    clock += 181 * DAY;
    expect((await joinAs('volunteer', 'x', [liaison.token])).id).not.toBe(liaison.id);
    expect((await joinAs('volunteer', 'x', ['A'.repeat(43)])).role).toBe('volunteer');
  });

  it('refuses a malformed renew list with 400 and joins no one', async () => {
    for (const renew of ['not-a-list', ['short'], Array.from({ length: 11 }, () => 'A'.repeat(43)), [42]]) {
      const r = await call('POST', '/api/join', null, { code: s.codes.volunteer, name: 'x', deviceId: 'p', renew });
      expect(r.status, JSON.stringify(renew)).toBe(400);
    }
  });
});

describe('configuration', () => {
  it('reads idle periods per role from the environment, and refuses nonsense', () => {
    expect(TOKEN_IDLE_DAYS).toEqual({ volunteer: 180, liaison: 180, staff: 30 });
    expect(tokenIdleDaysFromEnv({ SITEWATCH_TOKEN_IDLE_DAYS_STAFF: '7', SITEWATCH_TOKEN_IDLE_DAYS_VOLUNTEER: '0.5' })).toEqual({
      volunteer: 0.5,
      liaison: 180,
      staff: 7,
    });
    expect(() => tokenIdleDaysFromEnv({ SITEWATCH_TOKEN_IDLE_DAYS_LIAISON: '0' })).toThrow(/positive/);
    expect(() => tokenIdleDaysFromEnv({ SITEWATCH_TOKEN_IDLE_DAYS_LIAISON: 'soon' })).toThrow(/positive/);
  });
});
