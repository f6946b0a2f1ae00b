import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The server tests, run once per store: every test file that opens its database through
 * tests/unit/test-db.ts (which knows which store a run uses), directly or through the shared harness
 * tests/unit/harness.ts. Found by what the file imports, so a
 * new server test runs on both stores without anyone keeping a list.
 */
const UNIT_DIR = 'tests/unit';
const SERVER_TESTS = readdirSync(UNIT_DIR)
  .filter((f) => f.endsWith('.test.ts') && /from '\.\/(test-db|harness)'/.test(readFileSync(join(UNIT_DIR, f), 'utf8')))
  .map((f) => `${UNIT_DIR}/${f}`);
/** Several instances sharing one database: PostgreSQL only (SQLite is one process by design). */
const PG_ONLY_TESTS = ['live-relay', 'multi-instance', 'notify-instances', 'pg-round-trips'].map((name) => `tests/unit/${name}.test.ts`);

/**
 * Unit and integration tests in Node: core rules, the server over HTTP, the client store on fake-indexeddb.
 * Two projects: "sqlite" runs everything on the embedded store; "postgres" runs the server tests again on
 * PostgreSQL (SITEWATCH_TEST_PG, which .ci/run sets). Without SITEWATCH_TEST_PG that project holds one
 * skipped test whose name says so.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['tests/unit/**/*.test.ts'], exclude: ['tests/unit/pg-skipped.test.ts', ...PG_ONLY_TESTS] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: process.env.SITEWATCH_TEST_PG ? SERVER_TESTS : ['tests/unit/pg-skipped.test.ts'],
          env: { SITEWATCH_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
});
