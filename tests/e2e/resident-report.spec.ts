/**
 * A resident with no account reports through a poster, on a phone-sized WeChat browser with no service
 * worker: staff make and print the poster; the resident picks a category, describes, adds a photo,
 * leaves a phone number under the consent; the connection is cut mid-submit, the draft survives a
 * reload and is sent again; the receipt's follow link shows the status. The liaison sees the report in
 * the app, acknowledges it and fixes it with an "after" photo; the resident sees before and after and
 * answers 已解决, which verifies it.
 */
import type { Page } from '@playwright/test';
import { joinedPhone, markFixedWithPhoto, residentSeesFixed } from './app';
import { expect, test } from './fixtures';

const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322e) NetType/4G Language/zh_CN';

async function jpeg(page: Page, colour: string): Promise<Buffer> {
  const b64 = await page.evaluate((c) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const g = canvas.getContext('2d')!;
    g.fillStyle = c;
    g.fillRect(0, 0, 1600, 1200);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  }, colour);
  return Buffer.from(b64, 'base64');
}

test('a resident reports through a poster over a cut connection, the liaison fixes it, the resident confirms it', async ({ browser, server }) => {
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const liaison = await joinedPhone(browser, server, 'liaison', '施工队吴工');

  // Staff make a poster for a point and open its A4 sheet.
  const s = staff.app.page;
  await s.goto(`${server.url}/w/demo-work/admin`);
  await s.getByLabel('海报对应').selectOption({ label: '南门雨水检查井' });
  await s.getByRole('button', { name: '生成海报' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已生成海报' })).toBeVisible();
  await s.getByRole('listitem', { name: '海报：南门雨水检查井' }).getByRole('link', { name: '打印 A4' }).click();
  await expect(s.getByRole('heading', { name: '施工有问题？扫码告诉我们' })).toBeVisible();
  await expect(s.getByRole('img', { name: '反映问题的二维码' })).toBeVisible();
  await expect(s.getByText('24 小时内回应')).toBeVisible();
  const posterLink = (await s.locator('.poster-link').innerText()).trim();
  expect(posterLink).toMatch(/\/resident\.html#p=[A-Za-z0-9_-]{43}$/);

  // A resident scans it inside WeChat on a phone.
  const rctx = await browser.newContext({ userAgent: WECHAT_IPHONE, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const r = await rctx.newPage();
  await r.goto(posterLink);
  await expect(r.getByRole('heading', { name: '居民反映问题' })).toBeVisible();
  await expect(r.getByText('24 小时内会有人回应')).toBeVisible();
  await expect(r.getByText(/南门雨水检查井/)).toBeVisible();
  const text = `南门井盖松动，踩上去会响 ${Date.now()}`;
  await r.getByRole('radio', { name: '安全隐患' }).check();
  await r.getByLabel('请描述一下').fill(text);
  await r.getByLabel('添加照片').setInputFiles({ name: 'cover.jpg', mimeType: 'image/jpeg', buffer: await jpeg(r, '#6b4f2a') });
  await expect(r.getByRole('button', { name: '删除第 1 张照片' })).toBeVisible({ timeout: 20_000 });
  await r.getByRole('textbox', { name: '手机号' }).fill('139 1234 5678');
  await r.getByRole('checkbox', { name: /我同意/ }).check();

  // The connection drops while the report is on its way.
  await r.route('**/api/resident/report', (route) => route.abort('internetdisconnected'));
  await r.getByRole('button', { name: '提交' }).click();
  await expect(r.getByRole('alert')).toContainText('内容已保存在这台手机上');
  // Closing and opening the page again loses nothing.
  await r.reload();
  await expect(r.getByLabel('请描述一下')).toHaveValue(text);
  await expect(r.getByRole('button', { name: '删除第 1 张照片' })).toBeVisible();
  await expect(r.getByRole('textbox', { name: '手机号' })).toHaveValue('139 1234 5678');
  // The reloaded page tries the pending report again by itself: still cut, it says so and keeps it.
  await expect(r.getByRole('alert')).toContainText('内容已保存在这台手机上');
  // The connection is back: the resident taps 重新提交.
  await r.unroute('**/api/resident/report');
  await r.getByRole('button', { name: '重新提交' }).click();
  await expect(r.getByRole('heading', { name: '已收到您的反映' })).toBeVisible({ timeout: 20_000 });
  await expect(r.getByText(/编号 JM-\d{4}/)).toBeVisible();
  // No service worker was installed, and nothing sideways at 360 px.
  expect(await r.evaluate(async () => (navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0))).toBe(0);
  expect(await r.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await r.getByRole('link', { name: '查看处理进度' }).click();
  await expect(r.getByText('已收到，等待处理', { exact: true })).toBeVisible();
  expect(r.url()).toMatch(/#f=[A-Za-z0-9_-]{43}$/);

  // The liaison sees it in the app, reported by 居民扫码, acknowledges and fixes it with an after photo.
  const l = liaison.app.page;
  await liaison.app.syncChip().click();
  await l.goto(`${server.url}/w/demo-work`);
  await liaison.app.issueCard(text).click({ timeout: 20_000 });
  await expect(l.getByText('居民扫码').first()).toBeVisible();
  await expect(l.getByText('139 1234 5678')).toHaveCount(0);
  await l.getByRole('button', { name: '确认受理' }).click();
  await l.getByRole('button', { name: '确认受理 ✓' }).click();
  await expect(l.getByText('已受理', { exact: true }).first()).toBeVisible();
  await markFixedWithPhoto(l, await jpeg(l, '#2d6a4f'));

  // The resident follows it: fixed, with the before and after photos, and says it is solved.
  await residentSeesFixed(r);
  await r.getByRole('button', { name: '已解决' }).click();
  await expect(r.getByText('您的回复：已解决')).toBeVisible();
  await expect(r.locator('.status')).toHaveText('已解决');
  await r.screenshot({ path: 'test-results/resident-follow.png', fullPage: true });

  for (const c of [rctx, staff.ctx, liaison.ctx]) await c.close();
});
