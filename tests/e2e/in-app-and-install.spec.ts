/**
 * Where people really open the app: inside WeChat (from the invite's QR code), where the page cannot
 * work offline or download files, so it says how to open the phone's browser; and in a phone's browser,
 * where it offers "add to home screen" once the person has recorded something, not on first sight.
 */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

const WECHAT_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/1234 MicroMessenger/8.0.33.2320(0x28002151) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('inside WeChat: the guide to the browser shows before joining, and downloads say they are blocked instead of failing', async ({ browser, server }) => {
  const ctx = await browser.newContext({ userAgent: WECHAT_ANDROID });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/join?code=${server.codes.staff}`);
  const guide = page.getByRole('region', { name: '请用手机浏览器打开' });
  await expect(guide).toBeVisible();
  await expect(guide).toContainText('点右上角 ···，选“在浏览器打开”');
  await expect(guide).toContainText('没有网络也能用');
  const guideBox = (await guide.boundingBox())!;
  expect(guideBox.y + guideBox.height).toBeLessThanOrEqual((await page.getByLabel('您的称呼').boundingBox())!.y);
  await page.screenshot({ path: test.info().outputPath('wechat-join.png') });

  // The resident and the staff member can still use it here: joining works.
  const app = new SitewatchApp(page, server);
  await app.join('staff', '微信里的社工');
  await page.goto(`${page.url()}/review`);
  await expect(page.getByRole('note')).toContainText('微信里不能下载文件（表格、压缩包、PDF）');
  await expect(page.getByRole('button', { name: '导出问题表格（CSV）' })).toBeDisabled();
  await ctx.close();
});

test('outside WeChat there is no guide', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.url}/join?code=${server.codes.volunteer}`);
  await expect(page.getByLabel('您的称呼')).toBeVisible();
  await expect(page.getByRole('region', { name: '请用手机浏览器打开' })).toHaveCount(0);
  await ctx.close();
});

test('Android: "add to home screen" is offered after the first record, through the browser\'s own prompt', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '想安装的吴阿姨');
  // What Chrome does when the app is installable: the app keeps the event for later.
  const defaultPrevented = await app.page.evaluate(() => {
    const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt: () => Promise<void>; userChoice: Promise<{ outcome: string }> };
    (window as unknown as { prompted: number }).prompted = 0;
    e.prompt = async () => void ((window as unknown as { prompted: number }).prompted += 1);
    e.userChoice = Promise.resolve({ outcome: 'accepted' });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });
  expect(defaultPrevented).toBe(true);
  const offer = app.page.getByRole('region', { name: '添加到主屏幕' });
  // Not on first sight.
  await expect(app.page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(offer).toHaveCount(0);

  await app.recordComplaint({ category: '出行受阻', description: `第一条记录 ${Date.now()}` });
  await expect(offer).toBeVisible();
  await app.page.screenshot({ path: test.info().outputPath('install-offer.png') });
  await offer.getByRole('button', { name: '添加到主屏幕' }).click();
  await expect.poll(() => app.page.evaluate(() => (window as unknown as { prompted: number }).prompted)).toBe(1);
  await expect(offer).toHaveCount(0);
  await ctx.close();
});

test('iPhone: after the first record, the Share steps and why (Safari clears data after 7 days); dismissed for good', async ({ browser, server }) => {
  const ctx = await browser.newContext({ userAgent: IPHONE_SAFARI });
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '用 iPhone 的郑师傅');
  const offer = app.page.getByRole('region', { name: '添加到主屏幕' });
  await expect(offer).toHaveCount(0);
  await app.recordComplaint({ category: '出行受阻', description: `iPhone 的第一条记录 ${Date.now()}` });
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('“分享”按钮');
  await expect(offer).toContainText('添加到主屏幕');
  await expect(offer).toContainText('7 天');
  await offer.getByRole('button', { name: '知道了' }).click();
  await expect(offer).toHaveCount(0);
  await app.page.reload();
  await expect(app.page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(offer).toHaveCount(0);
  await ctx.close();
});

test('iPhone: records unsynced for a day also warn that Safari clears data after 7 days unless on the home screen', async ({ browser, server }) => {
  const ctx = await browser.newContext({ userAgent: IPHONE_SAFARI });
  // A controllable clock, running from now, so that a day can pass in a second.
  await ctx.clock.install();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '没信号的 iPhone 用户');
  await app.waitUntilReadyOffline();
  await ctx.setOffline(true);
  await app.recordComplaint({ category: '出行受阻', description: `iPhone 上一直没同步 ${Date.now()}` });
  const stale = app.page.getByRole('alert').filter({ hasText: '超过一天还没有同步' });
  await expect(stale).toHaveCount(0);
  await app.page.clock.setSystemTime(Date.now() + 25 * 3_600_000);
  await app.page.reload();
  await expect(stale).toContainText('Safari 可能清掉它的数据');
  await expect(stale).toContainText('添加到主屏幕后就不会');
  await expect(stale.getByRole('link', { name: '去导出' })).toBeVisible();
  await app.page.screenshot({ path: test.info().outputPath('ios-stale.png') });
  await ctx.close();
});
