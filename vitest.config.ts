import { defineConfig } from 'vitest/config';

/**
 * The server tests that go through the storage port: run once per store.
 * Keep in step with tests/unit/test-db.ts (which store a run uses).
 */
const SERVER_TESTS = ['server', 'security-takeover', 'convergence', 'crash', 'reset', 'clock-skew', 'blobs', 'fuzz', 'authorization', 'multi-writer', 'inspection-sync', 'issue-concurrency', 'issue-privacy', 'admin', 'token-expiry', 'reset-repull', 'store-conformance', 'store-work-locks'].map(
  (name) => `tests/unit/${name}.test.ts`,
);
/** Several instances sharing one database: PostgreSQL only (SQLite is one process by design). */
const PG_ONLY_TESTS = ['live-relay', 'multi-instance', 'pg-round-trips'].map((name) => `tests/unit/${name}.test.ts`);

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
          include: process.env.SITEWATCH_TEST_PG ? [...SERVER_TESTS, ...PG_ONLY_TESTS] : ['tests/unit/pg-skipped.test.ts'],
          env: { SITEWATCH_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
});
