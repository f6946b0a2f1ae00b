import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/chromium';

/**
 * End-to-end tests drive the built app (npm run build) served by the real
 * sync server; each worker starts its own server (tests/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    locale: 'zh-CN',
    viewport: { width: 360, height: 740 },
    serviceWorkers: 'allow',
    trace: 'off',
  },
});
