/**
 * Works, members and roles, end to end: staff create a work with a point
 * and a volunteer invite; a second phone joins through the invite link (the
 * QR code's link), records complaints; staff see the member (its phone named by
 * model and system, never by a device id) and remove them;
 * the phone's next sync says so, stops, and keeps its unsent record for export.
 * Then: a staff account signs in with a password and switches between works.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SitewatchApp, joinedPhone } from './app';
import { expect, test } from './fixtures';

/** A vivo phone's Chrome: staff should read "vivo V2203A · Android 13 · Chrome", not a device id. */
const VIVO_CHROME =
  'Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

test('staff create a work, invite a volunteer by link, then remove them: the phone is told, stops syncing, keeps its unsent work', async ({
  browser,
  server,
}, testInfo) => {
  const staffDevice = await browser.newContext();
  const staff = new SitewatchApp(await staffDevice.newPage(), server);
  await staff.join('staff', '社区老周');
  await staff.waitUntilReadyOffline();

  // A new work.
  await staff.page.getByRole('link', { name: '设置' }).click();
  await staff.page.getByRole('link', { name: '新建工程' }).click();
  await staff.page.getByLabel('工程名称').fill('东门小区车库排水改造');
  await staff.page.getByLabel('小区', { exact: true }).fill('东门小区');
  await staff.page.getByLabel('工程类型').selectOption({ label: '地下车库' });
  await staff.page.getByLabel('施工单位（可不填）').fill('宁波市政');
  await staff.page.getByLabel('施工方确认问题（小时内）').fill('12');
  await staff.page.getByRole('button', { name: '创建工程' }).click();
  await expect(staff.page.getByRole('heading', { level: 1, name: '管理：东门小区车库排水改造' })).toBeVisible();

  // A point with typed coordinates (saved through the outbox).
  await staff.page.getByLabel('点位名称').fill('车库坡道');
  await staff.page.getByLabel('纬度').fill('29.8671');
  await staff.page.getByLabel('经度').fill('121.5447');
  await staff.page.getByRole('button', { name: '添加点位', exact: true }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '已添加点位“车库坡道”' })).toBeVisible();

  // A volunteer invite: a short code, a QR code and the link it holds.
  await staff.page.getByRole('combobox', { name: '角色', exact: true }).selectOption({ label: '监督员' });
  await staff.page.getByRole('button', { name: '生成邀请码' }).click();
  const card = staff.page.getByRole('listitem', { name: /^监督员邀请码 [A-Z0-9]{4}-[A-Z0-9]{4}$/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('img', { name: '加入“东门小区车库排水改造”的二维码' })).toBeVisible();
  // The code rides in the fragment, which never reaches the server (or its logs).
  const link = (await card.getByRole('link', { name: /\/join#code=/ }).getAttribute('href'))!;
  const code = new URL(link).hash.replace('#code=', '');
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  // Phone first: the admin page fits 360 px, no sideways scroll.
  expect(await staff.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The printable page: the big code, the QR code and how to join, in Chinese.
  await card.getByRole('link', { name: '打印' }).click();
  await expect(staff.page.getByRole('heading', { name: '加入「东门小区车库排水改造」监督小组' })).toBeVisible();
  await expect(staff.page.getByLabel(`邀请码 ${code.slice(0, 4)}-${code.slice(4)}`)).toBeVisible();
  await expect(staff.page.getByText('不需要密码')).toBeVisible();
  await expect(staff.page.getByRole('button', { name: '打印这一页' })).toBeVisible();
  expect(await staff.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // The code is in the fragment, not the path; an old link with the code in the path still opens the sheet.
  const sheet = new URL(staff.page.url());
  expect(sheet.pathname).toMatch(/^\/w\/[^/]+\/invite$/);
  expect(sheet.hash).toBe(`#${code}`);
  await staff.page.goto(`${sheet.origin}${sheet.pathname}s/${code}`);
  await expect(staff.page.getByLabel(`邀请码 ${code.slice(0, 4)}-${code.slice(4)}`)).toBeVisible();
  expect(new URL(staff.page.url()).pathname).toBe(sheet.pathname);
  await staff.page.getByRole('button', { name: '返回' }).click();

  // A second phone (a vivo with Chrome) opens the invite link: the code is filled in; it gives a name and joins.
  const phoneDevice = await browser.newContext({ userAgent: VIVO_CHROME });
  const phone = new SitewatchApp(await phoneDevice.newPage(), server);
  await phone.page.goto(link);
  await expect(phone.page.getByLabel('邀请码')).toHaveValue(`${code.slice(0, 4)}-${code.slice(4)}`);
  await phone.page.getByLabel('您的称呼').fill('王阿姨');
  await phone.page.getByRole('button', { name: '加入', exact: true }).click();
  await expect(phone.page.getByRole('heading', { level: 1, name: '东门小区车库排水改造' })).toBeVisible();
  await phone.waitUntilReadyOffline();
  await phone.recordComplaint({ category: '出行受阻', description: '坡道被钢管堵住了', point: '车库坡道' });
  await expect(phone.issueCard('坡道被钢管堵住了')).toContainText('已同步', { timeout: 20_000 });

  // Offline, another record: it stays on the phone.
  await phoneDevice.setOffline(true);
  await phone.recordComplaint({ category: '噪音扰民', description: '晚上十点还在切割', point: '车库坡道' });

  // Staff see the member and remove them.
  await staff.page.getByRole('button', { name: '刷新名单' }).click();
  const member = staff.page.getByRole('list', { name: '成员名单' }).getByRole('listitem', { name: '王阿姨', exact: true });
  await expect(member).toContainText('监督员');
  await expect(member).toContainText('最后在线');
  // Its phone in plain words, from the browser it joined with: the model and the system, never a device id.
  const devices = member.getByRole('list', { name: '王阿姨 的设备' });
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(devices.getByRole('listitem')).toContainText(/^vivo V2203A · Android 13 · Chrome，.*加入 · 最后在线/);
  await expect(devices).not.toContainText(/[0-9a-f]{8}/);
  await member.getByRole('button', { name: '移出 王阿姨' }).click();
  await member.getByRole('button', { name: '确定移出' }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '已把 王阿姨 移出工程。' })).toBeVisible();
  await expect(member).toContainText('已移出');

  // The phone's next sync: told in words, unsent work kept and exportable.
  await phoneDevice.setOffline(false);
  await phone.syncChip().click();
  const removed = phone.page.getByRole('alert').filter({ hasText: '您已被移出此工程' });
  await expect(removed).toBeVisible({ timeout: 20_000 });
  await expect(removed).toContainText('手机上还有 1 条未发送的记录');
  await expect(phone.syncChip()).toHaveAccessibleName(/已停止同步/);

  // It stops syncing that work: asking again sends nothing for it.
  const syncRequests: string[] = [];
  phone.page.on('request', (r) => r.url().includes('/api/sync/') && syncRequests.push(r.url()));
  await phone.syncChip().click();
  await phone.page.waitForTimeout(2_000);
  expect(syncRequests).toEqual([]);

  await removed.getByRole('link', { name: '去导出' }).click();
  const downloading = phone.page.waitForEvent('download');
  // The count may include the first record if its confirmation had not been pulled before the removal.
  await phone.page.getByRole('button', { name: /^导出 \d+ 条未同步记录$/ }).click();
  const file = testInfo.outputPath('rescue.json');
  await (await downloading).saveAs(file);
  await expect(phone.page.getByRole('status').filter({ hasText: '请把它交给社区工作人员' })).toBeVisible();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { ops: Array<{ kind: string; payload: { description?: string } }> };
  expect(exported.ops.filter((o) => o.kind === 'issue.create').map((o) => o.payload.description)).toContain('晚上十点还在切割');

  await phoneDevice.close();
  await staffDevice.close();
});

test('a staff account signs in with a password on a new device, creates a second work and switches between them', async ({ browser, server }) => {
  execFileSync(process.execPath, ['--import', 'tsx', 'sync-server/admin.ts', 'create-staff', '--login', 'zhou', '--name', '周老师'], {
    env: { ...process.env, SITEWATCH_DATA: server.dataDir, SITEWATCH_PASSWORD: 'correct horse battery' },
  });
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.page.goto(`${server.url}/signin`);
  await app.page.getByLabel('账号').fill('zhou');
  await app.page.getByLabel('密码').fill('wrong password here');
  await app.page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(app.page.getByRole('alert')).toContainText('账号或密码不对');
  await app.page.getByLabel('密码').fill('correct horse battery');
  await app.page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  await expect(app.page.getByText('您的身份：社区工作人员')).toBeVisible();

  await app.page.getByRole('link', { name: '设置' }).click();
  await app.page.getByRole('link', { name: '新建工程' }).click();
  await app.page.getByLabel('工程名称').fill('西区绿化恢复');
  await app.page.getByLabel('小区', { exact: true }).fill('西区');
  await app.page.getByRole('button', { name: '创建工程' }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: '管理：西区绿化恢复' })).toBeVisible();
  await app.page.getByRole('button', { name: '返回' }).click();
  await expect(app.page.getByRole('heading', { level: 1, name: '西区绿化恢复' })).toBeVisible();

  await app.page.getByLabel('切换工程').selectOption({ label: '阳光花园小区雨污分流改造 · 社区工作人员' });
  await expect(app.page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  await expect(app.page.getByRole('list', { name: '点位' })).toContainText('3号楼北侧主干道');

  // Another device, the same account: both works come along.
  const tablet = await browser.newContext();
  const other = new SitewatchApp(await tablet.newPage(), server);
  await other.page.goto(`${server.url}/signin`);
  await other.page.getByLabel('账号').fill('zhou');
  await other.page.getByLabel('密码').fill('correct horse battery');
  await other.page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(other.page.getByLabel('切换工程').getByRole('option')).toHaveText(['阳光花园小区雨污分流改造 · 社区工作人员', '西区绿化恢复 · 社区工作人员']);
  await other.page.getByLabel('切换工程').selectOption({ label: '西区绿化恢复 · 社区工作人员' });
  await expect(other.page.getByRole('heading', { level: 1, name: '西区绿化恢复' })).toBeVisible();

  await tablet.close();
  await ctx.close();
});

test("staff change a member's role: the member's phone follows on its next sync", async ({ browser, server }) => {
  const { ctx: phoneCtx, app: phone } = await joinedPhone(browser, server, 'volunteer', '张大姐');
  await expect(phone.page.getByRole('link', { name: /记录居民投诉/ })).toBeVisible();
  const { ctx: staffCtx, app: staff } = await joinedPhone(browser, server, 'staff', '社区小李');
  await staff.page.getByRole('link', { name: '管理工程（点位、邀请、成员）' }).click();
  const member = staff.page.getByRole('list', { name: '成员名单' }).getByRole('listitem', { name: '张大姐', exact: true });
  const role = member.getByRole('combobox', { name: '张大姐 的角色' });
  // A slip on the list changes nothing: the change waits for a confirmation, and cancelling puts the role back.
  await role.selectOption({ label: '施工联络人' });
  const asking = member.getByRole('group', { name: '把 张大姐 的角色从监督员改为施工联络人？' });
  await expect(asking).toBeVisible();
  await asking.getByRole('button', { name: '取消' }).click();
  await expect(asking).toBeHidden();
  await expect(role).toHaveValue('volunteer');
  await expect(staff.page.getByText('已把 张大姐 的角色改为')).toHaveCount(0);

  await role.selectOption({ label: '施工联络人' });
  await asking.getByRole('button', { name: '确认更改' }).click();
  await expect(staff.page.getByRole('status').filter({ hasText: '已把 张大姐 的角色改为施工联络人' })).toBeVisible();

  await phone.syncChip().click();
  await expect(phone.page.getByText('您的身份：施工联络人')).toBeVisible({ timeout: 20_000 });
  // A liaison does not report complaints.
  await expect(phone.page.getByRole('link', { name: /记录居民投诉/ })).toHaveCount(0);
  await phoneCtx.close();
  await staffCtx.close();
});
