/**
 * Round trips to PostgreSQL per push, counted on the pool's connections (every query a client sends is
 * one round trip: node-postgres does not pipeline). A push of N ops costs the same few round trips
 * whatever N: BEGIN with its locks, one read (answers seen before, the entities the ops consult, the
 * op chain's head, numbers for the ops), one write of all rows, COMMIT. PostgreSQL only.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JoinResponse, type Op, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { createApp } from '../../sync-server/app';
import type { PgStore } from '../../sync-server/pg-store';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { closeServer, listenOnLoopback } from './loopback';
import { type TestDatabase, testDatabase } from './test-db';

let database: TestDatabase;
let store: PgStore;
let server: http.Server;
let base = '';
let volunteer: JoinResponse;
let n = 0;
const counted: string[] = [];
let counting = false;

beforeAll(async () => {
  database = await testDatabase('roundtrips');
  store = (await database.open()) as PgStore;
  await seedDemoIfEmpty(store);
  // Every client the pool hands out counts its queries while `counting` is on.
  const patched = new WeakSet<object>();
  store.pool.on('acquire', (client) => {
    if (patched.has(client)) return;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (counting) {
        const q = args[0] as string | { text: string };
        counted.push(typeof q === 'string' ? q : q.text);
      }
      return query(...args);
    };
  });
  server = http.createServer(createApp({ store, staticDir: '/nonexistent', joinAttemptsPerMinute: 1000 }));
  base = await listenOnLoopback(server);
  const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const res = await fetch(`${base}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: 'counter', deviceId: 'rt-dev' }),
  });
  volunteer = (await res.json()) as JoinResponse;
});

afterAll(async () => {
  await closeServer(server);
  await store.close();
  await database.drop();
});

const create = (): Op =>
  ({
    id: `rt-op-${++n}`,
    work: DEMO_WORK_ID,
    entity: 'issue',
    entityId: `rt-issue-${n}`,
    kind: 'issue.create',
    actor: volunteer.member.id,
    device: 'rt-dev',
    hlc: encodeStamp({ wall: Date.now(), counter: n % 1000, node: 'rt-dev' }),
    v: RULES_VERSION,
    payload: { category: 'noise', description: `issue ${n}`, severity: 'low', pointId: null },
  }) as Op;

const edit = (issueId: string): Op => ({ ...create(), entityId: issueId, kind: 'issue.edit', payload: { fields: { description: `edited ${n}` } } }) as Op;

/** Pushes the ops; the queries sent meanwhile, and those of the write transaction alone. */
async function push(ops: Op[]): Promise<{ request: string[]; transaction: string[] }> {
  counted.length = 0;
  counting = true;
  const res = await fetch(`${base}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${volunteer.token}` },
    body: JSON.stringify({ clientVersion: RULES_VERSION, ops }),
  });
  counting = false;
  const body = (await res.json()) as PushResponse;
  expect(body.results.map((r) => r.status)).toEqual(ops.map(() => 'accepted'));
  const request = [...counted];
  const begin = request.findIndex((q) => q.startsWith('BEGIN'));
  return { request, transaction: request.slice(begin, request.indexOf('COMMIT') + 1) };
}

it('a push of 5 ops takes at most 4 round trips in its transaction, and as many for 20 ops or for edits', async () => {
  const five = Array.from({ length: 5 }, create);
  const created = await push(five);
  expect(created.transaction.length, created.transaction.join('\n---\n')).toBeLessThanOrEqual(4);
  const edited = await push(five.map((o) => edit(o.entityId)));
  expect(edited.transaction.length).toBe(created.transaction.length);
  const twenty = await push(Array.from({ length: 20 }, create));
  expect(twenty.transaction.length).toBe(created.transaction.length);
  // Besides the transaction, the request reads the device's token (and notes it seen, at most once a minute).
  console.log(`round trips per 5-op push: ${created.transaction.length} in the transaction, ${created.request.length} in the request`);
  expect(created.request.length - created.transaction.length).toBeLessThanOrEqual(2);
});
