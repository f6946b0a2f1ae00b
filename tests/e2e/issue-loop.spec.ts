/**
 * The whole loop with three people on three phones: a volunteer reports a
 * complaint offline with a photo; the liaison acknowledges it with a planned
 * date, then marks it fixed with an "after" photo (refused without one);
 * the volunteer verifies. The history is the same on all three.
 */
import type { Page } from '@playwright/test';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';

async function jpeg(page: Page, colour: string): Promise<Buffer> {
  const b64 = await page.evaluate((c) => {
    const canvas = document.createElement('canvas');
    canvas.width = 800;
    canvas.height = 600;
    const g = canvas.getContext('2d')!;
    g.fillStyle = c;
    g.fillRect(0, 0, 800, 600);
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1]!;
  }, colour);
  return Buffer.from(b64, 'base64');
}

test('report offline with a photo → acknowledge → fixed with an after photo → verified, seen alike by all three', async ({ browser, server }) => {
  const open = (role: 'volunteer' | 'liaison' | 'staff', name: string) => joinedPhone(browser, server, role, name);
  const volunteer = await open('volunteer', '孙阿姨');
  const liaison = await open('liaison', '施工队吴工');
  const staff = await open('staff', '社区小王');
  const text = `5号楼门口沟槽没有围挡 ${Date.now()}`;

  await volunteer.ctx.setOffline(true);
  await volunteer.app.page.getByRole('link', { name: /记录居民投诉/ }).click();
  await volunteer.app.page.getByRole('radio', { name: '安全隐患' }).check();
  await volunteer.app.page.getByLabel('情况描述').fill(text);
  await volunteer.app.page
    .getByLabel('从相册选择')
    .setInputFiles({ name: 'trench.jpg', mimeType: 'image/jpeg', buffer: await jpeg(volunteer.app.page, '#884400') });
  await expect(volunteer.app.page.getByRole('img', { name: '第 1 张照片', exact: true })).toBeVisible({ timeout: 20_000 });
  await volunteer.app.page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(volunteer.app.issueCard(text)).toContainText('待同步');
  await volunteer.ctx.setOffline(false);
  await expect(volunteer.app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });

  // The liaison acknowledges: two taps and a date.
  const l = liaison.app.page;
  await liaison.app.issueCard(text).click({ timeout: 20_000 });
  await l.getByRole('button', { name: '确认受理' }).click();
  await l.getByRole('button', { name: '确认受理 ✓' }).click();
  await expect(l.getByText('已受理', { exact: true }).first()).toBeVisible();

  // Marking it fixed without an "after" photo is refused, with what to do.
  await l.getByRole('button', { name: '标记已整改' }).click();
  // The photo is asked for as required (not "可不加"), and the refusal is said at the photo field, which takes the focus.
  await l.getByRole('button', { name: '标记已整改 ✓' }).click();
  const proof = l.getByRole('group', { name: '整改后照片（必须）' });
  await expect(proof.getByRole('alert')).toContainText('至少一张整改后的照片');
  await expect(proof).toBeFocused();
  await l.getByLabel('拍照').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: await jpeg(l, '#2d6a4f') });
  await expect(l.getByRole('img', { name: '第 1 张照片', exact: true }).last()).toBeVisible({ timeout: 20_000 });
  await l.getByRole('button', { name: '标记已整改 ✓' }).click();
  await expect(l.getByText('已整改待核实', { exact: true }).first()).toBeVisible();
  await expect(l.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  // The volunteer sees it fixed, with the after photo, and verifies.
  const v = volunteer.app.page;
  await volunteer.app.syncChip().click();
  await volunteer.app.issueCard(text).click();
  await expect(v.getByText('已整改待核实', { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  // The issue page sets the latest photo of the problem beside the latest of the fix.
  const compare = v.getByRole('region', { name: '整改前后对比' });
  await expect(compare.getByRole('img', { name: '施工中' })).toBeVisible({ timeout: 20_000 });
  await expect(compare.getByRole('img', { name: '施工后' })).toBeVisible({ timeout: 20_000 });
  await v.getByRole('button', { name: '核实已整改' }).click();
  await expect(v.getByText('已核实', { exact: true }).first()).toBeVisible();
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

  // Everyone sees the same history, in the same order.
  const history = async (app: SitewatchApp) => {
    await app.syncChip().click();
    await app.page.goto(`${server.url}/w/demo-work`);
    await app.issueCard(text).click();
    await expect(app.page.getByText('已核实', { exact: true }).first()).toBeVisible({ timeout: 20_000 });
    // Who did what, in order; the relative times ("刚刚", "3 分钟前") may differ by a minute between phones.
    const lines = await app.page.getByRole('region', { name: '处理记录' }).getByRole('listitem').allInnerTexts();
    return lines.map((line) => line.replace(/\s*(刚刚|\d+ 分钟前|\d+ 小时前)/g, '').trim());
  };
  const seenByStaff = await history(staff.app);
  expect(seenByStaff.map((line) => line.split('\n')[0]!.trim())).toEqual([
    // Each author with their role, so that no name passes for another's.
    expect.stringContaining('孙阿姨（监督员） 记录了问题'),
    expect.stringContaining('施工队吴工（施工联络人） 将状态改为“已受理”'),
    expect.stringContaining('施工队吴工（施工联络人） 将状态改为“已整改待核实”'),
    expect.stringContaining('孙阿姨（监督员） 将状态改为“已核实”'),
  ]);
  expect(await history(liaison.app)).toEqual(seenByStaff);
  expect(await history(volunteer.app)).toEqual(seenByStaff);

  for (const x of [volunteer, liaison, staff]) await x.ctx.close();
});
