/**
 * Photo bytes:
 *   GET /api/blobs/:hash/upload                 how much the server has (resume point)
 *   PUT /api/blobs/:hash/upload?offset=&total=  append a chunk (application/octet-stream)
 *   GET /api/blobs/:hash                        the bytes, for members of a work that references them
 *
 * All three are scoped to the token's work: a work may read and upload only bytes that an op it
 * accepted names (the app pushes a photo's op before its bytes, src/sync/blobs.ts), an upload must be
 * the size that op declared, and the bytes a work's devices store count against the work's quota.
 *
 * Uploads are per device: until a blob is complete, each device appends to a partial of its own (the
 * token proves whose), so a member who sends junk for a photo another member is uploading spoils only
 * their own partial. The upload status a device reads is its own resume point.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHUNK_BYTES, MAX_BLOB_BYTES } from '../src/core';
import type { AppContext } from './context';
import { requireDevice } from './auth';
import { HttpError, boundedBody, sendJson } from './http';
import { uploaderKey } from './blob-store';
import type { DeviceAuth } from './store';

export const BLOB_PATH = /^\/api\/blobs\/([0-9a-f]{64})(\/upload)?$/;

/** A chunk may be up to 4 times the app's chunk size: other clients may choose bigger ones. */
const MAX_CHUNK = 4 * CHUNK_BYTES;

/**
 * Photo bytes one work may store, by default (SITEWATCH_WORK_QUOTA_MB overrides it): about 40,000
 * display copies or 5,000 originals, far more than a year of a work makes, yet a bound on how much of
 * the server's disk one work's devices (or one leaked token) can fill.
 */
export const WORK_QUOTA_BYTES = 20 * 1024 ** 3;

const notReferenced = () =>
  new HttpError(
    409,
    'not_referenced',
    "no record of this work names this photo yet: the app sends a photo's record first, then its bytes; sync again (if the record was refused, the photo cannot be uploaded)",
  );

/**
 * Whose partial an upload writes: the token's member and device (both proven by the token; a member
 * is one person in one work). Not the device id alone, which any member reads in pulls and could
 * claim when joining.
 */
export function uploaderOf(auth: DeviceAuth): string {
  return uploaderKey(auth.work, auth.memberId, auth.deviceId);
}

function intParam(url: URL, name: string, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || !/^\d{1,16}$/.test(raw)) throw new HttpError(400, 'bad_request', `${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new HttpError(400, 'bad_request', `${name} must be between ${min} and ${max}`);
  return n;
}

export async function handleBlob(req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL, hash: string, upload: boolean): Promise<void> {
  const auth = await requireDevice(req, ctx);
  if (!upload) {
    if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', 'use GET');
    // Only members of a work whose photos use these bytes may read them; others learn nothing.
    const blob = (await ctx.store.blobRef(hash, auth.work)) ? await ctx.blobs.read(hash) : null;
    if (!blob) throw new HttpError(404, 'not_found', 'no such photo in this work (it may not be uploaded yet)');
    res.writeHead(200, {
      'Content-Type': 'image/jpeg',
      'Content-Length': blob.size,
      // Content-addressed: the bytes under this name never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
    blob.stream.pipe(res);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'PUT') throw new HttpError(405, 'method_not_allowed', 'use GET or PUT');
  // Another work's bytes and bytes nobody named get the same answer: neither tells whether they exist.
  const ref = await ctx.store.blobRef(hash, auth.work);
  if (!ref) {
    req.resume();
    throw notReferenced();
  }
  const uploader = uploaderOf(auth);
  if (req.method === 'GET') {
    sendJson(res, 200, await ctx.blobs.status(hash, uploader));
    return;
  }
  const offset = intParam(url, 'offset', 0, MAX_BLOB_BYTES);
  const total = intParam(url, 'total', 1, MAX_BLOB_BYTES);
  // Streamed into the store as it arrives: a chunk cut half-way keeps its first half.
  const chunk = boundedBody(req, MAX_CHUNK);
  if (ref.size !== null && total !== ref.size) {
    req.resume();
    throw new HttpError(400, 'bad_request', `total must be ${ref.size}: the size the photo's record declared`);
  }
  if (!ref.charged && !(await chargeWork(ctx, hash, uploader, auth.work, total))) {
    req.resume();
    throw new HttpError(
      507,
      'quota_exceeded',
      "此工程的照片存储空间已满：照片仍保存在手机上，请联系社区工作人员 / this work's photo storage on the server is full: the photo stays on the phone; ask the community staff to make room",
    );
  }
  const result = await ctx.blobs.append(hash, uploader, offset, chunk, total);
  if (result.ok) {
    sendJson(res, 200, { received: result.received, complete: result.complete });
  } else if (result.reason === 'offset_mismatch') {
    sendJson(res, 409, {
      error: { code: 'offset_mismatch', message: `the server has ${result.received} bytes: continue from there` },
      received: result.received,
    });
  } else if (result.reason === 'interrupted') {
    // A chunk that broke a rule (too long, empty) says so; a sender that went away needs no answer.
    if (result.cause instanceof HttpError) throw result.cause;
    if (!res.destroyed) sendJson(res, 400, { error: { code: 'bad_request', message: 'the chunk was cut off' }, received: result.received });
  } else if (result.reason === 'hash_mismatch') {
    throw new HttpError(422, 'hash_mismatch', 'the uploaded bytes do not match the photo id: they were discarded, upload again');
  } else {
    throw new HttpError(400, 'bad_request', 'the chunk goes past the total size');
  }
}

/**
 * Counts a blob against the work's quota as its upload starts (the partial bytes take room too), unless
 * the bytes are already complete on the server (another work uploaded them: nothing will be stored).
 * False when the work has no room left for them.
 */
async function chargeWork(ctx: AppContext, hash: string, uploader: string, work: string, size: number): Promise<boolean> {
  if ((await ctx.blobs.status(hash, uploader)).complete) return true;
  const now = ctx.tokens.now();
  return ctx.store.transaction((tx) => tx.chargeBlob(hash, work, size, ctx.workQuotaBytes, now), { work });
}
