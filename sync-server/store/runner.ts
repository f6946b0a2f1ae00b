/**
 * The narrow interface between the one store implementation (sql-store.ts) and a database driver: run a
 * named statement, run a batch, open a read or a write transaction. One runner per dialect, in a folder
 * of its own with the same file names (sqlite/runner.ts, postgres/runner.ts).
 */
import type { BatchName, DialectSql, StatementName } from './sql';

export type BatchRows = Partial<Record<BatchName, unknown[][]>>;

export type Awaitable<T> = T | Promise<T>;
export type Row = Record<string, unknown>;

/** A connection, or a transaction on one. Statements are named (see sql.ts) so each is prepared once. */
export interface SqlConn {
  all<R extends Row = Row>(name: StatementName, params: readonly unknown[]): Awaitable<R[]>;
  /** Runs a statement; the number of rows it changed. */
  run(name: StatementName, params: readonly unknown[]): Awaitable<number>;
  /**
   * Writes rows to the batch tables (sql.ts, BATCHES), each row its columns in order; how many rows each
   * batch changed. PostgreSQL sends all of it as one statement; SQLite runs a few prepared multi-row inserts per table.
   */
  insertMany(rows: BatchRows): Awaitable<Partial<Record<BatchName, number>>>;
  /** The nested transaction of the store's savepoint(): open it, keep its writes, or undo them. */
  savepoint(step: 'open' | 'release' | 'rollback'): Awaitable<void>;
  /** Takes a named lock until the transaction ends (PostgreSQL: an advisory lock; SQLite: already exclusive). */
  lock(name: string): Awaitable<void>;
}

/** What a write transaction covers: one work (writers of other works run alongside), or everything. */
export interface WriteScope {
  work?: string;
}

export interface SqlRunner {
  readonly dialect: DialectSql;
  /**
   * Reads outside a write transaction; they never wait for writers. With `snapshot`, every statement of
   * fn sees the same commit (SQLite's reads always do: a read transaction on the reader connection).
   */
  read<T>(fn: (c: SqlConn) => Promise<T>, snapshot?: boolean): Promise<T>;
  /** A write outside a transaction (a device noted as seen, a member revoked). */
  writeOne<T>(fn: (c: SqlConn) => Promise<T>): Promise<T>;
  /** Whether writeOne waits in the one writer's queue (SQLite), behind any push of any work. */
  readonly oneWriter: boolean;
  /** A write transaction that commits durably or rolls back wholly; fn may be run again after a conflict (see retryable). */
  write<T>(scope: WriteScope, fn: (c: SqlConn) => Promise<T>): Promise<T>;
  /** Whether an error of a scoped write means another work's writer got there first (run the transaction again). */
  retryable(err: unknown): boolean;
  close(): Promise<void>;
}

/** Thrown by the store when a write would replace another work's entity: that work's writer got there first. */
export class WorkConflict extends Error {
  constructor(what: string) {
    super(`conflict with another work's writer: ${what}`);
  }
}
