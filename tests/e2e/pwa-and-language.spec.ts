/** Installable as a PWA; Chinese by default, English otherwise, switchable; fits a 360 px phone. */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

test('the app is installable: manifest with zh-CN and en names, maskable icon, worker precaching the shell', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + '/join');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });

  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(new URL(manifestHref!, server.url).href)).json();
  expect(manifest.lang).toBe('zh-CN');
  expect(manifest.name).toContain('工地监督');
  expect(manifest.translations.en.name).toContain('Sitewatch');
  expect(manifest.theme_color).toBe('#0f766e');
  const purposes = manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
  expect(purposes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) expect((await page.request.get(server.url + icon.src)).status()).toBe(200);

  const cdp = await ctx.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright contexts are always incognito-like; that one is not ours to fix.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);

  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  expect(cached).toContain('/index.html');
  // The shell's entry script, whatever the build named it, is among them.
  const entry = await page.evaluate(() => new URL(document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src).pathname);
  expect(entry).toMatch(/^\/assets\/.+\.js$/);
  expect(cached).toContain(entry);
  await ctx.close();
});

test('an English browser gets English; the language can be switched in settings and stays switched', async ({ browser, server }) => {
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/join?code=${server.codes.volunteer}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Join a supervision group' })).toBeVisible();
  await page.getByLabel('Your name').fill('Mrs Wang');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('link', { name: /Record a complaint/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: '中文' }).check();
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '设置' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  await ctx.close();
});

test('every page fits a 360 px wide phone without sideways scrolling', async ({ browser, server }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const app = new SitewatchApp(await ctx.newPage(), server);
  const overflow = () => app.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await app.page.goto(server.url + '/join');
  expect(await overflow()).toBeLessThanOrEqual(0);
  await app.join('volunteer', '一位名字特别特别特别特别长的监督员阿姨');
  await app.waitUntilReadyOffline();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await app.recordComplaint({ category: '绿化 / 路面损坏', description: '很长的描述'.repeat(60), point: '5号楼东侧绿化带' });
  expect(await overflow()).toBeLessThanOrEqual(0);
  await app.issueCard('很长的描述').click();
  await expect(app.page.getByRole('heading', { name: '处理记录' })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await app.page.getByRole('link', { name: '设置' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  // Touch targets: every button and link in the header is at least 40 px tall.
  const small = await app.page
    .locator('header button, header a')
    .evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().height < 40).map((e) => e.outerHTML));
  expect(small).toEqual([]);
  await ctx.close();
});
