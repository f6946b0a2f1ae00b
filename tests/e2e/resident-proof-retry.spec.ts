/**
 * The resident page's proof of work, refused: the page gets a fresh challenge and sends again by itself.
 * A challenge taken already (two taps raced, or the phone slept past its 10 minutes: the server refuses
 * both alike) costs the resident nothing: one tap, one receipt, one report on staff's list. A challenge
 * that grew old while the page solved it (the phone slept) is replaced before it is sent. When every try
 * is refused, the page says so in plain words; the text and the photo survive a reload, and the next tap
 * goes through.
 */
import type { Browser, Page, Route } from '@playwright/test';
import { testPort } from '../ports';
import { solveProof } from '../unit/resident-proof';
import { type SitewatchApp, joinedPhone } from './app';
import { expect, test } from '@playwright/test';
import { makeJpeg } from './images';
import { type RunningServer, startServer } from './server';

let server: RunningServer;
let staff: Awaited<ReturnType<typeof joinedPhone>>;
let posterLink: string;

// Its own server, behind a "proxy": each resident's phone has its own address, so the hourly limit of
// reports per address (a few sends per test here) stays out of the way.
test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  server = await startServer({ port: testPort(4550 + testInfo.parallelIndex), env: { SITEWATCH_TRUST_PROXY: '1' } });
  staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const s = staff.app.page;
  await s.goto(`${server.url}/w/demo-work/admin`);
  await s.getByRole('button', { name: '生成海报' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已生成海报' })).toBeVisible();
  await s.getByRole('link', { name: '打印 A4' }).first().click();
  posterLink = (await s.locator('.poster-link').innerText()).trim();
});
test.afterAll(async () => {
  await staff?.ctx.close();
  await server?.stop();
});

let address = 0;
/** A resident's phone, 320 px wide, from an address of its own. */
async function residentPhone(browser: Browser) {
  const ctx = await browser.newContext({
    viewport: { width: 320, height: 640 },
    isMobile: true,
    hasTouch: true,
    serviceWorkers: 'block',
    extraHTTPHeaders: { 'X-Forwarded-For': `10.9.0.${++address}` },
  });
  const page = await ctx.newPage();
  const sent = { challenges: 0, reports: 0 };
  page.on('request', (r) => {
    if (r.url().endsWith('/api/resident/challenge')) sent.challenges++;
    if (r.url().endsWith('/api/resident/report')) sent.reports++;
  });
  return { ctx, page, sent };
}

async function fillReport(r: Page, text: string): Promise<void> {
  await r.goto(posterLink);
  await r.getByRole('radio', { name: '安全隐患' }).check();
  await r.getByLabel('请描述一下').fill(text);
  await r.getByLabel('添加照片').setInputFiles({ name: 'crack.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(await makeJpeg(r)) });
  await expect(r.getByRole('button', { name: '删除第 1 张照片' })).toBeVisible({ timeout: 20_000 });
}

async function staffSeeOnce(app: SitewatchApp, text: string): Promise<void> {
  await app.page.goto(`${server.url}/w/demo-work`);
  await app.syncChip().click();
  await expect(app.issueCard(text)).toBeVisible({ timeout: 20_000 });
  await expect(app.issueCard(text)).toHaveCount(1);
}

test('a challenge taken already is replaced by the page itself: one tap, one receipt, one report', async ({ browser }) => {
  const { ctx, page: r, sent } = await residentPhone(browser);
  const text = `围挡倒了一块，挡住人行道 ${Date.now()}`;
  await fillReport(r, text);

  // The first challenge the page gets is used up by someone else before the page sends it (as when
  // two taps race): the server has taken it, and refuses the page's proof.
  let first = true;
  await r.route('**/api/resident/challenge', async (route: Route) => {
    if (!first) return route.continue();
    first = false;
    const res = await route.fetch();
    const issued = (await res.json()) as { challenge: string; bits: number };
    const spend = await fetch(`${server.url}/api/resident/report`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.9.9.9' },
      body: JSON.stringify({
        poster: 'x'.repeat(43),
        clientId: 'f'.repeat(32),
        proof: { challenge: issued.challenge, nonce: solveProof(issued.challenge, issued.bits) },
        category: 'other',
        description: 'a poster that does not exist: the challenge is taken, nothing is kept',
        photos: [],
        contact: null,
      }),
    });
    expect(spend.status).toBe(404);
    await route.fulfill({ response: res, json: issued });
  });

  await r.getByRole('button', { name: '提交' }).click();
  await expect(r.getByRole('heading', { name: '已收到您的反映' })).toBeVisible({ timeout: 30_000 });
  await expect(r.getByText(/编号 JM-\d{4}/)).toBeVisible();
  // Refused once, sent again with a fresh challenge.
  expect(sent).toEqual({ challenges: 2, reports: 2 });
  await staffSeeOnce(staff.app, text);
  await ctx.close();
});

test('a challenge that grew old while the phone slept is replaced before it is sent', async ({ browser }) => {
  const { ctx, page: r, sent } = await residentPhone(browser);
  await r.clock.install();
  const text = `夜里十一点还在打桩 ${Date.now()}`;
  await fillReport(r, text);

  // The phone sleeps 11 minutes while its first challenge is on the way: by the page's clock it is past
  // its 10 minutes (the server would refuse it); the page asks for a new one instead of sending it.
  let first = true;
  await r.route('**/api/resident/challenge', async (route: Route) => {
    if (first) await r.clock.fastForward('11:00');
    first = false;
    await route.continue();
  });

  await r.getByRole('button', { name: '提交' }).click();
  await expect(r.getByRole('heading', { name: '已收到您的反映' })).toBeVisible({ timeout: 30_000 });
  expect(sent).toEqual({ challenges: 2, reports: 1 });
  await ctx.close();
});

test('when every try is refused the page says what to do, keeps the text and photo, and the next tap goes through', async ({ browser }) => {
  const { ctx, page: r, sent } = await residentPhone(browser);
  const text = `小区东门的路挖开了没有盖板 ${Date.now()}`;
  await fillReport(r, text);

  // Every challenge the page gets is one the server no longer knows (as after a long sleep).
  await r.route('**/api/resident/challenge', (route: Route) =>
    route.fulfill({ json: { challenge: `gone${Math.random().toString(36).slice(2)}`.padEnd(43, 'x'), bits: 16, expiresAt: Date.now() + 600_000 } }),
  );
  await r.getByRole('button', { name: '提交' }).click();
  const alert = r.getByRole('alert');
  await expect(alert).toContainText('连着试了几次', { timeout: 30_000 });
  await expect(alert).toContainText('内容和照片都还在这台手机上');
  await expect(alert).toContainText('请过几分钟再点“提交”');
  // Three sends in all, no more.
  expect(sent.reports).toBe(3);
  expect(await r.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await r.screenshot({ path: 'test-results/resident-proof-refused.png', fullPage: true });

  // Nothing lost on a reload; and a reload does not send again by itself (the resident was told to tap).
  await r.reload();
  await expect(r.getByLabel('请描述一下')).toHaveValue(text);
  await expect(r.getByRole('button', { name: '删除第 1 张照片' })).toBeVisible();
  expect(sent.reports).toBe(3);

  // A few minutes later the server takes it.
  await r.unroute('**/api/resident/challenge');
  await r.getByRole('button', { name: '提交' }).click();
  await expect(r.getByRole('heading', { name: '已收到您的反映' })).toBeVisible({ timeout: 30_000 });
  expect(sent.reports).toBe(4);
  await staffSeeOnce(staff.app, text);
  await ctx.close();
});
