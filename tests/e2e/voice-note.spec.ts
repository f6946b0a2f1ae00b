/**
 * Voice notes: a volunteer records one on a complaint with the phone offline (Chromium's fake microphone),
 * it waits on the phone, goes up when the link comes back through the same hash-checked upload as photos,
 * and staff play it on their own phone.
 */
import { type Browser, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { testPort } from '../ports';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';
import { startServer } from './server';

/** A browser whose pages hear Chromium's fake microphone (a steady beep) without asking. */
function withFakeMic(): Promise<Browser> {
  const base = chromiumLaunchOptions();
  return chromium.launch({ ...base, args: [...(base.args ?? []), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
}

test('a voice note recorded offline on a complaint is uploaded when the link returns and plays on another phone', async ({ browser, server }) => {
  const withMic = await withFakeMic();
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

test('a complaint only spoken: recorded offline on the new complaint form, it plays on staff’s phone once the link returns', async ({ browser }, testInfo) => {
  // Its own server: the complaint has no words of its own to find it by among other specs' complaints.
  const server = await startServer({ port: testPort(4570 + testInfo.parallelIndex) });
  const withMic = await withFakeMic();
  try {
    const volunteer = await joinedPhone(withMic, server, 'volunteer', '不会打字的李奶奶');
    const staff = await joinedPhone(browser, server, 'staff', '社区小周');
    const v = volunteer.app.page;
    await volunteer.ctx.grantPermissions(['microphone']);
    await volunteer.ctx.setOffline(true);

    await v.getByRole('link', { name: /记录居民投诉/ }).click();
    await v.getByRole('radio', { name: '污水 / 排水' }).check();
    // Neither words nor a recording: the form says either will do.
    await v.getByRole('button', { name: '保存', exact: true }).click();
    await expect(v.getByRole('alert').filter({ hasText: '请写几句情况描述，或录一段语音。' })).toBeVisible();
    await v.getByRole('button', { name: '录一段语音' }).click();
    const stop = v.getByRole('button', { name: /^■ 停止录音/ });
    await expect(stop).toContainText('0:02', { timeout: 10_000 });
    await stop.click();
    await expect(v.getByRole('button', { name: '删除录音' })).toBeVisible();
    await v.getByRole('button', { name: '保存', exact: true }).click();
    await expect(v.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

    // On the phone at once, offline: the complaint says it is spoken, and its recording plays from the phone.
    const card = (app: typeof volunteer.app) => app.issueCard('（语音投诉，请听录音）');
    await card(volunteer.app).click();
    const player = (page: typeof v) => page.getByRole('region', { name: '留言' }).getByLabel(/^语音留言，0:0\d$/);
    await expect(player(v)).toBeVisible();

    await volunteer.ctx.setOffline(false);
    await volunteer.app.syncChip().click();
    await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 30_000 });

    // Staff's phone: the bytes from the server, checked against their hash, play.
    const s = staff.app.page;
    await staff.app.syncChip().click();
    await card(staff.app).click({ timeout: 20_000 });
    await expect(player(s)).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => player(s).evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await player(s).evaluate((a: HTMLAudioElement) => a.error)).toBeNull();
    await volunteer.ctx.close();
    await staff.ctx.close();
  } finally {
    await withMic.close();
    await server.stop();
  }
});

test('a voice note on a checklist answer: recorded offline during an inspection, kept on the phone, played on staff’s phone', async ({ browser, server }) => {
  const withMic = await withFakeMic();
  try {
    const volunteer = await joinedPhone(withMic, server, 'volunteer', '巡查的赵大爷');
    const staff = await joinedPhone(browser, server, 'staff', '社区小吴');
    const v = volunteer.app.page;
    await volunteer.ctx.grantPermissions(['microphone']);
    await volunteer.ctx.setOffline(true);
    await volunteer.app.openPoint('地下车库入口');
    await v.getByLabel('选择检查表').selectOption({ label: '噪音与文明施工' });
    await v.getByRole('button', { name: '在这个点位开始检查' }).click();
    await expect(v.getByRole('heading', { level: 1, name: '噪音与文明施工' })).toBeVisible();
    const item = (page: typeof v) => page.getByRole('group', { name: /^土方和裸露地面全部盖了防尘网/ });

    await item(v).getByRole('radio', { name: '不合格', exact: true }).check();
    await item(v)
      .getByRole('button', { name: /加备注、照片或语音/ })
      .click();
    await item(v).getByRole('button', { name: '录一段语音' }).click();
    const stop = item(v).getByRole('button', { name: /^■ 停止录音/ });
    await expect(stop).toContainText('0:02', { timeout: 10_000 });
    await stop.click();
    // Saved with the answer at once, like every change on the checklist: a reload, still offline, keeps it.
    const player = (page: typeof v) => item(page).getByLabel(/^语音留言，0:0\d$/);
    await expect(player(v)).toBeVisible();
    await v.reload();
    await expect(player(v)).toBeVisible();
    await expect(item(v).getByRole('radio', { name: '不合格', exact: true })).toBeChecked();
    const inspectionUrl = new URL(v.url()).pathname;

    await volunteer.ctx.setOffline(false);
    await volunteer.app.syncChip().click();
    await expect(volunteer.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 30_000 });

    // Staff open the same inspection: the recording comes from the server, checked against its hash, and plays.
    const s = staff.app.page;
    await staff.app.syncChip().click();
    await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 30_000 });
    await s.goto(`${server.url}${inspectionUrl}`);
    await expect(player(s)).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => player(s).evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(await player(s).evaluate((a: HTMLAudioElement) => a.error)).toBeNull();

    // The volunteer may take it away again; the answer itself stays.
    await item(v)
      .getByRole('button', { name: /删除这段录音/ })
      .click();
    await expect(player(v)).toHaveCount(0);
    await expect(item(v).getByRole('radio', { name: '不合格', exact: true })).toBeChecked();
    await volunteer.ctx.close();
    await staff.ctx.close();
  } finally {
    await withMic.close();
  }
});
