/**
 * Site plans: staff upload a plan, pin it to GPS with two control
 * points (one typed, one from the phone's position) and place a point on it;
 * a volunteer, offline, sees the pin and sets a photo's position by tapping
 * the plan, and staff see where that photo was taken.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { testPort } from '../ports';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';
import { seeder } from './seed-history';
import { type RunningServer, startServer } from './server';

/** A 1200 × 900 plan drawn by the browser: buildings and roads, as a JPEG. */
async function makePlan(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 1200;
    c.height = 900;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#f5f5f0';
    ctx.fillRect(0, 0, 1200, 900);
    ctx.fillStyle = '#9ca3af';
    ctx.fillRect(0, 420, 1200, 60);
    ctx.fillRect(570, 0, 60, 900);
    ctx.fillStyle = '#60a5fa';
    for (const [x, y] of [
      [100, 100],
      [800, 100],
      [100, 600],
      [800, 600],
    ] as const)
      ctx.fillRect(x, y, 300, 200);
    return c.toDataURL('image/jpeg', 0.85).split(',')[1]!;
  });
  return Buffer.from(base64, 'base64');
}

/** Taps the plan at a fraction of the image's width and height (the map frames the image with margins). */
async function tapPlan(page: Page, map: Locator, planName: string, fx: number, fy: number): Promise<void> {
  const img = await map.getByRole('img', { name: planName }).boundingBox();
  const box = await map.boundingBox();
  await map.click({ position: { x: img!.x - box!.x + fx * img!.width, y: img!.y - box!.y + fy * img!.height } });
}

// The plan's lower-left building corner and its upper-right one, on the ground (about 120 m × 90 m apart).
const CP1 = { lat: 29.8671, lng: 121.5434 };
const CP2 = { lat: 29.86791, lng: 121.54464 };

/** The plan, pinned to GPS by two of its corners and uploaded, as staff would have set it up (by a staff member of its own). */
async function seedPinnedPlan(server: RunningServer, page: Page) {
  const { join, op, push, upload } = seeder(server);
  const planner = await join('staff', '社区小李');
  const bytes = new Uint8Array(await makePlan(page));
  const hash = createHash('sha256').update(bytes).digest('hex');
  const controlPoints = [
    { plan: { x: 100, y: 800 }, geo: CP1 },
    { plan: { x: 1100, y: 100 }, geo: CP2 },
  ];
  await push(planner, [
    op(planner, Date.now(), {
      entity: 'plan',
      kind: 'plan.add',
      entityId: randomUUID(),
      payload: { name: '小区总平面图', hash, size: bytes.byteLength, width: 1200, height: 900, controlPoints },
    }),
  ]);
  await upload(planner, hash, bytes);
  return { planner, op, push };
}

test('staff pin a plan to GPS and place a point; a volunteer offline sees the pin and sets a photo position on the plan', async ({ browser, server }) => {
  const staffCtx = await browser.newContext({
    viewport: { width: 360, height: 740 },
    permissions: ['geolocation'],
    geolocation: { latitude: CP2.lat, longitude: CP2.lng, accuracy: 5 },
  });
  const staff = new SitewatchApp(await staffCtx.newPage(), server);
  await staff.join('staff', '社区小李');
  const page = staff.page;
  // Leaflet's styles and the plan image must work under the app's Content-Security-Policy.
  const cspErrors: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && cspErrors.push(m.text()));
  await page.getByRole('link', { name: /查看平面图/ }).click();
  await expect(page.getByText('这个工程还没有平面图')).toBeVisible();

  await page.getByLabel('平面图名称').fill('小区总平面图');
  await page.getByLabel('选择平面图图片').setInputFiles({ name: 'plan.jpg', mimeType: 'image/jpeg', buffer: await makePlan(page) });
  await page.getByRole('button', { name: '上传平面图' }).click();
  await expect(page.getByRole('status').filter({ hasText: '平面图已保存' })).toBeVisible({ timeout: 20_000 });
  const map = page.getByRole('application', { name: '平面图：小区总平面图' });
  await expect(map.getByRole('img', { name: '小区总平面图' })).toBeVisible();
  await expect(page.getByText('还没有对准 GPS')).toBeVisible();

  // Control point 1 typed in; control point 2 from the phone, standing on the spot.
  await page.getByRole('radio', { name: '设置 GPS 控制点' }).check();
  await tapPlan(page, map, '小区总平面图', 100 / 1200, 800 / 900);
  const cp1 = page.getByRole('group', { name: '控制点 1' });
  await expect(cp1).toContainText('平面图上的位置');
  await cp1.getByLabel('纬度').fill(String(CP1.lat));
  await cp1.getByLabel('经度').fill(String(CP1.lng));
  const cp2 = page.getByRole('group', { name: '控制点 2' });
  // A save with one control point missing says what is missing.
  await page.getByRole('button', { name: '保存控制点' }).click();
  await expect(page.getByRole('alert')).toContainText('两个控制点都要在平面图上点选');
  await tapPlan(page, map, '小区总平面图', 1100 / 1200, 100 / 900);
  await expect(cp2).toContainText('平面图上的位置');
  await cp2.getByRole('button', { name: '用我现在的位置' }).click();
  await expect(cp2.getByLabel('纬度')).toHaveValue(/^29\.8679/);
  await page.getByRole('button', { name: '保存控制点' }).click();
  await expect(page.getByRole('status').filter({ hasText: '控制点已保存' })).toBeVisible();
  await expect(page.getByText(/已用两个控制点对准 GPS/)).toBeVisible();
  // Points with GPS now land on the plan by themselves (the garage entrance lies inside it).
  await expect(map.getByRole('button', { name: '地下车库入口' })).toBeVisible();

  // Place a point by tapping the plan.
  await page.getByRole('radio', { name: '放置点位' }).check();
  await page.getByLabel('要放置的点位').selectOption({ label: '3号楼北侧主干道' });
  await tapPlan(page, map, '小区总平面图', 0.5, 0.5);
  await expect(page.getByRole('status').filter({ hasText: '已把“3号楼北侧主干道”放在平面图上' })).toBeVisible();
  await expect(map.getByRole('button', { name: '3号楼北侧主干道' })).toBeVisible();
  // A pin is a finger's size to tap (44 px), though its dot is smaller.
  // (Polled: the pins are drawn again as the placement syncs.)
  await expect
    .poll(async () => {
      const box = await map.getByRole('button', { name: '3号楼北侧主干道' }).boundingBox();
      return box ? Math.min(box.width, box.height) : 0;
    })
    .toBeGreaterThanOrEqual(44);
  await expect(staff.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 30_000 });

  // A volunteer's phone gets the plan while online, then goes offline.
  const { ctx: volCtx, app: vol } = await joinedPhone(browser, server, 'volunteer', '拍照的王阿姨');
  await volCtx.setOffline(true);
  await vol.page.getByRole('link', { name: /查看平面图/ }).click();
  const volMap = vol.page.getByRole('application', { name: '平面图：小区总平面图' });
  await expect(volMap.getByRole('img', { name: '小区总平面图' })).toBeVisible({ timeout: 20_000 });
  await expect(volMap.getByRole('button', { name: '3号楼北侧主干道' })).toBeVisible();
  // Volunteers only look: no tools to change the plan.
  await expect(vol.page.getByRole('radio', { name: '放置点位' })).toHaveCount(0);
  await expect(vol.page.getByRole('button', { name: '上传平面图' })).toHaveCount(0);

  // Offline, a gallery photo without a position gets one by tapping the plan.
  await vol.page.getByRole('button', { name: '返回' }).click();
  await vol.openPoint('3号楼北侧主干道');
  await vol.page.getByLabel('从相册选择').setInputFiles({ name: 'road.jpg', mimeType: 'image/jpeg', buffer: await makePlan(vol.page) });
  await expect(vol.page.getByText('没有位置信息')).toBeVisible({ timeout: 20_000 });
  await vol.page.getByRole('button', { name: /在平面图上标注位置/ }).click();
  const pickMap = vol.page.getByRole('application', { name: '平面图：小区总平面图' });
  await tapPlan(vol.page, pickMap, '小区总平面图', 0.5, 0.55);
  await expect(vol.page.getByText('在平面图上标注的位置')).toBeVisible();
  await vol.page.getByRole('group', { name: '阶段' }).getByLabel('施工前').check();
  await vol.page.getByLabel('说明（可不填）').fill('主干道开挖前，从平面图标注');
  await vol.page.getByRole('button', { name: '保存照片' }).click();
  const entry = vol.page.getByRole('listitem').filter({ hasText: '主干道开挖前，从平面图标注' });
  await expect(entry).toContainText('在平面图上标注的位置');

  await volCtx.setOffline(false);
  await expect(entry).toContainText('已上传', { timeout: 30_000 });

  // Staff see the photo on the plan, next to the point it was taken at.
  await page.reload();
  // A gallery photo without EXIF direction: its pin says so.
  const photoPinName = '照片：主干道开挖前，从平面图标注，未记录方向';
  await expect(map.getByRole('button', { name: photoPinName, exact: true })).toBeAttached({ timeout: 30_000 });
  const photoPin = await map.getByRole('button', { name: photoPinName, exact: true }).boundingBox();
  const pointPin = await map.getByRole('button', { name: '3号楼北侧主干道' }).boundingBox();
  const img = await map.getByRole('img', { name: '小区总平面图' }).boundingBox();
  // Tapped at 55 % of the height, the point sits at 50 %: the photo is 5 % of the plan below it.
  expect(Math.abs(photoPin!.x - pointPin!.x)).toBeLessThan(0.02 * img!.width);
  expect(photoPin!.y - pointPin!.y).toBeGreaterThan(0.02 * img!.height);
  expect(photoPin!.y - pointPin!.y).toBeLessThan(0.08 * img!.height);

  expect(cspErrors).toEqual([]);
  // Phone first: the plan page never scrolls sideways at 360 px, and the zoom buttons are named.
  await expect(map.getByRole('button', { name: '放大' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await staffCtx.close();
  await volCtx.close();
});

test('a complaint at a place: a volunteer taps its spot on the plan or uses the phone’s position; staff see both as pins on the plan', async ({
  browser,
}, testInfo) => {
  // Its own server: a plan pinned to GPS changes what every other spec's points and photos show on it.
  const server: RunningServer = await startServer({ port: testPort(4500 + testInfo.parallelIndex) });
  try {
    const mid = { latitude: (CP1.lat + CP2.lat) / 2, longitude: (CP1.lng + CP2.lng) / 2 };
    const volCtx = await browser.newContext({ permissions: ['geolocation'], geolocation: { ...mid, accuracy: 6 } });
    const vol = new SitewatchApp(await volCtx.newPage(), server);
    // The plan, pinned to GPS by its two corners, as staff would have set it up.
    await seedPinnedPlan(server, vol.page);
    await vol.join('volunteer', '巡查的王阿姨');
    await vol.waitUntilReadyOffline();
    const v = vol.page;
    const tag = Date.now().toString(36);

    // One complaint tapped on the plan (at no point), one at the phone's position.
    const onPlan = `围挡倒在路上 ${tag}`;
    await v.getByRole('link', { name: /记录居民投诉/ }).click();
    await v.getByRole('radio', { name: '出行受阻' }).check();
    await v.getByLabel('情况描述').fill(onPlan);
    const place = v.getByRole('group', { name: '问题所在位置（可不填）' });
    await place.getByRole('button', { name: '🗺 在平面图上点选' }).click();
    const pickMap = v.getByRole('application', { name: '平面图：小区总平面图' });
    await expect(pickMap.getByRole('img', { name: '小区总平面图' })).toBeVisible({ timeout: 20_000 });
    await tapPlan(v, pickMap, '小区总平面图', 0.3, 0.3);
    await expect(place.getByRole('status')).toContainText('在平面图上标注的位置');
    await v.getByRole('button', { name: '保存', exact: true }).click();
    await expect(vol.issueCard(onPlan)).toContainText('已同步', { timeout: 20_000 });

    const here = `井盖缺了一块 ${tag}`;
    await v.getByRole('link', { name: /记录居民投诉/ }).click();
    await v.getByRole('radio', { name: '安全隐患' }).check();
    await v.getByLabel('情况描述').fill(here);
    await place.getByRole('button', { name: '📍 用手机当前位置' }).click();
    await expect(place.getByRole('status')).toContainText('手机定位，误差约 6 米');
    await v.getByRole('button', { name: '保存', exact: true }).click();
    await expect(vol.issueCard(here)).toContainText('已同步', { timeout: 20_000 });

    // Staff's phone: both as pins on the plan, listed below it with links; the issue says where it was set.
    const { ctx: staffCtx, app: staff } = await joinedPhone(browser, server, 'staff', '社区小郑');
    const s = staff.page;
    await s.getByRole('link', { name: /查看平面图/ }).click();
    const map = s.getByRole('application', { name: '平面图：小区总平面图' });
    await expect(map.getByRole('button', { name: `投诉：${onPlan}` })).toBeAttached({ timeout: 20_000 });
    await expect(map.getByRole('button', { name: `投诉：${here}` })).toBeAttached();
    const list = s.getByRole('list', { name: /图上的未办结投诉/ });
    await list.getByRole('link', { name: onPlan }).click();
    await expect(s.getByText('位置：在平面图上标注的位置')).toBeVisible();
    await expect(s.getByRole('link', { name: '在平面图上查看' })).toBeVisible();
    // A volunteer does not get the complaints' pins.
    await v.goto(`${server.url}/w/demo-work/plans`);
    await expect(v.getByRole('application', { name: '平面图：小区总平面图' }).getByRole('img', { name: '小区总平面图' })).toBeVisible({ timeout: 20_000 });
    await expect(v.getByRole('button', { name: `投诉：${onPlan}` })).toHaveCount(0);
    await volCtx.close();
    await staffCtx.close();
  } finally {
    await server.stop();
  }
});

test('photos on the plan show which way the camera looked: an arrow turned to its heading, or a name that says none was recorded', async ({
  browser,
}, testInfo) => {
  // Its own server: a plan pinned to GPS changes what every other spec's photos show on it.
  const server: RunningServer = await startServer({ port: testPort(4580 + testInfo.parallelIndex) });
  try {
    const { ctx, app } = await joinedPhone(browser, server, 'staff', '社区小钱');
    const s = app.page;
    const { planner, op, push } = await seedPinnedPlan(server, s);
    // Two photos taken on site, one with the phone's compass facing east, one from a phone that gave none.
    const photo = (caption: string, at: { lat: number; lng: number }, heading?: number) =>
      op(planner, Date.now(), {
        entity: 'photo',
        kind: 'photo.add',
        entityId: randomUUID(),
        payload: {
          hash: 'e'.repeat(64),
          size: 1000,
          thumbHash: 'e'.repeat(64),
          thumbSize: 1000,
          width: 1600,
          height: 1200,
          takenAt: Date.now(),
          location: { ...at, accuracy: 5, source: 'device' },
          phase: 'before',
          caption,
          targetType: 'point',
          targetId: 'demo-point-1',
          ...(heading !== undefined ? { heading } : {}),
        },
      });
    const mid = { lat: (CP1.lat + CP2.lat) / 2, lng: (CP1.lng + CP2.lng) / 2 };
    await push(planner, [photo('朝东拍的沟槽', mid, 90), photo('没有朝向的沟槽', { lat: mid.lat + 0.0002, lng: mid.lng })]);

    await s.getByRole('link', { name: /查看平面图/ }).click();
    const map = s.getByRole('application', { name: '平面图：小区总平面图' });
    const facingEast = map.getByRole('button', { name: '照片：朝东拍的沟槽，朝东（90°）', exact: true });
    const noHeading = map.getByRole('button', { name: '照片：没有朝向的沟槽，未记录方向', exact: true });
    await expect(facingEast).toBeAttached({ timeout: 20_000 });
    await expect(noHeading).toBeAttached();
    await expect(s.getByText('箭头指向拍摄方向；没有箭头的照片未记录方向')).toBeVisible();
    // The arrow, drawn from the dot: pointing right on this plan, whose top is (nearly) north.
    const arrow = facingEast.locator('.heading');
    await expect(arrow).toHaveCount(1);
    const turned = await arrow.evaluate((el) => {
      const m = /matrix\(([^,]+),\s*([^,]+)/.exec(getComputedStyle(el).transform);
      return m ? (Math.atan2(Number(m[2]), Number(m[1])) * 180) / Math.PI : null;
    });
    expect(turned).not.toBeNull();
    expect(Math.abs(turned! - 90)).toBeLessThan(6);
    await expect(noHeading.locator('.heading')).toHaveCount(0);
    await map.screenshot({ path: 'test-results/plan-heading.png' });
    await ctx.close();
  } finally {
    await server.stop();
  }
});
