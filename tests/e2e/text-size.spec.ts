/**
 * Text size for older eyes: large text mode (大字模式) in Settings, and the phone's own font-size setting.
 * Both only work if text and controls are sized from the root font size, so each test measures what the
 * person sees: the size of the type, the height of what they tap, and nothing pushed sideways.
 */
import type { Page } from '@playwright/test';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';
import { overflowAt } from './overflow-check';

/** Controls on the page shorter than `min` px (visible ones only), described so a failure says which. */
function shortControls(page: Page, min: number): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll(
      'main button, main a.btn, main input:not([type=radio]):not([type=checkbox]), main select, main textarea, main label.choice, main summary',
    )) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (r.height < min - 0.5) found.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}" is ${Math.round(r.height)} px`);
    }
    return found;
  }, min);
}

const rootFontPx = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

test('large text mode: turned on in Settings it stays after a reload, the home shows the three main actions in big type, and a complaint can be recorded', async ({
  browser,
  server,
}) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  const app = new SitewatchApp(page, server);
  await app.join('volunteer', '王阿姨');

  await page.getByRole('link', { name: '设置' }).click();
  await page.getByRole('checkbox', { name: '大字模式' }).check();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: '大字模式' })).toBeChecked();
  // 适老化: body text at least 22 px.
  expect(await rootFontPx(page)).toBeGreaterThanOrEqual(22);

  await page.getByRole('button', { name: '返回' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  const main = page.getByRole('navigation', { name: '常用' });
  await expect(main.getByRole('link')).toHaveText([/记录居民投诉/, /检查表/, /查看平面图/]);
  // The rest is one tap away, not in the way: the long list of points and issues is folded.
  await expect(page.getByRole('heading', { name: '问题与投诉' })).toBeHidden();
  await page.getByText('更多功能').click();
  await expect(page.getByRole('heading', { name: '问题与投诉' })).toBeVisible();
  // Every control at least 56 px tall, and still nothing sideways at 360 or 320 px.
  expect(await shortControls(page, 56)).toEqual([]);
  expect(await overflowAt(page)).toEqual([]);

  await main.getByRole('link', { name: /记录居民投诉/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await shortControls(page, 56)).toEqual([]);
  for (const width of [360, 320]) {
    await page.setViewportSize({ width, height: 740 });
    expect(await overflowAt(page)).toEqual([]);
  }
  await page.getByRole('radio', { name: '噪音扰民' }).check();
  await page.getByLabel('情况描述').fill('晚上十点以后还在打桩');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await page.getByText('更多功能').click();
  await expect(app.issueCard('晚上十点以后还在打桩')).toBeVisible();

  // Turned off again, the ordinary home comes back.
  await page.goto(server.url + '/settings');
  await page.getByRole('checkbox', { name: '大字模式' }).uncheck();
  expect(await rootFontPx(page)).toBe(18);
  await page.goto(server.url + '/w/demo-work');
  await expect(page.getByRole('heading', { name: '问题与投诉' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '常用' })).toHaveCount(0);
  await ctx.close();
});

test("the phone's own font size (200%) makes text and controls larger, and the main pages still fit a 360 px screen", async ({ browser, server }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await ctx.newPage();
  // What Android's "font size" and a browser's text zoom change: the default font size the page's rem is based on.
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
  const app = new SitewatchApp(page, server);
  await app.join('staff', '周老师');
  expect(await rootFontPx(page)).toBe(36);

  const w = server.url + '/w/demo-work';
  // The main pages of the field (the staff's review tables of figures are for a desk or a tablet).
  for (const route of [w, `${w}/issues/new`, '/settings', `${w}/checklists`, `${w}/points/demo-point-1`]) {
    await page.goto(route.startsWith('/') ? server.url + route : route);
    await expect(page.locator('h1').first()).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    // Controls grew with the text: the ordinary 48 px target is 96 px at twice the size.
    const button = page.locator('main .btn').first();
    expect((await button.boundingBox())!.height, route).toBeGreaterThanOrEqual(80);
    expect(await overflowAt(page), route).toEqual([]);
  }
  await ctx.close();
});

test('the header shows the whole work name, on two lines where it needs them, at 360 and 320 px', async ({ browser, server }) => {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 740 } });
  const page = await ctx.newPage();
  const app = new SitewatchApp(page, server);
  await app.join('volunteer', '王阿姨');
  const title = page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' });
  for (const width of [360, 320]) {
    await page.setViewportSize({ width, height: 740 });
    // Nothing of the name is cut: the heading's box holds all of its text.
    expect(await title.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  }
  await ctx.close();
});
