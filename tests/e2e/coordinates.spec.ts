/**
 * Coordinates typed from a Chinese map app: staff copy a position from 高德's picker (GCJ-02), say so,
 * and the point is stored in WGS-84, where phones put their photos. "Open in a map app" gives each app
 * the coordinates it expects, and a position far from where the phone stands is questioned once.
 */
import { fromWgs84 } from '../../src/core/coords';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

const NINGBO_WGS = { lat: 29.8679, lng: 121.5452 };

test('a point typed from a 高德 coordinate is stored as GPS, opens in each map app in its own system, and a far one is questioned', async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext({ permissions: ['geolocation'], geolocation: { latitude: NINGBO_WGS.lat, longitude: NINGBO_WGS.lng, accuracy: 10 } });
  const staff = new SitewatchApp(await ctx.newPage(), server);
  await staff.join('staff', '社区老周');
  await staff.waitUntilReadyOffline();
  await staff.page.getByRole('link', { name: /管理工程/ }).click();

  // 高德's picker shows GCJ-02: the spot the phone knows as NINGBO_WGS.
  const gcj = fromWgs84(NINGBO_WGS, 'gcj02');
  await staff.page.getByLabel('点位名称').fill('北门雨水井');
  await staff.page.getByLabel('坐标来自').selectOption({ label: '高德、腾讯地图（GCJ-02）' });
  // Pasted as one piece in 高德's order (longitude first) into the latitude box.
  await staff.page.getByLabel('纬度').focus();
  await staff.page.evaluate(
    (text) => {
      const data = new DataTransfer();
      data.setData('text', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    `${gcj.lng.toFixed(6)},${gcj.lat.toFixed(6)}`,
  );
  await expect(staff.page.getByLabel('纬度')).toHaveValue(String(Number(gcj.lat.toFixed(6))));
  await expect(staff.page.getByLabel('经度')).toHaveValue(String(Number(gcj.lng.toFixed(6))));
  // The converted position is shown before saving: hundreds of metres from what was typed.
  const converted = staff.page.getByRole('status').filter({ hasText: '将保存为 GPS 坐标' });
  await expect(converted).toContainText(NINGBO_WGS.lat.toFixed(4));
  await expect(converted).toContainText(/偏移约 [2-7]\d\d 米/);
  await staff.page.getByRole('button', { name: '添加点位', exact: true }).click();
  // Near the phone: saved at once.
  await expect(staff.page.getByRole('status').filter({ hasText: '已添加点位“北门雨水井”' })).toBeVisible();

  // A position typed in Beijing while the phone stands in Ningbo: questioned, saved on the second tap.
  await staff.page.getByLabel('点位名称').fill('填错的点位');
  await staff.page.getByLabel('坐标来自').selectOption({ label: '手机 GPS / 奥维等（WGS-84）' });
  await staff.page.getByLabel('纬度').fill('39.9087');
  await staff.page.getByLabel('经度').fill('116.3975');
  await staff.page.getByRole('button', { name: '添加点位', exact: true }).click();
  await expect(staff.page.getByRole('alert')).toContainText(/离您手机现在的定位有 1\d\d\d 公里/);
  await expect(staff.page.getByRole('status').filter({ hasText: '填错的点位' })).toHaveCount(0);
  await staff.page.getByRole('button', { name: '添加点位', exact: true }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '已添加点位“填错的点位”' })).toBeVisible();

  // The point's page opens it in 高德 at the GCJ-02 that was typed, and in 百度 as BD-09.
  await staff.page.goto(staff.page.url().replace(/\/admin$/, ''));
  await staff.openPoint('北门雨水井');
  await staff.page.getByText('在地图应用中打开').click();
  const amap = new URL((await staff.page.getByRole('link', { name: '高德地图' }).getAttribute('href'))!);
  const [lng, lat] = amap.searchParams.get('position')!.split(',').map(Number) as [number, number];
  expect(Math.abs(lat - gcj.lat)).toBeLessThan(2e-6);
  expect(Math.abs(lng - gcj.lng)).toBeLessThan(2e-6);
  const baidu = new URL((await staff.page.getByRole('link', { name: '百度地图' }).getAttribute('href'))!);
  expect(baidu.searchParams.get('coord_type')).toBe('bd09ll');
  const bd = fromWgs84(NINGBO_WGS, 'bd09');
  const [bdLat, bdLng] = baidu.searchParams.get('location')!.split(',').map(Number) as [number, number];
  expect(Math.abs(bdLat - bd.lat)).toBeLessThan(2e-5);
  expect(Math.abs(bdLng - bd.lng)).toBeLessThan(2e-5);
  await ctx.close();
});
