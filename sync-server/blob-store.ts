/**
 * Photo bytes, content-addressed: uploaded in chunks at known offsets (so an
 * upload cut at 90% resumes at 90%), hashed when complete, and kept only if
 * the SHA-256 matches the name. The default adapter is a folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
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
  status(hash: string): Promise<UploadState>;
  /**
   * Appends bytes at `offset` of a blob of `total` bytes, as they stream in
   * (so a chunk cut half-way keeps its first half); verifies the hash once
   * complete.
   */
  append(hash: string, offset: number, bytes: AsyncIterable<Buffer> | Buffer, total: number): Promise<AppendResult>;
  /** The complete blob, if present. */
  read(hash: string): Promise<{ size: number; stream: Readable } | null>;
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

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function folderBlobStore(root: string): BlobStore {
  const partialDir = join(root, 'partial');
  const complete = (hash: string) => join(root, hash.slice(0, 2), hash);
  const partial = (hash: string) => join(partialDir, hash);
  // Appends to one blob must not interleave (two devices may upload the same photo).
  const locks = new KeyedMutex();

  const status = async (hash: string): Promise<UploadState> => {
    const done = await sizeOf(complete(hash));
    if (done !== null) return { received: done, complete: true };
    return { received: (await sizeOf(partial(hash))) ?? 0, complete: false };
  };

  return {
    status,
    append: (hash, offset, bytes, total) =>
      locks.run(hash, async (): Promise<AppendResult> => {
        const now = await status(hash);
        if (now.complete) return { ok: true, ...now };
        if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
        await mkdir(partialDir, { recursive: true });
        const file = await open(partial(hash), 'a');
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
        if ((await sha256File(partial(hash))) !== hash) {
          await unlink(partial(hash));
          return { ok: false, reason: 'hash_mismatch' };
        }
        await mkdir(join(root, hash.slice(0, 2)), { recursive: true });
        await rename(partial(hash), complete(hash));
        return { ok: true, received, complete: true };
      }),
    async read(hash) {
      const size = await sizeOf(complete(hash));
      return size === null ? null : { size, stream: createReadStream(complete(hash)) };
    },
  };
}

/** Blobs in memory: the default when no folder is given (tests, benchmarks); same rules as the folder. */
export function memoryBlobStore(): BlobStore {
  const partial = new Map<string, Buffer[]>();
  const done = new Map<string, Buffer>();
  const received = (hash: string) => (partial.get(hash) ?? []).reduce((n, b) => n + b.length, 0);
  const status = async (hash: string): Promise<UploadState> => {
    const whole = done.get(hash);
    return whole ? { received: whole.length, complete: true } : { received: received(hash), complete: false };
  };
  return {
    status,
    async append(hash, offset, bytes, total) {
      const now = await status(hash);
      if (now.complete) return { ok: true, ...now };
      if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
      const pieces = partial.get(hash) ?? [];
      partial.set(hash, pieces);
      let got = offset;
      try {
        for await (const piece of toChunks(bytes)) {
          if (got + piece.length > total) return { ok: false, reason: 'too_large' };
          pieces.push(Buffer.from(piece));
          got += piece.length;
        }
      } catch (cause) {
        return { ok: false, reason: 'interrupted', received: got, cause };
      }
      if (got < total) return { ok: true, received: got, complete: false };
      const whole = Buffer.concat(partial.get(hash)!);
      partial.delete(hash);
      if (createHash('sha256').update(whole).digest('hex') !== hash) return { ok: false, reason: 'hash_mismatch' };
      done.set(hash, whole);
      return { ok: true, received: got, complete: true };
    },
    async read(hash) {
      const whole = done.get(hash);
      return whole ? { size: whole.length, stream: Readable.from([whole]) } : null;
    },
  };
}
