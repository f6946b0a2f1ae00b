/**
 * The residents' story end to end (issue 15, "Must show"): a resident in a fresh browser with no service
 * worker scans a poster's link and reports with a photo; the upload is cut once, the draft stays and goes
 * again, and a receipt comes back. A volunteer, offline, triages it into an issue; the liaison fixes it
 * with an after photo; the resident's follow page shows before and after, and the resident answers
 * 部分解决, which reopens it. Fixed again and verified, the issue is closed; the retention round (staff set
 * the work's period to 30 days), run 31 days ahead through the server's test signal (no waiting), erases
 * the phone number on the server and on the phones that held it (staff's, and the liaison's with the
 * resident's consent); the volunteer's phone never held it.
 */
import type { Page } from '@playwright/test';
import { testPort } from '../ports';
import { joinedPhone, markFixedWithPhoto, openReportToTriageOffline, residentSeesFixed } from './app';
import { expect, test } from '@playwright/test';
import { makeJpeg } from './images';
import { type RunningServer, startServer } from './server';

const PHONE = '139 1234 5678';
const PHONE_IN_TEXT = /139\s*1234\s*5678/;

let server: RunningServer;
test.beforeAll(async ({}, testInfo) => {
  server = await startServer({ port: testPort(4537 + testInfo.parallelIndex), env: { SITEWATCH_TEST_RETENTION_AHEAD_DAYS: '31' } });
});
test.afterAll(async () => {
  await server.stop();
});

/** Everything the app keeps on this phone (its IndexedDB), as text: what a lost phone would give away. */
async function deviceText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sitewatch');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rows: unknown[] = [];
    for (const name of Array.from(db.objectStoreNames)) {
      rows.push(
        await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(name).objectStore(name).getAll();
          r.onsuccess = () => resolve(r.result as unknown[]);
          r.onerror = () => reject(r.error);
        }),
      );
    }
    db.close();
    return JSON.stringify(rows);
  });
}

test('a resident reports through a poster, a volunteer triages offline, the fix is answered 部分解决 and reopened, and the retention round erases the phone everywhere', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const volunteer = await joinedPhone(browser, server, 'volunteer', '志愿者老李');
  const liaison = await joinedPhone(browser, server, 'liaison', '施工队吴工');

  // Staff keep residents' contacts 30 days after an issue is closed (instead of 90), in the work's
  // settings; then make a poster for a point, whose link is what the QR code holds.
  const s = staff.app.page;
  await s.goto(`${server.url}/w/demo-work/admin`);
  await s.getByLabel('居民联系方式保存（问题办结后，天）').fill('30');
  await s.getByRole('button', { name: '保存处理时限' }).click();
  await expect(s.getByRole('status').filter({ hasText: '居民联系方式办结后保存 30 天' })).toBeVisible();
  await expect(staff.app.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });
  await s.getByLabel('海报对应').selectOption({ label: '南门雨水检查井' });
  await s.getByRole('button', { name: '生成海报' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已生成海报' })).toBeVisible();
  await s.getByRole('listitem', { name: '海报：南门雨水检查井' }).getByRole('link', { name: '打印 A4' }).click();
  const posterLink = (await s.locator('.poster-link').innerText()).trim();

  // A resident scans it: a fresh browser where no service worker may even run.
  const rctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  const r = await rctx.newPage();
  await r.goto(posterLink);
  await expect(r.getByRole('heading', { name: '居民反映问题' })).toBeVisible();
  const text = `南门井盖边沥青没补好，下雨积水 ${Date.now()}`;
  await r.getByRole('radio', { name: '安全隐患' }).check();
  await r.getByLabel('请描述一下').fill(text);
  await r.getByLabel('添加照片').setInputFiles({ name: 'before.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(r)) });
  await expect(r.getByRole('button', { name: '删除第 1 张照片' })).toBeVisible({ timeout: 20_000 });
  await r.getByRole('textbox', { name: '手机号' }).fill(PHONE);
  // The consent says the work's own period.
  await r.getByRole('checkbox', { name: /我同意.*问题办结 30 天后自动删除/ }).check();
  await r.getByRole('checkbox', { name: /也让施工方联系人看到/ }).check();

  // The upload is cut once, mid-way: the page keeps everything and offers to send it again.
  let cut = 0;
  await r.route(
    '**/api/resident/report',
    async (route) => {
      cut++;
      await route.abort('connectionreset');
    },
    { times: 1 },
  );
  await r.getByRole('button', { name: '提交' }).click();
  await expect(r.getByRole('alert')).toContainText('内容已保存在这台手机上');
  expect(cut).toBe(1);
  await r.getByRole('button', { name: '重新提交' }).click();
  await expect(r.getByRole('heading', { name: '已收到您的反映' })).toBeVisible({ timeout: 20_000 });
  await expect(r.getByText(/编号 JM-\d{4}/)).toBeVisible();
  expect(await r.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
  await r.getByRole('link', { name: '查看处理进度' }).click();
  await expect(r.locator('.status')).toHaveText('已收到，等待处理');

  // The volunteer, offline, triages it: accepted, it is an issue of the work.
  const v = await openReportToTriageOffline(volunteer, text);
  await v.getByRole('button', { name: '受理', exact: true }).click();
  await expect(v.getByRole('heading', { name: '居民扫码反映：请分诊' })).toHaveCount(0);
  await volunteer.ctx.setOffline(false);
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });
  // Only one issue came of the two tries, and the volunteer's phone never held the resident's number.
  await v.goto(`${server.url}/w/demo-work`);
  await expect(volunteer.app.issueCard(text)).toHaveCount(1);
  expect(await deviceText(v)).not.toMatch(PHONE_IN_TEXT);
  await expect(async () => {
    await r.getByRole('button', { name: '刷新' }).click();
    await expect(r.getByText('志愿者已受理您的反映')).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });

  // The liaison (the resident agreed to share) sees the number, acknowledges and fixes it with an after photo.
  const l = liaison.app.page;
  await liaison.app.syncChip().click();
  await l.goto(`${server.url}/w/demo-work`);
  await liaison.app.issueCard(text).click({ timeout: 20_000 });
  await expect(l.getByText(PHONE)).toBeVisible({ timeout: 20_000 });
  await l.getByRole('button', { name: '确认受理' }).click();
  await l.getByRole('button', { name: '确认受理 ✓' }).click();
  await expect(l.getByText('已受理', { exact: true }).first()).toBeVisible();
  await markFixedWithPhoto(l, Buffer.from(await makeJpeg(l)));

  // The resident sees before and after, and says it is only partly fixed: that reopens it.
  await residentSeesFixed(r);
  await r.getByLabel('还想说的（可不填）').fill('井盖东边还有一块没补');
  await r.getByRole('button', { name: '部分解决' }).click();
  await expect(r.getByText('您的回复：部分解决')).toBeVisible();
  await expect(r.locator('.status')).toHaveText('重新处理中');

  // The volunteers see it reopened, with the resident's words; the liaison fixes the rest; the volunteer verifies.
  await volunteer.app.syncChip().click();
  await volunteer.app.issueCard(text).click({ timeout: 20_000 });
  await expect(v.getByText(/居民反馈：部分解决：井盖东边还有一块没补/).first()).toBeVisible({ timeout: 20_000 });
  await liaison.app.syncChip().click();
  await l.goto(`${server.url}/w/demo-work`);
  await liaison.app.issueCard(text).click({ timeout: 20_000 });
  await l.getByRole('button', { name: '开始整改' }).click({ timeout: 20_000 });
  await l.getByRole('button', { name: '标记已整改' }).click();
  await l.getByLabel('拍照').setInputFiles({ name: 'fixed-2.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(l)) });
  await expect(l.getByRole('img', { name: '第 1 张照片', exact: true }).last()).toBeVisible({ timeout: 20_000 });
  await l.getByRole('button', { name: '标记已整改 ✓' }).click();
  await expect(l.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });
  await expect(async () => {
    await volunteer.app.syncChip().click();
    await expect(v.getByRole('button', { name: '核实已整改' })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await v.getByRole('button', { name: '核实已整改' }).click();
  await expect(v.getByText('已核实', { exact: true }).first()).toBeVisible();
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });

  // Before the retention period: staff's and the liaison's phones hold the number.
  await s.goto(`${server.url}/w/demo-work`);
  await staff.app.syncChip().click();
  await staff.app.issueCard(text).click({ timeout: 20_000 });
  await expect(s.getByText(PHONE)).toBeVisible({ timeout: 20_000 });
  expect(await deviceText(s)).toMatch(PHONE_IN_TEXT);
  expect(await deviceText(l)).toMatch(PHONE_IN_TEXT);

  // 31 days after the close (the round is run ahead by the test signal): past this work's 30 days, erased
  // on the server and on every phone that held it.
  server.signal('SIGUSR2');
  await expect.poll(() => server.output(), { timeout: 20_000 }).toMatch(/retention round 31 days ahead: erased 1\b/);
  for (const phone of [staff.app, liaison.app]) {
    await expect(async () => {
      await phone.syncChip().click();
      await expect(phone.page.getByText('问题办结已超过保存期限，联系方式已自动删除')).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(phone.page.getByText(PHONE)).toHaveCount(0);
    expect(await deviceText(phone.page)).not.toMatch(PHONE_IN_TEXT);
  }
  expect(await deviceText(v)).not.toMatch(PHONE_IN_TEXT);
  // The resident's page no longer says a contact is kept (there is nothing left to withdraw).
  await r.getByRole('button', { name: '刷新' }).click();
  await expect(r.locator('.status')).toHaveText('已解决');
  await expect(r.getByRole('button', { name: '撤回我的联系方式' })).toHaveCount(0);
  await r.screenshot({ path: 'test-results/resident-story-follow.png', fullPage: true });

  for (const c of [rctx, staff.ctx, volunteer.ctx, liaison.ctx]) await c.close();
});
