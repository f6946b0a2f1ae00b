/**
 * The deployment of docs/deploy.md, for real: Caddy terminates TLS with its own CA (`tls internal`)
 * and proxies to the server on loopback; Chromium trusts that CA as a phone would after its root is
 * installed. The app is opened under a name that is not loopback (loopback counts as secure without
 * TLS, so it would prove nothing): the service worker takes control, the app reloads with the
 * network gone, and a photo taken there uploads.
 */
import { type Browser, chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { testPort } from '../ports';
import { SitewatchApp } from './app';
import { type RunningCaddy, homeTrusting, startCaddy } from './caddy';
import { makeJpeg } from './images';
import { type RunningServer, startServer } from './server';

const HOST = 'sitewatch.test';
let server: RunningServer;
let caddy: RunningCaddy;
let browser: Browser;

test.beforeAll(async () => {
  server = await startServer({ port: testPort(4440), env: { SITEWATCH_TRUST_PROXY: '1' } });
  caddy = await startCaddy({ host: HOST, httpsPort: testPort(4441), httpPort: testPort(4442), upstream: `127.0.0.1:${server.port}` });
  const launch = chromiumLaunchOptions();
  browser = await chromium.launch({
    ...launch,
    args: [...(launch.args ?? []), `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
    env: { ...process.env, HOME: homeTrusting(caddy.rootCert) },
  });
});

test.afterAll(async () => {
  await browser?.close();
  await caddy?.stop();
  await server?.stop();
});

test('behind Caddy with its own CA: secure context, compressed assets, offline reload, a photo uploaded', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  const app = new SitewatchApp(page, { ...server, url: `https://${HOST}:${testPort(4441)}` });
  const scripts: Array<{ url: string; encoding: string | undefined; plainBytes: number }> = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js') && !r.fromServiceWorker())
      scripts.push({ url: r.url(), encoding: r.headers()['content-encoding'], plainBytes: Number(r.headers()['content-length'] ?? 0) });
  });

  await app.join('volunteer', 'https 的周阿姨');
  expect(await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.digest === 'function')).toBe(true);
  await expect(page.getByRole('region', { name: '这个地址不是 https，离线用不了' })).toHaveCount(0);
  // The brotli copies reach the phone through the proxy (files under 512 bytes have none: nothing to gain).
  expect(scripts.filter((s) => s.encoding === 'br').length).toBeGreaterThan(3);
  expect(scripts.filter((s) => s.encoding !== 'br' && s.plainBytes >= 512)).toEqual([]);
  await app.waitUntilReadyOffline();

  // A photo taken over https uploads (the server checks its SHA-256 id against the bytes).
  await app.openPoint('3号楼北侧主干道');
  await page.getByLabel('从相册选择').setInputFiles({ name: 'road.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(page)) });
  await page.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await page.getByLabel('说明（可不填）').fill('https 下拍的照片');
  await page.getByRole('button', { name: '保存照片' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: 'https 下拍的照片' });
  await expect(entry).toContainText('已上传', { timeout: 30_000 });

  // No network at all: the page comes from the service worker, with the photo from the phone.
  await ctx.setOffline(true);
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: '3号楼北侧主干道' })).toBeVisible();
  await expect(entry).toContainText('已上传');
  await ctx.close();
});
