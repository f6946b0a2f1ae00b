/** A change the server refuses is kept, explained to its author, and can be dismissed: nothing disappears silently. */
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

test('a status change made offline after the liaison already resolved the issue is refused, shown with its reason, and dismissable', async ({
  browser,
  server,
}) => {
  const text = `路面破损未修复 ${Date.now()}`;
  const open = (role: 'volunteer' | 'liaison' | 'staff', name: string) => joinedPhone(browser, server, role, name);
  const volunteer = await open('volunteer', '冯阿姨');
  await volunteer.app.recordComplaint({ category: '绿化 / 路面损坏', description: text });
  await expect(volunteer.app.issueCard(text)).toContainText('已同步');

  const liaison = await open('liaison', '施工队陈工');
  await liaison.app.issueCard(text).click();
  await liaison.app.page.getByRole('button', { name: '确认受理' }).click();
  await liaison.app.page.getByRole('button', { name: '确认受理 ✓' }).click();
  // The new status shows at once (pending); only then does "synced" mean the acknowledgement went up.
  await expect(liaison.app.page.getByText('已受理', { exact: true }).first()).toBeVisible();
  await expect(liaison.app.page.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  // Staff, offline, decide to reject the report...
  const staff = await open('staff', '社区小林');
  await staff.app.issueCard(text).click();
  await expect(staff.app.page.getByText('已受理', { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await staff.ctx.setOffline(true);
  await staff.app.page.getByRole('button', { name: '不予采纳' }).click();
  await staff.app.page.getByLabel('原因').fill('不属于本工程范围');
  await staff.app.page.getByRole('button', { name: '不予采纳 ✓' }).click();
  await expect(staff.app.page.getByText('未采纳', { exact: true }).first()).toBeVisible();

  // ...while the liaison, online, has already marked it fixed.
  await liaison.app.page.getByRole('button', { name: '标记已整改' }).click();
  const afterPhoto = await liaison.app.page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    c.getContext('2d')!.fillRect(0, 0, 640, 480);
    return c.toDataURL('image/jpeg').split(',')[1]!;
  });
  await liaison.app.page.getByLabel('拍照').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(afterPhoto, 'base64') });
  await expect(liaison.app.page.getByRole('img', { name: '第 1 张照片', exact: true }).last()).toBeVisible({ timeout: 20_000 });
  await liaison.app.page.getByRole('button', { name: '标记已整改 ✓' }).click();
  await expect(liaison.app.page.getByText('已整改待核实', { exact: true }).first()).toBeVisible();
  await expect(liaison.app.page.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  await staff.ctx.setOffline(false);
  await staff.app.page.getByRole('button', { name: '返回' }).click();
  const banner = staff.app.page.getByRole('status').filter({ hasText: '有 1 项修改没有生效' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(staff.app.issueCard(text)).toContainText('已整改待核实');

  await banner.getByRole('link', { name: '查看原因' }).click();
  const explained = staff.app.page.getByRole('listitem').filter({ hasText: text.slice(0, 20) });
  await expect(explained).toContainText('您要把状态改为“未采纳”，但在您之前已有人把它改成了“已整改待核实”');
  await explained.getByRole('button', { name: '知道了' }).click();
  await expect(explained).toHaveCount(0);
  await staff.app.page.getByRole('button', { name: '返回' }).click();
  await expect(banner).toHaveCount(0);

  for (const x of [volunteer, liaison, staff]) await x.ctx.close();
});
