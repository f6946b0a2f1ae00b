import { test as base } from '@playwright/test';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';

/** One real server per worker, with a fresh data folder and the demo work. */
export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use, workerInfo) => {
      const server = await startServer({ port: testPort(4300 + workerInfo.parallelIndex) });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
