/**
 * Drawing on a photo with a finger: an arrow, a circle and a short text on one phone, undo, save; the
 * drawing shows over the photo (and can be hidden) there and, after sync, on another phone, on the same
 * spots. Touches are real touch events sent through the DevTools protocol.
 */
import type { CDPSession } from '@playwright/test';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';
import { makeJpeg } from './images';
import { withExif } from '../fixtures/exif';

type Pt = { x: number; y: number };

/** One finger down at `from`, moved in steps to `to`, rested, lifted. */
async function drag(cdp: CDPSession, from: Pt, to: Pt, steps = 6): Promise<void> {
  const at = (k: number) => [{ x: from.x + ((to.x - from.x) * k) / steps, y: from.y + ((to.y - from.y) * k) / steps, id: 0 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let k = 1; k <= steps; k++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(k) });
  await new Promise((r) => setTimeout(r, 100));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

test('a photo is drawn on with a finger on one phone and the drawing shows on another after sync', async ({ browser, server }) => {
  const ctx = await browser.newContext({ hasTouch: true, viewport: { width: 360, height: 740 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const v = app.page;
  await app.join('volunteer', '画圈的吴阿姨');
  const staff = await joinedPhone(browser, server, 'staff', '社区小陈');
  await app.openPoint('南门雨水检查井');
  await v.getByLabel('从相册选择').setInputFiles({ name: 'lid.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(v)) });
  await v.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await v.getByLabel('说明（可不填）').fill('井盖要圈出来');
  await v.getByRole('button', { name: '保存照片' }).click();
  await expect(v.getByRole('listitem').filter({ hasText: '井盖要圈出来' }).getByText('✓ 已上传')).toBeVisible({ timeout: 20_000 });

  const timeline = (page: typeof v) => page.getByRole('list', { name: /^时间线/ });
  await timeline(v).getByRole('button', { name: '放大查看：施工前 井盖要圈出来' }).tap();
  const viewer = v.getByRole('dialog', { name: /^照片 \d+\/\d+$/ });
  await viewer.getByRole('button', { name: '在照片上标注' }).tap();
  const editor = v.getByRole('dialog', { name: '在照片上标注' });
  const photo = editor.getByRole('img', { name: '要标注的照片' });
  await expect.poll(() => photo.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
  // The photo's drawn box inside the stage (it is fitted whole, centred).
  const box = await photo.evaluate((el: HTMLImageElement) => {
    const r = el.getBoundingClientRect();
    const s = Math.min(r.width / el.naturalWidth, r.height / el.naturalHeight);
    const w = el.naturalWidth * s;
    const h = el.naturalHeight * s;
    return { x: r.left + (r.width - w) / 2, y: r.top + (r.height - h) / 2, w, h };
  });
  const on = (fx: number, fy: number): Pt => ({ x: box.x + box.w * fx, y: box.y + box.h * fy });
  const cdp = await ctx.newCDPSession(v);

  // An arrow (the default tool), then a circle, then a text placed with a tap.
  await expect(editor.getByRole('button', { name: '箭头' })).toHaveAttribute('aria-pressed', 'true');
  await drag(cdp, on(0.15, 0.15), on(0.45, 0.45));
  await editor.getByRole('button', { name: '圆圈' }).tap();
  await drag(cdp, on(0.6, 0.6), on(0.75, 0.6));
  await expect(editor.getByText('2/30 处')).toBeVisible();
  await editor.getByRole('button', { name: '文字' }).tap();
  // A tap with no words yet says what to do, and draws nothing.
  await v.touchscreen.tap(on(0.2, 0.8).x, on(0.2, 0.8).y);
  await expect(editor.getByRole('alert')).toContainText('先在上面写好文字');
  await editor.getByLabel(/^要写的字/).fill('井盖破损');
  await v.touchscreen.tap(on(0.2, 0.8).x, on(0.2, 0.8).y);
  await expect(editor.getByRole('img', { name: '照片上的标注，3 处。井盖破损' })).toBeVisible();
  // Undo takes back the last mark only.
  await editor.getByRole('button', { name: '撤销' }).tap();
  await expect(editor.getByRole('img', { name: '照片上的标注，2 处。' })).toBeVisible();
  await editor.getByLabel(/^要写的字/).fill('井盖破损');
  await v.touchscreen.tap(on(0.2, 0.8).x, on(0.2, 0.8).y);
  await v.screenshot({ path: 'test-results/annotate-editor.png' });
  await editor.getByRole('button', { name: '保存标注' }).tap();
  await expect(editor).toHaveCount(0);

  // The viewer shows the drawing over the photo, who drew it, and hides it on request.
  const drawing = (page: typeof v) => page.getByRole('dialog', { name: /^照片 / }).getByRole('img', { name: '照片上的标注，3 处。井盖破损' });
  await expect(drawing(v)).toBeVisible();
  await expect(viewer).toContainText('标注人：画圈的吴阿姨（监督员）');
  await expect(viewer).toContainText('没有拍摄朝向（手机没有提供）');
  await v.screenshot({ path: 'test-results/annotate-viewer.png' });
  await viewer.getByRole('button', { name: '显示标注' }).tap();
  await expect(viewer.getByRole('button', { name: '显示标注' })).toHaveAttribute('aria-pressed', 'false');
  await expect(drawing(v)).toHaveCount(0);
  await viewer.getByRole('button', { name: '显示标注' }).tap();
  await expect(drawing(v)).toBeVisible();
  await expect(app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  // Staff's phone gets it with the next sync, and draws the circle where the finger put it.
  const s = staff.app.page;
  await staff.app.syncChip().click();
  await staff.app.openPoint('南门雨水检查井');
  await timeline(s).getByRole('button', { name: '放大查看：施工前 井盖要圈出来' }).click({ timeout: 20_000 });
  await expect(drawing(s)).toBeVisible({ timeout: 20_000 });
  await expect(s.getByRole('dialog', { name: /^照片 / })).toContainText('标注人：画圈的吴阿姨（监督员）');
  // The drawing can show before the photo's bytes have arrived: measure once the photo under it is drawn.
  const staffPhoto = s.getByRole('dialog', { name: /^照片 / }).getByRole('img', { name: '施工前 井盖要圈出来' });
  await expect.poll(() => staffPhoto.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  const centre = await drawing(s).evaluate((svg) => {
    const img = svg.parentElement!.querySelector('img')!;
    const r = img.getBoundingClientRect();
    const sc = Math.min(r.width / img.naturalWidth, r.height / img.naturalHeight);
    const w = img.naturalWidth * sc;
    const h = img.naturalHeight * sc;
    const c = svg.querySelector('circle')!.getBoundingClientRect();
    return { fx: (c.left + c.width / 2 - (r.left + (r.width - w) / 2)) / w, fy: (c.top + c.height / 2 - (r.top + (r.height - h) / 2)) / h };
  });
  expect(centre.fx).toBeCloseTo(0.6, 1);
  expect(centre.fy).toBeCloseTo(0.6, 1);
  await ctx.close();
  await staff.ctx.close();
});

test("a gallery photo's camera direction (EXIF GPSImgDirection) shows in the viewer", async ({ browser, server }) => {
  const phone = await joinedPhone(browser, server, 'volunteer', '看方向的郑师傅');
  const p = phone.app.page;
  await phone.app.openPoint('地下车库入口');
  const jpeg = withExif(await makeJpeg(p), 29.868312, 121.544078, new Date(), 135.4);
  await p.getByLabel('从相册选择').setInputFiles({ name: 'facing.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
  await p.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await p.getByLabel('说明（可不填）').fill('车库口朝东南拍');
  await p.getByRole('button', { name: '保存照片' }).click();
  await p
    .getByRole('list', { name: /^时间线/ })
    .getByRole('button', { name: '放大查看：施工前 车库口朝东南拍' })
    .click();
  await expect(p.getByRole('dialog', { name: /^照片 / })).toContainText('拍摄朝向：朝东南（135°）');
  await phone.ctx.close();
});

test('on an iPhone the tap on 拍照 asks for the compass (within the tap), and the photo then records the heading iOS gives', async ({ browser, server }) => {
  const phone = await joinedPhone(browser, server, 'volunteer', '用苹果手机的钱阿姨');
  const p = phone.app.page;
  // iOS Safari as far as the compass goes: DeviceOrientationEvent.requestPermission, and orientation events
  // (with webkitCompassHeading) only once it was granted.
  await phone.ctx.addInitScript(() => {
    const w = window as unknown as { compassAsks: { inTap: boolean }[] };
    w.compassAsks = [];
    const Real = window.DeviceOrientationEvent;
    class IosOrientationEvent extends Real {
      static requestPermission(): Promise<'granted'> {
        w.compassAsks.push({ inTap: navigator.userActivation.isActive });
        setInterval(() => window.dispatchEvent(Object.assign(new Event('deviceorientation'), { alpha: 10, absolute: false, webkitCompassHeading: 200.3 })), 50);
        return Promise.resolve('granted');
      }
    }
    window.DeviceOrientationEvent = IosOrientationEvent;
  });
  await p.reload();
  await phone.app.openPoint('地下车库入口');
  const chooser = p.waitForEvent('filechooser');
  await p
    .locator('label')
    .filter({ hasText: '拍照' })
    .filter({ has: p.locator('input[capture]') })
    .click();
  await (await chooser).setFiles({ name: 'now.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(p)) });
  expect(await p.evaluate(() => (window as unknown as { compassAsks: { inTap: boolean }[] }).compassAsks)).toEqual([{ inTap: true }]);
  await p.getByRole('group', { name: '阶段' }).getByLabel('施工中').check();
  await p.getByLabel('说明（可不填）').fill('车库口朝南拍');
  await p.getByRole('button', { name: '保存照片' }).click();
  await p
    .getByRole('list', { name: /^时间线/ })
    .getByRole('button', { name: '放大查看：施工中 车库口朝南拍' })
    .click();
  await expect(p.getByRole('dialog', { name: /^照片 / })).toContainText('拍摄朝向：朝南（200°）');
  await phone.ctx.close();
});
