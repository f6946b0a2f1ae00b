/**
 * Live updates across instances (PostgreSQL only, see vitest.config.ts): a
 * device connected to instance B hears of a push made through instance A,
 * relayed by LISTEN/NOTIFY (sync-server/pg-live.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JoinResponse, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { createApp } from '../../sync-server/app';
import { LiveHub } from '../../sync-server/live';
import { relayLiveOverPg } from '../../sync-server/pg-live';
import type { PgStore } from '../../sync-server/pg-store';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { type TestDatabase, testDatabase } from './test-db';
import { closeServer } from './loopback';

interface Instance {
  store: PgStore;
  hub: LiveHub;
  server: http.Server;
  base: string;
  relay: { close(): Promise<void> };
}

let database: TestDatabase;
const instances: Instance[] = [];
const streams: AbortController[] = [];

async function startInstance(): Promise<Instance> {
  const store = (await database.open()) as PgStore;
  await seedDemoIfEmpty(store);
  const hub = new LiveHub();
  const relay = await relayLiveOverPg({
    connectionString: database.env.DATABASE_URL!,
    schema: database.env.SITEWATCH_PG_SCHEMA!,
    hub,
    pool: store.pool,
    store,
  });
  const server = http.createServer(createApp({ store, hub, staticDir: '/nonexistent', joinAttemptsPerMinute: 100 }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { store, hub, server, relay, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  database = await testDatabase('live');
  instances.push(await startInstance(), await startInstance());
});

afterAll(async () => {
  for (const c of streams) c.abort();
  for (const i of instances) {
    i.hub.closeAll();
    await closeServer(i.server);
    await i.relay.close();
    await i.store.close();
  }
  await database.drop();
});

/** Opens the event stream and resolves with the `data` of the first event named `name` whose seq reaches `minSeq`. */
function waitForEvent(base: string, token: string, name: string, minSeq: () => number): { ready: Promise<void>; event: Promise<number> } {
  const controller = new AbortController();
  streams.push(controller);
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const event = (async () => {
    const res = await fetch(`${base}/api/sync/events`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before an "${name}" event:\n${text}`);
      text += decoder.decode(value, { stream: true });
      if (text.includes('event: ready')) onReady();
      for (const m of text.matchAll(/event: (\w+)\ndata: \{"seq":(\d+)\}/g)) {
        if (m[1] === name && Number(m[2]) >= minSeq()) {
          controller.abort();
          return Number(m[2]);
        }
      }
    }
  })();
  return { ready, event };
}

it('a device connected to one instance is poked when another instance accepts a push', async () => {
  const [a, b] = instances as [Instance, Instance];
  const code = (await a.store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const joined = (await (
    await fetch(`${a.base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'live tester', deviceId: 'live-dev' }),
    })
  ).json()) as JoinResponse;
  let pushedSeq = Number.MAX_SAFE_INTEGER;
  const onB = waitForEvent(b.base, joined.token, 'ops', () => pushedSeq);
  await onB.ready;

  const op = {
    id: 'live-op-1',
    work: DEMO_WORK_ID,
    entity: 'issue',
    entityId: 'live-issue-1',
    kind: 'issue.create',
    actor: joined.member.id,
    device: 'live-dev',
    hlc: encodeStamp({ wall: Date.now(), counter: 0, node: 'live-dev' }),
    v: RULES_VERSION,
    payload: { category: 'noise', description: 'heard on the other instance', severity: 'low', pointId: null },
  };
  const res = await fetch(`${a.base}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${joined.token}` },
    body: JSON.stringify({ clientVersion: RULES_VERSION, ops: [op] }),
  });
  const result = ((await res.json()) as PushResponse).results[0]!;
  expect(result.status).toBe('accepted');
  pushedSeq = result.status === 'accepted' ? result.seq : 0;
  expect(await onB.event).toBe(pushedSeq);
});
