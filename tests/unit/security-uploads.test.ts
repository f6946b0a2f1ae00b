/**
 * Photo uploads that other members cannot spoil, and refused ops kept within bounds.
 *
 * - Each device uploads into a partial of its own until some device completes the blob: another
 *   member's junk bytes (one byte at offset 0 was enough) only spoil that member's own partial.
 *   A device's partials are bounded in number and in age.
 * - A refused op is stored as its hash and first KB once it is bigger than ops the rules accept,
 *   and its reason's message is bounded; the push answer and a repeated push answer the same.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PushResult, RULES_VERSION, encodeStamp } from '../../src/core';
import { type BlobStore, type BlobStoreOptions, PARTIALS_PER_UPLOADER, memoryBlobStore } from '../../sync-server/blob-store';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { REJECTED_BODY_CHARS, REJECTION_MESSAGE_CHARS } from '../../sync-server/store-rows';
import { startServer } from './harness';

// Started while the file is collected: the blob-store table below names this run's store.
const srv = await startServer({ label: 'security-uploads', databaseBlobs: true, joinAttemptsPerMinute: 1000 });
const { store, base } = srv;

interface Device {
  token: string;
  memberId: string;
  work: string;
}

const CHUNK = 262_144;
const bytesOf = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (i * seed + (i >> 8)) % 256);
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const auth = (d: Device) => ({ Authorization: `Bearer ${d.token}` });

const put = (d: Device, h: string, offset: number, total: number, chunk: Uint8Array<ArrayBuffer>) =>
  fetch(`${base}/api/blobs/${h}/upload?offset=${offset}&total=${total}`, {
    method: 'PUT',
    headers: { ...auth(d), 'Content-Type': 'application/octet-stream' },
    body: chunk,
  });
const uploadStatus = async (d: Device, h: string) =>
  (await (await fetch(`${base}/api/blobs/${h}/upload`, { headers: auth(d) })).json()) as { received: number; complete: boolean };

/**
 * What the app's uploader does (src/sync/blobs.ts, uploadBlob): ask where the server stands, send
 * chunks from there, follow an offset_mismatch to the server's position. `between` runs before
 * each chunk (another member acting meanwhile). The last answer: its status and body.
 */
async function honestUpload(d: Device, data: Uint8Array<ArrayBuffer>, between: (received: number) => Promise<void> = async () => {}) {
  const h = sha(data);
  let { received, complete } = await uploadStatus(d, h);
  for (let rounds = 0; !complete && rounds < 50; rounds++) {
    await between(received);
    const res = await put(d, h, received, data.length, data.subarray(received, received + CHUNK));
    const body = (await res.json()) as { received?: number; complete?: boolean; error?: { code: string } };
    if (res.status === 409 && body.error?.code === 'offset_mismatch') {
      received = body.received!;
      continue;
    }
    if (res.status !== 200) return { status: res.status, code: body.error?.code };
    ({ received, complete } = body as { received: number; complete: boolean });
  }
  return { status: 200, received, complete };
}

let opN = 0;
async function push(d: Device, ops: unknown[]): Promise<PushResult[]> {
  const r = await srv.push(d.token, ops);
  expect(r.status).toBe(200);
  return r.body.results;
}
const envelope = (d: Device) => {
  opN++;
  return {
    id: `sec-up-${opN}-${Date.now().toString(36)}`,
    work: d.work,
    actor: d.memberId,
    device: 'd',
    hlc: encodeStamp({ wall: Date.now(), counter: opN, node: 'd' }),
    v: RULES_VERSION,
  };
};
const photoOp = (d: Device, hash: string, size: number, caption = '') => ({
  ...envelope(d),
  entity: 'photo',
  entityId: `sec-photo-${opN}`,
  kind: 'photo.add',
  payload: {
    hash,
    size,
    thumbHash: hash,
    thumbSize: size,
    width: 1600,
    height: 1200,
    takenAt: null,
    location: { lat: 29.86, lng: 121.54, accuracy: 8, source: 'device' },
    phase: 'before',
    caption,
    targetType: 'point',
    targetId: 'demo-point-1',
  },
});
async function recordPhoto(d: Device, data: Uint8Array): Promise<string> {
  expect((await push(d, [photoOp(d, sha(data), data.length)])).map((r) => r.status)).toEqual(['accepted']);
  return sha(data);
}

async function join(role: 'volunteer' | 'liaison', deviceId = 'd'): Promise<Device> {
  const m = await srv.join(role, role, deviceId);
  return { token: m.token, memberId: m.id, work: m.work };
}

async function bytesOnServer(d: Device, h: string): Promise<string | number> {
  const res = await fetch(`${base}/api/blobs/${h}`, { headers: auth(d) });
  return res.ok ? sha(new Uint8Array(await res.arrayBuffer())) : res.status;
}

let vol: Device;
let liaison: Device;

beforeAll(async () => {
  vol = await join('volunteer');
  // The attacker of point 3: the contractor's liaison, a member of the same work, who reads the photo's op in a pull.
  liaison = await join('liaison');
});

afterAll(() => srv.close());

describe('point 3: photo uploads per device', () => {
  it("point 3: another member's bytes cannot spoil an honest upload", async () => {
    // Before the upload starts: one junk byte at offset 0, as the attack test sent it.
    const before = bytesOf(600_000, 37);
    const h1 = await recordPhoto(vol, before);
    const junk = await put(liaison, h1, 0, before.length, new Uint8Array([0xff]));
    expect(junk.status).toBe(200);
    expect(await junk.json()).toEqual({ received: 1, complete: false });
    // The honest device is not told about the junk: its own resume point is 0.
    expect(await uploadStatus(vol, h1)).toEqual({ received: 0, complete: false });
    expect(await honestUpload(vol, before)).toEqual({ status: 200, received: before.length, complete: true });
    expect(await bytesOnServer(vol, h1)).toBe(h1);

    // During the upload: junk at every offset the attacker can guess, and a whole blob of junk.
    const after = bytesOf(700_000, 41);
    const h2 = await recordPhoto(vol, after);
    const result = await honestUpload(vol, after, async (received) => {
      await (await put(liaison, h2, received, after.length, new Uint8Array(10).fill(1))).arrayBuffer();
      await (await put(liaison, h2, 0, after.length, new Uint8Array(10).fill(2))).arrayBuffer();
    });
    expect(result).toEqual({ status: 200, received: after.length, complete: true });
    expect(await bytesOnServer(liaison, h2)).toBe(h2);

    // Junk of the full size: refused for its sender only, and the honest upload still goes through.
    const third = bytesOf(300_000, 43);
    const h3 = await recordPhoto(vol, third);
    expect((await put(vol, h3, 0, third.length, third.subarray(0, 100_000))).status).toBe(200);
    const whole = await put(liaison, h3, 0, third.length, new Uint8Array(third.length).fill(3));
    expect(whole.status).toBe(422);
    expect(await uploadStatus(vol, h3)).toEqual({ received: 100_000, complete: false });
    expect(await honestUpload(vol, third)).toEqual({ status: 200, received: third.length, complete: true });
    expect(await bytesOnServer(vol, h3)).toBe(h3);
  });

  it('point 3: two devices of the work uploading the same photo both end with it complete, charged once', async () => {
    const other = await join('volunteer', 'd2');
    const data = bytesOf(900_000, 47);
    const h = await recordPhoto(vol, data);
    // Chunk by chunk in turn, as two phones with the same (shared) photo would.
    const a = await put(vol, h, 0, data.length, data.subarray(0, CHUNK));
    const b = await put(other, h, 0, data.length, data.subarray(0, CHUNK));
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await uploadStatus(other, h)).toEqual({ received: CHUNK, complete: false });
    expect(await honestUpload(vol, data)).toEqual({ status: 200, received: data.length, complete: true });
    // The second device's next chunk hears "complete", and so does its status.
    expect(await (await put(other, h, CHUNK, data.length, data.subarray(CHUNK, 2 * CHUNK))).json()).toEqual({ received: data.length, complete: true });
    expect(await uploadStatus(other, h)).toEqual({ received: data.length, complete: true });
    expect(await store.blobRef(h, DEMO_WORK_ID)).toEqual({ size: data.length, charged: true });
    expect(await bytesOnServer(other, h)).toBe(h);
  });

  it('point 3: a device cut off resumes its own upload where the server stood, whatever other devices sent', async () => {
    const other = await join('volunteer', 'd3');
    const data = bytesOf(600_000, 53);
    const h = await recordPhoto(vol, data);
    await put(vol, h, 0, data.length, data.subarray(0, 2 * CHUNK));
    await put(other, h, 0, data.length, data.subarray(0, 1000));
    await put(liaison, h, 0, data.length, new Uint8Array(5));
    expect(await uploadStatus(vol, h)).toEqual({ received: 2 * CHUNK, complete: false });
    expect(await uploadStatus(other, h)).toEqual({ received: 1000, complete: false });
    const wrongPlace = await put(vol, h, 1000, data.length, data.subarray(1000, 2000));
    expect(wrongPlace.status).toBe(409);
    expect(await wrongPlace.json()).toMatchObject({ error: { code: 'offset_mismatch' }, received: 2 * CHUNK });
    expect(await honestUpload(vol, data)).toEqual({ status: 200, received: data.length, complete: true });
  });
});

const fakeHash = (n: number) => sha(`partial ${n} ${Math.random()}`);
const ten = () => Buffer.alloc(10, 7);
const pause = () => new Promise((r) => setTimeout(r, 15));

/** The bounds on partials, on the blob store of this run (a folder, or PostgreSQL) and on the one in memory. */
const stores: Array<[string, (options?: BlobStoreOptions) => BlobStore]> = [
  [srv.database.kind === 'postgres' ? 'PostgreSQL' : 'folder', (options) => srv.database.blobStore(srv.opened, options)],
  ['memory', (options) => memoryBlobStore(options)],
];

describe.each(stores)('point 3: partial uploads are bounded (%s)', (_name, make) => {
  it(`point 3: a device keeps at most ${PARTIALS_PER_UPLOADER} unfinished uploads: another drops its oldest, never another device's`, async () => {
    const s = make();
    const [u1, u2] = [`u1${Math.random()}`, `u2${Math.random()}`];
    const hashes = Array.from({ length: PARTIALS_PER_UPLOADER + 1 }, (_, i) => fakeHash(i));
    expect(await s.append(hashes[0]!, u2, 0, ten(), 100)).toEqual({ ok: true, received: 10, complete: false });
    for (const h of hashes.slice(0, PARTIALS_PER_UPLOADER)) {
      expect(await s.append(h, u1, 0, ten(), 100)).toEqual({ ok: true, received: 10, complete: false });
      await pause();
    }
    // Writing to the oldest makes it the most recent: the second one is now the oldest.
    expect(await s.append(hashes[0]!, u1, 10, ten(), 100)).toEqual({ ok: true, received: 20, complete: false });
    await pause();
    await s.append(hashes[PARTIALS_PER_UPLOADER]!, u1, 0, ten(), 100);
    const left = await Promise.all(hashes.map(async (h) => (await s.status(h, u1)).received));
    expect(left).toEqual([20, 0, ...Array(PARTIALS_PER_UPLOADER - 1).fill(10)]);
    expect(await s.status(hashes[0]!, u2)).toEqual({ received: 10, complete: false });
    // The dropped one starts again from 0 when its device comes back to it.
    expect(await s.append(hashes[1]!, u1, 10, ten(), 100)).toEqual({ ok: false, reason: 'offset_mismatch', received: 0 });
  });

  it('point 3: partials nobody wrote to for a week are removed', async () => {
    let clock = Date.now();
    const s = make({ now: () => clock });
    const [u1, u2] = [`u1${Math.random()}`, `u2${Math.random()}`];
    const [stale, fresh] = [fakeHash(1), fakeHash(2)];
    await s.append(stale, u1, 0, ten(), 100);
    clock += 8 * 86_400_000;
    await s.append(fresh, u2, 0, ten(), 100);
    expect(await s.status(stale, u1)).toEqual({ received: 0, complete: false });
    expect(await s.status(fresh, u2)).toEqual({ received: 10, complete: false });
  });
});

describe('point 9: refused ops are stored within bounds', () => {
  const storedRejection = async (id: string) => {
    const raw = await srv.database.raw();
    const rows = await raw.query<{ body: string; reason: string }>('SELECT body, reason FROM rejections WHERE id = $1', [id]);
    await raw.close();
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('point 9: a big refused op is stored as its hash and first KB, and a repeated push answers the same', async () => {
    const op = photoOp(vol, sha('caption'), 1000, 'x'.repeat(900_000));
    const [first] = await push(vol, [op]);
    expect(first).toMatchObject({ id: op.id, status: 'rejected', reason: { code: 'invalid' } });
    expect(await push(vol, [op])).toEqual([first]);
    const row = await storedRejection(op.id);
    expect(row.body.length).toBeLessThan(3 * REJECTED_BODY_CHARS);
    const body = JSON.parse(row.body) as { truncated: boolean; chars: number; sha256: string; head: string };
    const json = JSON.stringify(op);
    expect(body).toEqual({ truncated: true, chars: json.length, sha256: sha(json), head: json.slice(0, REJECTED_BODY_CHARS) });
    expect(JSON.parse(row.reason)).toEqual((first as { reason: unknown }).reason);
  });

  it("point 9: a refusal's message is bounded too, alike in the answer, the store and a repeated push", async () => {
    // The schema's message quotes the refused value: here a kind of 900,000 characters.
    const op = { ...envelope(vol), entity: 'photo', entityId: 'sec-photo-x', kind: 'k'.repeat(900_000), payload: {} };
    const [first] = await push(vol, [op]);
    const reason = (first as { reason: { code: string; message: string } }).reason;
    expect(reason.code).toBe('invalid');
    expect(reason.message.length).toBeLessThanOrEqual(REJECTION_MESSAGE_CHARS);
    expect(reason.message.startsWith('kind: ')).toBe(true);
    expect(await push(vol, [op])).toEqual([first]);
    const row = await storedRejection(op.id);
    expect(JSON.parse(row.reason)).toEqual(reason);
    expect(row.body.length).toBeLessThan(3 * REJECTED_BODY_CHARS);
  });

  it('an ordinary refused op is still stored whole (point 9 keeps it)', async () => {
    const photo = photoOp(vol, sha('small'), 1000);
    const op = { ...photo, payload: { ...photo.payload, targetId: 'no-such-point' } };
    const [first] = await push(vol, [op]);
    expect(first).toMatchObject({ status: 'rejected', reason: { code: 'unknown_point' } });
    const row = await storedRejection(op.id);
    expect(JSON.parse(row.body)).toEqual(op);
  });

  it('point 9: ten refused 1 MB pushes store a few KB, not 9.5 MB', async () => {
    const spammer = await join('volunteer', 'spam');
    for (let i = 0; i < 10; i++) {
      const op = photoOp(spammer, sha(`spam ${i}`), 1000, 'y'.repeat(950_000));
      expect((await push(spammer, [op]))[0]!.status).toBe('rejected');
    }
    const raw = await srv.database.raw();
    const [row] = await raw.query<{ n: number | string; chars: number | string }>(
      'SELECT count(*) AS n, sum(length(body) + length(reason)) AS chars FROM rejections WHERE actor = $1',
      [spammer.memberId],
    );
    await raw.close();
    expect(Number(row!.n)).toBe(10);
    expect(Number(row!.chars)).toBeLessThan(10 * 3 * REJECTED_BODY_CHARS);
  });
});
