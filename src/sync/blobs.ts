/**
 * Photo bytes on the device and on their way to the server. Stored as
 * ArrayBuffer chunks (Safari fails to store Blobs in IndexedDB), checked
 * against their SHA-256 when read back, uploaded in chunks at the offset the
 * server confirms, so a cut upload resumes where it stopped, also after the
 * app was closed.
 */
import { CHUNK_BYTES, blobRefsOf, chunkCount } from '../core';
import type { BlobRow, SitewatchDB } from '../db/db';
import type { Membership } from '../lib/settings';
import { sha256Hex } from '../lib/sha256';
import { ApiError, type SyncApi } from './api';

/** Must run inside a transaction over db.blobs and db.blobChunks. */
export async function storeBlob(db: SitewatchDB, hash: string, bytes: ArrayBuffer, work: string, state: BlobRow['state'], now: number): Promise<void> {
  if (await db.blobs.get(hash)) return; // the same photo is stored once
  const chunks = chunkCount(bytes.byteLength);
  for (let i = 0; i < chunks; i++) {
    await db.blobChunks.put({ hash, index: i, data: bytes.slice(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES) });
  }
  await db.blobs.put({
    hash,
    work,
    size: bytes.byteLength,
    chunks,
    state,
    uploadedBytes: state === 'local' || state === 'held' ? 0 : bytes.byteLength,
    error: null,
    createdAt: now,
  });
}

export class CorruptBlobError extends Error {}

/** The bytes of a blob held on this device, verified against their hash; null if not here. */
export async function readBlob(db: SitewatchDB, hash: string): Promise<ArrayBuffer | null> {
  const row = await db.blobs.get(hash);
  if (!row) return null;
  const chunks = await db.blobChunks.where('[hash+index]').between([hash, 0], [hash, row.chunks]).toArray();
  if (chunks.length !== row.chunks) return null;
  const out = new Uint8Array(row.size);
  let at = 0;
  for (const c of chunks) {
    out.set(new Uint8Array(c.data), at);
    at += c.data.byteLength;
  }
  if (at !== row.size || (await sha256Hex(out)) !== hash) {
    throw new CorruptBlobError(`photo ${hash.slice(0, 8)} is damaged on this device`);
  }
  return out.buffer;
}

async function chunkAt(db: SitewatchDB, hash: string, offset: number, size: number): Promise<ArrayBuffer> {
  // Offsets the server confirms may fall inside one of our chunks (another client may chunk differently).
  const index = Math.floor(offset / CHUNK_BYTES);
  const chunk = await db.blobChunks.get([hash, index]);
  if (!chunk) throw new CorruptBlobError(`photo ${hash.slice(0, 8)}: chunk ${index} is missing on this device`);
  const start = offset - index * CHUNK_BYTES;
  return chunk.data.slice(start, Math.min(chunk.data.byteLength, start + (size - offset)));
}

/** Uploads one blob from where the server stands; progress is written to db.blobs as it goes. */
export async function uploadBlob(db: SitewatchDB, server: SyncApi, m: Membership, row: BlobRow): Promise<void> {
  let { received, complete } = await server.blobStatus(m.token, row.hash);
  while (!complete) {
    await db.blobs.update(row.hash, { uploadedBytes: received, error: null, errorCode: null });
    const bytes = await chunkAt(db, row.hash, received, row.size);
    try {
      ({ received, complete } = await server.putChunk(m.token, row.hash, received, row.size, bytes));
    } catch (err) {
      // Someone (another tab, a replayed request) moved the server on: continue from its position.
      const theirs = (err instanceof ApiError && err.code === 'offset_mismatch' && (err.body as { received?: number } | null)?.received) ?? null;
      if (typeof theirs === 'number') {
        received = theirs;
        continue;
      }
      throw err;
    }
  }
  await db.blobs.update(row.hash, { state: 'uploaded', uploadedBytes: row.size, error: null, errorCode: null });
}

const CONCURRENT_UPLOADS = 2;

/** A failure of the link or the server stops the round (it will be retried); a refusal of one photo (a full work included) only marks it. */
function stopsTheRound(err: unknown): boolean {
  return err instanceof ApiError && err.code !== 'quota_exceeded' && (err.code === 'network' || err.status >= 500 || err.status === 429);
}

/**
 * Answers about one file that another try cannot change: bytes that no accepted record names (its op
 * was refused, or none ever named it). Asked again every sync, they only cost a request each time.
 */
export const FINAL_UPLOAD_REFUSALS: ReadonlySet<string> = new Set(['not_referenced']);

export function uploadGaveUp(row: Pick<BlobRow, 'state' | 'errorCode'>): boolean {
  return row.state === 'local' && !!row.errorCode && FINAL_UPLOAD_REFUSALS.has(row.errorCode);
}

/**
 * Photos whose op has not been accepted yet: the server takes only bytes that an accepted op of the
 * work names, so they wait for the push (a photo taken while this sync was pulling, say).
 */
async function awaitingTheirOp(db: SitewatchDB, work: string): Promise<Set<string>> {
  const pending = await db.outbox
    .where('work')
    .equals(work)
    .filter((e) => e.state === 'pending')
    .toArray();
  return new Set(pending.flatMap((e) => blobRefsOf(e.op).map((r) => r.hash)));
}

/**
 * Uploads this device's photos of a work, two at a time, each once its op is on the server. One photo
 * that fails (damaged, refused) is marked with its error and never blocks the others.
 */
export async function uploadPending(db: SitewatchDB, server: SyncApi, m: Membership): Promise<void> {
  const waiting = await awaitingTheirOp(db, m.work);
  const queue = await db.blobs
    .where('state')
    .equals('local')
    .filter((b) => b.work === m.work && !waiting.has(b.hash) && !uploadGaveUp(b))
    .sortBy('createdAt');
  let failure: unknown = null;
  const next = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await uploadBlob(db, server, m, row);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await db.blobs.update(row.hash, { error: message, errorCode: err instanceof ApiError ? err.code : null });
        if (stopsTheRound(err)) {
          failure = err;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_UPLOADS }, next));
  if (failure) throw failure;
}

/** A photo's bytes for display: from this device, or downloaded once and kept. */
export async function loadBlob(db: SitewatchDB, server: SyncApi, m: Membership, hash: string): Promise<ArrayBuffer> {
  const local = await readBlob(db, hash);
  if (local) return local;
  const bytes = await server.getBlob(m.token, hash);
  if ((await sha256Hex(bytes)) !== hash) throw new CorruptBlobError('the downloaded photo does not match its id');
  await db.transaction('rw', db.blobs, db.blobChunks, () => storeBlob(db, hash, bytes, m.work, 'downloaded', Date.now()));
  return bytes;
}
