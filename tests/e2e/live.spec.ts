/** Live updates: a liaison with the app open sees a new complaint within seconds, without reloading. */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

test('a liaison with the app open sees a new complaint within seconds, without reloading or tapping', async ({ browser, server }) => {
  const liaisonDevice = await browser.newContext();
  const liaison = new SitewatchApp(await liaisonDevice.newPage(), server);
  await liaison.join('liaison', '施工队刘工');
  await liaison.waitUntilReadyOffline();

  const volunteerDevice = await browser.newContext();
  const volunteer = new SitewatchApp(await volunteerDevice.newPage(), server);
  await volunteer.join('volunteer', '吴阿姨');
  await volunteer.waitUntilReadyOffline();
  const text = `南门井盖松动，有人差点摔倒 ${Date.now()}`;
  await volunteer.recordComplaint({ category: '安全隐患', description: text, point: '南门雨水检查井' });
  await expect(volunteer.issueCard(text)).toContainText('已同步');

  // The periodic pull runs every 30 s; only the live stream can make this in 5 s.
  await expect(liaison.issueCard(text)).toBeVisible({ timeout: 5_000 });
  await liaisonDevice.close();
  await volunteerDevice.close();
});
