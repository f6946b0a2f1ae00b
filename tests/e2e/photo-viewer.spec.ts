/**
 * The photo viewer on a touch phone: a thumbnail opens its photo full screen with its phase, time,
 * author and position source; two fingers spread zoom it in; a swipe or the buttons go to the next
 * photo of the same point; the phone's back gesture and Escape close it without leaving the page.
 * Touches are real touch events sent through the DevTools protocol, as a finger on glass would make.
 */
import type { CDPSession, Locator, Page } from '@playwright/test';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';
import { testPort } from '../ports';
import { type RunningServer, startServer } from './server';
import { makeJpeg } from './images';
import { seedHistory } from './seed-history';

type Pt = { x: number; y: number };

/** Fingers down at `from`, moved in steps to `to`, then lifted: one finger per pair of points. */
async function touchGesture(cdp: CDPSession, from: Pt[], to: Pt[], steps = 8): Promise<void> {
  const at = (k: number) => from.map((f, i) => ({ x: f.x + ((to[i]!.x - f.x) * k) / steps, y: f.y + ((to[i]!.y - f.y) * k) / steps, id: i }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= steps; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
  // The fingers rest before lifting: lifted while moving, Chromium starts a fling, and a fling
  // swallows the next tap (the one a person makes to stop it).
  await new Promise((r) => setTimeout(r, 150));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(steps) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function addGalleryPhoto(app: SitewatchApp, jpeg: Uint8Array, phase: '施工前' | '施工中' | '施工后', caption: string): Promise<void> {
  await app.page.getByLabel('从相册选择').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
  await app.page.getByRole('group', { name: '阶段' }).getByLabel(phase).check();
  await app.page.getByLabel('说明（可不填）').fill(caption);
  await app.page.getByRole('button', { name: '保存照片' }).click();
  await expect(app.page.getByRole('listitem').filter({ hasText: caption })).toBeVisible();
}

async function decodedImage(page: Page): Promise<Locator> {
  const img = page.getByRole('dialog').getByRole('img');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(1000);
  return img;
}

test('a photo opens full screen, zooms with two fingers, swipes to the next, and back closes it', async ({ browser }, testInfo) => {
  // Its own server: what this test counts and changes must not meet other specs' data in the worker's shared server.
  const server: RunningServer = await startServer({ port: testPort(4370 + testInfo.parallelIndex) });
  try {
    const ctx = await browser.newContext({ hasTouch: true });
    const app = new SitewatchApp(await ctx.newPage(), server);
    const page = app.page;
    await app.join('volunteer', '看照片的周阿姨');
    await app.openPoint('南门雨水检查井');
    await addGalleryPhoto(app, await makeJpeg(page), '施工前', '井盖，开工前');
    await addGalleryPhoto(app, await makeJpeg(page), '施工中', '井盖，开挖中');
    await addGalleryPhoto(app, await makeJpeg(page), '施工后', '井盖，恢复后');

    const timeline = page.getByRole('list', { name: /^时间线/ });
    await timeline.getByRole('button', { name: '放大查看：施工前 井盖，开工前' }).tap();
    const viewer = page.getByRole('dialog', { name: '照片 1/3' });
    await expect(viewer).toBeVisible();
    await expect(viewer).toContainText('施工前');
    await expect(viewer).toContainText('井盖，开工前');
    await expect(viewer).toContainText('看照片的周阿姨（监督员）');
    await expect(viewer).toContainText('拍摄于 刚刚');
    await expect(viewer).toContainText('没有位置信息');
    // Full screen: the stage fills the phone's width, far beyond the 112 px thumbnail.
    const img = await decodedImage(page);
    const before = (await img.boundingBox())!;
    expect(before.width).toBeGreaterThanOrEqual(350);
    await page.screenshot({ path: 'test-results/photo-viewer-open.png' });
    await expect(viewer.getByRole('button', { name: '上一张' })).toBeDisabled();
    await expect(viewer.getByRole('button', { name: '缩小' })).toBeDisabled();

    // Two fingers spread from 80 px apart to 240 px: the photo grows about three times, about their midpoint.
    const cdp = await ctx.newCDPSession(page);
    const c = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
    await touchGesture(
      cdp,
      [
        { x: c.x - 40, y: c.y },
        { x: c.x + 40, y: c.y },
      ],
      [
        { x: c.x - 120, y: c.y },
        { x: c.x + 120, y: c.y },
      ],
    );
    const zoomed = (await img.boundingBox())!;
    expect(zoomed.width / before.width).toBeGreaterThan(2.5);
    expect(zoomed.width / before.width).toBeLessThan(3.5);
    expect(Math.abs(zoomed.x + zoomed.width / 2 - c.x)).toBeLessThan(5);
    await page.screenshot({ path: 'test-results/photo-viewer-zoomed.png' });
    // Zoomed in, one finger pans the photo instead of turning to the next one.
    await touchGesture(cdp, [{ x: c.x, y: c.y }], [{ x: c.x + 100, y: c.y }]);
    expect((await img.boundingBox())!.x).toBeGreaterThan(zoomed.x + 80);
    await expect(page.getByRole('dialog', { name: '照片 1/3' })).toBeVisible();
    // The buttons zoom back out, to no less than the whole photo.
    const zoomOut = viewer.getByRole('button', { name: '缩小' });
    while (await zoomOut.isEnabled()) await zoomOut.tap();
    expect(Math.round((await img.boundingBox())!.width)).toBe(Math.round(before.width));

    // A swipe to the left shows the next photo of the point.
    await touchGesture(cdp, [{ x: c.x + 120, y: c.y }], [{ x: c.x - 120, y: c.y + 10 }]);
    const second = page.getByRole('dialog', { name: '照片 2/3' });
    await expect(second).toContainText('井盖，开挖中');
    await expect(second).toContainText('施工中');
    // ... and the buttons do the same, for those who do not swipe.
    await second.getByRole('button', { name: '下一张' }).tap();
    const third = page.getByRole('dialog', { name: '照片 3/3' });
    await expect(third).toContainText('井盖，恢复后');
    await expect(third.getByRole('button', { name: '下一张' })).toBeDisabled();
    await third.getByRole('button', { name: '上一张' }).tap();
    await expect(page.getByRole('dialog', { name: '照片 2/3' })).toBeVisible();
    // A new photo starts unzoomed.
    expect(Math.round((await (await decodedImage(page)).boundingBox())!.width)).toBe(Math.round(before.width));

    // The phone's back closes the viewer and stays on the point.
    await page.goBack();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: '南门雨水检查井' })).toBeVisible();
    // Escape closes it too, and so does its close button; focus returns to the thumbnail.
    const thumb = page.getByRole('region', { name: '施工前后对比' }).getByRole('button', { name: '放大查看：施工后 井盖，恢复后' });
    await thumb.tap();
    await expect(page.getByRole('dialog', { name: '照片 3/3' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await thumb.tap();
    await page.getByRole('button', { name: '关闭照片' }).tap();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(thumb).toBeFocused();
    await expect(page.getByRole('heading', { level: 1, name: '南门雨水检查井' })).toBeVisible();
    await page.screenshot({ path: 'test-results/photo-viewer-point.png', fullPage: true });
    await ctx.close();
  } finally {
    await server.stop();
  }
});

test('an issue shows its latest problem and fix photos side by side, and the meeting pack opens its photos large', async ({ browser }, testInfo) => {
  // Its own server: the worker's server may hold the same seeded history already (the overflow spec seeds it too).
  const server: RunningServer = await startServer({ port: testPort(4590 + testInfo.parallelIndex) });
  try {
    const { ctx, app } = await joinedPhone(browser, server, 'staff', '看材料的社区小周');
    const page = app.page;
    await seedHistory(server, page);
    await app.syncChip().click();
    await app.issueCard('东门扬尘已整改核实').click({ timeout: 20_000 });
    const compare = page.getByRole('region', { name: '整改前后对比' });
    await expect(compare.getByRole('img', { name: /^施工前/ })).toBeVisible({ timeout: 20_000 });
    await expect(compare.getByRole('img', { name: /^施工后/ })).toBeVisible();
    await compare.getByRole('button', { name: /^放大查看：施工后/ }).click();
    // The fix photo is the issue's second: the viewer says so, and who took it.
    const viewer = page.getByRole('dialog', { name: '照片 2/2' });
    await expect(viewer).toContainText('施工方老刘（施工联络人）');
    await expect(viewer).toContainText('施工后');
    await viewer.getByRole('button', { name: '上一张' }).click();
    await expect(page.getByRole('dialog', { name: '照片 1/2' })).toContainText('历史记录的王阿姨（监督员）');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    await page.goto(`${server.url}/w/demo-work/meeting`);
    const fixed = page.getByRole('article', { name: '东门扬尘已整改核实' });
    await fixed.getByRole('button', { name: /^放大查看：施工后/ }).click();
    await expect(page.getByRole('dialog', { name: '照片 2/2' })).toContainText('施工方老刘（施工联络人）');
    expect((await (await decodedImage(page)).boundingBox())!.width).toBeGreaterThanOrEqual(350);
    await page.goBack();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(fixed).toBeVisible();
    await ctx.close();
  } finally {
    await server.stop();
  }
});
