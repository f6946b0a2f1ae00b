/**
 * Notifications in the real app: staff set the work's WeCom robot and send a test message; a volunteer
 * records a complaint offline and goes online; the liaison's in-app list shows it, and the robot (a
 * local receiver standing in for WeCom) got one message whose link opens the issue.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

test('a complaint recorded offline reaches the liaison in the app and in the WeCom group, with a link that opens it', async ({ browser, server }, testInfo) => {
  const robot: Array<{ msgtype: string; text?: { content: string }; markdown?: { content: string } }> = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      robot.push(JSON.parse(body) as (typeof robot)[number]);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const robotUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-robot-key-123456`;

  // Staff set up the robot and test it.
  const { ctx: staffCtx, app: staff } = await joinedPhone(browser, server, 'staff', '王社工');
  await staff.page.getByRole('link', { name: '消息通知' }).click();
  const wecom = staff.page.getByRole('form', { name: '企业微信群机器人' });
  await wecom.getByLabel('Webhook 地址').fill(robotUrl);
  await wecom.getByRole('checkbox', { name: '启用' }).check();
  await wecom.getByRole('button', { name: '保存' }).click();
  await expect(wecom.getByRole('status')).toHaveText('已保存。');
  // The key is shown masked once saved.
  await expect(wecom.getByLabel('Webhook 地址')).toHaveValue(/key=te\*\*\*\*56/);
  await wecom.getByRole('button', { name: '发送测试消息' }).click();
  await expect(wecom.getByRole('status')).toHaveText('测试消息已发出，请到对应的群或邮箱查看。');
  expect(JSON.stringify(robot.at(-1))).toContain('测试消息');
  await staff.page.screenshot({ path: testInfo.outputPath('notify-staff-360.png'), fullPage: true });

  const { ctx: liaisonCtx, app: liaison } = await joinedPhone(browser, server, 'liaison', '李联络');
  const { ctx: volunteerCtx, app: volunteer } = await joinedPhone(browser, server, 'volunteer', '张阿姨');
  const before = robot.length;

  // Recorded offline, sent when the phone is back online.
  await volunteerCtx.setOffline(true);
  await volunteer.recordComplaint({ category: '噪音扰民', description: '夜里十点还在打桩', point: '3号楼北侧主干道' });
  await volunteerCtx.setOffline(false);
  await expect(volunteer.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  // The header's bell counts it before the liaison opens anything.
  await expect(async () => {
    await liaison.page.reload();
    await expect(liaison.page.getByRole('link', { name: '通知 1 条未读' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  // The liaison's in-app list.
  await liaison.page.getByRole('link', { name: '消息通知' }).click();
  const inbox = liaison.page.getByRole('list', { name: '我的通知' });
  await expect(async () => {
    await liaison.page.reload();
    await expect(inbox.getByText('新问题')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  // The robot got exactly one message for it, naming the point, with a link that opens the issue.
  await expect.poll(() => robot.length - before, { timeout: 15_000 }).toBe(1);
  const content = robot.at(-1)!.text?.content ?? robot.at(-1)!.markdown!.content;
  expect(content).toContain('3号楼北侧主干道');
  expect(content).not.toContain('张阿姨');
  const link = /https?:\/\/\S+\/issues\/[\w-]+/.exec(content)![0];
  await liaison.page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
  await expect(liaison.page.getByText('夜里十点还在打桩')).toBeVisible();
  await liaison.page.goBack();
  await liaison.page.screenshot({ path: testInfo.outputPath('notify-liaison-360.png'), fullPage: true });
  // Read: the bell has nothing more to count.
  await liaison.page.getByRole('button', { name: '全部标为已读' }).click();
  await expect(liaison.page.getByText('1 条未读')).toHaveCount(0);
  await liaison.page.getByRole('button', { name: '返回' }).click();
  await expect(liaison.page.getByRole('link', { name: '通知', exact: true })).toBeVisible();
  await liaison.page.screenshot({ path: testInfo.outputPath('work-bell-360.png') });

  // Staff set the work's reminder and escalation times.
  await staff.page.reload();
  const timing = staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' });
  await timing.getByLabel('超时后多少小时上报社区').fill('4');
  await timing.getByRole('button', { name: '保存' }).click();
  await expect(timing.getByRole('status')).toHaveText('已保存。');
  await staff.page.reload();
  await expect(staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' }).getByLabel('超时后多少小时上报社区')).toHaveValue('4');
  await staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' }).screenshot({ path: testInfo.outputPath('notify-staff-timing-360.png') });
  // Settings: push on this phone, with what to expect where it cannot work.
  await staff.page.goto(`${server.url}/settings`);
  await expect(staff.page.getByRole('heading', { name: '这台手机上的推送通知' })).toBeVisible();
  await expect(staff.page.getByText('在中国大陆，安卓手机的 Chrome 推送经过谷歌服务')).toBeVisible();
  await staff.page.getByRole('region', { name: '这台手机上的推送通知' }).screenshot({ path: testInfo.outputPath('settings-push-360.png') });

  await Promise.all([staffCtx.close(), liaisonCtx.close(), volunteerCtx.close()]);
  receiver.close();
});
