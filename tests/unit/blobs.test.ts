/**
 * Photo bytes on the server: resumable chunks, hash verification, who may read them, and who may
 * upload them: only bytes an accepted op of the uploader's work names, at the size named, within the
 * work's storage quota.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GrantedMembership, RULES_VERSION, encodeStamp } from '../../src/core';
import type { BlobStore } from '../../sync-server/blob-store';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, startServer } from './harness';
import { closeServer, listenOnLoopback } from './loopback';

/** Two servers on one store and one blob store: the second with a small quota per work. */
const QUOTA = 1_000_000;
let srv: TestServer;
let store: Store;
let blobs: BlobStore;
let smallQuota: http.Server;
let base = '';
let smallQuotaBase = '';

interface Device {
  token: string;
  memberId: string;
  work: string;
}
let vol: Device;

const bytesOf = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (i * seed + (i >> 8)) % 256);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = bytesOf(600_000, 31);
const hash = sha(bytes);
const auth = (d: Device = vol) => ({ Authorization: `Bearer ${d.token}` });
const put = (h: string, offset: number, total: number, chunk: Uint8Array<ArrayBuffer>, d: Device = vol, at = base) =>
  fetch(`${at}/api/blobs/${h}/upload?offset=${offset}&total=${total}`, {
    method: 'PUT',
    headers: { ...auth(d), 'Content-Type': 'application/octet-stream' },
    body: chunk,
  });
const status = (h: string, d: Device = vol) => fetch(`${base}/api/blobs/${h}/upload`, { headers: auth(d) });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

let opN = 0;
async function pushOps(d: Device, ops: unknown[]): Promise<string[]> {
  return (await srv.push(d.token, ops)).body.results.map((r) => r.status);
}
const envelope = (d: Device) => {
  opN++;
  return {
    id: `blob-op-${opN}`,
    work: d.work,
    actor: d.memberId,
    device: 'd',
    hlc: encodeStamp({ wall: Date.now(), counter: opN, node: 'd' }),
    v: RULES_VERSION,
  };
};

/** The photo's record, as the app pushes it before the bytes: it names the display copy (and here the same bytes as thumbnail). */
async function recordPhoto(d: Device, photoHash: string, size: number, pointId = 'demo-point-1'): Promise<void> {
  const op = {
    ...envelope(d),
    entity: 'photo',
    entityId: `photo-${opN}`,
    kind: 'photo.add',
    payload: {
      hash: photoHash,
      size,
      thumbHash: photoHash,
      thumbSize: size,
      width: 1600,
      height: 1200,
      takenAt: null,
      location: { lat: 29.86, lng: 121.54, accuracy: 8, source: 'device' },
      phase: 'before',
      caption: '',
      targetType: 'point',
      targetId: pointId,
    },
  };
  expect(await pushOps(d, [op])).toEqual(['accepted']);
}

/** A new work made by the demo work's staff, with one point: its staff device. */
async function newWork(id: string, staff: Device): Promise<Device> {
  const res = await srv.call<GrantedMembership>('POST', '/api/admin/works', staff.token, {
    workId: id,
    deviceId: 'd',
    name: id,
    compound: 'C',
    community: '',
    kind: 'garage',
    contractor: '',
    startDate: null,
    endDate: null,
    responseTargets: { acknowledgeHours: 12, resolveDays: 5 },
  });
  expect(res.status).toBe(200);
  const granted = res.body;
  const d = { token: granted.token, memberId: granted.member.id, work: id };
  const point = { ...envelope(d), entity: 'point', entityId: `${id}-point`, kind: 'point.create', payload: { name: 'Ramp', lat: null, lng: null } };
  expect(await pushOps(d, [point])).toEqual(['accepted']);
  return d;
}

async function join(role: 'volunteer' | 'staff'): Promise<Device> {
  const m = await srv.join(role, role, 'd');
  return { token: m.token, memberId: m.id, work: m.work };
}

/** The shared photo, recorded by the volunteer and its bytes stored whole: tests that read it make sure of it first. */
async function sharedPhotoStored(): Promise<void> {
  await recordPhoto(vol, hash, bytes.length);
  const now = (await (await status(hash)).json()) as { received: number; complete: boolean };
  if (!now.complete)
    expect(await (await put(hash, now.received, bytes.length, bytes.subarray(now.received))).json()).toEqual({ received: bytes.length, complete: true });
}

beforeAll(async () => {
  srv = await startServer({ label: 'blobs', databaseBlobs: true, joinAttemptsPerMinute: 100 });
  store = srv.store;
  blobs = srv.blobs!;
  smallQuota = http.createServer(createApp({ store, staticDir: joinPath(srv.database.dir, 'none'), blobs, joinAttemptsPerMinute: 100, workQuotaBytes: QUOTA }));
  base = srv.base;
  smallQuotaBase = await listenOnLoopback(smallQuota);
  vol = await join('volunteer');
});

afterAll(async () => {
  await closeServer(smallQuota);
  await srv.close();
});

describe('the upload itself', () => {
  it('takes chunks at the offset it confirms, resumes after a cut, and keeps the bytes once the hash matches', async () => {
    // Bytes of its own: other tests store the shared photo whole.
    const bytes = bytesOf(600_000, 37);
    const hash = sha(bytes);
    await recordPhoto(vol, hash, bytes.length);
    expect(await (await status(hash)).json()).toEqual({ received: 0, complete: false });
    expect((await put(hash, 0, bytes.length, bytes.subarray(0, 262_144))).status).toBe(200);
    // A chunk at the wrong offset (a replay, another tab) is told where to continue.
    const wrong = await put(hash, 0, bytes.length, bytes.subarray(0, 262_144));
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ error: { code: 'offset_mismatch' }, received: 262_144 });
    // "The app was closed": ask where the server stands, continue from there.
    expect(((await (await status(hash)).json()) as { received: number }).received).toBe(262_144);
    expect(await (await put(hash, 262_144, bytes.length, bytes.subarray(262_144, 524_288))).json()).toEqual({ received: 524_288, complete: false });
    expect(await (await put(hash, 524_288, bytes.length, bytes.subarray(524_288))).json()).toEqual({ received: bytes.length, complete: true });
  });

  it('refuses a corrupted upload (hash mismatch) and keeps nothing of it', async () => {
    const other = new Uint8Array(1000).fill(7);
    const claimed = sha(new Uint8Array(1000).fill(8));
    await recordPhoto(vol, claimed, other.length);
    const res = await put(claimed, 0, other.length, other);
    expect(res.status).toBe(422);
    expect(await codeOf(res)).toBe('hash_mismatch');
    expect(await (await status(claimed)).json()).toEqual({ received: 0, complete: false });
  });

  it('serves the bytes only to a work whose photos reference them, and verbatim', async () => {
    await sharedPhotoStored();
    const res = await fetch(`${base}/api/blobs/${hash}`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(hash);
    expect((await fetch(`${base}/api/blobs/${hash}`)).status).toBe(401);
  });

  it('answers malformed uploads with 4xx', async () => {
    const h = sha(new Uint8Array(10).fill(1));
    await recordPhoto(vol, h, 10);
    const cases: Array<[Promise<Response>, number]> = [
      [fetch(`${base}/api/blobs/${h}/upload?offset=0&total=10`, { method: 'PUT', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: 'x' }), 415],
      [put(h, 0, 0, new Uint8Array(1)), 400],
      [put(h, 0, 99_000_000, new Uint8Array(1)), 400],
      [put(h, 0, 10, new Uint8Array(0)), 400],
      [put(h, 5, 10, new Uint8Array(1)), 409],
      [
        fetch(`${base}/api/blobs/${h}/upload?offset=-1&total=10`, {
          method: 'PUT',
          headers: { ...auth(), 'Content-Type': 'application/octet-stream' },
          body: 'x',
        }),
        400,
      ],
      [fetch(`${base}/api/blobs/%2e%2e%2f%2e%2e%2fetc%2fpasswd`, { headers: auth() }), 404],
      [fetch(`${base}/api/blobs/${h.toUpperCase()}`, { headers: auth() }), 404],
      [put(h, 0, 10, new Uint8Array(1_100_000)), 413],
      [fetch(`${base}/api/blobs/${h}`, { method: 'DELETE', headers: auth() }), 405],
      [fetch(`${base}/api/blobs/${h}/upload`, { method: 'POST', headers: auth() }), 405],
    ];
    for (const [res, code] of cases) expect((await res).status).toBe(code);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('keeps the first half of a chunk cut off half-way, so the next request continues from there', async () => {
    const data = bytesOf(200_000, 13);
    const h = sha(data);
    await recordPhoto(vol, h, data.length);
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
    let now = { received: 0, complete: false };
    for (let i = 0; i < 20 && now.received === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = (await (await status(h)).json()) as typeof now;
    }
    expect(now).toEqual({ received: 120_000, complete: false });
    const rest = await put(h, 120_000, data.length, data.subarray(120_000));
    expect(await rest.json()).toEqual({ received: data.length, complete: true });
  });
});

describe('uploads are scoped to the work', () => {
  let workB: Device;
  beforeAll(async () => {
    workB = await newWork('blobs-work-b', await join('staff'));
  });

  it('refuses bytes no record names (409 not_referenced), and stores nothing', async () => {
    const data = bytesOf(5000, 3);
    const h = sha(data);
    const s = await status(h);
    expect(s.status).toBe(409);
    expect(await codeOf(s)).toBe('not_referenced');
    const res = await put(h, 0, data.length, data);
    expect(res.status).toBe(409);
    expect(await codeOf(res)).toBe('not_referenced');
    expect(await blobs.status(h)).toEqual({ received: 0, complete: false });
  });

  it("a comment's voice note is taken once the comment naming it is accepted, at the size it names", async () => {
    const data = bytesOf(40_000, 11);
    const h = sha(data);
    const issueId = `voice-issue-${opN}`;
    const issue = {
      ...envelope(vol),
      entity: 'issue',
      entityId: issueId,
      kind: 'issue.create',
      payload: { category: 'noise', description: '楼道灯坏了', severity: 'medium', pointId: null },
    };
    expect(await pushOps(vol, [issue])).toEqual(['accepted']);
    // Before the comment: no record names these bytes.
    expect(await codeOf(await put(h, 0, data.length, data))).toBe('not_referenced');
    const voice = { hash: h, size: data.length, durationMs: 9_000, type: 'audio/webm' };
    const comment = { ...envelope(vol), entity: 'issue', entityId: issueId, kind: 'issue.comment', payload: { text: '', voice } };
    expect(await pushOps(vol, [comment])).toEqual(['accepted']);
    expect(await (await put(h, 0, data.length, data)).json()).toEqual({ received: data.length, complete: true });
    expect(await blobs.status(h)).toEqual({ received: data.length, complete: true });
  });

  it("a checklist answer's voice note is taken once the answer naming it is accepted", async () => {
    const data = bytesOf(30_000, 13);
    const h = sha(data);
    const inspectionId = `voice-inspection-${opN}`;
    const start = {
      ...envelope(vol),
      entity: 'inspection',
      entityId: inspectionId,
      kind: 'inspection.start',
      payload: { templateId: 'demo-template-site-order', version: 1, pointId: 'demo-point-1' },
    };
    expect(await pushOps(vol, [start])).toEqual(['accepted']);
    expect(await codeOf(await put(h, 0, data.length, data))).toBe('not_referenced');
    const voice = { hash: h, size: data.length, durationMs: 7_000, type: 'audio/mp4' };
    const answer = {
      ...envelope(vol),
      entity: 'inspection',
      entityId: inspectionId,
      kind: 'inspection.answer',
      payload: { itemId: 'dust-cover', answer: { value: 'fail', note: '', photos: [], voice } },
    };
    expect(await pushOps(vol, [answer])).toEqual(['accepted']);
    expect(await (await put(h, 0, data.length, data)).json()).toEqual({ received: data.length, complete: true });
  });

  it("a device of work B cannot upload a photo only work A's record names: nothing stored, and no hint it exists", async () => {
    const data = bytesOf(5000, 5);
    const h = sha(data);
    await recordPhoto(vol, h, data.length);
    const res = await put(h, 0, data.length, data, workB);
    expect(res.status).toBe(409);
    expect(await codeOf(res)).toBe('not_referenced');
    expect(await blobs.status(h)).toEqual({ received: 0, complete: false });
    // Work A's own device uploads it as usual.
    expect(await (await put(h, 0, data.length, data)).json()).toEqual({ received: data.length, complete: true });
    // The same answer for a hash work A now holds whole (one B never names, whatever ran before): B learns nothing about A's photos.
    const known = await status(h, workB);
    expect(known.status).toBe(409);
    expect(await codeOf(known)).toBe('not_referenced');
  });

  it('an upload must be the size its record declared', async () => {
    const data = bytesOf(4000, 7);
    const h = sha(data);
    await recordPhoto(vol, h, data.length);
    const res = await put(h, 0, 15 * 1024 * 1024, data);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`total must be ${data.length}`);
    expect(await blobs.status(h)).toEqual({ received: 0, complete: false });
  });

  it('a reference recorded before sizes were kept takes its size from the next op naming it, or else from its first upload', async () => {
    const raw = await srv.database.raw();
    const forget = (h: string) => raw.query('UPDATE blob_refs SET size = NULL WHERE hash = $1', [h]);
    const a = bytesOf(3000, 29);
    await recordPhoto(vol, sha(a), a.length);
    await forget(sha(a));
    await recordPhoto(vol, sha(a), a.length);
    expect(await store.blobRef(sha(a), DEMO_WORK_ID)).toEqual({ size: a.length, charged: false });
    const b = bytesOf(2000, 31);
    await recordPhoto(vol, sha(b), b.length);
    await forget(sha(b));
    expect(await (await put(sha(b), 0, b.length, b)).json()).toEqual({ received: b.length, complete: true });
    expect(await store.blobRef(sha(b), DEMO_WORK_ID)).toEqual({ size: b.length, charged: true });
    await raw.close();
  });

  it('bytes already on the server for another work are not stored again, nor counted for the second work', async () => {
    await sharedPhotoStored();
    await recordPhoto(workB, hash, bytes.length, 'blobs-work-b-point');
    expect(await (await status(hash, workB)).json()).toEqual({ received: bytes.length, complete: true });
    expect(await (await put(hash, 0, bytes.length, bytes.subarray(0, 1000), workB)).json()).toEqual({ received: bytes.length, complete: true });
    expect(await store.blobRef(hash, workB.work)).toEqual({ size: bytes.length, charged: false });
    expect(await store.blobRef(hash, DEMO_WORK_ID)).toEqual({ size: bytes.length, charged: true });
  });
});

describe('storage quota per work', () => {
  it('refuses an upload that would take the work past its quota (507 quota_exceeded, in words), stores nothing, and leaves other works alone', async () => {
    const staff = await join('staff');
    const c = await newWork('blobs-work-c', staff);
    const first = bytesOf(600_000, 11);
    const second = bytesOf(600_000, 17);
    const small = bytesOf(300_000, 19);
    for (const b of [first, second, small]) await recordPhoto(c, sha(b), b.length, 'blobs-work-c-point');
    // The first photo's first chunk charges the whole photo: 600 kB of 1 MB.
    expect((await put(sha(first), 0, first.length, first.subarray(0, 262_144), c, smallQuotaBase)).status).toBe(200);
    const refused = await put(sha(second), 0, second.length, second.subarray(0, 262_144), c, smallQuotaBase);
    expect(refused.status).toBe(507);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('quota_exceeded');
    expect(body.error.message).toContain('照片存储空间已满');
    expect(body.error.message).toContain('ask the community staff');
    expect(await blobs.status(sha(second))).toEqual({ received: 0, complete: false });
    // What still fits goes in, and the photo already started finishes.
    expect(await (await put(sha(small), 0, small.length, small, c, smallQuotaBase)).json()).toEqual({ received: small.length, complete: true });
    expect(await (await put(sha(first), 262_144, first.length, first.subarray(262_144), c, smallQuotaBase)).json()).toEqual({
      received: first.length,
      complete: true,
    });
    // Another work is not charged for work C's photos.
    const other = await newWork('blobs-work-d', staff);
    const d = bytesOf(600_000, 23);
    await recordPhoto(other, sha(d), d.length, 'blobs-work-d-point');
    expect(await (await put(sha(d), 0, d.length, d, other, smallQuotaBase)).json()).toEqual({ received: d.length, complete: true });
  });
});
