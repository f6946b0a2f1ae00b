/** Stands in for the PostgreSQL run of the server tests when no database is given (vitest.config.ts). */
import { it } from 'vitest';

it.skipIf(!process.env.SITEWATCH_TEST_PG)(
  'server tests on PostgreSQL: SKIPPED because SITEWATCH_TEST_PG is not set (postgres://user@host:port/database; .ci/run sets it)',
  () => {},
);
