/**
 * The default store's runner: one embedded SQLite file (better-sqlite3), WAL mode with synchronous=FULL
 * so that an acknowledged push survives a crash or power cut. Statements are prepared once and cached.
 *
 * Two connections: the writer, used by write transactions (and the few writes outside them) one at a
 * time through a queue; and a read-only reader for everything that only reads (pull, authentication,
 * listings). Under WAL a reader sees the last commit and never waits for a writer, so a long push does
 * not hold up other works' pulls.
 */
import Database from 'better-sqlite3';
import { migrationSql, opsTableSql } from '../../migrations';
import { Mutex } from '../../mutex';
import type { Store } from '../../store';
import type { Row, SqlConn, SqlRunner } from '../runner';
import { BATCHES, type BatchName, type DialectSql, type StatementName, statements } from '../sql';
import { createSqlStore } from '../sql-store';

/** The op log's DDL (the benchmarks' raw floor uses the server's very table). */
export const OPS_TABLE_SQL = opsTableSql('sqlite');

export const dialect: DialectSql = {
  idList: '(SELECT value FROM json_each(?))',
  // Types and ids as two JSON arrays, paired by position. json_each cannot be joined on its key (a
  // scan per element: 35 ms for a 500-op push's 1,000 keys); indexing the ids array is 2.8 ms.
  keyPairs: "(SELECT t.value AS type, json_extract(i.ids, '$[' || t.key || ']') AS id FROM json_each(?) t, (SELECT ? AS ids) i) AS k",
  jsonDoc: (column) => column,
  jsonText: (doc, field) => `json_extract(${doc}, '$.${field}')`,
  list: (values) => JSON.stringify(values),
  // The numbers after the highest seq ever given (AUTOINCREMENT keeps it in sqlite_sequence, deleted ops
  // included): the transaction holds the file's only write lock, so no other writer can take them.
  freshSeqs: `SELECT 4 AS k, NULL AS id, last.seq + n.i AS seq, NULL AS work, NULL AS reason, NULL AS type, NULL AS state
    FROM (WITH RECURSIVE n(i, m) AS (SELECT 1, ? UNION ALL SELECT i + 1, m FROM n WHERE i < m) SELECT i FROM n WHERE i <= m) AS n,
      (SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'ops'), 0), COALESCE((SELECT MAX(seq) FROM ops), 0)) AS seq) AS last`,
  seqsFromLog: true,
  skipLocked: '',
};

/**
 * Rows per insert statement, largest first: a batch is written by a few multi-row statements (a 500-op
 * push's 500 rows of a table in 11) rather than one per row, with at most this many shapes prepared per table.
 */
const ROWS_PER_INSERT = [64, 16, 4, 1] as const;

/**
 * The parameters of `size` rows from `at`, in one array: better-sqlite3 binds an array's items in order,
 * and a statement of 64 rows takes 700 or more of them, which spread as arguments (with the copies of
 * slice and flat) cost as much JavaScript time as SQLite takes to insert the rows.
 */
function flatRows(rows: readonly unknown[][], at: number, size: number): unknown[] {
  const params: unknown[] = [];
  for (let r = at; r < at + size; r++) {
    const row = rows[r]!;
    for (let c = 0; c < row.length; c++) params.push(row[c]);
  }
  return params;
}

/** Runs the shared migration steps (migrations.ts) not yet applied; `user_version` counts those done. */
function migrate(db: Database.Database): void {
  const steps = migrationSql('sqlite');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      for (const statement of steps[v]!) db.exec(statement);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function sqliteRunner(file: string): SqlRunner {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Pages go back from the WAL into the database file once the WAL holds 10,000 pages (40 MB), not SQLite's
  // default 1,000: a push of 500 ops writes 300 to 600 pages, so the default checkpointed within every second
  // or third push's commit (30-90 ms instead of 10-15), copying the same index pages again each time.
  // Measured with 10,000 ops in 20 pushes (2026-12-05): 6 to 9 checkpoints and 370-600 ms of commits became
  // none and 230-320 ms.
  db.pragma('wal_autocheckpoint = 10000');
  migrate(db);

  // An in-memory database cannot be opened twice: there, reads share the writer (and its queue).
  const reader = file === ':memory:' ? db : new Database(file, { readonly: true });
  const sql = statements(dialect);
  const prepared = new Map<string, Database.Statement>();
  const statement = (name: StatementName, on = db) => {
    const key = on === db ? name : `read:${name}`;
    let s = prepared.get(key);
    if (!s) prepared.set(key, (s = on.prepare(sql[name])));
    return s;
  };
  const rowsStatement = (batch: BatchName, rows: number) => {
    let s = prepared.get(`batch:${batch}:${rows}`);
    if (!s) {
      const b = BATCHES[batch];
      const row = `(${b.columns.map(() => '?').join(', ')})`;
      const text = `INSERT INTO ${b.table} (${b.columns.map(([c]) => c).join(', ')}) VALUES ${Array<string>(rows).fill(row).join(', ')}${b.suffix}`;
      prepared.set(`batch:${batch}:${rows}`, (s = db.prepare(text)));
    }
    return s;
  };

  // Everything runs synchronously: a conn's answers are values, not promises.
  const readConn: SqlConn = {
    all: <R extends Row>(name: StatementName, params: readonly unknown[]) => statement(name, reader).all(...params) as R[],
    run: () => {
      throw new Error('the reader connection does not write');
    },
    insertMany: () => {
      throw new Error('the reader connection does not write');
    },
    savepoint: () => undefined,
    lock: () => undefined,
  };
  const conn: SqlConn = {
    all: <R extends Row>(name: StatementName, params: readonly unknown[]) => statement(name).all(...params) as R[],
    run: (name, params) => statement(name).run(...params).changes,
    insertMany(rows) {
      const changed: Partial<Record<BatchName, number>> = {};
      for (const [batch, list] of Object.entries(rows) as Array<[BatchName, unknown[][]]>) {
        let n = 0;
        for (let at = 0; at < list.length;) {
          const size = ROWS_PER_INSERT.find((k) => k <= list.length - at)!;
          n += rowsStatement(batch, size).run(flatRows(list, at, size)).changes;
          at += size;
        }
        changed[batch] = n;
      }
      return changed;
    },
    savepoint(step) {
      if (step === 'open') db.exec('SAVEPOINT op_group');
      else if (step === 'release') db.exec('RELEASE op_group');
      else db.exec('ROLLBACK TO op_group; RELEASE op_group');
    },
    // BEGIN IMMEDIATE already holds the only write lock of the file.
    lock: () => undefined,
  };

  // better-sqlite3 runs on one connection: an await inside a transaction would
  // let another request's statements run inside it (and read uncommitted rows).
  // So every use of the connection goes through one queue.
  const mutex = new Mutex();
  // Reads take turns among themselves only (each is one read transaction: one commit seen throughout).
  const reads = reader === db ? mutex : new Mutex();

  return {
    dialect,
    read: (fn) =>
      reads.run(async () => {
        if (reader === db) return fn(conn);
        reader.exec('BEGIN');
        try {
          return await fn(readConn);
        } finally {
          reader.exec('COMMIT');
        }
      }),
    writeOne: (fn) => mutex.run(() => fn(conn)),
    oneWriter: true,
    write: (_scope, fn) =>
      mutex.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(conn);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    // One writer at a time: no other work's writer can win a race.
    retryable: () => false,
    close: () =>
      mutex.run(async () => {
        if (reader !== db) reader.close();
        db.close();
      }),
  };
}

export function openSqliteStore(file: string): Store {
  return createSqlStore(sqliteRunner(file));
}
