/**
 * A new build deployed while a phone has unsynced work: the app offers
 * "new version available — reload", and updating loses nothing.
 */
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { precompressDir } from '../../scripts/precompress';
import { testPort } from '../ports';
import { SitewatchApp } from './app';
import { type RunningServer, startServer } from './server';

let server: RunningServer | undefined;
// Stop this test's own server even when the test fails.
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

test('a new version is offered while work is unsynced, and updating keeps that work', async ({ browser }, testInfo) => {
  const port = testPort(4350 + testInfo.parallelIndex);
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-update-data-'));
  const buildOne = mkdtempSync(join(tmpdir(), 'sitewatch-build1-'));
  cpSync('dist', buildOne, { recursive: true });
  server = await startServer({ port, dataDir, staticDir: buildOne });

  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '周阿姨');
  await app.waitUntilReadyOffline();

  // Pushes fail for now, so the complaint stays unsynced across the update.
  await ctx.route('**/api/sync/push', (route) => route.abort('internetdisconnected'));
  const text = `更新前未同步的投诉 ${Date.now()}`;
  await app.recordComplaint({ category: '出行受阻', description: text });
  await expect(app.issueCard(text)).toContainText('待同步');

  // Deploy build two: a service worker that differs by a byte.
  await server.stop();
  const buildTwo = mkdtempSync(join(tmpdir(), 'sitewatch-build2-'));
  cpSync(buildOne, buildTwo, { recursive: true });
  appendFileSync(join(buildTwo, 'sw.js'), '\n// build two\n');
  // As the build does: the server sends the brotli copy, so it must be of build two too.
  precompressDir(buildTwo);
  server = await startServer({ port, dataDir, staticDir: buildTwo });

  await app.page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  const prompt = app.page.getByRole('status').filter({ hasText: '有新版本可用' });
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expect(app.issueCard(text)).toContainText('待同步');

  const reloaded = app.page.waitForEvent('load');
  await prompt.getByRole('button', { name: '更新并重新加载' }).click();
  await reloaded;
  await expect(app.issueCard(text)).toContainText('待同步');
  await expect(prompt).toHaveCount(0);
  const swSource = await app.page.evaluate(async () => (await fetch('/sw.js')).text());
  expect(swSource).toContain('build two');

  await ctx.unroute('**/api/sync/push');
  await app.syncChip().click();
  await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
  await ctx.close();
});
