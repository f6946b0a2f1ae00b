/**
 * The store the command-line tools (admin.ts, audit-check.ts) work on: the
 * same one the server uses with the same environment, PostgreSQL when
 * DATABASE_URL is set (schema SITEWATCH_PG_SCHEMA), else the SQLite file in
 * SITEWATCH_DATA. main.ts chooses the same way (it also needs the pool).
 */
import { join, resolve } from 'node:path';
import { openPgStore } from './pg-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

export async function openConfiguredStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  if (env.DATABASE_URL) {
    return openPgStore({ connectionString: env.DATABASE_URL, schema: env.SITEWATCH_PG_SCHEMA ?? 'public', poolSize: 2 });
  }
  return openSqliteStore(join(resolve(env.SITEWATCH_DATA ?? './data'), 'sitewatch.sqlite'));
}
