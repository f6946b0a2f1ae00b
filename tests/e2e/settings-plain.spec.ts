/** Settings in plain words for older volunteers: sizes people read at a glance, and the phone named by its model. */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

const VIVO_CHROME =
  'Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

test('Settings names this phone by its model and browser and says sizes in GB, not "10243 MB"', async ({ browser, server }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, userAgent: VIVO_CHROME });
  // A phone whose site data has grown large: 10243 MB used of the 300 GB the browser allows.
  await ctx.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'estimate', { value: async () => ({ usage: 10243 * 1024 * 1024, quota: 300 * 1024 * 1024 * 1024 }) });
  });
  const page = await ctx.newPage();
  const app = new SitewatchApp(page, server);
  await app.join('volunteer', '王阿姨');
  await page.getByRole('link', { name: '设置' }).click();

  await expect(page.getByText(/^这台手机：vivo V2203A · Chrome（编号 [0-9a-f]{8}）$/)).toBeVisible();
  const storage = page.getByRole('region', { name: '本机存储' });
  await expect(storage).toContainText('本网站已用 10 GB，浏览器允许最多约 300 GB。');
  await expect(storage).not.toContainText('10243');
  await ctx.close();
});
