/**
 * A retried work creation is recognised by the token of the member who created the work, never by
 * ids in the request: work ids and device ids are visible to every member in ordinary pulls. And
 * every token the server hands out, on any path, leaves a row in the audit chain naming its member
 * and device. Runs on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantedMembership, JoinResponse, PullResponse, Role, SignInResponse } from '../../src/core';
import { createStaff } from '../../sync-server/admin';
import { LiveHub } from '../../sync-server/live';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, fresh, newWorkRequest, startServer } from './harness';
import type { TestDatabase } from './test-db';

interface Member {
  token: string;
  id: string;
  work: string;
}

let srv: TestServer;
let database: TestDatabase;
let store: Store;
let codes: Record<Role, string>;

const call = <T>(method: string, path: string, token: string | null, body?: unknown) => srv.call<T>(method, path, token, body);
const joinWork = (code: string, name: string, deviceId: string): Promise<Member> => srv.join({ code }, name, deviceId);

const newWork = (deviceId: string, workId = fresh('work')) =>
  newWorkRequest(deviceId, { workId, name: '北区雨污分流', compound: '北区', kind: 'drainage', responseTargets: { acknowledgeHours: 24, resolveDays: 7 } });

async function createWork(creator: Member, req: ReturnType<typeof newWork>) {
  return call<GrantedMembership>('POST', '/api/admin/works', creator.token, req);
}

beforeAll(async () => {
  srv = await startServer({ label: 'takeover', hub: new LiveHub(), joinAttemptsPerMinute: 100_000 });
  ({ database, store, codes } = srv);
});

afterAll(() => srv.close());

describe('point 1: a retried work creation is recognised by the creator, not by ids the client sends', () => {
  it("point 1: staff of the same work, joined with the victim's device id, get no token for the victim's new work", async () => {
    const victim = await joinWork(codes.staff, '周老师', 'dev-victim');
    const req = newWork('dev-victim');
    const made = await createWork(victim, req);
    expect(made.status).toBe(200);
    // The attacker read the victim's device id and the new work's id in pulls, and joins with that device id.
    const attacker = await joinWork(codes.staff, '冒充者', 'dev-victim');
    const stolen = await createWork(attacker, req);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.code).toBe('bad_request');
    expect(JSON.stringify(stolen.body)).not.toContain(made.body.member.id);
  });

  it("point 1: staff of another work, whose device carries the victim's id, get no token either", async () => {
    const victim = await joinWork(codes.staff, '周老师', 'dev-victim-2');
    const req = newWork('dev-victim-2');
    expect((await createWork(victim, req)).status).toBe(200);
    // The attacker creates a work of their own, naming the victim's device, so that their token there carries it.
    const outsider = await joinWork(codes.staff, '外来者', 'dev-out');
    const own = await createWork(outsider, newWork('dev-victim-2'));
    expect(own.status).toBe(200);
    const inOwn: Member = { token: own.body.token, id: own.body.member.id, work: own.body.member.work };
    const stolen = await createWork(inOwn, req);
    expect(stolen.status).toBe(400);
    // The victim's work still has exactly one staff member with one device.
    const members = await store.listMembers(req.workId);
    expect(members.filter((m) => m.role === 'staff')).toHaveLength(1);
    expect(members[0]!.devices).toHaveLength(1);
  });

  it('point 1: the creator asking again (the answer was lost) still gets a working token for the same member, and it is audited', async () => {
    const creator = await joinWork(codes.staff, '周老师', 'dev-creator');
    const req = newWork('dev-creator');
    const first = await createWork(creator, req);
    const again = await createWork(creator, req);
    expect(again.status).toBe(200);
    expect(again.body.member.id).toBe(first.body.member.id);
    const pulled = await call<PullResponse>('GET', '/api/sync/pull?after=0', again.body.token);
    expect(pulled.status).toBe(200);
    expect(pulled.body.ops.filter((o) => o.kind === 'work.create')).toHaveLength(1);
    const retries = (await store.listAudit()).filter((r) => r.action === 'work.create.retry' && r.work === req.workId);
    expect(retries).toHaveLength(1);
    expect(JSON.parse(retries[0]!.detail)).toMatchObject({ member: first.body.member.id, device: 'dev-creator' });
  });

  it('point 1: a removed creator gets nothing by retrying', async () => {
    const creator = await joinWork(codes.staff, '周老师', 'dev-gone');
    const req = newWork('dev-gone');
    const first = await createWork(creator, req);
    // The new work's first member is removed there (the person left); their token of the old work stays.
    await store.transaction((tx) => tx.revokeDevices(first.body.member.id, null, Date.now()));
    expect((await createWork(creator, req)).status).toBe(400);
  });
});

describe('point 1: every token issued leaves an audit row naming its member and device', () => {
  it('point 1: joins, rejoins, sign-ins, creations and retried creations are all in the audit chain', async () => {
    const v = await joinWork(codes.volunteer, '王阿姨', fresh('dev'));
    const expiredRenew = await call<JoinResponse>('POST', '/api/join', null, {
      code: codes.volunteer,
      name: '王阿姨',
      deviceId: fresh('dev'),
      renew: [v.token],
    });
    expect(expiredRenew.status).toBe(200);
    const s = await joinWork(codes.staff, '刘老师', fresh('dev'));
    const req = newWork(fresh('dev'));
    expect((await createWork(s, req)).status).toBe(200);
    expect((await createWork(s, req)).status).toBe(200);
    await createStaff(store, { login: 'audit-check', name: '陈老师', password: 'correct horse battery staple', work: DEMO_WORK_ID });
    const signIn = await call<SignInResponse>('POST', '/api/signin', null, {
      login: 'audit-check',
      password: 'correct horse battery staple',
      deviceId: fresh('dev'),
    });
    expect(signIn.status).toBe(200);

    const raw = await database.raw();
    const devices = await raw.query<{ member_id: string; device_id: string }>('SELECT member_id, device_id FROM devices');
    await raw.close();
    const audit = (await store.listAudit()).map((r) => ({ actor: r.actor, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    const unaudited = devices.filter(
      (d) => !audit.some((a) => (a.actor === d.member_id || a.detail.member === d.member_id) && a.detail.device === d.device_id),
    );
    expect(unaudited).toEqual([]);
    expect(devices.length).toBeGreaterThanOrEqual(6);
  });
});
