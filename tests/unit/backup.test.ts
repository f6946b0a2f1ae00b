/**
 * Backup while the server runs and pushes keep arriving, then restore on the stopped server:
 * every op acknowledged before the backup began is in the restored database, the op chain checks
 * out, photos come back byte for byte, and a phone that synced after the backup is told to reset
 * (the existing path), sends again what the server lost, and ends up with the same log as the server.
 * SQLite only: PostgreSQL is backed up with pg_dump (docs/deploy.md).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { type JoinResponse, type Op, type PullResponse, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { backup, restore } from '../../sync-server/backup';
import { verifyOpChain } from '../../sync-server/op-chain';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import { testPort } from '../ports';
import { serverProcess } from './server-process';

const PORT = testPort(4396 + Number(process.env.VITEST_POOL_ID ?? 0));
const base = `http://127.0.0.1:${PORT}`;
const dir = mkdtempSync(join(tmpdir(), 'sitewatch-backup-test-'));
const dataDir = join(dir, 'data');
const server = serverProcess(PORT, { SITEWATCH_DATA: dataDir, SITEWATCH_STATIC: join(dir, 'none') });
const startServer = () => server.start();
const stopServer = () => server.stop();

afterAll(async () => {
  await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

async function api<T>(path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Pulls the whole log from `after`; the cursor and the id at it, as a device keeps them. */
async function pullAll(token: string, after = 0, afterId?: string): Promise<{ status: number; ids: string[]; cursor: number; cursorId?: string }> {
  const ids: string[] = [];
  let cursor = after;
  let cursorId = afterId;
  for (;;) {
    const q = `after=${cursor}&limit=1000${cursorId && cursor > 0 ? `&afterId=${cursorId}` : ''}`;
    const r = await api<PullResponse>(`/api/sync/pull?${q}`, token);
    if (r.status !== 200) return { status: r.status, ids, cursor, ...(cursorId ? { cursorId } : {}) };
    ids.push(...r.body.ops.map((o) => o.id));
    cursor = r.body.cursor;
    cursorId = r.body.cursorId ?? cursorId;
    if (!r.body.hasMore) return { status: 200, ids, cursor, ...(cursorId ? { cursorId } : {}) };
  }
}

it('a backup taken under load restores every acknowledged op, the chain and the photos; a phone ahead of it resets and converges', async () => {
  const code = await startServer();
  const joined = (await (
    await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'backup tester', deviceId: 'backup-dev' }),
    })
  ).json()) as JoinResponse;
  const token = joined.token;

  // Photos as the server keeps them: complete ones by hash, and an upload still under way.
  const photo = randomBytes(300_000);
  const hash = createHash('sha256').update(photo).digest('hex');
  mkdirSync(join(dataDir, 'blobs', hash.slice(0, 2)), { recursive: true });
  writeFileSync(join(dataDir, 'blobs', hash.slice(0, 2), hash), photo);
  mkdirSync(join(dataDir, 'blobs', 'partial', 'some-device'), { recursive: true });
  writeFileSync(join(dataDir, 'blobs', 'partial', 'some-device', 'f'.repeat(64)), randomBytes(1000));

  let counter = 0;
  const sent = new Map<string, Op>();
  const acknowledged = new Set<string>();
  const batchOf = (n: number): Op[] =>
    Array.from({ length: n }, (): Op => {
      counter++;
      const op: Op = {
        id: `backup-op-${counter}`,
        work: joined.member.work,
        actor: joined.member.id,
        device: 'backup-dev',
        hlc: encodeStamp({ wall: Date.now(), counter: counter % 1000, node: 'backup-dev' }),
        v: RULES_VERSION,
        entity: 'issue',
        entityId: `backup-issue-${counter}`,
        kind: 'issue.create',
        payload: { category: 'noise', description: `issue ${counter}`, severity: 'low', pointId: null },
      } as Op;
      sent.set(op.id, op);
      return op;
    });
  let pushing = true;
  let pushes = 0;
  const pusher = (async () => {
    while (pushing) {
      const r = await api<PushResponse>('/api/sync/push', token, { clientVersion: RULES_VERSION, ops: batchOf(20) });
      expect(r.status).toBe(200);
      pushes++;
      for (const x of r.body.results) if (x.status === 'accepted') acknowledged.add(x.id);
    }
  })();

  await new Promise((r) => setTimeout(r, 400));
  const ackedBefore = new Set(acknowledged);
  const pushesBefore = pushes;
  const archive = join(dir, 'sitewatch.tar');
  const manifest = await backup(dataDir, archive);
  const pushesDuring = pushes - pushesBefore;
  // Pushes go on after the backup: these are what the restore will lose, and the phone will send again.
  await new Promise((r) => setTimeout(r, 400));
  pushing = false;
  await pusher;

  expect(ackedBefore.size).toBeGreaterThan(0);
  expect(acknowledged.size).toBeGreaterThan(ackedBefore.size);
  expect(manifest.photos).toBe(1);
  expect(manifest.ops).toBeGreaterThanOrEqual(ackedBefore.size);
  // The phone synced up to the newest op: ahead of the backup.
  const phone = await pullAll(token);
  expect(phone.status).toBe(200);
  expect(phone.cursor).toBeGreaterThan(manifest.maxSeq);

  // Restoring over a running server is refused, and changes nothing.
  expect(() => restore(dataDir, archive)).toThrow(/the server seems to be running/);
  await stopServer();
  const restored = restore(dataDir, archive);
  expect(restored.manifest).toEqual(manifest);
  expect(restored.keptAt && existsSync(join(restored.keptAt, 'sitewatch.sqlite'))).toBeTruthy();
  expect(readFileSync(join(dataDir, 'blobs', hash.slice(0, 2), hash)).equals(photo)).toBe(true);
  expect(existsSync(join(dataDir, 'blobs', 'partial'))).toBe(false);

  {
    const store = openSqliteStore(join(dataDir, 'sitewatch.sqlite'));
    try {
      const ids = (await store.pull(DEMO_WORK_ID, 0, 10_000_000)).opsJson.map((j) => (JSON.parse(j) as { id: string }).id);
      expect([...ackedBefore].filter((id) => !ids.includes(id))).toEqual([]);
      expect(ids.length).toBe(manifest.ops);
      expect(await verifyOpChain(store, DEMO_WORK_ID)).toMatchObject({ ok: true, ops: manifest.ops });
    } finally {
      await store.close();
    }
  }

  // The restored server runs; the phone, ahead of it, is told to reset (its cursor names an op the server lost).
  await startServer();
  const stale = await pullAll(token, phone.cursor, phone.cursorId);
  expect(stale.status).toBe(409);
  // Reset: download again, then send again what the server does not hold (the phone kept its acknowledged ops).
  const fresh = await pullAll(token);
  expect(fresh.status).toBe(200);
  const held = new Set(fresh.ids);
  const lost = [...acknowledged].filter((id) => !held.has(id));
  expect(lost.length).toBeGreaterThan(0);
  for (let i = 0; i < lost.length; i += 200) {
    const r = await api<PushResponse>('/api/sync/push', token, { clientVersion: RULES_VERSION, ops: lost.slice(i, i + 200).map((id) => sent.get(id)!) });
    expect(r.body.results.filter((x) => x.status !== 'accepted')).toEqual([]);
  }
  // Converged: the server holds every op ever acknowledged, once, and a second phone sees the same log.
  const after = await pullAll(token);
  expect(new Set(after.ids).size).toBe(after.ids.length);
  expect([...acknowledged].filter((id) => !after.ids.includes(id))).toEqual([]);
  await stopServer();
  {
    const store = openSqliteStore(join(dataDir, 'sitewatch.sqlite'));
    try {
      expect(await verifyOpChain(store, DEMO_WORK_ID)).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
  }
  console.log(
    `backup under load: ${ackedBefore.size} ops acknowledged before it, ${manifest.ops} in it (${pushesDuring} pushes answered while it ran), ` +
      `${acknowledged.size - ackedBefore.size} acknowledged after; after restore ${lost.length} sent again by the phone, log converged at ${after.ids.length} ops`,
  );
});
