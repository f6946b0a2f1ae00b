import { defineConfig } from 'vitest/config';

/** Unit and integration tests in Node: core rules, the server over HTTP, the client store on fake-indexeddb. */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
  },
});
