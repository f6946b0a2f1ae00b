/**
 * Device clocks hours off: a slow device's edit made after it saw a newer
 * edit still wins (its clock advanced past what it saw), a fast device cannot
 * make its edits win for hours (the server clamps), and a device's own edits
 * keep their order whatever its clock does.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IssueState, Role } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { type SyncApi, createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOp } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, startServer } from './harness';

const HOUR = 3_600_000;
let srv: TestServer;
let store: Store;
let api: SyncApi;
let n = 0;

interface Phone extends Device {
  member: Membership;
  skewMs: number;
}

async function phone(role: Role, skewMs: number): Promise<Phone> {
  const code = srv.codes[role];
  const deviceId = `skew-${role}-${++n}`;
  const j = await api.join({ code, name: deviceId, deviceId });
  const p: Phone = {
    db: new SitewatchDB(deviceId),
    deviceId,
    skewMs,
    now: () => Date.now() + p.skewMs,
    member: { work: j.member.work, workName: j.workName, memberId: j.member.id, name: j.member.name, role, token: j.token, joinedAt: 0 },
  };
  await syncWork(p, api, p.member);
  return p;
}

const sync = (p: Phone) => syncWork(p, api, p.member);
const describe = (p: Phone, id: string, text: string) =>
  recordOp(p, p.member, { kind: 'issue.edit', entity: 'issue', entityId: id, payload: { fields: { description: text } } });
const view = async (p: Phone, id: string) => (await p.db.issues.get(id)) as IssueState;

beforeAll(async () => {
  srv = await startServer({ label: 'skew', joinAttemptsPerMinute: 100 });
  store = srv.store;
  api = createApi(srv.base);
});

afterAll(() => srv.close());

async function newIssue(p: Phone): Promise<string> {
  const id = newId();
  await recordOp(p, p.member, {
    kind: 'issue.create',
    entity: 'issue',
    entityId: id,
    payload: { category: 'dust', description: 'first words', severity: 'low', pointId: null },
  });
  await sync(p);
  return id;
}

it('a device 6 hours slow still wins with an edit made after it saw the newer one', async () => {
  const staff = await phone('staff', 0);
  const slow = await phone('volunteer', -6 * HOUR);
  const id = await newIssue(slow);
  await sync(staff);
  await describe(staff, id, 'edited by staff, on time');
  await sync(staff);

  await sync(slow); // sees the staff edit (and the server's time): its clock moves past both
  expect((await view(slow, id)).description).toBe('edited by staff, on time');
  await describe(slow, id, 'corrected later by the slow phone');
  await sync(slow);
  await sync(staff);
  expect((await view(staff, id)).description).toBe('corrected later by the slow phone');
  expect((await view(slow, id)).description).toBe('corrected later by the slow phone');
});

it('a device 6 hours fast cannot win over an edit made two minutes later (the server clamps its clock)', async () => {
  const staff = await phone('staff', 0);
  const fast = await phone('volunteer', 6 * HOUR);
  const id = await newIssue(fast);
  await describe(fast, id, 'from the fast phone');
  await sync(fast);

  await sync(staff);
  // Two minutes later by real time (more than the 60 s margin the server allows).
  staff.skewMs = 2 * 60_000;
  await describe(staff, id, 'staff, two minutes later');
  await sync(staff);
  await sync(fast);
  expect((await view(fast, id)).description).toBe('staff, two minutes later');
  expect((await view(staff, id)).description).toBe('staff, two minutes later');
});

it("a device's own edits keep their order even when its clock jumps back hours between them", async () => {
  const p = await phone('volunteer', 0);
  const id = await newIssue(p);
  await describe(p, id, 'first edit');
  p.skewMs = -5 * HOUR; // the phone's clock is reset hours back, offline
  await describe(p, id, 'second edit');
  expect((await view(p, id)).description).toBe('second edit');
  await sync(p);
  expect((await view(p, id)).description).toBe('second edit');
  const serverState = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.state.id === id)!.state as IssueState;
  expect(serverState.description).toBe('second edit');
});
