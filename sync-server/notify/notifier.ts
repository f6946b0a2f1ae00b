/**
 * The notification worker. Each tick does a bounded amount of work, in three steps:
 *
 * 1. timers of the response clocks that fell due become events (overdue, then escalated to staff),
 *    if the issue still waits on the liaison;
 * 2. events (written by pushes in their own transactions, or by step 1) are fanned out into one
 *    delivery per recipient and channel, each with a key made of the event's key, the channel and the
 *    recipient: running a fan-out twice (after a crash, or on two instances) makes nothing twice;
 * 3. due deliveries are sent, with retries and exponential backoff with jitter, and given up ("dead",
 *    with the provider's answer) after MAX_ATTEMPTS or a permanent refusal.
 *
 * Every row is claimed with a lease before it is worked on (one UPDATE; SKIP LOCKED on PostgreSQL):
 * instances never work on the same row at once, and the rows of an instance that died are taken over
 * when its lease runs out. A message is sent at least once; a crash between sending and recording it
 * sends it again with the same key, which receivers use to drop the repeat (webhook header, e-mail
 * Message-ID). The push never waits for any of this: it only writes the event row.
 */
import type { IssueState, PointState, WorkState } from '../../src/core';
import { LIAISON_OWES, HOUR_MS, targetsOf } from '../../src/core';
import {
  type Channel,
  type ChannelConfigs,
  CHANNELS,
  ChannelConfigSchemas,
  type NotifyEvent,
  type NotifyPrefs,
  NotifyPrefsSchema,
  defaultPrefs,
  releaseTime,
  wants,
} from '../../src/core/notify';
import { type NotifyLanguage, issueLink, renderMessage } from '../../src/core/notify-text';
import { parseWith } from '../../src/core';
import type { Store } from '../store';
import { ADAPTERS, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channels';
import type { DeliveryRow, NewDelivery, NotifyEventRow, TimerRow } from './notify-store-port';

export const MAX_ATTEMPTS = 6;

/** How long before the acknowledge target the liaison is reminded: 2 hours, or a quarter of a shorter target. */
export const remindBefore = (targetMs: number) => Math.min(2 * HOUR_MS, targetMs / 4);
/** A WeCom group robot accepts 20 messages a minute. */
export const WECOM_PER_MINUTE = 20;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

/** What a delivery row carries (its body): rendered when sent, so names are the current ones. */
export interface DeliveryBody {
  event: NotifyEvent;
  lang: NotifyLanguage;
  to: string | null;
  mentions: string[];
}

export interface NotifierOptions {
  store: Store;
  /** The app's public address, for links (SITEWATCH_PUBLIC_URL). */
  baseUrl: string;
  now?: () => number;
  adapters?: Partial<{ [C in Channel]: ChannelAdapter<C> }>;
  log?: (line: string) => void;
  /** How long a claimed row is an instance's before another may take it. */
  leaseMs?: number;
  /** Rows of each kind per tick. */
  batch?: number;
  /** After the acknowledge target passes, how long before staff are told. */
  escalateAfterMs?: number;
  random?: () => number;
}

export interface TickStats {
  timers: number;
  events: number;
  sent: number;
  failed: number;
  dead: number;
}

export function parseChannels(rows: Map<string, string>): Partial<ChannelConfigs> {
  const out: Partial<Record<Channel, unknown>> = {};
  for (const c of CHANNELS) {
    const raw = rows.get(c);
    if (!raw) continue;
    const parsed = parseWith(ChannelConfigSchemas[c], JSON.parse(raw));
    if (parsed.ok) out[c] = parsed.value;
  }
  return out as Partial<ChannelConfigs>;
}

export function parsePrefs(raw: string | null | undefined): NotifyPrefs {
  if (!raw) return defaultPrefs();
  const parsed = parseWith(NotifyPrefsSchema, JSON.parse(raw));
  return parsed.ok ? parsed.value : defaultPrefs();
}

/** Exponential backoff with jitter: 30 s, 1 min, 2 min... up to an hour, each between half and all of it. */
export function backoffMs(attempts: number, random: () => number): number {
  const full = Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_MAX_MS);
  return Math.round(full * (0.5 + random() / 2));
}

export class Notifier {
  private readonly store: Store;
  private readonly opts: Required<Omit<NotifierOptions, 'store' | 'adapters'>>;
  private readonly adapters: { [C in Channel]: ChannelAdapter<C> };
  private running: Promise<TickStats> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(options: NotifierOptions) {
    this.store = options.store;
    this.adapters = { ...ADAPTERS, ...options.adapters } as { [C in Channel]: ChannelAdapter<C> };
    this.opts = {
      baseUrl: options.baseUrl,
      now: options.now ?? Date.now,
      log: options.log ?? (() => {}),
      leaseMs: options.leaseMs ?? 120_000,
      batch: options.batch ?? 50,
      escalateAfterMs: options.escalateAfterMs ?? 24 * HOUR_MS,
      random: options.random ?? Math.random,
    };
  }

  /** Runs ticks every `intervalMs` (and when woken) until stop(). */
  start(intervalMs = 5_000): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick().finally(loop), intervalMs);
    };
    loop();
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    return this.running ?? Promise.resolve();
  }

  /** Asks for a tick soon (after a push committed events); several wakes run one tick more at most. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    setImmediate(() => void this.tick());
  }

  /** One bounded round of work; never throws (a failure is logged and the rows' leases run out). */
  tick(): Promise<TickStats> {
    if (this.running) return this.running;
    const run = this.round()
      .catch((err: unknown): TickStats => {
        this.opts.log(`notify: ${err instanceof Error ? err.message : String(err)}`);
        return { timers: 0, events: 0, sent: 0, failed: 0, dead: 0 };
      })
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
    this.running = run;
    return run;
  }

  /** Ticks until a round finds nothing to do (tests, and draining before shutdown), at most `rounds`. */
  async drain(rounds = 100): Promise<TickStats> {
    const total: TickStats = { timers: 0, events: 0, sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < rounds; i++) {
      const s = await this.tick();
      for (const k of Object.keys(total) as Array<keyof TickStats>) total[k] += s[k];
      if (s.timers + s.events + s.sent + s.failed + s.dead === 0) break;
    }
    return total;
  }

  private async round(): Promise<TickStats> {
    const stats: TickStats = { timers: 0, events: 0, sent: 0, failed: 0, dead: 0 };
    const now = this.opts.now();
    const n = this.store.notify;
    const lease = now + this.opts.leaseMs;
    for (const t of await n.claimTimers(now, lease, this.opts.batch)) {
      await this.fireTimer(t, now);
      stats.timers++;
    }
    for (const e of await n.claimEvents(now, lease, this.opts.batch)) {
      await this.fanOut(e, now);
      stats.events++;
    }
    const cache = new Map<string, Promise<unknown>>();
    for (const d of await n.claimDeliveries(now, lease, this.opts.batch)) {
      const outcome = await this.deliver(d, now, cache);
      stats[outcome]++;
    }
    return stats;
  }

  private async fireTimer(t: TimerRow, now: number): Promise<void> {
    const issue = (await this.store.notify.entity('issue', t.issue)) as IssueState | undefined;
    // The acknowledge clocks stop at the first answer; the resolve clock when the liaison owes nothing.
    const waiting = issue && issue.work === t.work && (t.kind.startsWith('ack') ? issue.status === 'reported' : LIAISON_OWES.has(issue.status));
    if (issue && waiting) {
      const kind = t.kind.endsWith('escalate') ? 'escalated' : t.kind.endsWith('remind') ? 'dueSoon' : 'overdue';
      const event: NotifyEvent = {
        kind,
        issue: issue.id,
        category: issue.category,
        severity: issue.severity,
        pointId: issue.pointId,
        reportedBy: issue.reportedBy,
        actor: 'system',
        urgent: kind === 'escalated' || issue.severity === 'high',
      };
      await this.store.notify.addEvent({ key: `timer:${t.key}`, work: t.work, kind, issue: issue.id, body: JSON.stringify(event), createdAt: now });
    }
    await this.store.notify.finishTimer(t.key, now);
  }

  private async fanOut(row: NotifyEventRow, now: number): Promise<void> {
    const n = this.store.notify;
    const event = JSON.parse(row.body) as NotifyEvent;
    const [members, prefsRows, channelRows] = await Promise.all([this.store.listMembers(row.work), n.prefsOfWork(row.work), n.channelsOfWork(row.work)]);
    const channels = parseChannels(channelRows);
    const recipients = members
      .filter((m) => !m.removed)
      .map((m) => ({ m, prefs: parsePrefs(prefsRows.get(m.id)) }))
      .filter(({ m, prefs }) => wants(event, m.role, m.id, prefs));
    const rows: NewDelivery[] = [];
    const add = (channel: Channel | 'inapp', recipient: string | null, body: DeliveryBody, nextAt: number) =>
      rows.push({
        key: `${row.key}:${channel}${recipient ? `:${recipient}` : ''}`,
        work: row.work,
        eventKey: row.key,
        channel,
        recipient,
        body: JSON.stringify(body),
        nextAt,
        createdAt: now,
        sent: channel === 'inapp',
      });
    for (const { m, prefs } of recipients) {
      const personal = (to: string | null): DeliveryBody => ({ event, lang: prefs.language, to, mentions: [] });
      const at = releaseTime(now, prefs.quiet, event.urgent);
      add('inapp', m.id, personal(null), now);
      if (channels.email?.enabled && prefs.viaEmail && prefs.email) add('email', m.id, personal(prefs.email), at);
      if (channels.sms?.enabled && prefs.viaSms && prefs.mobile) add('sms', m.id, personal(prefs.mobile), at);
    }
    // The group channels carry every event of the work; those who asked are @-mentioned.
    const mentions = recipients.filter(({ prefs }) => prefs.viaWecom && prefs.mobile).map(({ prefs }) => prefs.mobile!);
    if (channels.wecom?.enabled) add('wecom', null, { event, lang: 'zh-CN', to: null, mentions }, now);
    if (channels.webhook?.enabled) add('webhook', null, { event, lang: 'zh-CN', to: null, mentions: [] }, now);
    await n.addDeliveries(rows);
    if (event.kind === 'new' || event.kind === 'reopened') await this.armTimers(row, event, now);
    await n.finishEvent(row.key, now);
  }

  /** The clocks an issue's report (or reopening) starts, against the work's response targets. */
  private async armTimers(row: NotifyEventRow, event: NotifyEvent, now: number): Promise<void> {
    const work = (await this.store.notify.entity('work', row.work)) as WorkState | undefined;
    const targets = targetsOf(work);
    const ackDue = row.createdAt + targets.acknowledgeHours * HOUR_MS;
    const resolveDue = row.createdAt + targets.resolveDays * 24 * HOUR_MS;
    const base = { work: row.work, issue: event.issue };
    const timers: TimerRow[] =
      event.kind === 'new'
        ? [
            { ...base, key: `${event.issue}:ack-remind`, kind: 'ack-remind', dueAt: ackDue - remindBefore(targets.acknowledgeHours * HOUR_MS) },
            { ...base, key: `${event.issue}:ack`, kind: 'ack', dueAt: ackDue },
            { ...base, key: `${event.issue}:ack-escalate`, kind: 'ack-escalate', dueAt: ackDue + this.opts.escalateAfterMs },
            { ...base, key: `${event.issue}:resolve:${row.key}`, kind: 'resolve', dueAt: resolveDue },
          ]
        : [{ ...base, key: `${event.issue}:resolve:${row.key}`, kind: 'resolve', dueAt: now + targets.resolveDays * 24 * HOUR_MS }];
    await this.store.notify.addTimers(timers);
  }

  private cached<T>(cache: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) cache.set(key, (p = load()));
    return p;
  }

  private async deliver(d: DeliveryRow, now: number, cache: Map<string, Promise<unknown>>): Promise<'sent' | 'failed' | 'dead'> {
    const n = this.store.notify;
    const channel = d.channel as Channel;
    const channels = await this.cached(cache, `channels:${d.work}`, async () => parseChannels(await n.channelsOfWork(d.work)));
    const config = channels[channel];
    if (!config?.enabled) {
      await n.deliveryFailed(d.key, 'dead', now, `the ${channel} channel is turned off or not set up for this work`);
      return 'dead';
    }
    if (channel === 'wecom') {
      const sent = await n.sentSince(d.work, 'wecom', now - 60_000);
      if (sent >= WECOM_PER_MINUTE) {
        await n.deliveryPostponed(d.key, now + 60_000);
        return 'failed';
      }
    }
    const body = JSON.parse(d.body) as DeliveryBody;
    const msg = await this.outgoing(d, body, now, cache);
    let result: SendResult;
    try {
      result = await (this.adapters[channel] as ChannelAdapter).send(config, msg);
    } catch (err) {
      result = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
    }
    if (result.ok) {
      await n.deliverySent(d.key, this.opts.now());
      return 'sent';
    }
    const tries = d.attempts + 1;
    const dead = result.permanent || tries >= MAX_ATTEMPTS;
    const error = dead && !result.permanent ? `${result.error} (gave up after ${tries} tries)` : result.error;
    const next = now + (result.retryAfterMs ?? backoffMs(d.attempts, this.opts.random));
    await n.deliveryFailed(d.key, dead ? 'dead' : 'failed', next, error);
    this.opts.log(`notify: ${channel} ${d.key} ${dead ? 'gave up' : 'failed'}: ${error}`);
    return dead ? 'dead' : 'failed';
  }

  private async outgoing(d: DeliveryRow, body: DeliveryBody, now: number, cache: Map<string, Promise<unknown>>): Promise<OutgoingMessage> {
    const n = this.store.notify;
    const ev = body.event;
    const work = await this.cached(cache, `work:${d.work}`, () => n.entity('work', d.work) as Promise<WorkState | undefined>);
    const point = ev.pointId
      ? await this.cached(cache, `point:${ev.pointId}`, () => n.entity('point', ev.pointId!) as Promise<PointState | undefined>)
      : undefined;
    const link = issueLink(this.opts.baseUrl, d.work, ev.issue);
    const message = renderMessage(body.lang, work?.name ?? d.work, [
      { kind: ev.kind, urgent: ev.urgent, category: ev.category, pointName: point && point.work === d.work ? point.name : null, link },
    ]);
    return { key: d.key, work: d.work, issue: ev.issue, kind: ev.kind, link, message, to: body.to, mentions: body.mentions, at: now };
  }
}

/** What a test message from the channel settings gives staff. */
export type TestResult = { ok: true } | { ok: false; error: string };

/**
 * Sends a test message on a work's channel at once (not through the outbox): staff see at once
 * whether the robot key, the SMTP login or the webhook works. Personal channels go to the staff
 * member's own address from their preferences.
 */
export async function sendTest(
  store: Store,
  adapters: { [C in Channel]: ChannelAdapter<C> },
  work: string,
  channel: Channel,
  memberId: string,
  now: number,
): Promise<TestResult> {
  const config = parseChannels(await store.notify.channelsOfWork(work))[channel];
  if (!config) return { ok: false, error: `the ${channel} channel is not set up yet: save its settings first` };
  const prefs = parsePrefs(await store.notify.prefsOf(memberId));
  const to = channel === 'email' ? prefs.email : channel === 'sms' ? prefs.mobile : null;
  if ((channel === 'email' || channel === 'sms') && !to) {
    return { ok: false, error: `add your own ${channel === 'email' ? 'e-mail address' : 'mobile number'} in your notification preferences first` };
  }
  const workState = (await store.notify.entity('work', work)) as WorkState | undefined;
  const title = `Sitewatch 测试消息 / test message · ${workState?.name ?? work}`;
  const text = `${title}\n通知渠道设置正确。/ This channel works.`;
  const msg: OutgoingMessage = {
    key: `test:${work}:${channel}:${now}`,
    work,
    issue: null,
    kind: 'test',
    link: null,
    message: { title, text, markdown: `**${title}**\n通知渠道设置正确。/ This channel works.` },
    to,
    mentions: [],
    at: now,
  };
  try {
    const r = await (adapters[channel] as ChannelAdapter).send(config, msg);
    return r.ok ? { ok: true } : { ok: false, error: r.error };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
