/**
 * Photo bytes shared by every instance: bytea rows of up to 256 KiB in
 * PostgreSQL, with the same rules as the folder store (blob-store.ts):
 * appends at the confirmed offset only, what arrived of a cut chunk is kept,
 * the SHA-256 is checked once complete, and each uploading device has its own
 * partial (another member's bytes cannot spoil an honest upload).
 *
 * Tables (migrations.ts, steps 3 and 6): `blob_uploads` and `blob_chunks` hold
 * complete blobs; `blob_partials` and `blob_partial_chunks` each device's
 * partial, keyed by (hash, uploader). Completing a partial copies its rows to
 * the complete tables in one transaction, under an advisory lock on the blob.
 *
 * Each write of a piece is a short transaction under an advisory lock on the
 * partial, so two instances receiving the same device's chunk cannot
 * interleave: the one that finds the offset moved answers offset_mismatch, and
 * the device asks where to continue. When this should give way to an object
 * store: README, "Photos with several instances".
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { type AppendResult, type BlobStore, type BlobStoreOptions, type UploadState, blobStoreRules, sweeper, toChunks } from './blob-store';
import { KeyedMutex } from './mutex';
import { lockKey } from './pg-store';
import { inTransactionOn } from './store/postgres/runner';

/** Rows of at most this many bytes: big enough for few round trips, small enough to stream a read row by row. */
export const ROW_BYTES = 256 * 1024;
/** Rows fetched per query when reading a blob back. */
const ROWS_PER_READ = 4;
/** Idle partials removed per sweep: a sweep is one request's work, and the next one takes the rest. */
const SWEEP_BATCH = 100;

export function pgBlobStore(pool: pg.Pool, schema: string, options: BlobStoreOptions = {}): BlobStore {
  const rules = blobStoreRules(options);
  // Within one instance, appends to one partial queue up as in the folder store; across instances the advisory lock decides.
  const locks = new KeyedMutex();
  const blobLock = (hash: string) => lockKey(`sitewatch:blob:${schema}:${hash}`);
  const partialLock = (hash: string, uploader: string) => lockKey(`sitewatch:blob:${schema}:${hash}:${uploader}`);

  /** Runs `fn` in a transaction on one connection, rolled back if it throws. */
  const inTransaction = <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => inTransactionOn(pool, 'BEGIN; SET LOCAL synchronous_commit = on', fn);

  const completeSize = async (hash: string): Promise<number | null> => {
    const { rows } = await pool.query<{ received: number }>('SELECT received FROM blob_uploads WHERE hash = $1 AND complete', [hash]);
    return rows[0]?.received ?? null;
  };

  const status = async (hash: string, uploader?: string): Promise<UploadState> => {
    const size = await completeSize(hash);
    if (size !== null) return { received: size, complete: true };
    const { rows } =
      uploader !== undefined
        ? await pool.query<{ received: number | null }>('SELECT received FROM blob_partials WHERE hash = $1 AND uploader = $2', [hash, uploader])
        : await pool.query<{ received: number | null }>('SELECT max(received) AS received FROM blob_partials WHERE hash = $1', [hash]);
    return { received: rows[0]?.received ?? 0, complete: false };
  };

  /** Removes a device's partial, under its lock (a write of it in progress finishes first). */
  const dropIn = async (client: pg.PoolClient, hash: string, uploader: string) => {
    await client.query(`SELECT pg_advisory_xact_lock(${partialLock(hash, uploader)})`);
    await client.query('DELETE FROM blob_partial_chunks WHERE hash = $1 AND uploader = $2', [hash, uploader]);
    await client.query('DELETE FROM blob_partials WHERE hash = $1 AND uploader = $2', [hash, uploader]);
  };
  const drop = (hash: string, uploader: string) => inTransaction((client) => dropIn(client, hash, uploader));

  /** Before `uploader` starts another partial: its least recently written ones beyond the bound go. */
  const makeRoom = async (uploader: string) => {
    const { rows } = await pool.query<{ hash: string }>('SELECT hash FROM blob_partials WHERE uploader = $1 ORDER BY touched_at DESC OFFSET $2', [
      uploader,
      Math.max(0, rules.partialsPerUploader - 1),
    ]);
    for (const { hash } of rows) await drop(hash, uploader);
  };

  const sweep = sweeper(rules.now, async () => {
    const { rows } = await pool.query<{ hash: string; uploader: string }>(
      'SELECT hash, uploader FROM blob_partials WHERE touched_at < $1 ORDER BY touched_at LIMIT $2',
      [rules.now() - rules.partialIdleMs, SWEEP_BATCH],
    );
    for (const { hash, uploader } of rows) await drop(hash, uploader);
  });

  /** Stores `bytes` at `at` of the device's partial if it still ends there; false if another writer moved it. */
  const write = (hash: string, uploader: string, at: number, bytes: Buffer): Promise<boolean> =>
    inTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${partialLock(hash, uploader)})`);
      const { rows } = await client.query<{ received: number }>('SELECT received FROM blob_partials WHERE hash = $1 AND uploader = $2', [hash, uploader]);
      if ((rows[0]?.received ?? 0) !== at) return false;
      for (let i = 0; i < bytes.length; i += ROW_BYTES) {
        await client.query('INSERT INTO blob_partial_chunks (hash, uploader, byte_offset, bytes) VALUES ($1, $2, $3, $4)', [
          hash,
          uploader,
          at + i,
          bytes.subarray(i, i + ROW_BYTES),
        ]);
      }
      await client.query(
        `INSERT INTO blob_partials (hash, uploader, received, touched_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hash, uploader) DO UPDATE SET received = excluded.received, touched_at = excluded.touched_at`,
        [hash, uploader, at + bytes.length, rules.now()],
      );
      return true;
    });

  async function* rowsOf(table: 'blob_chunks' | 'blob_partial_chunks', hash: string, uploader?: string): AsyncIterable<Buffer> {
    const own = uploader === undefined ? '' : 'AND uploader = $4';
    let from = 0;
    for (;;) {
      const { rows } = await pool.query<{ byte_offset: number; bytes: Buffer }>(
        `SELECT byte_offset, bytes FROM ${table} WHERE hash = $1 ${own} AND byte_offset >= $2 ORDER BY byte_offset LIMIT $3`,
        uploader === undefined ? [hash, from, ROWS_PER_READ] : [hash, from, ROWS_PER_READ, uploader],
      );
      for (const r of rows) {
        yield r.bytes;
        from = r.byte_offset + r.bytes.length;
      }
      if (rows.length < ROWS_PER_READ) return;
    }
  }

  /** The device's verified partial becomes the blob, unless another device completed it meanwhile. */
  const promote = (hash: string, uploader: string, size: number) =>
    inTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${blobLock(hash)})`);
      const { rows } = await client.query('SELECT 1 FROM blob_uploads WHERE hash = $1 AND complete', [hash]);
      if (rows.length === 0) {
        await client.query(
          `INSERT INTO blob_chunks (hash, byte_offset, bytes)
           SELECT hash, byte_offset, bytes FROM blob_partial_chunks WHERE hash = $1 AND uploader = $2`,
          [hash, uploader],
        );
        await client.query(
          `INSERT INTO blob_uploads (hash, received, complete) VALUES ($1, $2, true)
           ON CONFLICT (hash) DO UPDATE SET received = excluded.received, complete = true`,
          [hash, size],
        );
      }
      await dropIn(client, hash, uploader);
    });

  return {
    status,
    async append(hash, uploader, offset, bytes, total) {
      await sweep();
      const before = await status(hash, uploader);
      if (offset === 0 && !before.complete && before.received === 0) await makeRoom(uploader);
      return locks.run(`${uploader}/${hash}`, async (): Promise<AppendResult> => {
        const now = await status(hash, uploader);
        if (now.complete) {
          // Another device finished it: this device's partial is of no more use.
          await drop(hash, uploader);
          return { ok: true, ...now };
        }
        if (offset !== now.received) return { ok: false, reason: 'offset_mismatch', received: now.received };
        let stored = offset;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async (): Promise<boolean> => {
          if (pendingBytes === 0) return true;
          const ok = await write(hash, uploader, stored, Buffer.concat(pending, pendingBytes));
          if (ok) stored += pendingBytes;
          pending = [];
          pendingBytes = 0;
          return ok;
        };
        const moved = async (): Promise<AppendResult> => ({ ok: false, reason: 'offset_mismatch', received: (await status(hash, uploader)).received });
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
        for await (const row of rowsOf('blob_partial_chunks', hash, uploader)) sha.update(row);
        if (sha.digest('hex') !== hash) {
          await drop(hash, uploader);
          return { ok: false, reason: 'hash_mismatch' };
        }
        await promote(hash, uploader, stored);
        return { ok: true, received: stored, complete: true };
      });
    },
    async read(hash) {
      const size = await completeSize(hash);
      return size === null ? null : { size, stream: Readable.from(rowsOf('blob_chunks', hash)) };
    },
  };
}
