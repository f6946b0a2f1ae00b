/**
 * Merge duplicates: two residents complain about the same thing; staff
 * merge the second complaint into the first. A volunteer's phone then shows
 * the duplicate as merged, with a link to the issue it was merged into, which
 * lists the duplicate and counts its resident.
 */
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

test('staff merge a duplicate complaint into another; a second phone sees it merged with a link to the target, and the target counts both residents', async ({
  browser,
  server,
}) => {
  const volunteer = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const stamp = Date.now().toString(36);
  const first = `夜里打桩很吵 ${stamp}`;
  const duplicate = `晚上十点还在打桩 ${stamp}`;
  await volunteer.app.recordComplaint({ category: '噪音扰民', description: first });
  await volunteer.app.page.goto(`${server.url}/w/demo-work`);
  await volunteer.app.recordComplaint({ category: '噪音扰民', description: duplicate });
  await volunteer.app.page.goto(`${server.url}/w/demo-work`);
  await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  // A volunteer may not merge: the page does not offer it.
  await volunteer.app.issueCard(duplicate).click();
  await expect(volunteer.app.page.getByText(duplicate)).toBeVisible();
  await expect(volunteer.app.page.getByRole('button', { name: '合并到另一条问题' })).toHaveCount(0);

  // Staff open the duplicate and merge it; confirming before choosing says what to do.
  const s = staff.app.page;
  await staff.app.syncChip().click();
  await staff.app.issueCard(duplicate).click({ timeout: 20_000 });
  await s.getByRole('button', { name: '合并到另一条问题' }).click();
  await s.getByRole('button', { name: '合并到另一条问题 ✓' }).click();
  await expect(s.getByRole('alert')).toContainText('请先选择要合并到的问题');
  const target = s.getByLabel('合并到哪一条问题');
  await expect(target.locator('option', { hasText: duplicate })).toHaveCount(0); // never into itself
  await target.selectOption((await target.locator('option', { hasText: first }).getAttribute('value'))!);
  await s.getByRole('button', { name: '合并到另一条问题 ✓' }).click();
  await expect(s.locator('.status').filter({ hasText: '已合并' })).toBeVisible();
  await expect(s.getByRole('link', { name: first })).toBeVisible();
  await expect(s.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });
  await expect(s.getByRole('button', { name: '合并到另一条问题' })).toHaveCount(0); // merged is final

  // The volunteer's phone sees it merged, and the link leads to the first complaint.
  const v = volunteer.app.page;
  await volunteer.app.syncChip().click();
  await expect(v.locator('.status').filter({ hasText: '已合并' })).toBeVisible({ timeout: 20_000 });
  await expect(v.getByText('已合并到：')).toBeVisible();
  await v.getByRole('link', { name: first }).click();
  await expect(v.locator('.desc-full')).toHaveText(first);
  await expect(v.getByText('已合并到：')).toHaveCount(0);
  // The first complaint counts the duplicate's resident too, and lists the duplicate.
  await expect(v.getByText('受影响居民 2 户')).toBeVisible();
  await expect(v.getByText('合并进来的重复问题（1 条）')).toBeVisible();
  await expect(v.getByRole('link', { name: new RegExp(duplicate) })).toBeVisible();

  await volunteer.ctx.close();
  await staff.ctx.close();
});
