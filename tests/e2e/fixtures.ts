import { test as base } from '@playwright/test';
import { type RunningServer, startServer } from './server';

/** One real server per worker, with a fresh data folder and the demo work. */
export const test = base.extend<object, { server: RunningServer }>({
  server: [
    async ({}, use, workerInfo) => {
      const server = await startServer({ port: 4300 + workerInfo.workerIndex });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
