/** Faults on the device: a second tab, a server that cannot read the request, a full disk. */
import { SitewatchApp } from './app';
import { expect, test } from './fixtures';

test('two tabs on one phone: each op is pushed once, and both tabs see it synced', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const first = new SitewatchApp(await ctx.newPage(), server);
  await first.join('volunteer', '赵大爷');
  await first.waitUntilReadyOffline();
  const second = new SitewatchApp(await ctx.newPage(), server);
  await second.page.goto(server.url + '/');
  await expect(second.syncChip()).toHaveAccessibleName(/已同步/);

  // Count, per op id, the pushes the server answered.
  const pushedIds: string[] = [];
  ctx.on('requestfinished', async (req) => {
    if (!req.url().includes('/api/sync/push')) return;
    const res = await req.response();
    if (res?.status() !== 200) return;
    for (const op of (req.postDataJSON() as { ops: { id: string }[] }).ops) pushedIds.push(op.id);
  });

  await ctx.setOffline(true);
  const offlineText = `两个标签页离线记录 ${Date.now()}`;
  await second.recordComplaint({ category: '扬尘', description: offlineText });
  const onlineText = `两个标签页在线记录 ${Date.now()}`;
  await first.recordComplaint({ category: '安全隐患', description: onlineText });
  await ctx.setOffline(false);

  for (const app of [first, second]) {
    for (const text of [offlineText, onlineText]) {
      await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
    }
  }
  // One more written in the tab that does not lead syncing, while online.
  const laterText = `第二个标签页在线记录 ${Date.now()}`;
  await second.recordComplaint({ category: '停车', description: laterText });
  await expect(second.issueCard(laterText)).toContainText('已同步', { timeout: 20_000 });
  await expect(first.issueCard(laterText)).toContainText('已同步', { timeout: 20_000 });

  expect(pushedIds.length).toBe(3);
  expect(new Set(pushedIds).size).toBe(3);
  await ctx.close();
});

test('a request the server cannot read leaves the outbox untouched and says so', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '钱阿姨');
  await app.waitUntilReadyOffline();
  await ctx.route('**/api/sync/push', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'bad_request', message: 'ops.0.payload: something the server could not read' } }),
    }),
  );
  const text = `服务器读不懂的请求 ${Date.now()}`;
  await app.recordComplaint({ category: '污水 / 排水', description: text });
  await expect(app.page.getByRole('alert')).toContainText('同步失败');
  await expect(app.page.getByRole('alert')).toContainText('数据已保存在手机上');
  await expect(app.issueCard(text)).toContainText('待同步');
  await app.page.reload();
  await expect(app.issueCard(text)).toContainText('待同步');

  await ctx.unroute('**/api/sync/push');
  await app.syncChip().click();
  await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
  await expect(app.page.getByRole('alert')).toHaveCount(0);
  await ctx.close();
});

// Chromium ignores quota overrides in Playwright's incognito-like contexts, so the
// browser's answer to a full disk is simulated: IndexedDB writes throw the
// QuotaExceededError a real browser raises.
test('a full phone storage (simulated QuotaExceededError) says so, keeps what was typed, and saves once there is room', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  await ctx.addInitScript(() => {
    const w = window as unknown as { __diskFull: boolean };
    w.__diskFull = false;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
        if (w.__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
  });
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '孙师傅');
  await app.waitUntilReadyOffline();
  const earlier = `存储满之前保存的 ${Date.now()}`;
  await app.recordComplaint({ category: '噪音扰民', description: earlier });

  await app.page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = true));
  const text = `存储满了也不能丢 ${Date.now()}`;
  await app.page.getByRole('link', { name: /记录居民投诉/ }).click();
  await app.page.getByRole('radio', { name: '其他' }).check();
  await app.page.getByLabel('情况描述').fill(text);
  await app.page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.page.getByRole('alert')).toContainText('手机存储空间已满');
  await expect(app.page.getByLabel('情况描述')).toHaveValue(text);

  await app.page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = false));
  await app.page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.issueCard(text)).toBeVisible();
  // What was saved before the disk filled up is still there.
  await expect(app.issueCard(earlier)).toBeVisible();
  await ctx.close();
});

test('the network cut mid-push (after the server committed), a reload, the network back: the complaint arrives once', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('volunteer', '郑阿姨');
  await app.waitUntilReadyOffline();

  // The push reaches the server and is committed, but its answer never comes back.
  let delivered = 0;
  await ctx.route('**/api/sync/push', async (route) => {
    await route.fetch().catch(() => undefined);
    delivered++;
    // The page may have gone (reload) while the request was held: nothing left to abort then.
    await route.abort('connectionreset').catch(() => undefined);
  });
  const text = `推送中途断网 ${Date.now()}`;
  await app.recordComplaint({ category: '污水 / 排水', description: text });
  await expect.poll(() => delivered).toBeGreaterThan(0);
  await expect(app.issueCard(text)).toContainText('待同步');
  await app.page.reload();
  await expect(app.issueCard(text)).toContainText('待同步');

  await ctx.unroute('**/api/sync/push');
  await app.syncChip().click();
  await expect(app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });
  await expect(app.issueCard(text)).toHaveCount(1);

  const staffDevice = await browser.newContext();
  const staff = new SitewatchApp(await staffDevice.newPage(), server);
  await staff.join('staff', '社区小陈');
  await expect(staff.issueCard(text)).toBeVisible({ timeout: 20_000 });
  await expect(staff.issueCard(text)).toHaveCount(1);
  await staffDevice.close();
  await ctx.close();
});
