/**
 * A volunteer triages a resident's report offline: the report (sent through a poster) waits in the
 * volunteer's inbox as 居民反映待分诊; with the network off they decline it as not enough information,
 * with a note; once back online it syncs, and the resident's follow page shows the reason and the note.
 */
import { joinedPhone, openReportToTriageOffline } from './app';
import { solveProof } from '../unit/resident-proof';
import { expect, test } from './fixtures';

test('a volunteer declines a resident report offline; the resident reads why', async ({ browser, server }) => {
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  const volunteer = await joinedPhone(browser, server, 'volunteer', '志愿者老李');

  // Staff make a poster for the whole work; a resident reports through it (the page's requests, sent directly).
  const s = staff.app.page;
  await s.goto(`${server.url}/w/demo-work/admin`);
  await s.getByRole('button', { name: '生成海报' }).click();
  await expect(s.getByRole('status').filter({ hasText: '已生成海报' })).toBeVisible();
  await s.getByRole('link', { name: '打印 A4' }).first().click();
  const posterLink = (await s.locator('.poster-link').innerText()).trim();
  const poster = posterLink.split('#p=')[1]!;
  const text = `好像哪里有问题 ${Date.now()}`;
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/resident/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const { challenge, bits } = await post<{ challenge: string; bits: number }>('challenge', {});
  const receipt = await post<{ follow: string }>('report', {
    poster,
    clientId: `e2e-triage-${Date.now()}`,
    proof: { challenge, nonce: solveProof(challenge, bits) },
    category: 'other',
    description: text,
    photos: [],
    contact: null,
  });

  // The volunteer's inbox has it to triage; the volunteer goes offline and declines it.
  const v = await openReportToTriageOffline(volunteer, text);
  await v.getByRole('button', { name: '不予受理' }).click();
  await v.getByLabel('不予受理的原因（居民能看到）').selectOption({ label: '信息不够，无法处理' });
  await v.getByLabel('给居民的说明（可不填，居民能看到）').fill('请补充具体楼号和位置');
  await v.locator('section.triage').screenshot({ path: 'test-results/resident-triage.png' });
  await v.getByRole('button', { name: '不予受理 ✓' }).click();
  await expect(v.getByText('未采纳').first()).toBeVisible();
  await expect(v.getByRole('heading', { name: '居民扫码反映：请分诊' })).toHaveCount(0);
  expect(await v.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await volunteer.ctx.setOffline(false);
  await expect(v.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });

  // The resident's follow page says it was not taken up, why, and the note.
  const rctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const r = await rctx.newPage();
  await r.goto(`${server.url}/resident.html#f=${receipt.follow}`);
  await expect(r.locator('.status')).toHaveText('未采纳');
  await expect(r.getByText(/信息不够，无法处理：欢迎补充后重新反映 · 请补充具体楼号和位置/)).toBeVisible();
  for (const c of [rctx, staff.ctx, volunteer.ctx]) await c.close();
});
