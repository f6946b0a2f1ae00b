/**
 * issues end to end: the liaison's inbox (overdue before new; two taps to
 * acknowledge) and every role's badge; list filters; "me too" with residents'
 * contacts that staff see, the liaison sees only with consent, and another
 * volunteer never sees; a 1 MB description refused on the phone with nothing
 * lost; script in text shown as text.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { type JoinResponse, type Op, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { joinedPhone } from './app';
import { expect, test } from './fixtures';
import type { RunningServer } from './server';

const HOUR = 3_600_000;

/** A member made over the API, to set up history the browser cannot (a report made 30 hours ago). */
async function apiMember(server: RunningServer, role: 'volunteer' | 'liaison', name: string) {
  const res = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: server.codes[role], name, deviceId: `api-${role}` }),
  });
  const joined = (await res.json()) as JoinResponse;
  let n = 0;
  const push = async (op: Omit<Op, 'id' | 'work' | 'actor' | 'device' | 'hlc' | 'v'>, at = Date.now()) => {
    const full = {
      ...op,
      id: randomUUID(),
      work: 'demo-work',
      actor: joined.member.id,
      device: `api-${role}`,
      hlc: encodeStamp({ wall: at, counter: n++, node: `api-${role}` }),
      v: RULES_VERSION,
    };
    const r = await fetch(`${server.url}/api/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${joined.token}` },
      body: JSON.stringify({ clientVersion: RULES_VERSION, ops: [full] }),
    });
    const body = (await r.json()) as PushResponse;
    expect(body.results[0]!.status).toBe('accepted');
  };
  return { push };
}

const inbox = (page: Page) => page.getByRole('list', { name: '待您处理' });
const badge = (page: Page) => page.getByRole('status', { name: /^待您处理 \d+ 项$/ });
/** Other specs of this worker add issues too: open the whole inbox (20 cards at first, then "show more"). */
async function showWholeInbox(page: Page): Promise<void> {
  const more = page.getByRole('region', { name: /^待您处理/ }).getByRole('button', { name: '显示更多' });
  while ((await more.count()) > 0) await more.click();
}
async function badgeCount(page: Page): Promise<number> {
  const label = (await badge(page).getAttribute('aria-label')) ?? '';
  return Number(/(\d+)/.exec(label)?.[1]);
}

test('liaison inbox: overdue first, then new; acknowledging takes two taps; each role has its badge', async ({ browser, server }) => {
  const tag = Date.now().toString(36);
  const apiVolunteer = await apiMember(server, 'volunteer', '接线员');
  const apiLiaison = await apiMember(server, 'liaison', '施工队陈工');
  // Reported 30 hours ago and never answered: 6 hours past the 24-hour target.
  const overdueText = `挖掘机占道 ${tag}`;
  await apiVolunteer.push(
    {
      entity: 'issue',
      entityId: `overdue-${tag}`,
      kind: 'issue.create',
      payload: { category: 'access', description: overdueText, severity: 'high', pointId: null },
    } as never,
    Date.now() - 30 * HOUR,
  );
  // Disputed by the liaison: waits for staff (the joint meeting).
  const disputedText = `夜里打桩 ${tag}`;
  await apiVolunteer.push({
    entity: 'issue',
    entityId: `disputed-${tag}`,
    kind: 'issue.create',
    payload: { category: 'noise', description: disputedText, severity: 'medium', pointId: null },
  } as never);
  await apiLiaison.push({
    entity: 'issue',
    entityId: `disputed-${tag}`,
    kind: 'issue.transition',
    payload: { to: 'disputed', reason: '白天施工，不是我们' },
  } as never);
  // Resolved with an after photo: waits for a volunteer to verify.
  const fixedText = `井盖松动 ${tag}`;
  await apiVolunteer.push({
    entity: 'issue',
    entityId: `fixed-${tag}`,
    kind: 'issue.create',
    payload: { category: 'safety', description: fixedText, severity: 'high', pointId: null },
  } as never);
  await apiLiaison.push({
    entity: 'issue',
    entityId: `fixed-${tag}`,
    kind: 'issue.transition',
    payload: { to: 'acknowledged', plannedDate: '2099-01-01' },
  } as never);
  const hash = createHash('sha256').update(tag).digest('hex');
  await apiLiaison.push({
    entity: 'photo',
    entityId: `after-${tag}`,
    kind: 'photo.add',
    payload: {
      hash,
      size: 10,
      thumbHash: hash,
      thumbSize: 10,
      width: 10,
      height: 10,
      takenAt: null,
      location: null,
      phase: 'after',
      caption: '',
      targetType: 'issue',
      targetId: `fixed-${tag}`,
    },
  } as never);
  await apiLiaison.push({ entity: 'issue', entityId: `fixed-${tag}`, kind: 'issue.transition', payload: { to: 'resolved' } } as never);

  const volunteer = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
  const newText = `工地扬尘很大 ${tag}`;
  await volunteer.app.recordComplaint({ category: '扬尘', description: newText });
  await expect(volunteer.app.issueCard(newText)).toContainText('已同步', { timeout: 20_000 });
  // The volunteer's badge: the fix to verify.
  await expect(inbox(volunteer.app.page).getByRole('listitem').filter({ hasText: fixedText })).toContainText('待核实');
  expect(await badgeCount(volunteer.app.page)).toBeGreaterThanOrEqual(1);

  // A name of its own: other specs on this worker's server join liaisons called 施工队吴工 too, and the
  // assignee filter below picks by name.
  const liaisonName = `施工队吴工 ${tag}`;
  const liaison = await joinedPhone(browser, server, 'liaison', liaisonName);
  const l = liaison.app.page;
  const items = inbox(l).getByRole('listitem');
  await expect(items.filter({ hasText: overdueText })).toBeVisible({ timeout: 20_000 });
  await showWholeInbox(l);
  await expect(items.filter({ hasText: newText })).toContainText('新上报');
  await expect(items.filter({ hasText: overdueText })).toContainText('已逾期 · 逾期 6 小时');
  const texts = await items.allTextContents();
  const at = (s: string) => texts.findIndex((x) => x.includes(s));
  expect(at(overdueText)).toBeLessThan(at(newText));
  expect(at(disputedText)).toBe(-1); // disputed waits for staff, not for the liaison
  const before = await badgeCount(l);
  expect(before).toBeGreaterThanOrEqual(2);

  // Two taps: 确认 on the card, then 确认受理 in the sheet with the date already filled in.
  await items
    .filter({ hasText: newText })
    .getByRole('button', { name: /^确认：/ })
    .click();
  const sheet = l.getByRole('dialog', { name: '确认受理这条问题' });
  await expect(sheet.getByLabel('计划整改日期')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  await sheet.getByRole('button', { name: '确认受理' }).click();
  await expect(sheet).toBeHidden();
  await expect(l.getByRole('status').filter({ hasText: '已确认受理' })).toBeVisible();
  await expect(items.filter({ hasText: newText })).toHaveCount(0);
  await expect.poll(() => badgeCount(l)).toBe(before - 1);
  await expect(liaison.app.issueCard(newText)).toContainText('已同步', { timeout: 20_000 });

  // Staff's badge: the disputed issue, for the meeting. The volunteer sees the acknowledgement and its clock.
  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  await expect(inbox(staff.app.page).getByRole('listitem').filter({ hasText: disputedText })).toContainText('有异议');
  expect(await badgeCount(staff.app.page)).toBeGreaterThanOrEqual(1);
  await volunteer.app.issueCard(newText).click();
  await expect(volunteer.app.page.getByText('已受理', { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await expect(volunteer.app.page.getByRole('region', { name: '处理时效' })).toContainText(/已确认用时 \d+ 分钟/);

  // Filters: staff narrows the list to dust, then to disputed ones.
  const s = staff.app.page;
  const list = s.getByRole('list', { name: '问题与投诉' });
  await s.getByText('筛选', { exact: true }).click();
  await s.getByLabel('类别').selectOption({ label: '扬尘' });
  await expect(list.getByRole('link', { name: new RegExp(newText) })).toBeVisible();
  await expect(list.getByRole('link', { name: new RegExp(disputedText) })).toHaveCount(0);
  await s.getByLabel('类别').selectOption({ label: '全部' });
  await s.getByRole('combobox', { name: '状态', exact: true }).selectOption({ label: '有异议' });
  await expect(list.getByRole('link', { name: new RegExp(disputedText) })).toBeVisible();
  await expect(list.getByRole('link', { name: new RegExp(newText) })).toHaveCount(0);
  await s.getByLabel('负责人').selectOption({ label: liaisonName });
  await expect(s.getByText('没有符合筛选条件的记录。')).toBeVisible();
  await s.getByRole('combobox', { name: '状态', exact: true }).selectOption({ label: '已受理' });
  await expect(list.getByRole('link', { name: new RegExp(newText) })).toBeVisible();

  for (const p of [volunteer, liaison, staff]) await p.ctx.close();
});

test('me too: a second resident joins an open issue nearby; their contacts reach staff, the liaison only with consent, never another volunteer', async ({
  browser,
  server,
}) => {
  const tag = Date.now().toString(36);
  const text = `沟槽边污水外溢 ${tag}`;
  const first = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
  const f = first.app.page;
  await f.getByRole('link', { name: /记录居民投诉/ }).click();
  await f.getByRole('radio', { name: '污水 / 排水' }).check();
  await f.getByLabel('情况描述').fill(text);
  await f.getByLabel('点位（可不选）').selectOption({ label: '南门雨水检查井' });
  await f.getByLabel('居民称呼（可不填）').fill('李阿姨');
  await f.getByLabel('居民电话（可不填）').fill('139 1111 2222');
  await f.getByRole('button', { name: '保存', exact: true }).click();
  await expect(first.app.issueCard(text)).toContainText('已同步', { timeout: 20_000 });

  // Another volunteer, another phone: same category, same point → the open issue is offered.
  const second = await joinedPhone(browser, server, 'volunteer', '王伯');
  const v = second.app.page;
  await v.getByRole('link', { name: /记录居民投诉/ }).click();
  await v.getByRole('radio', { name: '污水 / 排水' }).check();
  await v.getByLabel('点位（可不选）').selectOption({ label: '南门雨水检查井' });
  const offer = v.getByRole('region', { name: '附近已有同类问题' });
  await expect(offer.getByRole('link', { name: new RegExp(text) })).toBeVisible({ timeout: 20_000 });
  await v.getByLabel('居民称呼（可不填）').fill('张师傅');
  await v.getByLabel('居民电话（可不填）').fill('137 3333 4444');
  await v.getByLabel('居民同意把联系方式提供给施工方').check();
  await offer.getByRole('button', { name: new RegExp(`^我也受影响：${text}`) }).click();
  await expect(v.getByRole('status').filter({ hasText: '受影响居民增加 1 户' })).toBeVisible();
  await expect(v.getByRole('button', { name: /^同步状态/ })).toHaveAccessibleName(/已同步/, { timeout: 20_000 });

  const staff = await joinedPhone(browser, server, 'staff', '社区小王');
  await staff.app.issueCard(text).click({ timeout: 20_000 });
  await expect(staff.app.page.getByText('受影响居民 2 户')).toBeVisible({ timeout: 20_000 });
  const staffContacts = staff.app.page.getByRole('region', { name: '居民联系方式' });
  await expect(staffContacts).toContainText('139 1111 2222');
  await expect(staffContacts).toContainText('137 3333 4444');

  const liaison = await joinedPhone(browser, server, 'liaison', '施工队吴工');
  await liaison.app.issueCard(text).click({ timeout: 20_000 });
  await expect(liaison.app.page.getByText('受影响居民 2 户')).toBeVisible({ timeout: 20_000 });
  await expect(liaison.app.page.getByRole('region', { name: '居民联系方式' })).toContainText('137 3333 4444');
  await expect(liaison.app.page.locator('body')).not.toContainText('139 1111 2222');

  // The volunteers see the count, and no phone number at all (the first one's phone dropped it once sent).
  for (const p of [first, second]) {
    await p.app.page.goto(`${server.url}/w/demo-work`);
    await p.app.issueCard(text).click();
    await expect(p.app.page.getByText('受影响居民 2 户')).toBeVisible({ timeout: 20_000 });
    await expect(p.app.page.locator('body')).not.toContainText('139 1111 2222');
    await expect(p.app.page.locator('body')).not.toContainText('137 3333 4444');
    const held = await p.app.page.evaluate(async () => {
      const req = indexedDB.open('sitewatch');
      const db = await new Promise<IDBDatabase>((resolve) => (req.onsuccess = () => resolve(req.result)));
      const tx = db.transaction(['contacts', 'outbox', 'sent'], 'readonly');
      const all = (name: string) =>
        new Promise<unknown[]>((resolve) => {
          const r = tx.objectStore(name).getAll();
          r.onsuccess = () => resolve(r.result);
        });
      return JSON.stringify([await all('contacts'), await all('outbox'), await all('sent')]);
    });
    expect(held).not.toContain('1111 2222');
    expect(held).not.toContain('3333 4444');
  }
  for (const p of [first, second, staff, liaison]) await p.ctx.close();
});

test('a 1 MB description is refused on the phone with everything kept; script in text is shown as text', async ({ browser, server }) => {
  const { ctx, app } = await joinedPhone(browser, server, 'volunteer', '孙阿姨');
  const p = app.page;
  await p.getByRole('link', { name: /记录居民投诉/ }).click();
  await p.getByRole('radio', { name: '噪音扰民' }).check();
  const huge = '噪'.repeat(1_000_000);
  await p.getByLabel('情况描述').fill(huge);
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await expect(p.getByRole('alert')).toContainText('情况描述太长了（1000000 字），最多 2000 字');
  expect((await p.getByLabel('情况描述').inputValue()).length).toBe(1_000_000);
  expect(
    await p.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const r = indexedDB.open('sitewatch');
          r.onsuccess = () => {
            const q = r.result.transaction('outbox').objectStore('outbox').count();
            q.onsuccess = () => resolve(q.result);
          };
        }),
    ),
  ).toBe(0);

  const script = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> ${Date.now()}`;
  await p.getByLabel('情况描述').fill(script);
  await p.getByRole('button', { name: '保存', exact: true }).click();
  await expect(app.issueCard(script)).toBeVisible();
  await expect(app.issueCard(script)).toContainText('<script>window.__pwned = 1</script>');
  await app.issueCard(script).click();
  await expect(p.getByText(script)).toBeVisible();
  expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await ctx.close();
});

/** A calendar day in China time, `days` from now, as the date inputs take it. */
function chinaDay(days: number): string {
  return new Date(Date.now() + 8 * HOUR + days * 24 * HOUR).toISOString().slice(0, 10);
}

test("the liaison's 待整改 list: acknowledged issues move there, late ones first, then by planned date; a second phone sees the same", async ({
  browser,
  server,
}) => {
  const tag = Date.now().toString(36);
  const apiVolunteer = await apiMember(server, 'volunteer', '接线员');
  const apiLiaison = await apiMember(server, 'liaison', '施工队陈工');
  const create = (id: string, description: string, at?: number) =>
    apiVolunteer.push(
      { entity: 'issue', entityId: id, kind: 'issue.create', payload: { category: 'access', description, severity: 'medium', pointId: null } } as never,
      at,
    );
  // Reported 9 days ago, acknowledged for a date still ahead: 2 days past the work's 7-day target all the same.
  const lateText = `围挡倒了没扶 ${tag}`;
  await create(`late-${tag}`, lateText, Date.now() - 9 * 24 * HOUR);
  await apiLiaison.push({
    entity: 'issue',
    entityId: `late-${tag}`,
    kind: 'issue.transition',
    payload: { to: 'acknowledged', plannedDate: chinaDay(5) },
  } as never);
  const laterText = `路灯不亮 ${tag}`;
  await create(`later-${tag}`, laterText);
  await apiLiaison.push({
    entity: 'issue',
    entityId: `later-${tag}`,
    kind: 'issue.transition',
    payload: { to: 'acknowledged', plannedDate: chinaDay(20) },
  } as never);
  const newText = `草坪被压坏 ${tag}`;
  await create(`new-${tag}`, newText);

  const liaisonName = `施工队钱工 ${tag}`;
  const first = await joinedPhone(browser, server, 'liaison', liaisonName);
  const l = first.app.page;
  const toFix = (page: Page) => page.getByRole('list', { name: '待整改' });
  const fixTexts = async (page: Page) => (await toFix(page).getByRole('listitem').allTextContents()).filter((x) => x.includes(tag));
  await expect(toFix(l).getByRole('listitem').filter({ hasText: laterText })).toContainText(`计划 ${chinaDay(20)} 前整改`, { timeout: 20_000 });
  await expect(toFix(l).getByRole('listitem').filter({ hasText: lateText })).toContainText('逾期 2 天');
  // Taken on already: not in the inbox, which holds what still needs an answer.
  await showWholeInbox(l);
  await expect(inbox(l).getByRole('listitem').filter({ hasText: lateText })).toHaveCount(0);
  await expect(inbox(l).getByRole('listitem').filter({ hasText: newText })).toContainText('新上报');

  // Acknowledge the new report for a week from now: it leaves the inbox and takes its place by date.
  await inbox(l)
    .getByRole('listitem')
    .filter({ hasText: newText })
    .getByRole('button', { name: /^确认：/ })
    .click();
  const sheet = l.getByRole('dialog', { name: '确认受理这条问题' });
  await sheet.getByLabel('计划整改日期').fill(chinaDay(7));
  await sheet.getByRole('button', { name: '确认受理' }).click();
  await expect(inbox(l).getByRole('listitem').filter({ hasText: newText })).toHaveCount(0);
  await expect(toFix(l).getByRole('listitem').filter({ hasText: newText })).toContainText(`计划 ${chinaDay(7)} 前整改`);
  const order = [lateText, newText, laterText];
  await expect.poll(() => fixTexts(l).then((xs) => xs.map((x) => order.findIndex((o) => x.includes(o))))).toEqual([0, 1, 2]);
  await expect(first.app.issueCard(newText)).toContainText('已同步', { timeout: 20_000 });

  // The other liaison's phone: the same list in the same order; the issue's history names who acknowledged it.
  const second = await joinedPhone(browser, server, 'liaison', `施工队孙工 ${tag}`);
  const s = second.app.page;
  await expect.poll(() => fixTexts(s).then((xs) => xs.map((x) => order.findIndex((o) => x.includes(o)))), { timeout: 20_000 }).toEqual([0, 1, 2]);
  await toFix(s)
    .getByRole('link', { name: new RegExp(newText) })
    .click();
  await expect(s.getByRole('region', { name: '处理记录' })).toContainText(`${liaisonName}（施工联络人） 将状态改为“已受理”`);

  for (const p of [first, second]) await p.ctx.close();
});
