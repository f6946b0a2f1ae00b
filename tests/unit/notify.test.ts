/**
 * Notifications end to end on the server, on both stores: an accepted op becomes an event in its own
 * transaction, the worker fans it out and sends it to real receivers on loopback (a WeCom robot
 * stand-in, a webhook receiver checking the signature, an SMTP server), retries and gives up with the
 * provider's answer, and the clocks' reminders come at the right (injected) times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, type IssueState } from '../../src/core';
import type { DeliveryLogEntry, NotifyPrefs } from '../../src/core/notify';
import { webhookSignature } from '../../sync-server/notify/channels';
import { MAX_ATTEMPTS, Notifier } from '../../sync-server/notify/notifier';
import { type Member, type TestServer, issueCreate, issueTransition, startServer } from './harness';
import { type HttpReceiver, type SmtpReceiver, httpReceiver, smtpReceiver } from './notify-receivers';

const SECRET = 'webhook-shared-secret-1234';
const ROBOT_KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

let s: TestServer;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let staff: Member;
let liaison: Member;
let volunteer: Member;
/** The worker's clock: the tests move it instead of waiting. */
let clock = Date.now();
let notifier: Notifier;

const prefs = (over: Partial<NotifyPrefs>): NotifyPrefs => ({
  events: ['new', 'acknowledged', 'resolved', 'verified', 'disputed', 'reopened', 'dueSoon', 'overdue', 'escalated'],
  email: null,
  mobile: null,
  viaEmail: false,
  viaWecom: false,
  viaSms: false,
  quiet: null,
  language: 'zh-CN',
  ...over,
});

const wecom = () => http.received.filter((r) => r.path === '/cgi-bin/webhook/send');
const hooks = () => http.received.filter((r) => r.path === '/hook');
const log = async () => (await s.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/api/notify/deliveries', staff.token)).body.deliveries;

beforeAll(async () => {
  http = await httpReceiver();
  smtp = await smtpReceiver();
  s = await startServer({ label: 'notify' });
  staff = await s.join('staff', '王社工');
  liaison = await s.join('liaison', '李联络');
  volunteer = await s.join('volunteer', '张阿姨');
  notifier = new Notifier({ store: s.store, baseUrl: 'https://sitewatch.example.cn', now: () => clock, random: () => 0.5, batchWindowMs: 0, summaries: false });
  const put = (body: unknown) => s.call('PUT', '/api/notify/channels', staff.token, body);
  expect((await put({ channel: 'wecom', config: { enabled: true, url: `${http.base}/cgi-bin/webhook/send?key=${ROBOT_KEY}` } })).status).toBe(200);
  expect((await put({ channel: 'webhook', config: { enabled: true, url: `${http.base}/hook`, secret: SECRET } })).status).toBe(200);
  const email = { enabled: true, host: '127.0.0.1', port: smtp.port, secure: false, user: '', pass: '', from: 'sitewatch@example.cn' };
  expect((await put({ channel: 'email', config: email })).status).toBe(200);
  const liaisonPrefs = prefs({ email: 'li@example.cn', mobile: '13800001111', viaEmail: true, viaWecom: true });
  expect((await s.call('PUT', '/api/notify/prefs', liaison.token, liaisonPrefs)).status).toBe(200);
});

afterAll(async () => {
  await notifier.stop();
  await s.close();
  await http.close();
  await smtp.close();
});

describe('an accepted op tells the people it concerns', () => {
  it('a new urgent complaint reaches the liaison in the app, in the WeCom group with an @-mention, by webhook and by e-mail, once', async () => {
    const op = issueCreate(volunteer, { severity: 'high', category: 'sewage', pointId: 'demo-point-1' });
    expect(await s.outcomes(volunteer.token, [op])).toEqual(['accepted']);
    const before = { wecom: wecom().length, hooks: hooks().length, mails: smtp.mails.length };

    await notifier.drain();

    // The robot: text (mentions need it), the mobile of the liaison who asked for it, the work, point, category and the link.
    const robot = wecom().slice(before.wecom);
    expect(robot).toHaveLength(1);
    const msg = robot[0]!.json as { msgtype: string; text: { content: string; mentioned_mobile_list: string[] } };
    expect(msg.msgtype).toBe('text');
    expect(msg.text.mentioned_mobile_list).toEqual(['13800001111']);
    expect(msg.text.content).toContain('【紧急】新问题');
    expect(msg.text.content).toContain('3号楼北侧主干道');
    expect(msg.text.content).toContain('污水 / 排水');
    expect(msg.text.content).toContain(`https://sitewatch.example.cn/w/${op.work}/issues/${op.entityId}`);
    expect(msg.text.content).toContain('在浏览器打开');

    // The webhook: the key and a signature the receiver can check with the shared secret.
    const hook = hooks().slice(before.hooks);
    expect(hook).toHaveLength(1);
    const h = hook[0]!;
    expect(h.headers['x-sitewatch-signature']).toBe(webhookSignature(SECRET, String(h.headers['x-sitewatch-timestamp']), h.raw));
    expect(h.headers['x-sitewatch-key']).toBe(`${op.id}:webhook`);
    expect((h.json as { issue: string; kind: string }).issue).toBe(op.entityId);

    // The e-mail: to the address the liaison gave, through the SMTP server.
    const mails = smtp.mails.slice(before.mails);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['li@example.cn']);
    expect(mails[0]!.data.replace(/\r\n\s+/g, ' ')).toContain(`Message-ID: <${op.id}.email.${liaison.id}@sitewatch>`);

    // The app's own list: the liaison has it unread; the volunteer who reported it is not told of their own report.
    const inbox = await s.call<{ items: Array<{ issue: string; kind: string }>; unread: number }>('GET', '/api/notify/inbox', liaison.token);
    expect(inbox.body.items.find((i) => i.issue === op.entityId)?.kind).toBe('new');
    const own = await s.call<{ items: Array<{ issue: string }> }>('GET', '/api/notify/inbox', volunteer.token);
    expect(own.body.items.find((i) => i.issue === op.entityId)).toBeUndefined();

    // Pushing the same op again and running the worker again sends nothing more.
    expect(await s.outcomes(volunteer.token, [op])).toEqual(['accepted']);
    await notifier.drain();
    expect(wecom().length - before.wecom).toBe(1);
    expect(hooks().length - before.hooks).toBe(1);
    expect(smtp.mails.length - before.mails).toBe(1);

    // Staff see each delivery in the log as sent.
    const entries = (await log()).filter((e) => e.issue === op.entityId);
    expect(entries.map((e) => `${e.channel}:${e.state}`).sort()).toEqual(['email:sent', 'webhook:sent', 'wecom:sent']);
  });

  it('"fixed, please verify" goes to the reporter; a move nobody waits for (in progress) tells no one', async () => {
    const op = issueCreate(volunteer, { severity: 'low' });
    await s.outcomes(volunteer.token, [op]);
    await notifier.drain();
    const ack = issueTransition(liaison, op.entityId, { to: 'acknowledged', plannedDate: '2099-01-01' });
    const progress = issueTransition(liaison, op.entityId, { to: 'in_progress' });
    expect(await s.outcomes(liaison.token, [ack, progress])).toEqual(['accepted', 'accepted']);
    await notifier.drain();
    const inbox = await s.call<{ items: Array<{ issue: string; kind: string }> }>('GET', '/api/notify/inbox', volunteer.token);
    expect(inbox.body.items.filter((i) => i.issue === op.entityId).map((i) => i.kind)).toEqual(['acknowledged']);
  });
});

describe('messages name issues by the number the server gave them', () => {
  it('the robot message of each new report carries its "#n", the app lists it with it, and the reminder later too', async () => {
    const first = issueCreate(volunteer, { category: 'dust' });
    const second = issueCreate(volunteer, { category: 'parking' });
    expect(await s.outcomes(volunteer.token, [first, second])).toEqual(['accepted', 'accepted']);
    const numberOf = async (id: string) => ((await s.store.notify.entity('issue', id)) as IssueState).number;
    const n1 = await numberOf(first.entityId);
    expect(n1).toBeGreaterThanOrEqual(1);
    expect(await numberOf(second.entityId)).toBe(n1! + 1);
    const before = wecom().length;
    const start = clock;
    await notifier.drain();

    const robot = (issue: string) =>
      wecom()
        .slice(before)
        .map((r) => (r.json as { text: { content: string } }).text.content)
        .filter((content) => content.includes(`/issues/${issue}`));
    expect(robot(first.entityId)).toHaveLength(1);
    expect(robot(first.entityId)[0]).toContain(`新问题 #${n1} · `);
    expect(robot(first.entityId)[0]).toContain(`#${n1} · 类别: 扬尘`);
    expect(robot(second.entityId)[0]).toContain(`新问题 #${n1! + 1} · `);
    expect(robot(second.entityId)[0]).not.toContain(`#${n1} `);

    // A system reading the webhook gets it as a field.
    const hook = hooks().filter((h) => (h.json as { issue: string }).issue === first.entityId);
    expect(hook.map((h) => (h.json as { number: number | null }).number)).toEqual([n1]);

    const inbox = await s.call<{ items: Array<{ issue: string; number?: number }> }>('GET', '/api/notify/inbox', liaison.token);
    expect(inbox.body.items.find((i) => i.issue === first.entityId)?.number).toBe(n1);
    // Staff's delivery log names it the same way.
    const logged = (await log()).filter((e) => e.issue === second.entityId);
    expect(logged.length).toBeGreaterThan(0);
    for (const e of logged) expect(e.number).toBe(n1! + 1);

    // A day later, unanswered: the reminder is made from the stored issue, and names it the same way.
    clock = start + 24 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(robot(first.entityId).find((c) => c.includes('问题已超过响应时限'))).toContain(`问题已超过响应时限 #${n1} · `);
    clock = start;
  });
});

describe('failures are retried, then given up with the provider answer, and shown to staff', () => {
  it('a webhook answering 500 is tried again with growing waits, and given up after the last try', async () => {
    http.answer('/hook', 500, 'receiver is down for maintenance');
    const op = issueCreate(volunteer);
    await s.outcomes(volunteer.token, [op]);
    await notifier.drain();
    const waits: number[] = [];
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      const entry = (await log()).find((e) => e.issue === op.entityId && e.channel === 'webhook')!;
      expect(entry.state).toBe('failed');
      expect(entry.attempts).toBe(i);
      expect(entry.lastError).toBe('HTTP 500: receiver is down for maintenance');
      waits.push(entry.nextAt - clock);
      // Nothing is tried before it is due.
      const tried = hooks().length;
      await notifier.drain();
      expect(hooks().length).toBe(tried);
      clock = entry.nextAt;
      await notifier.drain();
    }
    expect(waits).toEqual([22_500, 45_000, 90_000, 180_000, 360_000]);
    const dead = (await log()).find((e) => e.issue === op.entityId && e.channel === 'webhook')!;
    expect(dead.state).toBe('dead');
    expect(dead.lastError).toBe(`HTTP 500: receiver is down for maintenance (gave up after ${MAX_ATTEMPTS} tries)`);
    http.answer('/hook', 200, 'ok');
  });

  it('a revoked robot key (WeCom errcode 93000) is given up at once, with WeCom’s words', async () => {
    http.answer('/cgi-bin/webhook/send', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}');
    const op = issueCreate(volunteer);
    await s.outcomes(volunteer.token, [op]);
    await notifier.drain();
    const entry = (await log()).find((e) => e.issue === op.entityId && e.channel === 'wecom')!;
    expect(entry.state).toBe('dead');
    expect(entry.attempts).toBe(1);
    expect(entry.lastError).toBe('WeCom 93000: invalid webhook url');
    http.answer('/cgi-bin/webhook/send', 200, '{"errcode":0,"errmsg":"ok"}');
  });
});

describe('the response clocks remind, then escalate', () => {
  it('an issue left unanswered past the acknowledge target tells the liaison, then staff; an answered one tells no one', async () => {
    const late = issueCreate(volunteer);
    const answered = issueCreate(volunteer);
    await s.outcomes(volunteer.token, [late, answered]);
    await notifier.drain();
    await s.outcomes(liaison.token, [issueTransition(liaison, answered.entityId, { to: 'acknowledged', plannedDate: '2099-01-01' })]);
    const kinds = async (m: Member, issue: string) =>
      (await s.call<{ items: Array<{ issue: string; kind: string }> }>('GET', '/api/notify/inbox', m.token)).body.items
        .filter((i) => i.issue === issue)
        .map((i) => i.kind);

    // The demo work's target: acknowledge within 24 hours. Three hours before, nothing; two hours before, a reminder.
    clock = Date.now() + 21 * HOUR_MS;
    await notifier.drain();
    expect(await kinds(liaison, late.entityId)).toEqual(['new']);
    clock = Date.now() + 22 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(liaison, late.entityId)).toEqual(['dueSoon', 'new']);
    expect(await kinds(liaison, answered.entityId)).toEqual(['new']);

    clock = Date.now() + 24 * HOUR_MS + 60_000;
    await notifier.drain();
    expect(await kinds(liaison, late.entityId)).toEqual(['overdue', 'dueSoon', 'new']);
    expect(await kinds(staff, late.entityId)).toEqual([]);
    expect(await kinds(liaison, answered.entityId)).toEqual(['new']);

    // A further day (the escalation period): staff are told.
    clock = Date.now() + 48 * HOUR_MS + 120_000;
    await notifier.drain();
    expect(await kinds(staff, late.entityId)).toEqual(['escalated']);
    expect(await kinds(staff, answered.entityId)).toEqual([]);
  });
});

describe('settings: secrets stay on the server, contacts stay with the member and staff', () => {
  it('staff see channel secrets masked; keeping the mask keeps the secret; others may not look', async () => {
    const r = await s.call<{ channels: Record<string, Record<string, unknown> | null> }>('GET', '/api/notify/channels', staff.token);
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toContain(ROBOT_KEY);
    expect(JSON.stringify(r.body)).not.toContain(SECRET);
    expect(r.body.channels.webhook!.secret).toBe('we****34');
    // Saved back as shown, the real secret stays.
    const back = await s.call('PUT', '/api/notify/channels', staff.token, { channel: 'webhook', config: r.body.channels.webhook });
    expect(back.status).toBe(200);
    const op = issueCreate(volunteer);
    await s.outcomes(volunteer.token, [op]);
    await notifier.drain();
    const h = hooks().at(-1)!;
    expect(h.headers['x-sitewatch-signature']).toBe(webhookSignature(SECRET, String(h.headers['x-sitewatch-timestamp']), h.raw));

    for (const m of [liaison, volunteer]) {
      expect((await s.call('GET', '/api/notify/channels', m.token)).status).toBe(403);
      expect((await s.call('GET', '/api/notify/deliveries', m.token)).status).toBe(403);
      expect((await s.call('GET', '/api/notify/members', m.token)).status).toBe(403);
    }
  });

  it('refuses addresses that are not http(s), with a message saying what to fix', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.cn/x', 'http://user:pw@example.cn/x', 'javascript:alert(1)']) {
      const r = await s.call('PUT', '/api/notify/channels', staff.token, { channel: 'wecom', config: { enabled: true, url } });
      expect(r.status, url).toBe(400);
      expect(r.body.error.message).toContain('http:// or https://');
    }
  });

  it('a member reads and sets only their own preferences; staff read everyone’s', async () => {
    const bad = await s.call('PUT', '/api/notify/prefs', volunteer.token, prefs({ email: 'not-an-address' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('email');
    const mine = await s.call<{ prefs: NotifyPrefs }>('GET', '/api/notify/prefs', volunteer.token);
    expect(mine.body.prefs.quiet).toEqual({ from: '22:00', to: '07:00' });
    const all = await s.call<{ members: Array<{ id: string; prefs: NotifyPrefs }> }>('GET', '/api/notify/members', staff.token);
    expect(all.body.members.find((m) => m.id === liaison.id)?.prefs.email).toBe('li@example.cn');
  });

  it('"send a test message" answers at once with the result, success or the provider’s refusal', async () => {
    const ok = await s.call<{ ok: boolean }>('POST', '/api/notify/channels/test', staff.token, { channel: 'wecom' });
    expect(ok.body).toEqual({ ok: true });
    expect(JSON.stringify(wecom().at(-1)!.json)).toContain('测试消息');
    http.answer('/hook', 403, 'bad signature');
    const refused = await s.call<{ ok: boolean; error: string }>('POST', '/api/notify/channels/test', staff.token, { channel: 'webhook' });
    expect(refused.body).toEqual({ ok: false, error: 'HTTP 403: bad signature' });
    http.answer('/hook', 200, 'ok');
    const noAddress = await s.call<{ ok: boolean; error: string }>('POST', '/api/notify/channels/test', staff.token, { channel: 'email' });
    expect(noAddress.body.ok).toBe(false);
    expect(noAddress.body.error).toContain('notification preferences');
    expect((await s.call('POST', '/api/notify/channels/test', liaison.token, { channel: 'wecom' })).status).toBe(403);
  });
});

describe('two workers at once', () => {
  it('send each delivery once between them', async () => {
    clock = Date.now();
    const second = await s.database.open();
    const other = new Notifier({ store: second, baseUrl: 'https://sitewatch.example.cn', now: () => clock, batchWindowMs: 0, summaries: false });
    const ops = Array.from({ length: 12 }, () => issueCreate(volunteer));
    await s.outcomes(volunteer.token, ops);
    const before = hooks().length;
    await Promise.all([notifier.drain(), other.drain(), notifier.drain(), other.drain()]);
    const keys = hooks()
      .slice(before)
      .map((r) => String(r.headers['x-sitewatch-key']));
    expect(keys.sort()).toEqual(ops.map((o) => `${o.id}:webhook`).sort());
    await second.close();
  });
});

describe('provider limits', () => {
  it('a WeCom robot gets at most 20 messages a minute; the rest wait and arrive', async () => {
    // Only the robot here (the other channels' deliveries are given up at once as turned off).
    for (const channel of ['webhook', 'email'] as const) {
      const saved = (await s.call<{ channels: Record<string, Record<string, unknown>> }>('GET', '/api/notify/channels', staff.token)).body.channels[channel]!;
      expect((await s.call('PUT', '/api/notify/channels', staff.token, { channel, config: { ...saved, enabled: false } })).status).toBe(200);
    }
    // Far past every earlier send (and every reminder of earlier issues fires now: they count too).
    clock = Date.now() + 30 * 24 * HOUR_MS;
    const ops = Array.from({ length: 25 }, () => issueCreate(volunteer));
    await s.outcomes(volunteer.token, ops);
    const before = wecom().length;
    const perMinute: number[] = [];
    const told = () =>
      wecom()
        .slice(before)
        .map((r) => JSON.stringify(r.json).match(/issues\/([\w-]+?)\\n/)?.[1]);
    // Minutes enough for the earlier tests' reminders (all due now, a few hundred on a store the whole file has used) and these 25.
    for (let minute = 0; minute < 40 && !ops.every((op) => told().includes(op.entityId)); minute++) {
      const sent = wecom().length;
      await notifier.drain();
      perMinute.push(wecom().length - sent);
      clock += 61_000;
    }
    expect(perMinute[0]).toBe(20);
    expect(Math.max(...perMinute)).toBe(20);
    for (const op of ops) expect(told()).toContain(op.entityId);
  }, 90_000);
});
