/** The PostgreSQL store: the one store implementation (store/sql-store.ts) over the PostgreSQL runner. */
export { type PgStore, type PgStoreOptions, lockKey, openPgStore, poolFor } from './store/postgres/runner';
