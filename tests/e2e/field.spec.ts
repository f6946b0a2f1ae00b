/**
 * Things that got in the way on a 360 px phone in the field, each checked as
 * the person meets it.
 */
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

test('the checklist picker on a point asks which checklist, and starting without one says so instead of guessing', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '钱阿姨');
  const page = app.page;
  await app.openPoint('南门雨水检查井');
  const picker = page.getByLabel('选择检查表');
  await expect(picker).toHaveValue('');
  await expect(picker.locator('option:checked')).toHaveText('请选择…');

  await page.getByRole('button', { name: '在这个点位开始检查' }).click();
  await expect(page.getByRole('alert')).toHaveText('请先在上面选择要做哪一份检查表，再开始检查。');
  await expect(picker).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: '南门雨水检查井' })).toBeVisible();

  await picker.selectOption({ label: '噪音与文明施工' });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: '在这个点位开始检查' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '噪音与文明施工' })).toBeVisible();
  await ctx.close();
});

test('the sync chip counts records, says when it is offline and when it last synced, is readable and big enough to tap', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '孙师傅');
  const page = app.page;
  const chip = app.syncChip();
  await expect(chip).toHaveAccessibleName(/^同步状态：\s*已同步\s*上次同步：刚刚\s*。点击立即同步$/);
  await expect(chip).toContainText('上次同步：刚刚');
  expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // White on the chip's own background laid over the header's: at least 4.5:1.
  const contrast = await chip.evaluate((el) => {
    const rgba = (c: string) => c.match(/[\d.]+/g)!.map(Number);
    const [r0, g0, b0] = rgba(getComputedStyle(el.closest('.topbar')!).backgroundColor);
    const [r1, g1, b1, a = 1] = rgba(getComputedStyle(el).backgroundColor);
    const bg = [r1! * a + r0! * (1 - a), g1! * a + g0! * (1 - a), b1! * a + b0! * (1 - a)];
    const lum = (c: number[]) =>
      c.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const fg = rgba(getComputedStyle(el).color).slice(0, 3);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  });
  expect(contrast).toBeGreaterThanOrEqual(4.5);

  // Offline: one complaint with two photos and the resident's contact is one record to send.
  await ctx.setOffline(true);
  await expect(chip).toHaveAccessibleName(/^同步状态：\s*离线\s*上次同步/);
  await page.getByRole('link', { name: /记录居民投诉/ }).click();
  await page.getByRole('radio', { name: '噪音扰民' }).check();
  await page.getByLabel('情况描述').fill('凌晨两点还在用切割机');
  for (const colour of ['#b45309', '#1d4ed8']) {
    const jpeg = await page.evaluate((fill) => {
      const c = document.createElement('canvas');
      c.width = 320;
      c.height = 240;
      const g = c.getContext('2d')!;
      g.fillStyle = fill;
      g.fillRect(0, 0, 320, 240);
      return c.toDataURL('image/jpeg').split(',')[1]!;
    }, colour);
    // One at a time, as a person would: the picker takes no new pick while it is still shrinking the last one.
    await expect(page.getByLabel(/从相册选择/)).toBeEnabled({ timeout: 20_000 });
    await page.getByLabel(/从相册选择/).setInputFiles({ name: 'p.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') });
  }
  await expect(page.getByRole('img', { name: '第 2 张照片' })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('居民称呼（可不填）').fill('5号楼李阿姨');
  await page.getByLabel('居民电话（可不填）').fill('13800000000');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await expect(chip).toHaveAccessibleName(/^同步状态：\s*离线 · 待同步 1 条\s*上次同步/);
  await expect(chip).toContainText('离线 · 待同步 1 条');

  await ctx.setOffline(false);
  await chip.click();
  await expect(chip).toHaveAccessibleName(/^同步状态：\s*已同步\s*上次同步：刚刚\s*。点击立即同步$/, { timeout: 20_000 });
  await ctx.close();
});

test('a complaint saved without a category says what to do next to the categories and takes the person there', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '周阿姨');
  const page = app.page;
  await page.getByRole('link', { name: /记录居民投诉/ }).click();
  await page.getByLabel('情况描述').fill('围挡倒了');
  const save = page.getByRole('button', { name: '保存', exact: true });
  await save.scrollIntoViewIfNeeded();
  await save.click();
  const categories = page.getByRole('group', { name: '问题类别' });
  await expect(categories.getByRole('alert')).toHaveText('请先选择问题类别：在上面点一个最接近的。');
  await expect(categories).toHaveAccessibleDescription('请先选择问题类别：在上面点一个最接近的。');
  await expect(categories.getByRole('radio').first()).toBeFocused();
  await expect(categories.getByRole('alert')).toBeInViewport();
  await categories.getByRole('radio', { name: '安全隐患' }).check();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  await ctx.close();
});
