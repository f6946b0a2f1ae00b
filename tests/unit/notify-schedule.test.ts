/**
 * Notifications over time, on both stores, against real receivers on loopback: non-urgent messages
 * batched per 5 minutes (urgent ones at once), the 08:00 digest and Monday summary (once, however many
 * workers; after quiet hours), reminders before the fix deadline and the planned date, the escalation
 * delay staff set per work, Web Push through a push-service stand-in that decrypts the payload, and old
 * rows deleted in bounded rounds. The worker's clock is injected: nothing sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type IssueState } from '../../src/core';
import { NOTIFY_EVENT_KINDS } from '../../src/core/notify';
import { BATCH_WINDOW_MS, type DeliveryLogEntry, type NotifyPrefs, chinaDay, digestTimeOf, isMonday, plannedDeadline } from '../../src/core/notify';
import { Notifier, PRUNE_LIMIT, RETENTION_MS } from '../../sync-server/notify/notifier';
import { type Member, type TestServer, issueCreate, issueTransition, startServer } from './harness';
import { type HttpReceiver, type PushService, type SmtpReceiver, httpReceiver, pushService, smtpReceiver } from './notify-receivers';

let s: TestServer;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let push: PushService;
let staff: Member;
let liaison: Member;
let volunteer: Member;
let clock = Date.now();
let notifier: Notifier;
const workers: Notifier[] = [];

const worker = (extra: Partial<ConstructorParameters<typeof Notifier>[0]> = {}) => {
  const w = new Notifier({ store: s.store, baseUrl: 'https://sitewatch.example.cn', now: () => clock, random: () => 0.5, pushOrigins: [push.base], ...extra });
  workers.push(w);
  return w;
};

const prefs = (over: Partial<NotifyPrefs>): NotifyPrefs => ({
  events: [...NOTIFY_EVENT_KINDS],
  email: null,
  mobile: null,
  viaEmail: false,
  viaWecom: false,
  viaSms: false,
  quiet: null,
  language: 'zh-CN',
  ...over,
});

const wecom = () => http.received.filter((r) => r.path === '/cgi-bin/webhook/send').map((r) => JSON.stringify(r.json));
/** A mail's text with quoted-printable undone (nodemailer encodes Chinese so). */
const decoded = (data: string) =>
  Buffer.from(
    data.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to)).map((m) => decoded(m.data));
const inbox = async (m: Member) =>
  (await s.call<{ items: Array<{ issue: string; kind: string; key: string }>; unread: number }>('GET', '/api/notify/inbox', m.token)).body;
const kinds = async (m: Member, issue: string) => (await inbox(m)).items.filter((i) => i.issue === issue).map((i) => i.kind);
const log = async () => (await s.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/api/notify/deliveries?limit=200', staff.token)).body.deliveries;

beforeAll(async () => {
  http = await httpReceiver();
  smtp = await smtpReceiver();
  push = await pushService();
  s = await startServer({ label: 'notify-schedule', pushOrigins: [push.base] });
  staff = await s.join('staff', '王社工');
  liaison = await s.join('liaison', '李联络');
  volunteer = await s.join('volunteer', '张阿姨');
  notifier = worker({ summaries: false });
  const put = (body: unknown) => s.call('PUT', '/api/notify/channels', staff.token, body);
  expect((await put({ channel: 'wecom', config: { enabled: true, url: `${http.base}/cgi-bin/webhook/send?key=robot-key-123456` } })).status).toBe(200);
  const email = { enabled: true, host: '127.0.0.1', port: smtp.port, secure: false, user: '', pass: '', from: 'sitewatch@example.cn' };
  expect((await put({ channel: 'email', config: email })).status).toBe(200);
  expect((await s.call('PUT', '/api/notify/prefs', liaison.token, prefs({ email: 'li@example.cn', viaEmail: true }))).status).toBe(200);
  // Staff keep the default quiet hours' end late: 07:00–09:00, so the 08:00 digest waits for 09:00 by e-mail.
  const staffPrefs = prefs({ email: 'wang@example.cn', viaEmail: true, quiet: { from: '07:00', to: '09:00' } });
  expect((await s.call('PUT', '/api/notify/prefs', staff.token, staffPrefs)).status).toBe(200);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await s.close();
  await Promise.all([http.close(), smtp.close(), push.close()]);
});

describe('batching: at most one message per 5 minutes per person and channel, urgent ones at once', () => {
  it('three ordinary complaints in one window become one message listing them; an urgent one goes alone at once', async () => {
    const windowStart = Math.ceil(Date.now() / BATCH_WINDOW_MS) * BATCH_WINDOW_MS + BATCH_WINDOW_MS;
    clock = windowStart + 60_000;
    const ordinary = [
      issueCreate(volunteer, { category: 'dust' }),
      issueCreate(volunteer, { category: 'noise' }),
      issueCreate(volunteer, { category: 'parking' }),
    ];
    const urgent = issueCreate(volunteer, { severity: 'high', category: 'safety' });
    const before = { robot: wecom().length, mail: mailsTo('li@example.cn').length };
    expect(await s.outcomes(volunteer.token, [...ordinary, urgent])).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    await notifier.drain();

    // At once: the urgent one, alone, on both channels; the in-app list has all four already.
    let robot = wecom().slice(before.robot);
    expect(robot).toHaveLength(1);
    // Named by the number the server gave it when it accepted the report.
    const numberOf = async (id: string) => ((await s.store.notify.entity('issue', id)) as IssueState).number;
    expect(robot[0]).toContain(`【紧急】新问题 #${await numberOf(urgent.entityId)} · `);
    expect(robot[0]).toContain(urgent.entityId);
    expect(mailsTo('li@example.cn').slice(before.mail)).toHaveLength(1);
    expect((await inbox(liaison)).items.filter((i) => [...ordinary, urgent].some((o) => o.entityId === i.issue))).toHaveLength(4);

    // Within the window: nothing more.
    clock = windowStart + BATCH_WINDOW_MS - 1_000;
    await notifier.drain();
    expect(wecom().length - before.robot).toBe(1);

    // At its end: one message per channel listing the three, each with its link.
    clock = windowStart + BATCH_WINDOW_MS;
    await notifier.drain();
    robot = wecom().slice(before.robot);
    expect(robot).toHaveLength(2);
    expect(robot[1]).toContain('新问题 ×3');
    for (const op of ordinary) expect(robot[1]).toContain(`/issues/${op.entityId}`);
    expect(robot[1]).toContain(`> #${await numberOf(ordinary[0]!.entityId)} · 类别: 扬尘`);
    const mails = mailsTo('li@example.cn').slice(before.mail);
    expect(mails).toHaveLength(2);
    expect(mails[1]).toContain('新问题 ×3');
    for (const op of ordinary) expect(mails[1]).toContain(op.entityId);

    // Staff see each delivery, marked as sent in a batch.
    const entries = (await log()).filter((e) => ordinary.some((o) => o.entityId === e.issue));
    expect(entries.map((e) => `${e.channel}:${e.state}:${e.batched}`).sort()).toEqual([
      'email:sent:true',
      'email:sent:true',
      'email:sent:true',
      'wecom:sent:true',
      'wecom:sent:true',
      'wecom:sent:true',
    ]);
  });
});

describe('reminders and escalation', () => {
  it('staff set the escalation delay per work; the liaison is reminded before the fix deadline and the planned date, then staff are told', async () => {
    const settings = { escalateAfterHours: 2, remindBeforeHours: 24, digest: false, weekly: false };
    expect((await s.call('PUT', '/api/notify/settings', liaison.token, settings)).status).toBe(403);
    expect((await s.call('PUT', '/api/notify/settings', staff.token, { ...settings, escalateAfterHours: 0 })).status).toBe(400);
    expect((await s.call('PUT', '/api/notify/settings', staff.token, settings)).status).toBe(200);
    expect((await s.call<{ settings: unknown }>('GET', '/api/notify/settings', staff.token)).body.settings).toEqual(settings);

    const t0 = Date.now();
    clock = t0;
    const late = issueCreate(volunteer);
    const planned = issueCreate(volunteer);
    await s.outcomes(volunteer.token, [late, planned]);
    await notifier.drain();
    const date = chinaDay(t0 + 3 * DAY_MS);
    await s.outcomes(liaison.token, [issueTransition(liaison, planned.entityId, { to: 'acknowledged', plannedDate: date })]);
    await notifier.drain();

    // Unanswered past the 24-hour target, then the work's 2 hours more: staff are told (not after the default day).
    clock = t0 + 24 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(staff, late.entityId)).toEqual([]);
    clock = t0 + 26 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(staff, late.entityId)).toEqual(['escalated']);

    // The planned date: a day before its end, a reminder; after it, overdue; 2 hours later, staff.
    const deadline = plannedDeadline(date);
    clock = deadline - 24 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(liaison, planned.entityId)).toEqual(['plannedDueSoon', 'new']);
    clock = deadline + 60_000;
    await notifier.drain();
    expect((await kinds(liaison, planned.entityId))[0]).toBe('plannedOverdue');
    clock = deadline + 2 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(staff, planned.entityId)).toEqual(['escalated']);

    // The fix deadline (7 days): reminded a day before, on both issues still owed.
    clock = t0 + 6 * DAY_MS + 60_000;
    await notifier.drain();
    expect(await kinds(liaison, late.entityId)).toContain('fixDueSoon');
    expect(await kinds(liaison, planned.entityId)).toContain('fixDueSoon');
  });
});

describe('the 08:00 digest and the Monday summary', () => {
  it('staff and liaisons get one digest a day (staff after their quiet hours by e-mail), staff the weekly summary on Monday, once whatever the workers', async () => {
    expect(
      (await s.call('PUT', '/api/notify/settings', staff.token, { escalateAfterHours: 24, remindBeforeHours: 24, digest: true, weekly: true })).status,
    ).toBe(200);
    // The next Monday (China time), a minute after 08:00.
    let day = chinaDay(Date.now() + 8 * DAY_MS);
    while (!isMonday(day)) day = chinaDay(digestTimeOf(day) + DAY_MS);
    // Every clock of the earlier issues fires first (escalations are urgent: they pass quiet hours).
    clock = digestTimeOf(day) - HOUR_MS;
    await notifier.drain();
    clock = digestTimeOf(day) + 60_000;
    const before = { robot: wecom().length, staffMail: mailsTo('wang@example.cn').length };
    const a = worker();
    const b = worker();
    await Promise.all([a.drain(), b.drain(), a.drain()]);

    const digests = async (m: Member) => (await inbox(m)).items.filter((i) => i.kind === 'digest' || i.kind === 'weekly').map((i) => i.kind);
    expect((await digests(staff)).sort()).toEqual(['digest', 'weekly']);
    expect(await digests(liaison)).toEqual(['digest']);
    expect(await digests(volunteer)).toEqual([]);
    // The group gets both, each once, with the counts and the most overdue issues' links.
    const robot = wecom().slice(before.robot);
    expect(robot.filter((m) => m.includes('今日待办'))).toHaveLength(1);
    expect(robot.filter((m) => m.includes('本周小结'))).toHaveLength(1);
    const digest = robot.find((m) => m.includes('今日待办'))!;
    expect(digest).toMatch(/未整改 \d+，其中逾期 \d+/);
    expect(digest).toContain('/issues/');
    // Each listed issue is named by its number, as at the meeting.
    expect(digest).toMatch(/> #\d+ · 逾期 \d+h · 类别: /);
    expect(digest.match(/> #\d+ · /g)?.length).toBe(digest.match(/\/issues\//g)?.length);
    // The group reads the overview, as staff do.
    expect(digest).toContain('已整改');
    // The liaison's digest (no quiet hours) is their to-do: what to acknowledge and fix, not the disputes.
    const liaisonDigest = mailsTo('li@example.cn').find((m) => m.includes('今日待办'))!;
    expect(liaisonDigest).toMatch(/请您处理：待确认 \d+ 条，未整改 \d+ 条，其中逾期 \d+ 条。/);
    expect(liaisonDigest).not.toContain('有异议');
    // Staff's quiet hours end at 09:00: their e-mails wait until then.
    expect(mailsTo('wang@example.cn').length).toBe(before.staffMail);
    clock = digestTimeOf(day) + HOUR_MS + 60_000;
    await Promise.all([a.drain(), b.drain()]);
    expect(mailsTo('wang@example.cn').length - before.staffMail).toBe(2);
    // Staff's digest gives the figures.
    const staffDigest = mailsTo('wang@example.cn').find((m) => m.includes('今日待办'))!;
    expect(staffDigest).toMatch(/过去一天新报 \d+ 条，已整改 \d+ 条；待确认 \d+，未整改 \d+，其中逾期 \d+；有异议 \d+。/);
    expect(staffDigest).not.toContain('请您处理');

    // Later that morning, another worker (a restart) makes none again.
    clock = digestTimeOf(day) + 2 * HOUR_MS;
    await worker().drain();
    expect(await digests(staff)).toHaveLength(2);
    expect(wecom().length - before.robot).toBe(2);
  });
});

describe('Web Push', () => {
  it('a device subscribes with a known push service only; messages arrive encrypted (RFC 8291) and signed (VAPID); a gone subscription is forgotten', async () => {
    const key = await s.call<{ publicKey: string; subscribed: boolean }>('GET', '/api/notify/push', liaison.token);
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);
    expect(key.body.subscribed).toBe(false);

    const sub = push.subscribe('liaison-phone');
    const elsewhere = await s.call('PUT', '/api/notify/push', liaison.token, { ...sub, endpoint: 'https://attacker.example.com/collect' });
    expect(elsewhere.status).toBe(400);
    expect((await s.call('PUT', '/api/notify/push', liaison.token, { ...sub, endpoint: 'http://169.254.169.254/latest' })).status).toBe(400);
    expect((await s.call('PUT', '/api/notify/push', liaison.token, sub)).status).toBe(200);
    expect((await s.call<{ subscribed: boolean }>('GET', '/api/notify/push', liaison.token)).body.subscribed).toBe(true);

    clock = Date.now();
    const urgent = issueCreate(volunteer, { severity: 'high', category: 'sewage' });
    await s.outcomes(volunteer.token, [urgent]);
    await notifier.drain();
    expect(push.errors).toEqual([]);
    expect(push.received).toHaveLength(1);
    const got = push.received[0]!;
    const payload = got.payload as { title: string; body: string; url: string; tag: string };
    expect(payload.title).toContain('【紧急】新问题');
    expect(payload.body).toContain('污水 / 排水');
    expect(payload.url).toBe(`https://sitewatch.example.cn/w/${urgent.work}/issues/${urgent.entityId}`);
    expect(payload.tag).toBe(`${urgent.id}:push:${liaison.id}`);
    expect(got.vapid.publicKey).toBe(key.body.publicKey);
    expect(got.vapid.aud).toBe(push.base);
    expect(got.vapid.sub).toMatch(/^mailto:/);
    expect(got.headers.ttl).toBeDefined();

    // The push service says the subscription is gone: the delivery is given up with its answer, the subscription forgotten.
    push.answer('/push/liaison-phone', 410);
    const next = issueCreate(volunteer, { severity: 'high' });
    await s.outcomes(volunteer.token, [next]);
    await notifier.drain();
    const entry = (await log()).find((e) => e.issue === next.entityId && e.channel === 'push')!;
    expect(entry.state).toBe('dead');
    expect(entry.lastError).toContain('410');
    expect((await s.call<{ subscribed: boolean }>('GET', '/api/notify/push', liaison.token)).body.subscribed).toBe(false);
  });
});

describe('retention', () => {
  it('sent and given-up rows older than the retention are deleted in bounded rounds; recent ones and pending ones stay', async () => {
    const n = s.store.notify;
    // Later than every row so far, by less than the retention: only the rows made old here are old.
    clock = Date.now() + 10 * DAY_MS;
    const old = clock - RETENTION_MS - DAY_MS;
    const row = (i: number, createdAt: number, sent: boolean) => ({
      key: `prune-${createdAt}-${i}`,
      work: staff.work,
      eventKey: `prune-event-${i}`,
      channel: 'email',
      recipient: liaison.id,
      body: JSON.stringify({ event: { kind: 'new', issue: `prune-${i}` }, lang: 'zh-CN', to: null, mentions: [] }),
      nextAt: createdAt,
      createdAt,
      sent,
      batchKey: null,
    });
    const count = PRUNE_LIMIT + 200;
    await n.addDeliveries(Array.from({ length: count }, (_, i) => row(i, old, true)));
    // A recent one, and an old one still waiting to be sent (pushed back by retries): both stay.
    await n.addDeliveries([row(0, clock - DAY_MS, true), { ...row(1, old - 1, false), key: 'prune-pending', nextAt: clock + HOUR_MS }]);
    const remaining = async () => (await n.deliveriesOfWork(staff.work, 5_000)).filter((d) => d.key.startsWith('prune-')).length;
    expect(await remaining()).toBe(count + 2);

    const w = worker({ summaries: false, batch: 0 });
    const first = await w.tick();
    expect(first.pruned).toBeGreaterThanOrEqual(PRUNE_LIMIT);
    expect(await remaining()).toBe(count + 2 - PRUNE_LIMIT);
    // A full round leaves more: the next tick goes on, until only the recent one is left.
    await w.tick();
    expect(await remaining()).toBe(2);
    expect((await n.deliveriesOfWork(staff.work, 5_000)).find((d) => d.key === 'prune-pending')?.state).toBe('pending');
  });
});
