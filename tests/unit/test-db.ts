/**
 * The store the server tests run against. vitest.config.ts runs the server
 * test files twice: once on SQLite, once on PostgreSQL (project "postgres",
 * SITEWATCH_TEST_STORE=postgres). The assertions are the same; only this
 * helper knows the difference.
 *
 * SQLite: a fresh temporary folder. PostgreSQL (SITEWATCH_TEST_PG): a fresh
 * schema with a random name, dropped by drop(), so that parallel test files
 * and CI re-runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type BlobStore, type BlobStoreOptions, folderBlobStore } from '../../sync-server/blob-store';
import { pgBlobStore } from '../../sync-server/blob-store-pg';
import { type PgStore, openPgStore, poolFor } from '../../sync-server/pg-store';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import type { Store } from '../../sync-server/store';

export const TEST_STORE: 'sqlite' | 'postgres' = process.env.SITEWATCH_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
export const PG_URL = process.env.SITEWATCH_TEST_PG ?? '';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  /** A folder for anything else the test writes (blobs, static files); removed by drop(). */
  dir: string;
  /** Environment for a spawned `sync-server/main.ts` that should use this database. */
  env: Record<string, string>;
  /** Opens (another handle on) this database. */
  open(): Promise<Store>;
  /** A copy of the database as it is now, to restore later ("the server is restored from an older backup"). */
  backup(): Promise<void>;
  /** Puts the backup in place; no store may be open on the database meanwhile. */
  restore(): Promise<void>;
  /** Deletes the database (and the folder). */
  drop(): Promise<void>;
  /** Where a server on this database keeps photo bytes (as main.ts chooses): a folder, or the shared database. */
  blobStore(store: Store, options?: BlobStoreOptions): BlobStore;
  /** A connection of its own, past the store: for tests that tamper with rows as an intruder would. */
  raw(): Promise<RawDatabase>;
}

/**
 * SQL straight on the database. Placeholders are written $1, $2… in order (PostgreSQL's
 * style); SQLite receives them as ?. Without parameters, several statements may be sent at once.
 */
export interface RawDatabase {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

function sqliteRaw(file: string): RawDatabase {
  const db = new Database(file);
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      if (!params) {
        if (/^\s*select/i.test(sql)) return db.prepare(sql).all() as R[];
        db.exec(sql);
        return [];
      }
      let n = 0;
      const text = sql.replace(/\$(\d+)/g, (_, d: string) => {
        if (Number(d) !== ++n) throw new Error('raw(): write the placeholders $1, $2… in order');
        return '?';
      });
      const statement = db.prepare(text);
      return statement.reader ? (statement.all(...params) as R[]) : (statement.run(...params), []);
    },
    close: async () => void db.close(),
  };
}

const SQLITE_FILE = 'sitewatch.sqlite';

function sqliteDatabase(label: string): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), `sitewatch-${label}-`));
  const file = join(dir, SQLITE_FILE);
  const backupFile = join(dir, 'backup.sqlite');
  return {
    kind: 'sqlite',
    dir,
    env: { SITEWATCH_DATA: dir },
    open: async () => openSqliteStore(file),
    async backup() {
      // VACUUM INTO writes a consistent copy while the store stays open.
      const db = new Database(file, { readonly: true });
      rmSync(backupFile, { force: true });
      db.exec(`VACUUM INTO '${backupFile}'`);
      db.close();
    },
    async restore() {
      for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });
      const { copyFileSync } = await import('node:fs');
      copyFileSync(backupFile, file);
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
    blobStore: (_store, options) => folderBlobStore(join(dir, 'blobs'), options),
    raw: async () => sqliteRaw(file),
  };
}

/** Runs one statement on a short-lived connection (schema housekeeping). */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function pgDatabase(label: string): Promise<TestDatabase> {
  if (!PG_URL) throw new Error('SITEWATCH_TEST_STORE=postgres needs SITEWATCH_TEST_PG (postgres://user@host:port/database)');
  const schema = `sw_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(5).toString('hex')}`;
  const backupSchema = `${schema}_bak`;
  const dir = mkdtempSync(join(tmpdir(), `sitewatch-${label}-`));
  return {
    kind: 'postgres',
    dir,
    env: { SITEWATCH_DATA: dir, DATABASE_URL: PG_URL, SITEWATCH_PG_SCHEMA: schema, SITEWATCH_PG_POOL: '4' },
    open: () => openPgStore({ connectionString: PG_URL, schema, poolSize: 4 }),
    async backup() {
      // A copy of every table, and where the op numbering stood (a pg_dump restores that too).
      await admin(`DO $$
        DECLARE t text;
        BEGIN
          EXECUTE 'DROP SCHEMA IF EXISTS ${backupSchema} CASCADE';
          EXECUTE 'CREATE SCHEMA ${backupSchema}';
          FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '${schema}' LOOP
            EXECUTE format('CREATE TABLE ${backupSchema}.%I AS TABLE ${schema}.%I', t, t);
          END LOOP;
          EXECUTE 'CREATE TABLE ${backupSchema}.seq_state AS SELECT last_value, is_called FROM ${schema}.ops_seq_seq';
        END $$`);
    },
    async restore() {
      await admin(`DO $$
        DECLARE t text;
        BEGIN
          -- Rows go back table by table: foreign keys are checked by no one meanwhile.
          SET LOCAL session_replication_role = replica;
          FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '${schema}' LOOP
            EXECUTE format('TRUNCATE ${schema}.%I CASCADE', t);
          END LOOP;
          FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '${backupSchema}' AND tablename <> 'seq_state' LOOP
            IF t = 'ops' THEN
              EXECUTE 'INSERT INTO ${schema}.ops OVERRIDING SYSTEM VALUE SELECT * FROM ${backupSchema}.ops';
            ELSE
              EXECUTE format('INSERT INTO ${schema}.%I SELECT * FROM ${backupSchema}.%I', t, t);
            END IF;
          END LOOP;
          PERFORM setval('${schema}.ops_seq_seq', last_value, is_called) FROM ${backupSchema}.seq_state;
        END $$`);
    },
    async drop() {
      await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${backupSchema} CASCADE`);
      rmSync(dir, { recursive: true, force: true });
    },
    blobStore: (store, options) => pgBlobStore((store as PgStore).pool, schema, options),
    async raw() {
      const pool = poolFor(PG_URL, schema, 1);
      return {
        async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
          // Several statements in one text answer with one result each: the last one's rows.
          const result = (await pool.query(sql, params)) as pg.QueryResult | pg.QueryResult[];
          return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as R[];
        },
        close: () => pool.end(),
      };
    },
  };
}

/** A fresh, empty database of the kind this test run is about. */
export function testDatabase(label: string): Promise<TestDatabase> {
  return TEST_STORE === 'postgres' ? pgDatabase(label) : Promise.resolve(sqliteDatabase(label));
}

/** A fresh store whose close() also deletes its database: for tests that open it once. */
export async function openTestStore(label: string): Promise<Store & { database: TestDatabase }> {
  const database = await testDatabase(label);
  const store = await database.open();
  return {
    ...store,
    database,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
