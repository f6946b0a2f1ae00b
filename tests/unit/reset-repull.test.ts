/**
 * A reset's re-pull (docs/sync-protocol.md §5.4, §9.1): the device forgets the server's state and
 * queues its own confirmed ops again. Until the pull has come back to the end of the log, its
 * confirmed state is only a prefix of it, and an op of its own the server still holds may be
 * answered "accepted" for an entity the pull has not brought yet.
 */
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { ApiError, type SyncApi, createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOp } from '../../src/sync/local';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { closeServer } from './loopback';
import { testDatabase } from './test-db';

const database = await testDatabase('reset-repull');
let store: Store = await database.open();
let handler = createApp({ store, staticDir: '/nonexistent' });
const server = http.createServer((req, res) => handler(req, res));

afterAll(async () => {
  await closeServer(server);
  await store.close();
  await database.drop();
});

it("reset: during a reset's re-pull, an own op the server still holds is shown only once its entity has come back", async () => {
  await seedDemoIfEmpty(store);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api = createApi(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const phone = async (deviceId: string) => {
    const joined = await api.join({ code, name: deviceId, deviceId });
    const member: Membership = { ...joined.member, memberId: joined.member.id, workName: joined.workName, token: joined.token, joinedAt: 0 };
    const device: Device = { db: new SitewatchDB(`repull-${deviceId}`), deviceId, now: () => Date.now() };
    return { member, device };
  };
  const a = await phone('repull-a');
  const b = await phone('repull-b');

  // B reports an issue; A sees it and comments on it; both are confirmed on A (its sent log).
  const issueId = newId();
  await recordOp(b.device, b.member, {
    kind: 'issue.create',
    entity: 'issue',
    entityId: issueId,
    payload: { category: 'noise', description: 'reported by B', severity: 'low', pointId: null },
  });
  await syncWork(b.device, api, b.member);
  await syncWork(a.device, api, a.member);
  await recordOp(a.device, a.member, { kind: 'issue.comment', entity: 'issue', entityId: issueId, payload: { text: 'A saw it too' } });
  await syncWork(a.device, api, a.member);
  await database.backup();
  // Something A pulls after the backup: the restored server will not know A's cursor.
  await recordOp(b.device, b.member, { kind: 'issue.comment', entity: 'issue', entityId: issueId, payload: { text: 'after the backup' } });
  await syncWork(b.device, api, b.member);
  await syncWork(a.device, api, a.member);

  await store.close();
  await database.restore();
  store = await database.open();
  handler = createApp({ store, staticDir: '/nonexistent' });

  // The reset happens, then the network drops before the re-pull has brought anything back.
  let pulls = 0;
  const flaky: SyncApi = {
    ...api,
    pull: (...args) => (++pulls === 1 ? api.pull(...args) : Promise.reject(new ApiError('network', 'offline', 0))),
  };
  await expect(syncWork(a.device, flaky, a.member)).rejects.toThrow('offline');
  expect(await a.device.db.issues.get(issueId)).toBeUndefined();
  expect((await a.device.db.outbox.toArray()).map((e) => e.op.kind)).toEqual(['issue.comment']);

  // The next cycle pushes first: the server still holds the comment and answers "accepted" (acked)
  // while the issue it belongs to has not been pulled again. That must not break the cycle.
  await syncWork(a.device, api, a.member);
  expect(await a.device.db.outbox.count()).toBe(0);
  const serverIssue = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'issue' && e.state.id === issueId)!.state;
  const { syncPending: _s, ...deviceIssue } = (await a.device.db.issues.get(issueId))!;
  expect(deviceIssue).toEqual(serverIssue);
  a.device.db.close();
  b.device.db.close();
});
