/**
 * The runner for several instances: PostgreSQL, selected by DATABASE_URL (see main.ts), with the same
 * schema (migrations.ts) and the same store (sql-store.ts) as SQLite. What differs:
 *
 * - Locks (docs/sync-protocol.md §13.2). A write transaction of one work takes, at BEGIN, a shared
 *   schema-wide advisory lock and an exclusive lock of its work: writers of one work run one at a time
 *   (seq numbers are taken and committed in the same order within a work, which is all a pull, always of
 *   one work, needs), writers of different works run side by side. A transaction of no particular work
 *   takes the schema-wide lock exclusively and runs alone; the audit log, one chain for all works, has
 *   its own lock, taken before its last row is read.
 * - Round trips. Statements are named (prepared once per connection, like better-sqlite3's prepare()),
 *   and the store is write-behind: the rows of a push travel in one statement over arrays (unnest).
 * - A commit is acknowledged only once durable: synchronous_commit is forced on for write transactions,
 *   whatever the server's default.
 */
import pg from 'pg';
import { migrationSql } from '../../migrations';
import { KeyedMutex } from '../../mutex';
import type { Store } from '../../store';
import type { Row, SqlConn, SqlRunner } from '../runner';
import { BATCHES, type BatchName, type DialectSql, type StatementName, statements } from '../sql';
import { createSqlStore } from '../sql-store';

export interface PgStoreOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** The schema holding the tables (created if missing); `public` by default. Tests use one per file. */
  schema?: string;
  /** Connections per instance (10 by default). */
  poolSize?: number;
  /** Where pool errors go (a dropped idle connection is logged, not fatal). */
  log?: (line: string) => void;
}

export interface PgStore extends Store {
  readonly pool: pg.Pool;
  readonly schema: string;
}

export const dialect: DialectSql = {
  idList: '(SELECT unnest(?::text[]))',
  keyPairs: 'unnest(?::text[], ?::text[]) AS k(type, id)',
  // PostgreSQL's JSON reading (json as well as jsonb) fails on a whole document as soon as it holds
  // \u0000 or an unpaired surrogate escape, wherever: an entity stored before text was normalised (or
  // by anything else) would make every statement reading its work fail. Such escapes are read as
  // \ufffd here; only ids and names (never such text) are compared.
  jsonDoc: (column) =>
    `(CASE WHEN strpos(${column}, '\\u') = 0 THEN ${column}
       ELSE regexp_replace(${column}, '\\\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})', '\\\\ufffd', 'g') END)::json`,
  jsonText: (doc, field) => `${doc}->>'${field}'`,
  list: (values) => values,
  seqsFromLog: false,
  freshSeqs:
    "SELECT 4 AS k, NULL AS id, nextval('ops_seq_seq') AS seq, NULL AS work, NULL AS reason, NULL AS type, NULL AS state FROM generate_series(1, ?::int)",
  skipLocked: ' FOR UPDATE SKIP LOCKED',
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** bigint (int8: seq, counts, milliseconds) as a JS number: every value here is far below 2^53. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** A 64-bit advisory-lock key from a name (FNV-1a), computed here so that BEGIN and the lock go in one round trip. */
export function lockKey(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h);
}

export function poolFor(connectionString: string, schema: string, max: number): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    types: TYPES,
    // Every connection resolves table names in this instance's schema.
    options: `-c search_path=${schema}`,
  });
}

/** Applies the shared migration steps not yet applied, under a lock so that instances starting together take turns. */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const steps = migrationSql('postgres');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey(`sitewatch:migrate:${schema}`)})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${schema}.schema_migrations`);
    for (let v = rows[0]!.n; v < steps.length; v++) {
      for (const statement of steps[v]!) await client.query(statement);
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [v + 1, `step ${v + 1}`]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** `?` placeholders numbered as PostgreSQL wants them. */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
};

const BATCH_NAMES = Object.keys(BATCHES) as BatchName[];

/** Every batch table written by one statement: arrays in, one unnest per table, the rows changed per table out. */
function insertAllSql(): string {
  let n = 0;
  const parts = BATCH_NAMES.map((name) => {
    const b = BATCHES[name];
    const arrays = b.columns.map(([, type]) => `$${++n}::${type}[]`).join(', ');
    const overriding = 'givesIdentity' in b && b.givesIdentity ? ' OVERRIDING SYSTEM VALUE' : '';
    return `b_${name} AS (INSERT INTO ${b.table} (${b.columns.map(([c]) => c).join(', ')})${overriding} SELECT * FROM unnest(${arrays})${b.suffix} RETURNING 1)`;
  });
  return `WITH ${parts.join(',\n')}\nSELECT ${BATCH_NAMES.map((name) => `(SELECT COUNT(*) FROM b_${name}) AS ${name}`).join(', ')}`;
}

/** PostgreSQL's unique_violation and deadlock_detected: another work's writer took the id first, or the two crossed. */
const RETRYABLE = new Set(['23505', '40P01']);

export async function openPgStore({ connectionString, schema = 'public', poolSize = 10, log = () => {} }: PgStoreOptions): Promise<PgStore> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name "${schema}" must be lower-case letters, digits and _`);
  const pool = poolFor(connectionString, schema, poolSize);
  pool.on('error', (err) => log(`postgres: idle connection lost: ${err.message}`));
  await migrate(pool, schema);

  const sql = Object.fromEntries(Object.entries(statements(dialect)).map(([name, text]) => [name, numbered(text)])) as Record<StatementName, string>;
  const insertAll = insertAllSql();
  const globalKey = lockKey(`sitewatch:write:${schema}`);
  const auditKey = lockKey(`sitewatch:audit:${schema}`);

  const connOn = (db: pg.Pool | pg.PoolClient): SqlConn => ({
    all: async <R extends Row>(name: StatementName, params: readonly unknown[]) =>
      (await db.query<R>({ name, text: sql[name], values: params as unknown[] })).rows,
    run: async (name, params) => (await db.query({ name, text: sql[name], values: params as unknown[] })).rowCount ?? 0,
    async insertMany(rows) {
      // Column arrays, every batch table present (an empty one inserts nothing): one statement, one plan.
      const values = BATCH_NAMES.flatMap((name) => BATCHES[name].columns.map((_, i) => (rows[name] ?? []).map((row) => row[i])));
      const [counts] = (await db.query<Record<BatchName, number>>({ name: 'insertAll', text: insertAll, values })).rows;
      return counts!;
    },
    async savepoint(step) {
      if (step === 'open') await db.query('SAVEPOINT op_group');
      else if (step === 'release') await db.query('RELEASE SAVEPOINT op_group');
      else await db.query('ROLLBACK TO SAVEPOINT op_group; RELEASE SAVEPOINT op_group');
    },
    async lock(name) {
      if (name !== 'audit') throw new Error(`no lock named ${name}`);
      await db.query(`SELECT pg_advisory_xact_lock(${auditKey})`);
    },
  });
  const reads = connOn(pool);

  // Writers of one work (or all of them) queue here, holding no connection, so that reads (pull,
  // authentication) never wait for a free one behind writers that could not go on anyway.
  const writes = new KeyedMutex();

  const runner: SqlRunner = {
    dialect,
    async read(fn, snapshot) {
      if (!snapshot) return fn(reads);
      return inTransactionOn(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => fn(connOn(client)));
    },
    writeOne: (fn) => fn(reads),
    oneWriter: false,
    write: (scope, fn) =>
      writes.run(scope.work ?? '', async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          // One round trip opens a write transaction: durable commits, and the locks that order seq with commits.
          const locks =
            scope.work === undefined
              ? `SELECT pg_advisory_xact_lock(${globalKey})`
              : `SELECT pg_advisory_xact_lock_shared(${globalKey}); SELECT pg_advisory_xact_lock(${lockKey(`sitewatch:write:${schema}:${scope.work}`)})`;
          await client.query(`BEGIN; SET LOCAL synchronous_commit = on; ${locks}`);
          const result = await fn(connOn(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          // A connection that cannot even roll back is closed rather than returned to the pool.
          await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
          throw err;
        } finally {
          client.release(broken);
        }
      }),
    retryable: (err) => RETRYABLE.has((err as { code?: string } | null)?.code ?? ''),
    close: () => pool.end(),
  };
  return { ...createSqlStore(runner), pool, schema };
}

/**
 * Runs `fn` in a transaction on one pooled connection, opened with `begin`: committed if it returns,
 * rolled back if it throws, the connection released either way. Shared with the PostgreSQL blob store.
 */
export async function inTransactionOn<T>(pool: pg.Pool, begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
