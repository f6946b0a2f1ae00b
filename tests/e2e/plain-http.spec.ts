/**
 * A phone that opens the app at a plain-http LAN address (what `npm start` used to print): not a
 * secure context, so no service worker and no crypto.subtle. The app says so before anything is
 * typed, and a photo still gets its SHA-256 id and uploads (the server checks the id against the bytes).
 * Loopback names count as secure, so the test maps a made-up name onto 127.0.0.1.
 */
import { type Browser, chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { testPort } from '../ports';
import { makeJpeg } from './images';
import { type RunningServer, startServer } from './server';

let server: RunningServer;
let browser: Browser;

test.beforeAll(async () => {
  server = await startServer({ port: testPort(4430) });
  const launch = chromiumLaunchOptions();
  browser = await chromium.launch({ ...launch, args: [...(launch.args ?? []), '--host-resolver-rules=MAP phone.test 127.0.0.1'] });
});

test.afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('over plain http the app explains what does not work before the join form, and a photo still uploads', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://phone.test:${server.port}/join?code=${server.codes.volunteer}`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

  const notice = page.getByRole('region', { name: '这个地址不是 https，离线用不了' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('请向社区工作人员要 https:// 开头的链接');
  await expect(notice.getByRole('link', { name: '改用 https 打开' })).toHaveAttribute('href', `https://phone.test/join?code=${server.codes.volunteer}`);
  // Above the first field: read before anything is typed.
  const noticeBox = (await notice.boundingBox())!;
  const nameBox = (await page.getByLabel('您的称呼').boundingBox())!;
  expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(nameBox.y);
  await page.screenshot({ path: test.info().outputPath('plain-http-join.png') });

  await page.getByLabel('您的称呼').fill('局域网的李师傅');
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  // Still said on the work page.
  await expect(page.getByRole('region', { name: '这个地址不是 https，离线用不了' })).toBeVisible();

  await page
    .getByRole('list', { name: '点位' })
    .getByRole('link', { name: /3号楼北侧主干道/ })
    .click();
  await page.getByLabel('从相册选择').setInputFiles({ name: 'road.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(page)) });
  await page.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await page.getByLabel('说明（可不填）').fill('局域网 http 下拍的照片');
  await page.getByRole('button', { name: '保存照片' }).click();
  const entry = page.getByRole('listitem').filter({ hasText: '局域网 http 下拍的照片' });
  await expect(entry).toBeVisible({ timeout: 20_000 });
  await expect(entry).toContainText('已上传', { timeout: 30_000 });
  expect(errors).toEqual([]);
  await ctx.close();
});
