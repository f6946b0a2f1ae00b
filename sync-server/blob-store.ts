/**
 * Photo bytes, content-addressed: uploaded in chunks at known offsets (so an
 * upload cut at 90% resumes at 90%), hashed when complete, and kept only if
 * the SHA-256 matches the name. The default adapter is a folder.
 *
 * Each uploading device has its own partial copy of a blob until some device
 * completes it: a partial shared by every member of a work let any of them
 * append one junk byte and spoil an honest upload (it then ended in
 * hash_mismatch, again and again). Another device's bytes now only ever
 * spoil that device's own partial. The first partial that completes with the
 * right hash becomes the blob; the others are answered "complete".
 *
 * Partials are bounded: at most `partialsPerUploader` per device (starting
 * another drops that device's least recently written one, which it then
 * uploads again from 0), and a partial left untouched for `partialIdleMs`
 * is removed (swept at most once an hour, on an upload).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KeyedMutex } from './mutex';

export interface UploadState {
  received: number;
  complete: boolean;
}

export type AppendResult =
  | ({ ok: true } & UploadState)
  | { ok: false; reason: 'offset_mismatch'; received: number }
  | { ok: false; reason: 'hash_mismatch' }
  | { ok: false; reason: 'too_large' }
  /** The sender went away mid-chunk: what arrived is kept, the next request continues after it. */
  | { ok: false; reason: 'interrupted'; received: number; cause: unknown };

export interface BlobStore {
  /**
   * Whether the blob is complete (`received` is then its size); if not, how many bytes of it
   * `uploader` has sent (its resume point). Without `uploader` (tests, tools): the most any uploader holds.
   */
  status(hash: string, uploader?: string): Promise<UploadState>;
  /**
   * Appends bytes at `offset` of `uploader`'s partial copy of a blob of `total` bytes, as they
   * stream in (so a chunk cut half-way keeps its first half); verifies the hash once complete.
   */
  append(hash: string, uploader: string, offset: number, bytes: AsyncIterable<Buffer> | Buffer, total: number): Promise<AppendResult>;
  /** The complete blob, if present. */
  read(hash: string): Promise<{ size: number; stream: Readable } | null>;
}

/** Partial uploads one device may keep at once: the app uploads 2 photos at a time, so 4 leave room for cut ones. */
export const PARTIALS_PER_UPLOADER = 4;
/** A partial nobody wrote to for this long is removed (its device, if it comes back, starts that photo again). */
export const PARTIAL_IDLE_MS = 7 * 86_400_000;
/** How often, at most, an upload also sweeps idle partials. */
const SWEEP_EVERY_MS = 3_600_000;

export interface BlobStoreOptions {
  /** The clock partials are aged by (tests move it). */
  now?: () => number;
  partialsPerUploader?: number;
  partialIdleMs?: number;
}

export function blobStoreRules(options: BlobStoreOptions = {}): Required<BlobStoreOptions> {
  return {
    now: options.now ?? Date.now,
    partialsPerUploader: options.partialsPerUploader ?? PARTIALS_PER_UPLOADER,
    partialIdleMs: options.partialIdleMs ?? PARTIAL_IDLE_MS,
  };
}

/**
 * Runs `sweep` when the last run is more than SWEEP_EVERY_MS ago (by `now`); one at a time. A sweep
 * that fails is housekeeping left for the next one: it never fails the upload that started it.
 */
export function sweeper(now: () => number, sweep: () => Promise<void>): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  return async () => {
    if (running || now() - last < SWEEP_EVERY_MS) return;
    last = now();
    running = sweep()
      .catch(() => {})
      .finally(() => (running = null));
    await running;
  };
}

/** An uploader's name as the stores file it: 32 hex digits, whatever the ids it stands for. */
export function uploaderKey(...ids: string[]): string {
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 32);
}

/** An append's body as pieces, whether it came whole or streamed (both blob stores write it so). */
export async function* toChunks(bytes: AsyncIterable<Buffer> | Buffer): AsyncIterable<Buffer> {
  if (Buffer.isBuffer(bytes)) yield bytes;
  else yield* bytes;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function mtimeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** The names in a folder; none if it does not exist. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Complete blobs in `<root>/<first 2 hex digits>/<hash>`; each device's partials in
 * `<root>/partial/<uploader>/<hash>`, aged by their modification time.
 */
export function folderBlobStore(root: string, options: BlobStoreOptions = {}): BlobStore {
  const rules = blobStoreRules(options);
  const partialDir = join(root, 'partial');
  const complete = (hash: string) => join(root, hash.slice(0, 2), hash);
  const uploaderDir = (uploader: string) => join(partialDir, uploader);
  const partial = (hash: string, uploader: string) => join(uploaderDir(uploader), hash);
  // Appends to one partial must not interleave (two tabs of one device, a replayed request). Each
  // device's partial has its own lock: a slow chunk of one device never holds up another's upload.
  const locks = new KeyedMutex();
  const key = (hash: string, uploader: string) => `${uploader}/${hash}`;

  const status = async (hash: string, uploader?: string): Promise<UploadState> => {
    const done = await sizeOf(complete(hash));
    if (done !== null) return { received: done, complete: true };
    if (uploader !== undefined) return { received: (await sizeOf(partial(hash, uploader))) ?? 0, complete: false };
    let most = 0;
    for (const u of await namesIn(partialDir)) most = Math.max(most, (await sizeOf(partial(hash, u))) ?? 0);
    return { received: most, complete: false };
  };

  const drop = (hash: string, uploader: string) => locks.run(key(hash, uploader), () => rm(partial(hash, uploader), { force: true }));

  /** Before `uploader` starts another partial: its least recently written ones beyond the bound go. */
  const makeRoom = async (uploader: string) => {
    const own = await Promise.all((await namesIn(uploaderDir(uploader))).map(async (hash) => ({ hash, at: (await mtimeOf(partial(hash, uploader))) ?? 0 })));
    own.sort((a, b) => b.at - a.at);
    for (const { hash } of own.slice(Math.max(0, rules.partialsPerUploader - 1))) await drop(hash, uploader);
  };

  const sweep = sweeper(rules.now, async () => {
    const cutoff = rules.now() - rules.partialIdleMs;
    for (const entry of await readdir(partialDir, { withFileTypes: true }).catch(() => [])) {
      // A file right in partial/ was kept per hash (before partials were per device): no one can resume it.
      if (!entry.isDirectory()) {
        await rm(join(partialDir, entry.name), { force: true });
        continue;
      }
      const uploader = entry.name;
      for (const hash of await namesIn(uploaderDir(uploader))) {
        const at = await mtimeOf(partial(hash, uploader));
        if (at !== null && at < cutoff) await drop(hash, uploader);
      }
      await rmdir(uploaderDir(uploader)).catch(() => {}); // only once empty
    }
  });

  /** The partial opened for appending; its folder is made again if a sweep just removed it. */
  const openPartial = async (hash: string, uploader: string) => {
    for (let attempt = 0; ; attempt++) {
      await mkdir(uploaderDir(uploader), { recursive: true });
      try {
        return await open(partial(hash, uploader), 'a');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw err;
      }
    }
  };

  return {
    status,
    async append(hash, uploader, offset, bytes, total) {
      await sweep();
      if (offset === 0 && (await sizeOf(partial(hash, uploader))) === null && (await sizeOf(complete(hash))) === null) await makeRoom(uploader);
      return locks.run(key(hash, uploader), async (): Promise<AppendResult> => {
        const now = await status(hash, uploader);
        if (now.complete) {
          // Another device finished it: this device's partial is of no more use.
          await rm(partial(hash, uploader), { force: true });
          return { ok: true, ...now };
        }
        if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
        const file = await openPartial(hash, uploader);
        let received = offset;
        try {
          for await (const piece of toChunks(bytes)) {
            if (received + piece.length > total) return { ok: false, reason: 'too_large' };
            await file.write(piece);
            received += piece.length;
          }
        } catch (cause) {
          return { ok: false, reason: 'interrupted', received, cause };
        } finally {
          await file.close();
        }
        if (received < total) return { ok: true, received, complete: false };
        // Complete: keep it only if the bytes are what the name says.
        if ((await sha256File(partial(hash, uploader))) !== hash) {
          await unlink(partial(hash, uploader));
          return { ok: false, reason: 'hash_mismatch' };
        }
        // Two devices completing at once both hold the right bytes: either rename may win.
        await mkdir(join(root, hash.slice(0, 2)), { recursive: true });
        await rename(partial(hash, uploader), complete(hash));
        return { ok: true, received, complete: true };
      });
    },
    async read(hash) {
      const size = await sizeOf(complete(hash));
      return size === null ? null : { size, stream: createReadStream(complete(hash)) };
    },
  };
}

/** Blobs in memory: the default when no folder is given (tests, benchmarks); same rules as the folder. */
export function memoryBlobStore(options: BlobStoreOptions = {}): BlobStore {
  const rules = blobStoreRules(options);
  /** uploader → hash → that device's partial. */
  const partials = new Map<string, Map<string, { pieces: Buffer[]; size: number; at: number }>>();
  const done = new Map<string, Buffer>();
  const locks = new KeyedMutex();
  const partialOf = (hash: string, uploader: string) => partials.get(uploader)?.get(hash);
  const drop = (hash: string, uploader: string) => {
    const own = partials.get(uploader);
    own?.delete(hash);
    if (own?.size === 0) partials.delete(uploader);
  };
  const status = async (hash: string, uploader?: string): Promise<UploadState> => {
    const whole = done.get(hash);
    if (whole) return { received: whole.length, complete: true };
    if (uploader !== undefined) return { received: partialOf(hash, uploader)?.size ?? 0, complete: false };
    return { received: Math.max(0, ...[...partials.values()].map((own) => own.get(hash)?.size ?? 0)), complete: false };
  };
  const sweep = sweeper(rules.now, async () => {
    const cutoff = rules.now() - rules.partialIdleMs;
    for (const [uploader, own] of partials) for (const [hash, p] of own) if (p.at < cutoff) drop(hash, uploader);
  });
  return {
    status,
    async append(hash, uploader, offset, bytes, total) {
      await sweep();
      if (offset === 0 && !done.has(hash) && !partialOf(hash, uploader)) {
        const own = [...(partials.get(uploader) ?? new Map()).entries()].sort((a, b) => b[1].at - a[1].at);
        for (const [old] of own.slice(Math.max(0, rules.partialsPerUploader - 1))) drop(old, uploader);
      }
      return locks.run(`${uploader}/${hash}`, async (): Promise<AppendResult> => {
        const now = await status(hash, uploader);
        if (now.complete) {
          drop(hash, uploader);
          return { ok: true, ...now };
        }
        if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
        let p = partialOf(hash, uploader);
        if (!p) {
          p = { pieces: [], size: 0, at: rules.now() };
          if (!partials.has(uploader)) partials.set(uploader, new Map());
          partials.get(uploader)!.set(hash, p);
        }
        try {
          for await (const piece of toChunks(bytes)) {
            if (p.size + piece.length > total) return { ok: false, reason: 'too_large' };
            p.pieces.push(Buffer.from(piece));
            p.size += piece.length;
            p.at = rules.now();
          }
        } catch (cause) {
          return { ok: false, reason: 'interrupted', received: p.size, cause };
        }
        if (p.size < total) return { ok: true, received: p.size, complete: false };
        const whole = Buffer.concat(p.pieces);
        drop(hash, uploader);
        if (createHash('sha256').update(whole).digest('hex') !== hash) return { ok: false, reason: 'hash_mismatch' };
        done.set(hash, whole);
        return { ok: true, received: whole.length, complete: true };
      });
    },
    async read(hash) {
      const whole = done.get(hash);
      return whole ? { size: whole.length, stream: Readable.from([whole]) } : null;
    },
  };
}
