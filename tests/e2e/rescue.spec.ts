/** The rescue path: unsynced work older than a day is flagged; it can be exported and imported by staff, once. */
import { readFileSync, writeFileSync } from 'node:fs';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

test('unsynced work older than a day is flagged, exported to a file, imported by staff, and arrives once', async ({ browser, server }, testInfo) => {
  const volunteerDevice = await browser.newContext();
  // A controllable clock, running from now, so that a day can pass in a second.
  await volunteerDevice.clock.install();
  const volunteer = new SitewatchApp(await volunteerDevice.newPage(), server);
  await volunteer.join('volunteer', '何大爷');
  await volunteer.waitUntilReadyOffline();

  await volunteerDevice.setOffline(true);
  const text = `手机一直没信号时记的投诉 ${Date.now()}`;
  await volunteer.recordComplaint({ category: '出行受阻', description: text, point: '地下车库入口' });
  const stale = volunteer.page.getByRole('alert').filter({ hasText: '超过一天还没有同步' });
  await expect(stale).toHaveCount(0);

  await volunteer.page.clock.setSystemTime(Date.now() + 25 * 3_600_000);
  await volunteer.page.reload();
  await expect(stale).toContainText('有 1 条记录');
  // Safari's 7-day limit is for iPhones only (tests/e2e/in-app-and-install.spec.ts).
  await expect(stale).not.toContainText('Safari');

  await stale.getByRole('link', { name: '去导出' }).click();
  const downloading = volunteer.page.waitForEvent('download');
  await volunteer.page.getByRole('button', { name: '导出 1 条未同步记录' }).click();
  const file = testInfo.outputPath('rescue.json');
  await (await downloading).saveAs(file);
  await expect(volunteer.page.getByRole('status').filter({ hasText: '请把它交给社区工作人员' })).toBeVisible();

  const staffDevice = await browser.newContext();
  const staff = new SitewatchApp(await staffDevice.newPage(), server);
  await staff.join('staff', '社区老周');
  await staff.waitUntilReadyOffline();
  await staff.page.getByRole('link', { name: '设置' }).click();
  // A file changed to name someone else as the author: shown as such, and nothing of it can be sent.
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { ops: Array<{ actor: string }> };
  exported.ops[0]!.actor = 'someone-else';
  const crafted = testInfo.outputPath('crafted.json');
  writeFileSync(crafted, JSON.stringify(exported));
  await staff.page.getByLabel('选择救援文件').setInputFiles(crafted);
  const forged = staff.page.getByRole('list', { name: '文件内容' }).getByRole('listitem', { name: 'someone-else（不是此工程的成员）' });
  await expect(forged).toContainText('不是导出这份文件的手机记录的，无法证明：不会导入');
  await expect(staff.page.getByRole('button', { name: '导入 0 条记录' })).toBeDisabled();
  await staff.page.getByRole('button', { name: '取消' }).click();

  await staff.page.getByLabel('选择救援文件').setInputFiles(file);
  // Before anything is sent: who recorded what, and whether it is signed by the phone that exported it.
  const preview = staff.page.getByRole('list', { name: '文件内容' });
  const part = preview.getByRole('listitem', { name: '何大爷（监督员）' });
  await expect(part).toContainText('记录问题 × 1');
  await expect(part).toContainText('有导出手机的签名：将导入');
  await expect(preview.getByRole('listitem')).toHaveCount(1);
  await staff.page.getByRole('button', { name: '导入 1 条记录' }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('1 条已在服务器上，0 条未被接受');
  await staff.page.getByRole('button', { name: '返回' }).click();
  await expect(staff.issueCard(text)).toBeVisible({ timeout: 20_000 });
  await expect(staff.issueCard(text)).toContainText('地下车库入口');

  // Importing the same file again changes nothing.
  await staff.page.getByRole('link', { name: '设置' }).click();
  await staff.page.getByLabel('选择救援文件').setInputFiles(file);
  await staff.page.getByRole('button', { name: '导入 1 条记录' }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('1 条已在服务器上');

  // The volunteer's phone gets signal again: its copy goes up, and is the same op.
  await volunteerDevice.setOffline(false);
  await volunteer.page.getByRole('button', { name: '返回' }).click();
  await expect(volunteer.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
  await staff.page.getByRole('button', { name: '返回' }).click();
  await staff.syncChip().click();
  await expect(staff.issueCard(text)).toHaveCount(1);

  await volunteerDevice.close();
  await staffDevice.close();
});
