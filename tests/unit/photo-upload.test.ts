/**
 * The device's photo uploader against a fake server: a photo's bytes go only once its op was
 * accepted (the server takes no bytes that no record of the work names), and a work whose photo
 * storage is full marks the photo with that reason, in words, without stopping the others.
 */
// Must come first: Dexie looks for indexedDB when src/db/db.ts creates the database.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { db } from '../../src/db/db';
import type { Membership } from '../../src/lib/settings';
import { ApiError, type SyncApi } from '../../src/sync/api';
import { photoSpace } from '../../src/features/photos/storage';
import { uploadPending } from '../../src/sync/blobs';
import { applyPushResults, recordOps } from '../../src/sync/local';

const WORK = 'work-photos';
const device = { db, deviceId: 'device-a', now: () => Date.now() };
const volunteer: Membership = { work: WORK, workName: 'Drainage', memberId: 'vol-1', name: 'vol-1', role: 'volunteer', token: 't', joinedAt: 0 };

function photo(seed: number) {
  const display = new Uint8Array(3000).map((_, i) => (i * seed) % 256).buffer;
  const thumb = new Uint8Array(300).map((_, i) => (i * seed + 1) % 256).buffer;
  const sha = (b: ArrayBuffer) => createHash('sha256').update(new Uint8Array(b)).digest('hex');
  return { hash: sha(display), display, thumbHash: sha(thumb), thumb };
}

/** Records a photo of a point, as the app does: its op in the outbox, its bytes stored alongside. */
async function takePhoto(seed: number) {
  const p = photo(seed);
  const [op] = await recordOps(
    device,
    volunteer,
    [
      {
        kind: 'photo.add',
        entity: 'photo',
        entityId: `photo-${seed}`,
        payload: {
          hash: p.hash,
          size: p.display.byteLength,
          thumbHash: p.thumbHash,
          thumbSize: p.thumb.byteLength,
          width: 40,
          height: 30,
          takenAt: null,
          location: null,
          phase: 'before',
          caption: '',
          targetType: 'point',
          targetId: 'point-1',
        },
      },
    ],
    [p],
  );
  return { ...p, op: op! };
}

/** A server that takes every chunk whole, except for the hashes it is told to refuse. */
function fakeServer(refuse: Map<string, ApiError> = new Map()) {
  const putHashes: string[] = [];
  const api = {
    blobStatus: async (_token: string, hash: string) => {
      const err = refuse.get(hash);
      if (err) throw err;
      return { received: 0, complete: false };
    },
    putChunk: async (_token: string, hash: string, _offset: number, total: number) => {
      putHashes.push(hash);
      return { received: total, complete: true };
    },
  } as Partial<SyncApi> as SyncApi;
  return { api, putHashes };
}

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

it("uploads a photo's bytes only once its op was accepted", async () => {
  const p = await takePhoto(3);
  const server = fakeServer();
  await uploadPending(db, server.api, volunteer);
  expect(server.putHashes).toEqual([]);
  expect((await db.blobs.get(p.hash))!.state).toBe('local');
  await applyPushResults(db, WORK, [{ id: p.op.id, status: 'accepted', seq: 1 }]);
  await uploadPending(db, server.api, volunteer);
  expect(server.putHashes.sort()).toEqual([p.hash, p.thumbHash].sort());
  expect((await db.blobs.get(p.hash))!.state).toBe('uploaded');
});

it('a full work marks the photo with that reason and the round goes on with the other photos', async () => {
  const full = await takePhoto(5);
  const fine = await takePhoto(7);
  await applyPushResults(db, WORK, [
    { id: full.op.id, status: 'accepted', seq: 1 },
    { id: fine.op.id, status: 'accepted', seq: 2 },
  ]);
  const quota = new ApiError('quota_exceeded', "this work's photo storage on the server is full", 507);
  const server = fakeServer(new Map([[full.hash, quota]]));
  await expect(uploadPending(db, server.api, volunteer)).resolves.toBeUndefined();
  expect(await db.blobs.get(full.hash)).toMatchObject({ state: 'local', errorCode: 'quota_exceeded' });
  expect((await db.blobs.get(fine.hash))!.state).toBe('uploaded');
  // A server failure still stops the round, to be retried with backoff.
  const down = fakeServer(new Map([[full.hash, new ApiError('internal', 'the server failed', 500)]]));
  await expect(uploadPending(db, down.api, volunteer)).rejects.toMatchObject({ code: 'internal' });
});

it('bytes no accepted record names are asked about once, then no longer retried, and not counted as waiting to upload', async () => {
  const p = await takePhoto(9);
  await applyPushResults(db, WORK, [{ id: p.op.id, status: 'accepted', seq: 1 }]);
  const notReferenced = new ApiError('not_referenced', 'no record of this work names this photo', 409);
  const server = fakeServer(new Map([[p.hash, notReferenced]]));
  const asked: string[] = [];
  const status = server.api.blobStatus;
  server.api.blobStatus = (token, hash) => (asked.push(hash), status(token, hash));
  await uploadPending(db, server.api, volunteer);
  await uploadPending(db, server.api, volunteer);
  await uploadPending(db, server.api, volunteer);
  expect(asked.filter((h) => h === p.hash)).toHaveLength(1);
  expect(await db.blobs.get(p.hash)).toMatchObject({ state: 'local', errorCode: 'not_referenced' });
  expect(await photoSpace(db)).toMatchObject({ unsent: 0, refused: 1 });
});

it('a site plan stores only its image, which its op names: no thumbnail is left that could never upload', async () => {
  const p = photo(11);
  await recordOps(
    device,
    { ...volunteer, role: 'staff' },
    [
      {
        kind: 'plan.add',
        entity: 'plan',
        entityId: 'plan-1',
        payload: { name: '总平面图', hash: p.hash, size: p.display.byteLength, width: 40, height: 30, controlPoints: null },
      },
    ],
    [{ hash: p.hash, display: p.display }],
  );
  expect((await db.blobs.toArray()).map((b) => b.hash)).toEqual([p.hash]);
});
