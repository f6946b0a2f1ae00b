/**
 * A device whose cursor the server no longer knows (the server was restored
 * from an older backup) is told "reset required": it keeps its pending ops,
 * downloads the work again, and ends equal to the server.
 */
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOp } from '../../src/sync/local';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { testDatabase } from './test-db';
import { closeServer } from './loopback';

const database = await testDatabase('reset');
let store: Store = await database.open();
let handler = createApp({ store, staticDir: '/nonexistent' });
const server = http.createServer((req, res) => handler(req, res));

afterAll(async () => {
  await closeServer(server);
  await store.close();
  await database.drop();
});

it('after the server is restored from an older backup, the device resets, keeps pending work and converges', async () => {
  await seedDemoIfEmpty(store);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api = createApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const joined = await api.join({ code, name: 'reset tester', deviceId: 'reset-dev' });
  const member: Membership = { ...joined.member, memberId: joined.member.id, workName: joined.workName, token: joined.token, joinedAt: 0 };
  const device: Device = { db: new SitewatchDB('reset-device'), deviceId: 'reset-dev', now: () => Date.now() };
  const complaint = (text: string) =>
    recordOp(device, member, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: newId(),
      payload: { category: 'noise', description: text, severity: 'low', pointId: null },
    });

  await syncWork(device, api, member);
  // The backup is taken here (the server is idle between requests).
  await database.backup();

  await complaint('synced after the backup');
  await syncWork(device, api, member);
  const cursorBefore = (await device.db.syncState.get(DEMO_WORK_ID))!.cursor;
  const pending = await complaint('made while the server was being restored');

  // Restore the backup: the server forgets what came after it.
  await store.close();
  await database.restore();
  store = await database.open();
  handler = createApp({ store, staticDir: '/nonexistent' });
  expect(await store.maxSeq()).toBeLessThan(cursorBefore);

  await syncWork(device, api, member);
  await syncWork(device, api, member);

  const log = (await store.pull(DEMO_WORK_ID, 0, 10_000)).opsJson.map((j) => JSON.parse(j) as { id: string });
  expect(log.some((o) => o.id === pending.id)).toBe(true);
  expect(await device.db.outbox.count()).toBe(0);
  const serverIssues = (await store.listEntities(DEMO_WORK_ID)).filter((e) => e.type === 'issue').map((e) => e.state);
  const deviceIssues = (await device.db.issues.toArray()).map(({ syncPending: _s, ...rest }) => rest);
  expect(deviceIssues).toEqual(serverIssues);
  expect(deviceIssues.map((i) => i.description)).toContain('made while the server was being restored');
  // Confirmed before the restore, forgotten by the restored server, sent again by the device.
  expect(deviceIssues.map((i) => i.description)).toContain('synced after the backup');
  expect((await device.db.syncState.get(DEMO_WORK_ID))!.cursor).toBe(await store.maxSeq());
  device.db.close();
});
