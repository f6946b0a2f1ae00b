/**
 * The walking skeleton's promise: a volunteer records a complaint with the
 * network off, it survives a reload and a closed tab, it syncs by itself when
 * the network returns, and a liaison on another device sees it. The server
 * numbers it (#N): no number while offline ("待编号"), the same number on both
 * phones once synced, and in the staff's CSV export.
 */
import { readFileSync } from 'node:fs';
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

test('a complaint recorded offline survives reload and a closed tab, then syncs to the liaison', async ({ browser, server }) => {
  const description = `夜间22点后还在破路施工，噪音很大 ${Date.now()}`;
  const volunteerDevice = await browser.newContext();
  const volunteer = new SitewatchApp(await volunteerDevice.newPage(), server);
  await volunteer.join('volunteer', '王阿姨');
  await volunteer.waitUntilReadyOffline();

  await volunteerDevice.setOffline(true);
  await volunteer.recordComplaint({ category: '噪音扰民', description, point: '3号楼北侧主干道' });
  const card = volunteer.issueCard(description);
  await expect(card).toContainText('待同步');
  await expect(card).toContainText('3号楼北侧主干道');
  // Only the server gives numbers: none yet, and the card says so.
  await expect(card).toContainText('待编号');
  await expect(card).not.toContainText(/#\d/);
  await expect(volunteer.syncChip()).toHaveAccessibleName(/待同步 1 条/);

  // A real reload with no network: the service worker serves the app, IndexedDB the complaint.
  const reloaded = await volunteer.page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(card).toContainText('待同步');

  // Close the tab and open the app again, still offline.
  await volunteer.page.close();
  const again = new SitewatchApp(await volunteerDevice.newPage(), server);
  await again.page.goto(server.url + '/');
  const cardAgain = again.issueCard(description);
  await expect(cardAgain).toContainText('待同步');

  // Network back: it syncs by itself, no button pressed.
  await volunteerDevice.setOffline(false);
  await expect(cardAgain).toContainText('已同步', { timeout: 20_000 });
  await expect(cardAgain).not.toContainText('待同步');
  // Synced and pulled back: the server's number, first thing on the card.
  await expect(cardAgain).toHaveAccessibleName(/^#\d+ /, { timeout: 20_000 });
  await expect(cardAgain).not.toContainText('待编号');
  const no = /^#(\d+) /.exec((await cardAgain.textContent())!.trim())![1]!;

  // Another device, joined as the construction liaison, sees it after its own pull.
  const liaisonDevice = await browser.newContext();
  const liaison = new SitewatchApp(await liaisonDevice.newPage(), server);
  await liaison.join('liaison', '施工队张工');
  const seen = liaison.issueCard(description);
  await expect(seen).toBeVisible({ timeout: 20_000 });
  // The same number on the other phone: the one people say at the meeting.
  const issues = liaison.page.getByRole('list', { name: '问题与投诉' });
  await expect(issues.getByRole('link', { name: new RegExp(`^#${no} 噪音扰民.*${description}`) })).toBeVisible();
  await expect(seen).toContainText('已上报');
  await expect(seen).toHaveCount(1);

  // The liaison acknowledges it (two taps and a date); the volunteer sees the new status.
  await seen.click();
  await liaison.page.getByRole('button', { name: '确认受理' }).click();
  await liaison.page.getByRole('button', { name: '确认受理 ✓' }).click();
  await expect(liaison.page.getByText('已受理', { exact: true }).first()).toBeVisible();
  await again.syncChip().click();
  await expect(cardAgain).toContainText('已受理', { timeout: 20_000 });

  // Staff export the work's issues: the 编号 column holds the number, the UUID is the 系统编号 at the end.
  const staffDevice = await browser.newContext();
  const staff = new SitewatchApp(await staffDevice.newPage(), server);
  await staff.join('staff', '社区小陈');
  await expect(staff.issueCard(description)).toBeVisible({ timeout: 20_000 });
  await staff.page.getByRole('link', { name: '工程概览与会议材料' }).click();
  const [download] = await Promise.all([staff.page.waitForEvent('download'), staff.page.getByRole('button', { name: '导出问题表格（CSV）' }).click()]);
  const lines = readFileSync((await download.path())!, 'utf8')
    .slice(1)
    .trimEnd()
    .split('\r\n');
  expect(lines[0]!.split(',')[0]).toBe('编号');
  const row = lines.find((l) => l.includes(description))!.split(',');
  expect(row[0]).toBe(no);
  expect(row.at(-1)).toMatch(/^[0-9a-f-]{36}$/);

  await volunteerDevice.close();
  await liaisonDevice.close();
  await staffDevice.close();
});

test('"sync now" in settings pushes at once and reports the last sync', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '李师傅');
  await app.waitUntilReadyOffline();
  await app.page.getByRole('link', { name: '设置' }).click();
  await app.page.getByRole('button', { name: '立即同步' }).click();
  await expect(app.page.getByRole('main').getByText(/上次同步：刚刚/)).toBeVisible();
  await ctx.close();
});
