/**
 * Notifications in the real app, over a day and more of the server's clock. Staff set the work's WeCom
 * robot (tested at once) and a 4-hour escalation delay; a volunteer records a complaint offline and goes
 * online; the liaison's in-app list shows it, and the robot (a local receiver standing in for WeCom) got
 * one message whose link opens the issue. Then the liaison does not answer: the server's clock and the
 * phones' are moved, not waited for, and the reminder (2 h before the 24-hour target), the overdue notice
 * (at the target) and the escalation to staff (4 h after it) each arrive once their time has come and not
 * with the one before; the liaison then acknowledges, late, and the issue's clock says by how much.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { testPort } from '../ports';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';
import { startServer } from './server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The robot's words for each kind (src/core/notify-text.ts), and the in-app list's (features/notify/messages.ts). */
const ROBOT = { new: '新问题', dueSoon: '即将超过响应时限，请尽快确认', overdue: '问题已超过响应时限', escalated: '逾期未处理，已上报社区' };
const INAPP = { new: '新问题', dueSoon: '即将超过响应时限', overdue: '超过响应时限', escalated: '逾期已上报社区' };

test('a complaint recorded offline reaches the liaison in the app and in the WeCom group; unanswered, the reminder, the overdue notice and the escalation come when due', async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const robot: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const msg = JSON.parse(body) as { msgtype: string; text?: { content: string }; markdown?: { content: string } };
      robot.push(msg.text?.content ?? msg.markdown?.content ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const robotUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test-robot-key-123456`;
  /** The robot's messages that say `words` (a batch of several kinds names each). */
  const robotSaid = (words: string) => robot.filter((m) => m.includes(words)).length;

  // Its own server, whose clock the test moves (the shared one's other tests would see a day pass); the
  // worker looks for due clocks every 250 ms.
  const server = await startServer({ port: testPort(4530 + testInfo.parallelIndex), clock: true, env: { SITEWATCH_NOTIFY_INTERVAL_MS: '250' } });
  try {
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
    expect(robot.at(-1)).toContain('测试消息');
    await staff.page.screenshot({ path: testInfo.outputPath('notify-staff-360.png'), fullPage: true });

    // Staff set the work's escalation delay: 4 hours after a target passes, they are told.
    const timing = staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' });
    await timing.getByLabel('超时后多少小时上报社区').fill('4');
    await timing.getByRole('button', { name: '保存' }).click();
    await expect(timing.getByRole('status')).toHaveText('已保存。');
    await staff.page.reload();
    await expect(staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' }).getByLabel('超时后多少小时上报社区')).toHaveValue('4');
    await staff.page.getByRole('form', { name: '提醒和上报时间（工作人员）' }).screenshot({ path: testInfo.outputPath('notify-staff-timing-360.png') });

    const { ctx: liaisonCtx, app: liaison } = await joinedPhone(browser, server, 'liaison', '李联络');
    const { ctx: volunteerCtx, app: volunteer } = await joinedPhone(browser, server, 'volunteer', '张阿姨');
    // The liaison's and staff's phones keep the server's time when it is moved (their clocks run on from there).
    for (const { ctx, app } of [
      { ctx: liaisonCtx, app: liaison },
      { ctx: staffCtx, app: staff },
    ]) {
      await ctx.clock.install();
      await app.page.reload();
    }
    const before = robot.length;

    // Recorded offline, sent when the phone is back online; the server wrote its event between from and to.
    const from = Date.now();
    await volunteerCtx.setOffline(true);
    await volunteer.recordComplaint({ category: '噪音扰民', description: '夜里十点还在打桩', point: '3号楼北侧主干道' });
    await volunteerCtx.setOffline(false);
    await expect(volunteer.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });
    const to = Date.now();

    // The header's bell counts it before the liaison opens anything.
    await expect(async () => {
      await liaison.page.reload();
      await expect(liaison.page.getByRole('link', { name: '通知 1 条未读' })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });

    // The liaison's in-app list.
    await liaison.page.getByRole('link', { name: '消息通知' }).click();
    const inbox = (page: Page) => page.getByRole('list', { name: '我的通知' });
    const shows = async (page: Page, words: string) =>
      expect(async () => {
        await page.reload();
        await expect(inbox(page).getByText(words, { exact: true })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
    await shows(liaison.page, INAPP.new);

    // The robot got exactly one message for it, naming the point, with a link that opens the issue.
    await expect.poll(() => robot.length - before, { timeout: 15_000 }).toBe(1);
    const content = robot.at(-1)!;
    expect(content).toContain(ROBOT.new);
    // Named by the number the server gave it, as people name it at the meeting; the app's list says the same.
    const number = /新问题 #(\d+) · /.exec(content)?.[1];
    expect(number).toBeDefined();
    await expect(inbox(liaison.page).getByRole('link', { name: `查看问题 #${number}` })).toBeVisible();
    expect(content).toContain('3号楼北侧主干道');
    expect(content).not.toContain('张阿姨');
    const link = /https?:\/\/\S+\/issues\/[\w-]+/.exec(content)![0];
    await liaison.page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    await expect(liaison.page.getByText('夜里十点还在打桩')).toBeVisible();
    const issuePage = liaison.page.url();
    await liaison.page.goBack();
    await liaison.page.screenshot({ path: testInfo.outputPath('notify-liaison-360.png'), fullPage: true });
    // Read: the bell has nothing more to count.
    await liaison.page.getByRole('button', { name: '全部标为已读' }).click();
    await expect(liaison.page.getByText('1 条未读')).toHaveCount(0);
    await liaison.page.getByRole('button', { name: '返回' }).click();
    await expect(liaison.page.getByRole('link', { name: '通知', exact: true })).toBeVisible();
    await liaison.page.screenshot({ path: testInfo.outputPath('work-bell-360.png') });
    await liaison.page.goto(`${server.url}/w/demo-work/notify`);

    // The server and both phones jump to `at`; the worker sees the new time at its next round.
    const moveTo = async (at: number) => {
      await server.setClock(at);
      for (const page of [liaison.page, staff.page]) await page.clock.setSystemTime(at);
    };
    await staff.page.goto(`${server.url}/w/demo-work/notify`);

    // 22 hours on: 2 hours before the 24-hour target, the liaison is reminded; not yet told it is overdue.
    await moveTo(to + 22 * HOUR + MINUTE);
    await expect.poll(() => robotSaid(ROBOT.dueSoon), { timeout: 20_000 }).toBe(1);
    await shows(liaison.page, INAPP.dueSoon);
    expect(robotSaid(ROBOT.overdue)).toBe(0);
    await expect(inbox(liaison.page).getByText(INAPP.overdue, { exact: true })).toHaveCount(0);

    // 24 hours on: the target passed; the liaison is told, staff not yet.
    await moveTo(to + 24 * HOUR + MINUTE);
    await expect.poll(() => robotSaid(ROBOT.overdue), { timeout: 20_000 }).toBe(1);
    await shows(liaison.page, INAPP.overdue);
    expect(robotSaid(ROBOT.escalated)).toBe(0);
    await staff.page.reload();
    await expect(inbox(staff.page).getByText(INAPP.escalated, { exact: true })).toHaveCount(0);

    // 28 hours on: 4 hours past the target, still unanswered: passed on to staff, at once (urgent).
    await moveTo(to + 28 * HOUR + MINUTE);
    await expect.poll(() => robotSaid(ROBOT.escalated), { timeout: 20_000 }).toBe(1);
    await shows(staff.page, INAPP.escalated);
    await expect(inbox(staff.page).getByRole('listitem').filter({ hasText: INAPP.escalated })).toContainText('紧急');
    await staff.page.screenshot({ path: testInfo.outputPath('notify-staff-escalated-360.png'), fullPage: true });
    // Each came once, in order: nothing was sent twice as the clock moved past it again.
    expect([ROBOT.new, ROBOT.dueSoon, ROBOT.overdue, ROBOT.escalated].map(robotSaid)).toEqual([1, 1, 1, 1]);
    // The liaison's list shows nothing of the escalation: it is for staff.
    await liaison.page.reload();
    await expect(inbox(liaison.page).getByText(INAPP.overdue, { exact: true })).toBeVisible();
    await expect(inbox(liaison.page).getByText(INAPP.escalated, { exact: true })).toHaveCount(0);

    // The liaison acknowledges now, 4 hours late (the report came at most `to - from` before `to`).
    expect(to - from).toBeLessThan(50 * MINUTE);
    await liaison.page.goto(issuePage);
    await liaison.page.getByRole('button', { name: '确认受理' }).click();
    await liaison.page.getByRole('button', { name: '确认受理 ✓' }).click();
    await expect(liaison.page.getByText('已受理', { exact: true }).first()).toBeVisible();
    await expect(liaison.page.getByRole('region', { name: '处理时效' })).toContainText('确认逾期 4 小时');
    await liaison.page.screenshot({ path: testInfo.outputPath('notify-late-ack-360.png'), fullPage: true });

    // Settings: push on this phone, with what to expect where it cannot work.
    await staff.page.goto(`${server.url}/settings`);
    await expect(staff.page.getByRole('heading', { name: '这台手机上的推送通知' })).toBeVisible();
    await expect(staff.page.getByText('在中国大陆，安卓手机的 Chrome 推送经过谷歌服务')).toBeVisible();
    await staff.page.getByRole('region', { name: '这台手机上的推送通知' }).screenshot({ path: testInfo.outputPath('settings-push-360.png') });

    await Promise.all([staffCtx.close(), liaisonCtx.close(), volunteerCtx.close()]);
  } finally {
    await server.stop();
    receiver.close();
  }
});
