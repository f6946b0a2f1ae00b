/**
 * Voice notes: a volunteer records one on a complaint with the phone offline (Chromium's fake microphone),
 * it waits on the phone, goes up when the link comes back through the same hash-checked upload as photos,
 * and staff play it on their own phone.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';

test('a voice note recorded offline on a complaint is uploaded when the link returns and plays on another phone', async ({ browser, server }) => {
  const base = chromiumLaunchOptions();
  const withMic = await chromium.launch({ ...base, args: [...(base.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
  try {
    const volunteer = await joinedPhone(withMic, server, 'volunteer', '爱说话的王大爷');
    const staff = await joinedPhone(browser, server, 'staff', '社区小林');
    const v = volunteer.app.page;
    await volunteer.ctx.grantPermissions(['microphone']);
    const text = `楼道灯坏了 ${Date.now()}`;
    await volunteer.app.recordComplaint({ category: '噪音扰民', description: text });
    await volunteer.app.issueCard(text).click();
    await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 20_000 });

    // The link is cut; the voice note is recorded and sent all the same.
    await volunteer.ctx.setOffline(true);
    await v.getByRole('button', { name: '录一段语音' }).click();
    const stop = v.getByRole('button', { name: /^■ 停止录音/ });
    await expect(stop).toBeVisible();
    await expect(stop).toContainText('0:02', { timeout: 10_000 });
    await stop.click();
    // A preview to listen to before sending, and a way to throw it away.
    await expect(v.getByRole('button', { name: '删除录音' })).toBeVisible();
    await v.getByRole('button', { name: '发送留言' }).click();
    const comments = (page: typeof v) => page.getByRole('region', { name: '留言' });
    const player = (page: typeof v) => comments(page).getByLabel(/^语音留言，0:0\d$/);
    await expect(player(v)).toBeVisible();
    await expect(v.getByText('✓ 已同步')).toHaveCount(0);

    // The link returns: the comment and its bytes go up.
    await volunteer.ctx.setOffline(false);
    await volunteer.app.syncChip().click();
    await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 30_000 });

    // Staff's phone plays it: the bytes came from the server, checked against their hash.
    const s = staff.app.page;
    await staff.app.syncChip().click();
    await staff.app.issueCard(text).click({ timeout: 20_000 });
    await expect(player(s)).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => player(s).evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await player(s).evaluate((a: HTMLAudioElement) => a.error)).toBeNull();
    await s.screenshot({ path: 'test-results/voice-note-staff.png', fullPage: true });
    await volunteer.ctx.close();
    await staff.ctx.close();
  } finally {
    await withMic.close();
  }
});
