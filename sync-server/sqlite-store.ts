/** The embedded SQLite store: the one store implementation (store/sql-store.ts) over the SQLite runner. */
export { OPS_TABLE_SQL, openSqliteStore } from './store/sqlite/runner';
