/**
 * Photo bytes shared by every instance: bytea rows of up to 256 KiB in
 * PostgreSQL (tables from migrations.ts step 3), with the same rules as the
 * folder store (blob-store.ts): appends at the confirmed offset only, what
 * arrived of a cut chunk is kept, the SHA-256 is checked once complete.
 *
 * Each write of a piece is a short transaction under an advisory lock on the
 * blob, so two instances receiving the same photo cannot interleave: the one
 * that finds the offset moved answers offset_mismatch, and the device asks
 * where to continue. When this should give way to an object store: README,
 * "Photos with several instances".
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { type AppendResult, type BlobStore, type UploadState, toChunks } from './blob-store';
import { KeyedMutex } from './mutex';
import { lockKey } from './pg-store';

/** Rows of at most this many bytes: big enough for few round trips, small enough to stream a read row by row. */
export const ROW_BYTES = 256 * 1024;
/** Rows fetched per query when reading a blob back. */
const ROWS_PER_READ = 4;

export function pgBlobStore(pool: pg.Pool, schema: string): BlobStore {
  // Within one instance, appends to one blob queue up as in the folder store; across instances the advisory lock decides.
  const locks = new KeyedMutex();

  const status = async (hash: string): Promise<UploadState> => {
    const { rows } = await pool.query<{ received: number; complete: boolean }>('SELECT received, complete FROM blob_uploads WHERE hash = $1', [hash]);
    return rows[0] ?? { received: 0, complete: false };
  };

  /** Stores `bytes` at `at` if the blob still ends there; false if another writer moved it. */
  const write = async (hash: string, at: number, bytes: Buffer): Promise<boolean> => {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(${lockKey(`sitewatch:blob:${schema}:${hash}`)})`);
      const { rows } = await client.query<{ received: number }>('SELECT received FROM blob_uploads WHERE hash = $1', [hash]);
      if ((rows[0]?.received ?? 0) !== at) {
        await client.query('ROLLBACK');
        return false;
      }
      for (let i = 0; i < bytes.length; i += ROW_BYTES) {
        await client.query('INSERT INTO blob_chunks (hash, byte_offset, bytes) VALUES ($1, $2, $3)', [hash, at + i, bytes.subarray(i, i + ROW_BYTES)]);
      }
      await client.query(
        `INSERT INTO blob_uploads (hash, received, complete) VALUES ($1, $2, false)
         ON CONFLICT (hash) DO UPDATE SET received = excluded.received`,
        [hash, at + bytes.length],
      );
      await client.query('COMMIT');
      return true;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };

  async function* rowsOf(hash: string): AsyncIterable<Buffer> {
    let from = 0;
    for (;;) {
      const { rows } = await pool.query<{ byte_offset: number; bytes: Buffer }>(
        'SELECT byte_offset, bytes FROM blob_chunks WHERE hash = $1 AND byte_offset >= $2 ORDER BY byte_offset LIMIT $3',
        [hash, from, ROWS_PER_READ],
      );
      for (const r of rows) {
        yield r.bytes;
        from = r.byte_offset + r.bytes.length;
      }
      if (rows.length < ROWS_PER_READ) return;
    }
  }

  const discard = async (hash: string) => {
    await pool.query('DELETE FROM blob_chunks WHERE hash = $1', [hash]);
    await pool.query('DELETE FROM blob_uploads WHERE hash = $1', [hash]);
  };

  return {
    status,
    append: (hash, offset, bytes, total) =>
      locks.run(hash, async (): Promise<AppendResult> => {
        const now = await status(hash);
        if (now.complete) return { ok: true, ...now };
        if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
        let stored = offset;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async (): Promise<boolean> => {
          if (pendingBytes === 0) return true;
          const ok = await write(hash, stored, Buffer.concat(pending, pendingBytes));
          if (ok) stored += pendingBytes;
          pending = [];
          pendingBytes = 0;
          return ok;
        };
        const moved = async (): Promise<AppendResult> => ({ ok: false, reason: 'offset_mismatch', received: (await status(hash)).received });
        try {
          for await (const piece of toChunks(bytes)) {
            if (stored + pendingBytes + piece.length > total) {
              await flush();
              return { ok: false, reason: 'too_large' };
            }
            pending.push(Buffer.from(piece));
            pendingBytes += piece.length;
            if (pendingBytes >= ROW_BYTES && !(await flush())) return moved();
          }
        } catch (cause) {
          // The sender went away: keep what arrived, so the next request continues after it.
          if (!(await flush())) return moved();
          return { ok: false, reason: 'interrupted', received: stored, cause };
        }
        if (!(await flush())) return moved();
        if (stored < total) return { ok: true, received: stored, complete: false };
        // Complete: keep it only if the bytes are what the name says.
        const sha = createHash('sha256');
        for await (const row of rowsOf(hash)) sha.update(row);
        if (sha.digest('hex') !== hash) {
          await discard(hash);
          return { ok: false, reason: 'hash_mismatch' };
        }
        await pool.query('UPDATE blob_uploads SET complete = true WHERE hash = $1', [hash]);
        return { ok: true, received: stored, complete: true };
      }),
    async read(hash) {
      const now = await status(hash);
      return now.complete ? { size: now.received, stream: Readable.from(rowsOf(hash)) } : null;
    },
  };
}
