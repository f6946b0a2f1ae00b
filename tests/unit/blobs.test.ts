/** Photo bytes on the server: resumable chunks, hash verification, and who may read them. */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JoinResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { openTestStore } from './test-db';

const store = await openTestStore('blobs');
const server = http.createServer(createApp({ store, staticDir: '/nonexistent', blobs: store.database.blobStore(store), joinAttemptsPerMinute: 100 }));
let base = '';
let vol: JoinResponse;

const bytes = new Uint8Array(600_000).map((_, i) => (i * 31) % 256);
const hash = createHash('sha256').update(bytes).digest('hex');
const auth = () => ({ Authorization: `Bearer ${vol.token}` });
const put = (h: string, offset: number, total: number, chunk: Uint8Array<ArrayBuffer>) =>
  fetch(`${base}/api/blobs/${h}/upload?offset=${offset}&total=${total}`, {
    method: 'PUT',
    headers: { ...auth(), 'Content-Type': 'application/octet-stream' },
    body: chunk,
  });

beforeAll(async () => {
  await seedDemoIfEmpty(store);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const code = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  vol = (await (
    await fetch(`${base}/api/join`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'v', deviceId: 'd' }) })
  ).json()) as JoinResponse;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
});

it('takes chunks at the offset it confirms, resumes after a cut, and keeps the bytes once the hash matches', async () => {
  expect(await (await fetch(`${base}/api/blobs/${hash}/upload`, { headers: auth() })).json()).toEqual({ received: 0, complete: false });
  expect((await put(hash, 0, bytes.length, bytes.subarray(0, 262_144))).status).toBe(200);
  // A chunk at the wrong offset (a replay, another tab) is told where to continue.
  const wrong = await put(hash, 0, bytes.length, bytes.subarray(0, 262_144));
  expect(wrong.status).toBe(409);
  expect(await wrong.json()).toMatchObject({ error: { code: 'offset_mismatch' }, received: 262_144 });
  // "The app was closed": ask where the server stands, continue from there.
  const status = (await (await fetch(`${base}/api/blobs/${hash}/upload`, { headers: auth() })).json()) as { received: number };
  expect(status.received).toBe(262_144);
  expect(await (await put(hash, 262_144, bytes.length, bytes.subarray(262_144, 524_288))).json()).toEqual({ received: 524_288, complete: false });
  expect(await (await put(hash, 524_288, bytes.length, bytes.subarray(524_288))).json()).toEqual({ received: bytes.length, complete: true });
});

it('refuses a corrupted upload (hash mismatch) and keeps nothing of it', async () => {
  const other = new Uint8Array(1000).fill(7);
  const claimed = createHash('sha256').update(new Uint8Array(1000).fill(8)).digest('hex');
  const res = await put(claimed, 0, other.length, other);
  expect(res.status).toBe(422);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('hash_mismatch');
  expect(await (await fetch(`${base}/api/blobs/${claimed}/upload`, { headers: auth() })).json()).toEqual({ received: 0, complete: false });
});

it('serves the bytes only once a photo of the reader’s work references them, and verbatim', async () => {
  expect((await fetch(`${base}/api/blobs/${hash}`, { headers: auth() })).status).toBe(404);
  const op = {
    id: 'photo-op-1',
    work: DEMO_WORK_ID,
    entity: 'photo',
    entityId: 'photo-1',
    kind: 'photo.add',
    payload: {
      hash,
      size: bytes.length,
      thumbHash: hash,
      thumbSize: bytes.length,
      width: 1600,
      height: 1200,
      takenAt: null,
      location: { lat: 29.86, lng: 121.54, accuracy: 8, source: 'device' },
      phase: 'before',
      caption: '',
      targetType: 'point',
      targetId: 'demo-point-1',
    },
    actor: vol.member.id,
    device: 'd',
    hlc: encodeStamp({ wall: Date.now(), counter: 0, node: 'd' }),
    v: RULES_VERSION,
  };
  const pushed = await fetch(`${base}/api/sync/push`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientVersion: RULES_VERSION, ops: [op] }),
  });
  expect(((await pushed.json()) as { results: { status: string }[] }).results[0]!.status).toBe('accepted');
  const res = await fetch(`${base}/api/blobs/${hash}`, { headers: auth() });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('immutable');
  expect(createHash('sha256').update(new Uint8Array(await res.arrayBuffer())).digest('hex')).toBe(hash);
  expect((await fetch(`${base}/api/blobs/${hash}`)).status).toBe(401);
});

it('answers malformed uploads with 4xx', async () => {
  const h = 'a'.repeat(64);
  const cases: Array<[Promise<Response>, number]> = [
    [fetch(`${base}/api/blobs/${h}/upload?offset=0&total=10`, { method: 'PUT', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: 'x' }), 415],
    [put(h, 0, 0, new Uint8Array(1)), 400],
    [put(h, 0, 99_000_000, new Uint8Array(1)), 400],
    [put(h, 0, 10, new Uint8Array(0)), 400],
    [put(h, 5, 4, new Uint8Array(1)), 409],
    [fetch(`${base}/api/blobs/${h}/upload?offset=-1&total=10`, { method: 'PUT', headers: { ...auth(), 'Content-Type': 'application/octet-stream' }, body: 'x' }), 400],
    [fetch(`${base}/api/blobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd`, { headers: auth() }), 404],
    [fetch(`${base}/api/blobs/${h.toUpperCase()}`, { headers: auth() }), 404],
    [put(h, 0, 2_000_000, new Uint8Array(1_100_000)), 413],
    [fetch(`${base}/api/blobs/${h}`, { method: 'DELETE', headers: auth() }), 405],
  ];
  for (const [res, status] of cases) expect((await res).status).toBe(status);
  expect((await fetch(`${base}/api/health`)).status).toBe(200);
});

it('keeps the first half of a chunk cut off half-way, so the next request continues from there', async () => {
  const data = new Uint8Array(200_000).map((_, i) => (i * 13) % 251);
  const h = createHash('sha256').update(data).digest('hex');
  const url = new URL(`${base}/api/blobs/${h}/upload?offset=0&total=${data.length}`);
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: 'PUT',
      headers: { ...auth(), 'Content-Type': 'application/octet-stream', 'Content-Length': data.length },
    });
    req.on('error', () => resolve());
    req.write(data.subarray(0, 120_000), () => setTimeout(() => req.destroy(), 200));
    req.on('close', () => resolve());
  });
  let status = { received: 0, complete: false };
  for (let i = 0; i < 20 && status.received === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await (await fetch(`${base}/api/blobs/${h}/upload`, { headers: auth() })).json()) as typeof status;
  }
  expect(status).toEqual({ received: 120_000, complete: false });
  const rest = await put(h, 120_000, data.length, data.subarray(120_000));
  expect(await rest.json()).toEqual({ received: data.length, complete: true });
});
