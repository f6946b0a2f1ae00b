/**
 * Crash safety: the real server process is killed with SIGKILL again and
 * again while a device pushes, and restarted on the same data. Every op the
 * server acknowledged before a kill must be there afterwards, exactly once,
 * and the materialized state must equal the fold of the op log (no op half
 * applied).
 */
import { afterAll, expect, it } from 'vitest';
import { testPort } from '../ports';
import { serverProcess } from './server-process';
import { testDatabase } from './test-db';
import { type AnyEntityState, type JoinResponse, type Op, type PushResponse, RULES_VERSION, type StoredOp, applyOp, encodeStamp } from '../../src/core';
import { DEMO_WORK_ID } from '../../sync-server/seed';

const KILLS = 6;
const PORT = testPort(4390 + Number(process.env.VITEST_POOL_ID ?? 0));
const database = await testDatabase('crash');
const server = serverProcess(PORT, database.env);
const startServer = () => server.start();
const kill = () => server.stop('SIGKILL');

afterAll(async () => {
  await kill();
  await database.drop();
});

const base = `http://127.0.0.1:${PORT}`;

it('loses no acknowledged op and half-applies none when the server is killed with SIGKILL under load', async () => {
  const code = await startServer();
  const joined = (await (
    await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'crash tester', deviceId: 'crash-dev' }),
    })
  ).json()) as JoinResponse;

  let counter = 0;
  const acknowledged = new Set<string>();
  const issues: string[] = [];
  const batchOf = (n: number): Op[] =>
    Array.from({ length: n }, (_, i): Op => {
      counter++;
      const hlc = encodeStamp({ wall: Date.now(), counter: counter % 1000, node: 'crash-dev' });
      const envelope = { id: `crash-op-${counter}`, work: joined.member.work, actor: joined.member.id, device: 'crash-dev', hlc, v: RULES_VERSION };
      // Comments on issues the server already acknowledged, mixed with new issues.
      const target = issues.length && i % 3 === 2 ? issues[counter % issues.length] : undefined;
      if (target) return { ...envelope, entity: 'issue', entityId: target, kind: 'issue.comment', payload: { text: `comment ${counter}` } };
      return {
        ...envelope,
        entity: 'issue',
        entityId: `crash-issue-${counter}`,
        kind: 'issue.create',
        payload: { category: 'noise', description: `issue ${counter}`, severity: 'low', pointId: null },
      };
    });

  let pushes = 0;
  let failedPushes = 0;
  for (let k = 0; k <= KILLS; k++) {
    // Push for a while; kill at a random moment, mid-request most of the time.
    const killAt = Date.now() + 150 + Math.random() * 500;
    let killed = false;
    const killer = (async () => {
      while (Date.now() < killAt) await new Promise((r) => setTimeout(r, 10));
      if (k < KILLS) {
        killed = true;
        await kill();
      }
    })();
    while (!killed && (k < KILLS || pushes < 10 + KILLS * 10)) {
      const batch = batchOf(20);
      try {
        const res = await fetch(`${base}/api/sync/push`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${joined.token}` },
          body: JSON.stringify({ clientVersion: RULES_VERSION, ops: batch }),
        });
        const body = (await res.json()) as PushResponse;
        pushes++;
        for (const r of body.results) {
          if (r.status !== 'accepted') continue;
          acknowledged.add(r.id);
          const op = batch.find((o) => o.id === r.id)!;
          if (op.kind === 'issue.create') issues.push(op.entityId);
        }
      } catch {
        failedPushes++; // killed mid-request: this batch was not acknowledged
        break;
      }
    }
    await killer;
    if (k < KILLS) await startServer();
  }
  await kill();

  const store = await database.open();
  try {
    const log = (await store.pull(DEMO_WORK_ID, 0, 10_000_000)).opsJson.map((j) => JSON.parse(j) as StoredOp);
    const ids = log.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = [...acknowledged].filter((id) => !ids.includes(id));
    expect(missing).toEqual([]);

    // The materialized state is exactly the fold of the log: nothing half-applied.
    const folded = new Map<string, AnyEntityState>();
    for (const { seq: _seq, ...op } of log) folded.set(`${op.entity}:${op.entityId}`, applyOp(folded.get(`${op.entity}:${op.entityId}`), op as Op));
    const stored = await store.listEntities(DEMO_WORK_ID);
    expect(stored.length).toBe(folded.size);
    for (const e of stored) expect(e.state).toEqual(folded.get(`${e.type}:${e.state.id}`));
    console.log(
      `crash: ${KILLS} SIGKILLs, ${pushes} pushes answered, ${failedPushes} cut by a kill, ` +
        `${acknowledged.size} ops acknowledged, ${missing.length} missing after restarts, ${log.length} ops in the log`,
    );
    expect(acknowledged.size).toBeGreaterThan(100);
    expect(failedPushes).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
}, 120_000);
