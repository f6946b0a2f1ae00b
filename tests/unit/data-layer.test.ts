/**
 * The data layer between the features and Dexie: a saved change asks for a sync by itself once its
 * transaction has committed (no page has to remember), and one unsent count, on both stores.
 */
import 'fake-indexeddb/auto';
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { SitewatchDB } from '../../src/db/db';
import { unsyncedByWork, unsyncedCount } from '../../src/db/queries';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, LocalRejection, recordOp } from '../../src/sync/local';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { closeServer, listenOnLoopback } from './loopback';
import { testDatabase } from './test-db';

const database = await testDatabase('data-layer');
const store: Store = await database.open();
const handler = createApp({ store, staticDir: '/nonexistent' });
const server = http.createServer((req, res) => handler(req, res));
const api = createApi(await listenOnLoopback(server));
await seedDemoIfEmpty(store);

afterAll(async () => {
  await closeServer(server);
  await store.close();
  await database.drop();
});

async function phone(name: string): Promise<{ device: Device; member: Membership }> {
  const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const deviceId = `${name}-${newId()}`;
  const joined = await api.join({ code, name, deviceId });
  const member: Membership = { ...joined.member, memberId: joined.member.id, workName: joined.workName, token: joined.token, joinedAt: 0 };
  return { device: { db: new SitewatchDB(`data-layer-${deviceId}`), deviceId, now: () => Date.now() }, member };
}

const issue = (description: string) =>
  ({ kind: 'issue.create', entity: 'issue', entityId: newId(), payload: { category: 'noise', description, severity: 'low', pointId: null } }) as const;

it('point 5: a saved change asks for a sync itself, after its transaction has committed, and the sync carries it', async () => {
  const { device, member } = await phone('eager');
  const synced: Array<Promise<void>> = [];
  let calls = 0;
  // What the engine does on the signal: sync. Started from inside the signal, it must already see the change.
  device.db.onOutboxCommit(() => {
    calls++;
    synced.push(syncWork(device, api, member));
  });
  const op = await recordOp(device, member, issue('pump noise at night'));
  expect(calls).toBe(1);
  await Promise.all(synced);
  // The sync the change itself asked for brought it to the server: nothing was left for a caller to do.
  expect(await unsyncedCount(device.db, { work: member.work })).toBe(0);
  // ...and the pull brought it back as the server's: confirmed, no longer pending.
  expect((await device.db.issues.get(op.entityId))?.syncPending).toBe(false);
  // The engine's own writes (an acknowledged op, a pulled page) ask for nothing more.
  expect(calls).toBe(1);
});

it('point 5: a change the rules refuse, or a transaction that aborts, asks for no sync', async () => {
  const { device, member } = await phone('refused');
  let calls = 0;
  device.db.onOutboxCommit(() => calls++);
  // A volunteer may not create a point: refused before anything is written.
  await expect(
    recordOp(device, member, { kind: 'point.create', entity: 'point', entityId: newId(), payload: { name: 'P', lat: null, lng: null } }),
  ).rejects.toBeInstanceOf(LocalRejection);
  await expect(
    device.db.transaction('rw', device.db.outbox, async () => {
      await device.db.outbox.add({
        id: newId(),
        work: member.work,
        entity: 'issue',
        entityId: 'x',
        op: {} as never,
        role: 'volunteer',
        state: 'pending',
        createdAt: 0,
      });
      throw new Error('abort');
    }),
  ).rejects.toThrow('abort');
  expect(calls).toBe(0);
  expect(await unsyncedCount(device.db)).toBe(0);
});

it('point 5: one unsent count, per work, by age, with or without the sent ones still in the outbox', async () => {
  const { device, member } = await phone('counts');
  let clock = Date.now() - 3 * 86_400_000;
  const dated: Device = { ...device, now: () => clock };
  await recordOp(dated, member, issue('old one'));
  clock = Date.now();
  await recordOp(dated, member, issue('new one'));
  await device.db.outbox.add({
    id: newId(),
    work: 'other-work',
    entity: 'issue',
    entityId: 'y',
    op: {} as never,
    role: 'volunteer',
    state: 'acked',
    createdAt: 0,
  });

  expect(await unsyncedCount(device.db, { work: member.work })).toBe(2);
  expect(await unsyncedCount(device.db, { work: member.work, madeBefore: Date.now() - 86_400_000 })).toBe(1);
  expect(await unsyncedCount(device.db)).toBe(2);
  expect(await unsyncedCount(device.db, { acked: true })).toBe(3);
  expect(await unsyncedCount(device.db, { work: 'other-work', acked: true })).toBe(1);
  expect(await unsyncedByWork(device.db, [member.work, 'other-work', 'none'])).toEqual(
    new Map([
      [member.work, 2],
      ['other-work', 0],
      ['none', 0],
    ]),
  );
  await syncWork(device, api, member);
  expect(await unsyncedCount(device.db, { work: member.work })).toBe(0);
});
