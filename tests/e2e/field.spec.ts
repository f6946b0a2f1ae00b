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
