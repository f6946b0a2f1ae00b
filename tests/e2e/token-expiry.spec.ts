/**
 * A volunteer's phone that has not synced for longer than the idle period: its next sync is
 * refused as expired; the phone says so in words, keeps the record it could not send, and shows the
 * way back. Joining again with an invite code on the same phone gives the same membership back, and
 * the record goes out by itself. The server here lets volunteers' tokens idle 20 seconds instead of
 * 180 days (SITEWATCH_TOKEN_IDLE_DAYS_VOLUNTEER).
 */
import { test, expect } from '@playwright/test';
import { testPort } from '../ports';
import { joinedPhone } from './app';
import { type RunningServer, startServer } from './server';

const IDLE_S = 20;

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4380 + testInfo.parallelIndex), env: { SITEWATCH_TOKEN_IDLE_DAYS_VOLUNTEER: String(IDLE_S / 86_400) } });
});
test.afterAll(async () => {
  await server.stop();
});

test('a phone whose sign-in expired keeps its unsent record, rejoins with an invite code, and the record is sent', async ({ browser }) => {
  const { ctx, app: phone } = await joinedPhone(browser, server, 'volunteer', '孙阿姨');

  // Offline for longer than the idle period, with one record made meanwhile.
  await ctx.setOffline(true);
  await phone.recordComplaint({ category: '噪音扰民', description: '凌晨还在打桩' });
  await phone.page.waitForTimeout((IDLE_S + 2) * 1000);
  await ctx.setOffline(false);
  await phone.syncChip().click();

  const expired = phone.page.getByRole('alert').filter({ hasText: '登录已过期' });
  await expect(expired).toBeVisible({ timeout: 20_000 });
  await expect(expired).toContainText('手机上还有 1 条未发送的记录，都会保留');
  await expect(expired.getByRole('link', { name: '去导出' })).toBeVisible();
  await expect(phone.issueCard('凌晨还在打桩')).not.toContainText('已同步');
  await expect(phone.syncChip()).toHaveAccessibleName(/已停止同步/);

  // The way back: an invite code from staff, on the same phone.
  await expired.getByRole('link', { name: '重新加入' }).click();
  await phone.page.getByLabel('邀请码').fill(server.codes.volunteer);
  await phone.page.getByLabel('您的称呼').fill('孙阿姨');
  await phone.page.getByRole('button', { name: '加入', exact: true }).click();
  await expect(phone.page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  await expect(phone.page.getByRole('alert').filter({ hasText: '登录已过期' })).toHaveCount(0);
  await expect(phone.issueCard('凌晨还在打桩')).toContainText('已同步', { timeout: 15_000 });

  // The server kept one member for her: the record is hers, and she joined once.
  const staff = await joinedPhone(browser, server, 'staff', '社区老周');
  const card = staff.app.issueCard('凌晨还在打桩');
  await expect(card).toBeVisible({ timeout: 15_000 });
  await staff.app.page.getByRole('link', { name: /管理工程/ }).click();
  await staff.app.page.getByRole('button', { name: '刷新名单' }).click();
  await expect(staff.app.page.getByRole('list', { name: '成员名单' }).getByRole('listitem', { name: '孙阿姨', exact: true })).toHaveCount(1);

  await ctx.close();
  await staff.ctx.close();
});
