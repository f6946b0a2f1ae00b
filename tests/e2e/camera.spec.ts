/**
 * The in-app camera: at a point that has photos, the live view shows the
 * previous photo faintly on top so the new one is taken from the same spot.
 * Chromium's fake camera stands in for a phone's.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { SitewatchApp } from './app';
import { decodedWidth } from './images';
import { expect, test } from './fixtures';

test('a second photo of a point is lined up with the first one through the in-app camera', async ({ server }) => {
  const base = chromiumLaunchOptions();
  const browser = await chromium.launch({ ...base, args: [...(base.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
  try {
    const ctx = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 360, height: 740 },
      permissions: ['camera', 'geolocation'],
      geolocation: { latitude: 29.8679, longitude: 121.5452, accuracy: 8 },
    });
    const app = new SitewatchApp(await ctx.newPage(), server);
    await app.join('volunteer', '对准拍照的陈阿姨');
    await app.waitUntilReadyOffline();
    await app.openPoint('5号楼东侧绿化带');

    // No photo yet: nothing to line up with, only the phone camera and the gallery.
    await expect(app.page.getByRole('button', { name: /对准上一张拍照/ })).toHaveCount(0);
    const first = await app.page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 1200;
      c.height = 900;
      const g = c.getContext('2d')!;
      g.fillStyle = '#3a7d44';
      g.fillRect(0, 0, 1200, 900);
      return c.toDataURL('image/jpeg', 0.9).split(',')[1]!;
    });
    await app.page.getByLabel('拍照').setInputFiles({ name: 'before.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(first, 'base64') });
    await app.page.getByLabel('说明（可不填）').fill('绿化带施工前');
    await app.page.getByRole('button', { name: '保存照片' }).click();
    await expect(app.page.getByRole('listitem').filter({ hasText: '绿化带施工前' })).toBeVisible();

    await app.page.getByRole('button', { name: /对准上一张拍照/ }).click();
    const camera = app.page.getByRole('dialog', { name: '对准上一张拍照' });
    await expect(camera.getByRole('img', { name: /上一张照片/ })).toBeVisible();
    await app.page.waitForFunction(() => (document.querySelector('.camera video') as HTMLVideoElement | null)?.videoWidth);
    // The camera takes the whole screen, its shutter in reach without scrolling (the point page is long).
    expect(await camera.boundingBox()).toEqual({ x: 0, y: 0, width: 360, height: 740 });
    const shutter = (await camera.getByRole('button', { name: /拍下/ }).boundingBox())!;
    expect(shutter.y + shutter.height).toBeLessThanOrEqual(740);
    await expect(camera.getByRole('button', { name: /拍下/ })).toBeFocused();
    await camera.getByRole('button', { name: /拍下/ }).click();
    // The new photo's form (the first photo in the list may carry the same location text, if its fix came in time).
    await expect(app.page.getByText('位置：手机定位，误差约 8 米')).toBeVisible({ timeout: 20_000 });
    await app.page.getByRole('group', { name: '阶段' }).getByLabel('施工后').check();
    await app.page.getByLabel('说明（可不填）').fill('绿化恢复后，同一角度');
    await app.page.getByRole('button', { name: '保存照片' }).click();
    const after = app.page.getByRole('listitem').filter({ hasText: '绿化恢复后' });
    await expect(after).toContainText('施工后');
    expect(await decodedWidth(after.getByRole('img'))).toBeGreaterThan(100);
    await ctx.close();
  } finally {
    await browser.close();
  }
});
