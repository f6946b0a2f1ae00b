/**
 * Photos on a bad link, with Chromium's own network emulation (CDP): a
 * photo added offline uploads over a throttled link that is cut mid-upload,
 * resumes from where the server stands, and reaches another device with its
 * position and stage; damaged bytes are refused by the server and the photo
 * stays on the phone. Plus the before/after comparison and the storage
 * warnings.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { withExif } from '../fixtures/exif';
import { SitewatchApp, joinedPhone } from './app';
import { testPort } from '../ports';
import { expect, test } from './fixtures';
import { type RunningServer, startServer } from './server';
import { decodedWidth, makeJpeg } from './images';

/** A slow 3G-like link: 100 KB/s each way, 300 ms latency; or no link at all. */
async function link(cdp: CDPSession, state: 'offline' | 'slow'): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: state === 'offline',
    latency: 300,
    downloadThroughput: 100 * 1024,
    uploadThroughput: 100 * 1024,
  });
}

interface Upload {
  hash: string;
  offset: number;
  total: number;
}

function watchUploads(page: Page): Upload[] {
  const seen: Upload[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() !== 'PUT' || !url.pathname.endsWith('/upload')) return;
    seen.push({ hash: url.pathname.split('/')[3]!, offset: Number(url.searchParams.get('offset')), total: Number(url.searchParams.get('total')) });
  });
  return seen;
}

async function addGalleryPhoto(app: SitewatchApp, jpeg: Uint8Array, phase: '施工前' | '施工中' | '施工后', caption: string): Promise<void> {
  await app.page.getByLabel('从相册选择').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
  await app.page.getByRole('group', { name: '阶段' }).getByLabel(phase).check();
  await app.page.getByLabel('说明（可不填）').fill(caption);
  await app.page.getByRole('button', { name: '保存照片' }).click();
  await expect(app.page.getByRole('listitem').filter({ hasText: caption })).toBeVisible();
}

test('a photo added offline uploads over a throttled link cut mid-upload, resumes, and reaches another device with its position and stage', async ({
  browser,
  server,
}) => {
  const ctx: BrowserContext = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '拍照的王阿姨');
  await app.waitUntilReadyOffline();
  const cdp = await ctx.newCDPSession(app.page);
  const jpeg = withExif(await makeJpeg(app.page), 29.868312, 121.544078, new Date(2026, 10, 3, 9, 15));

  await link(cdp, 'offline');
  await app.openPoint('5号楼东侧绿化带');
  await addGalleryPhoto(app, jpeg, '施工前', '绿化带开挖前，树木原样');
  const entry = app.page.getByRole('listitem').filter({ hasText: '绿化带开挖前，树木原样' });
  await expect(entry).toContainText('等待上传');
  await app.page.reload();
  await expect(entry).toContainText('照片文件里的位置（未核实）');
  await expect(entry).toContainText('等待上传');

  // Back on a slow link; cut it once the first chunk of the photo has arrived.
  const uploads = watchUploads(app.page);
  await link(cdp, 'slow');
  await expect(entry).toContainText(/上传中 [1-9]\d?%/, { timeout: 60_000 });
  await link(cdp, 'offline');
  const beforeCut = uploads.length;
  await expect(app.syncChip()).toHaveAccessibleName(/离线|待同步/, { timeout: 20_000 });
  await link(cdp, 'slow');
  await expect(entry).toContainText('已上传', { timeout: 90_000 });

  const display = uploads.reduce((a, b) => (b.total > a.total ? b : a));
  const ofDisplay = uploads.filter((u) => u.hash === display.hash);
  // Resumed, not restarted: the photo's first chunk was sent once, and after the cut the upload went on from where the server stood.
  expect(ofDisplay.filter((u) => u.offset === 0)).toHaveLength(1);
  const afterCut = uploads.slice(beforeCut).filter((u) => u.hash === display.hash);
  expect(afterCut.length).toBeGreaterThan(0);
  expect(afterCut[0]!.offset).toBeGreaterThan(0);

  const { ctx: other, app: staff } = await joinedPhone(browser, server, 'staff', '社区小李');
  await staff.openPoint('5号楼东侧绿化带');
  const seen = staff.page.getByRole('listitem').filter({ hasText: '绿化带开挖前，树木原样' });
  await expect(seen).toContainText('施工前');
  await expect(seen).toContainText('照片文件里的位置（未核实）');
  await expect(seen).toContainText('29.868312, 121.544078');
  const thumb = seen.getByRole('img');
  await expect(thumb).toBeVisible({ timeout: 20_000 });
  expect(await decodedWidth(thumb)).toBeGreaterThan(100);
  await ctx.close();
  await other.close();
});

test('bytes damaged on the phone are refused by the server, and the photo stays on the phone', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '试错的李师傅');
  const jpeg = await makeJpeg(app.page);
  await ctx.setOffline(true);
  await app.openPoint('南门雨水检查井');
  await addGalleryPhoto(app, jpeg, '施工前', '检查井盖，施工前');
  // Flip a byte in the second stored chunk of the display copy (as a failing flash chip might).
  await app.page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sitewatch');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['blobs', 'blobChunks'], 'readwrite');
          const all = tx.objectStore('blobs').getAll();
          all.onsuccess = () => {
            const rows = all.result as Array<{ hash: string; size: number; state: string }>;
            const biggest = rows.filter((r) => r.state === 'local').sort((a, b) => b.size - a.size)[0]!;
            const chunks = tx.objectStore('blobChunks');
            const get = chunks.get([biggest.hash, 1]);
            get.onsuccess = () => {
              const chunk = get.result as { hash: string; index: number; data: ArrayBuffer };
              const bytes = new Uint8Array(chunk.data.slice(0));
              bytes[10] = bytes[10]! ^ 0xff;
              chunks.put({ ...chunk, data: bytes.buffer });
            };
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await ctx.setOffline(false);
  const entry = app.page.getByRole('listitem').filter({ hasText: '检查井盖，施工前' });
  await expect(entry).toContainText('上传出错', { timeout: 30_000 });
  await expect(entry).toContainText('已损坏');
  await expect(entry).not.toContainText('已上传');
  // Nothing was deleted: the photo is still shown from the phone.
  expect(await decodedWidth(entry.getByRole('img'))).toBeGreaterThan(100);
  await ctx.close();
});

test('a point shows its latest before and after photos side by side; a nearly full phone is told before the camera opens', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '对比的赵阿姨');
  await app.openPoint('地下车库入口');
  await expect(app.page.getByRole('region', { name: '施工前后对比' })).toHaveCount(0);
  await addGalleryPhoto(app, await makeJpeg(app.page), '施工前', '车库入口，施工前');
  await addGalleryPhoto(app, await makeJpeg(app.page), '施工后', '车库入口，恢复后');
  const compare = app.page.getByRole('region', { name: '施工前后对比' });
  await expect(compare.getByRole('img', { name: '施工前 车库入口，施工前' })).toBeVisible({ timeout: 20_000 });
  await expect(compare.getByRole('img', { name: '施工后 车库入口，恢复后' })).toBeVisible();
  await expect(app.page.getByText('手机存储空间快满了')).toHaveCount(0);

  // The phone fills up: 57 of the 60 MB the browser allows are used (CDP's Storage.overrideQuotaForOrigin
  // has no effect on estimate() in this Chromium, so the estimate itself is replaced).
  await ctx.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'estimate', { value: async () => ({ usage: 57 * 1024 * 1024, quota: 60 * 1024 * 1024 }) });
  });
  await app.page.reload();
  await expect(app.page.getByRole('status').filter({ hasText: '手机存储空间快满了' })).toBeVisible();
  await expect(app.page.getByLabel('拍照')).toBeAttached();

  await app.page.getByRole('link', { name: '设置' }).click();
  const storage = app.page.getByRole('region', { name: '本机存储' });
  await expect(storage).toContainText(/照片和平面图占用本机空间：[1-9][\d.]* MB/);
  await expect(storage).toContainText('手机存储空间快满了');
  await ctx.close();
});

test('a photo original stays on the phone until staff ask for originals, then uploads by itself', async ({ browser }, testInfo) => {
  // Its own server: asking for originals is a setting of the whole work, and the worker's shared server
  // would then upload originals in every photo test that runs after this one.
  const server = await startServer({ port: testPort(4410 + testInfo.parallelIndex) });
  try {
    await originalsOnRequest(browser, server);
  } finally {
    await server.stop();
  }
});

async function originalsOnRequest(browser: Browser, server: RunningServer): Promise<void> {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '原图的孙师傅');
  await app.openPoint('3号楼北侧主干道');
  await addGalleryPhoto(app, await makeJpeg(app.page), '施工中', '管沟开挖中，原图');
  const entry = app.page.getByRole('listitem').filter({ hasText: '管沟开挖中，原图' });
  await expect(entry).toContainText('✓ 已上传', { timeout: 30_000 });
  await expect(entry).toContainText('原图保存在本机');

  const { ctx: staffCtx, app: staff } = await joinedPhone(browser, server, 'staff', '社区小李');
  await staff.page.getByRole('link', { name: '设置' }).click();
  await staff.page.getByRole('checkbox', { name: '“阳光花园小区雨污分流改造”上传照片原图' }).check();
  await expect(staff.page.getByRole('checkbox', { name: '“阳光花园小区雨污分流改造”上传照片原图' })).toBeChecked();

  // The volunteer's phone hears of the setting at its next sync and sends the original.
  await app.syncChip().click();
  await expect(entry).toContainText('原图已上传', { timeout: 30_000 });
  await ctx.close();
  await staffCtx.close();
}
