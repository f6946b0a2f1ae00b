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
 * when its lease runs out. Each message's rows are leased afresh just before it is sent, only if no
 * other instance took them over meanwhile, and its outcome is written under that lease: a round longer
 * than the lease sends nothing twice and overwrites nothing. The lease must outlast one send (10 s per
 * HTTP call, SMTP's steps 10 s each). A message is sent at least once; a crash between sending and
 * recording it sends it again with the same key, which receivers use to drop the repeat (webhook
 * header, e-mail Message-ID). The push never waits for any of this: it only writes the event row.
 */
import type { IssueState, PointState, WorkState } from '../../src/core';
import { LIAISON_OWES, HOUR_MS, targetsOf, DAY_MS } from '../../src/core';
import {
  BATCH_WINDOW_MS,
  type Channel,
  type ChannelConfigs,
  CHANNELS,
  ChannelConfigSchemas,
  DEFAULT_NOTIFY_SETTINGS,
  NOTIFY_EVENT_KINDS,
  type NotifyEvent,
  type NotifyEventKind,
  type NotifyPrefs,
  NotifyPrefsSchema,
  type NotifySettings,
  NotifySettingsSchema,
  SUMMARY_KINDS,
  batchRelease,
  chinaDay,
  defaultPrefs,
  digestTimeOf,
  isMonday,
  issueFieldsOf,
  plannedDeadline,
  releaseTime,
  summarise,
  wants,
} from '../../src/core/notify';
import {
  type MessageItem,
  type NotifyLanguage,
  type RenderedMessage,
  type SummaryView,
  issueLink,
  renderMessage,
  renderSummary,
  workLink,
} from '../../src/core/notify-text';
import { parseWith } from '../../src/core';
import type { Store } from '../store';
import { ADAPTERS, type ChannelAdapter, type OutgoingMessage, type SendResult } from './channels';
import type { DeliveryRow, NewDelivery, NotifyEventRow, TimerRow } from './notify-store-port';
import { type PushHosts, type VapidKeys, sendPush, vapidKeys } from './push';

export const MAX_ATTEMPTS = 6;

/** How long before the acknowledge target the liaison is reminded: 2 hours, or a quarter of a shorter target. */
export const remindBefore = (targetMs: number) => Math.min(2 * HOUR_MS, targetMs / 4);
/** A WeCom group robot accepts 20 messages a minute. */
export const WECOM_PER_MINUTE = 20;
/** How long sent and given-up deliveries, fanned-out events and fired timers are kept: the log and the inbox show recent ones only. */
export const RETENTION_MS = 90 * DAY_MS;
/** Rows of each table one pruning round deletes at most; rounds repeat every PRUNE_EVERY_MS until none are left. */
export const PRUNE_LIMIT = 500;
const PRUNE_EVERY_MS = 60_000;
/** Items a batched message lists by name; the rest are counted ("另有 n 条"). */
export const BATCH_LISTED = 10;
/** Deliveries one batch takes at most (the rest go in the next window's message). */
const BATCH_MAX = 200;
/** A work's issues a summary reads at most. */
const SUMMARY_ISSUES = 2_000;
/** After 08:00, how long a digest not yet made is still worth making (an instance down all morning sends none late in the day). */
const DIGEST_LATE_MS = 6 * HOUR_MS;
/** Push subscriptions of one member tried at most (their devices). */
const PUSH_DEVICES = 10;
/** Channels whose non-urgent messages are batched: personal ones, and the WeCom group (its 20 a minute). Webhooks feed systems: one call per event. */
const BATCHED: ReadonlySet<string> = new Set(['email', 'sms', 'push', 'wecom']);
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

/** What a delivery row carries (its body): rendered when sent, so names are the current ones. */
export interface DeliveryBody {
  event: NotifyEvent;
  lang: NotifyLanguage;
  to: string | null;
  mentions: string[];
  /** A digest or summary: worded for a liaison's to-do, or as staff's overview (also the group's); absent: overview. */
  view?: SummaryView;
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
  /** After a target passes, how long before staff are told, for works whose staff set none. */
  escalateAfterMs?: number;
  random?: () => number;
  /** The batching window (0: every message alone). */
  batchWindowMs?: number;
  /** How long finished rows are kept. */
  retentionMs?: number;
  /** Web Push: the VAPID subject (an https: or mailto: address); extra endpoint origins allowed (tests' stand-in). */
  vapidSubject?: string;
  pushOrigins?: PushHosts;
  /** Whether this worker makes the 08:00 digests and Monday summaries (tests of other things turn them off). */
  summaries?: boolean;
}

export interface TickStats {
  timers: number;
  events: number;
  sent: number;
  failed: number;
  dead: number;
  /** Old rows deleted. */
  pruned: number;
  /** Digests and summaries made. */
  summaries: number;
}

const noStats = (): TickStats => ({ timers: 0, events: 0, sent: 0, failed: 0, dead: 0, pruned: 0, summaries: 0 });

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

export function parseSettings(raw: string | null | undefined): NotifySettings {
  if (!raw) return { ...DEFAULT_NOTIFY_SETTINGS };
  const parsed = parseWith(NotifySettingsSchema, JSON.parse(raw));
  return parsed.ok ? parsed.value : { ...DEFAULT_NOTIFY_SETTINGS };
}

/** The kinds there were before the clocks' reminders and the summaries: what preferences saved without `known` were chosen among. */
const FIRST_KINDS: readonly NotifyEventKind[] = ['new', 'acknowledged', 'resolved', 'verified', 'disputed', 'reopened', 'dueSoon', 'overdue', 'escalated'];

/** A member's preferences as stored: with the kinds they chose among, so a kind added later starts on for them. */
export function storedPrefs(prefs: NotifyPrefs): string {
  return JSON.stringify({ ...prefs, known: [...NOTIFY_EVENT_KINDS] });
}

/**
 * A member's stored preferences. A kind added after they saved (not among `known`) is on: they never
 * had the chance to turn it off, and their role's audience still decides whether it reaches them.
 */
export function parsePrefs(raw: string | null | undefined): NotifyPrefs {
  if (!raw) return defaultPrefs();
  const { known, ...rest } = JSON.parse(raw) as { known?: string[] } & Record<string, unknown>;
  const parsed = parseWith(NotifyPrefsSchema, rest);
  if (!parsed.ok) return defaultPrefs();
  const seen = new Set<string>(known ?? FIRST_KINDS);
  const added = NOTIFY_EVENT_KINDS.filter((k) => !seen.has(k) && !parsed.value.events.includes(k));
  return added.length ? { ...parsed.value, events: [...parsed.value.events, ...added] } : parsed.value;
}

/** Exponential backoff with jitter: 30 s, 1 min, 2 min... up to an hour, each between half and all of it. */
export function backoffMs(attempts: number, random: () => number): number {
  const full = Math.min(BACKOFF_BASE_MS * 2 ** attempts, BACKOFF_MAX_MS);
  return Math.round(full * (0.5 + random() / 2));
}

/** What each timer tells, by its clock (ack, resolve, planned) and step (remind, due, escalate): `<clock>[-<step>]`. */
const TIMER_KINDS: Record<string, Record<string, NotifyEvent['kind']>> = {
  ack: { remind: 'dueSoon', due: 'overdue', escalate: 'escalated' },
  resolve: { remind: 'fixDueSoon', due: 'overdue', escalate: 'escalated' },
  planned: { remind: 'plannedDueSoon', due: 'plannedOverdue', escalate: 'escalated' },
};

export class Notifier {
  private readonly store: Store;
  private readonly opts: Required<Omit<NotifierOptions, 'store' | 'adapters' | 'escalateAfterMs'>> & { escalateAfterMs: number | undefined };
  private readonly adapters: { [C in Channel]: ChannelAdapter<C> };
  private running: Promise<TickStats> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastPrune = -Infinity;
  /** The digest day this instance is going through, and the last work it made one for (others may make them too: keys dedupe). */
  private digest = { day: '', after: '', done: false };

  constructor(options: NotifierOptions) {
    this.store = options.store;
    this.adapters = { ...ADAPTERS, ...options.adapters } as { [C in Channel]: ChannelAdapter<C> };
    this.opts = {
      baseUrl: options.baseUrl,
      now: options.now ?? Date.now,
      log: options.log ?? (() => {}),
      leaseMs: options.leaseMs ?? 120_000,
      batch: options.batch ?? 50,
      escalateAfterMs: options.escalateAfterMs,
      random: options.random ?? Math.random,
      batchWindowMs: options.batchWindowMs ?? BATCH_WINDOW_MS,
      retentionMs: options.retentionMs ?? RETENTION_MS,
      vapidSubject: options.vapidSubject ?? 'mailto:notify@sitewatch.invalid',
      pushOrigins: options.pushOrigins ?? [],
      summaries: options.summaries ?? true,
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
        return noStats();
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
    const total = noStats();
    for (let i = 0; i < rounds; i++) {
      const s = await this.tick();
      for (const k of Object.keys(total) as Array<keyof TickStats>) total[k] += s[k];
      if (s.timers + s.events + s.sent + s.failed + s.dead + s.summaries === 0) break;
    }
    return total;
  }

  private async round(): Promise<TickStats> {
    const stats = noStats();
    const now = this.opts.now();
    const n = this.store.notify;
    const lease = now + this.opts.leaseMs;
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      const p = await n.prune(now - this.opts.retentionMs, PRUNE_LIMIT);
      stats.pruned = p.deliveries + p.events + p.timers;
      // A full round means more are waiting: the next tick goes on.
      if (Math.max(p.deliveries, p.events, p.timers) < PRUNE_LIMIT) this.lastPrune = now;
    }
    if (this.opts.summaries) stats.summaries = await this.makeSummaries(now);
    for (const t of await n.claimTimers(now, lease, this.opts.batch)) {
      await this.fireTimer(t, now);
      stats.timers++;
    }
    for (const e of await n.claimEvents(now, lease, this.opts.batch)) {
      await this.fanOut(e, now);
      stats.events++;
    }
    const cache = new Map<string, Promise<unknown>>();
    // Rows of one batch claimed together go out together, with the batch's due rows no one holds.
    const groups = new Map<string, DeliveryRow[]>();
    for (const d of await n.claimDeliveries(now, lease, this.opts.batch)) {
      const k = d.batchKey ?? `one:${d.key}`;
      const g = groups.get(k);
      if (g) g.push(d);
      else groups.set(k, [d]);
    }
    for (const [k, claimed] of groups) {
      if (claimed[0]!.batchKey) claimed.push(...(await n.claimBatch(k, now, lease, BATCH_MAX - claimed.length)));
      const held = await this.hold(claimed, lease);
      if (!held) continue;
      const outcome = await this.deliver(held.rows, held.lease, now, cache);
      stats[outcome] += held.rows.length;
    }
    return stats;
  }

  /**
   * The claimed rows still this instance's, leased afresh for one send. A round that outlived its lease
   * (slow providers, a paused process) may have had rows taken over by another instance: those are left
   * to it, so nothing goes out twice for that. null: none left.
   */
  private async hold(claimed: DeliveryRow[], lease: number): Promise<{ rows: DeliveryRow[]; lease: number } | null> {
    const renewed = this.opts.now() + this.opts.leaseMs;
    const kept = new Set(
      await this.store.notify.holdDeliveries(
        claimed.map((r) => r.key),
        lease,
        renewed,
      ),
    );
    if (kept.size < claimed.length)
      this.opts.log(`notify: ${claimed.length - kept.size} of ${claimed.length} claimed deliveries were taken over by another instance`);
    const rows = claimed.filter((r) => kept.has(r.key));
    return rows.length > 0 ? { rows, lease: renewed } : null;
  }

  /**
   * The 08:00 digest (China time) of each work, and on Mondays the weekly summary: one event per work
   * and day, keyed by both, so every instance may try and one event is made. Goes through the works a
   * page per tick.
   */
  private async makeSummaries(now: number): Promise<number> {
    const day = chinaDay(now);
    const at = digestTimeOf(day);
    if (now < at || now > at + DIGEST_LATE_MS) return 0;
    if (this.digest.day !== day) this.digest = { day, after: '', done: false };
    if (this.digest.done) return 0;
    const n = this.store.notify;
    const works = await n.worksAfter(this.digest.after, this.opts.batch);
    if (works.length < this.opts.batch) this.digest.done = true;
    let made = 0;
    for (const work of works) {
      this.digest.after = work;
      const settings = parseSettings(await n.settingsOf(work));
      const weekly = settings.weekly && isMonday(day);
      if (!settings.digest && !weekly) continue;
      const workState = (await n.entity('work', work)) as WorkState | undefined;
      const since = String(now - 7 * DAY_MS).padStart(15, '0');
      const issues = ((await n.summaryIssues(work, since, SUMMARY_ISSUES)) as IssueState[]).filter((i) => i.work === work);
      for (const period of [settings.digest ? 'day' : null, weekly ? 'week' : null] as const) {
        if (!period) continue;
        const summary = summarise(issues, targetsOf(workState), now, period);
        // Nothing happened and nothing is waiting: no message.
        if (summary.reported + summary.open + summary.disputed + summary.fixed === 0) continue;
        const kind = period === 'day' ? 'digest' : 'weekly';
        const event: NotifyEvent = {
          kind,
          issue: '',
          category: 'other',
          severity: 'low',
          pointId: null,
          reportedBy: '',
          actor: 'system',
          urgent: false,
          summary,
        };
        await n.addEvent({ key: `${kind}:${work}:${day}`, work, kind, issue: '', body: JSON.stringify(event), createdAt: now });
        made++;
      }
    }
    return made;
  }

  private async fireTimer(t: TimerRow, now: number): Promise<void> {
    const issue = (await this.store.notify.entity('issue', t.issue)) as IssueState | undefined;
    const [clock, step] = t.kind.split('-') as [string, string | undefined];
    // The acknowledge clocks stop at the first answer; the others when the liaison owes nothing, and
    // a planned date's when the date changed (the new date armed its own).
    const waiting =
      issue &&
      issue.work === t.work &&
      (clock === 'ack' ? issue.status === 'reported' : LIAISON_OWES.has(issue.status)) &&
      (clock !== 'planned' || t.key.endsWith(`:${issue.plannedDate}`));
    if (issue && waiting) {
      const kind = TIMER_KINDS[clock]?.[step ?? 'due'];
      if (kind) {
        // From the issue as stored now: its number too, which it has had since the server accepted it.
        const event: NotifyEvent = { kind, ...issueFieldsOf(issue), actor: 'system', urgent: kind === 'escalated' || issue.severity === 'high' };
        await this.store.notify.addEvent({ key: `timer:${t.key}`, work: t.work, kind, issue: issue.id, body: JSON.stringify(event), createdAt: now });
      }
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
    // Urgent ones go alone and at once; a summary is its own message; the rest wait for their window.
    const batched = !event.urgent && !SUMMARY_KINDS.has(event.kind) && this.opts.batchWindowMs > 0;
    const rows: NewDelivery[] = [];
    const add = (channel: Channel | 'inapp' | 'push', recipient: string | null, body: DeliveryBody, at: number) => {
      const batch = batched && BATCHED.has(channel);
      const nextAt = batch ? batchRelease(at, this.opts.batchWindowMs) : at;
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
        batchKey: batch ? `${row.work}:${channel}:${recipient ?? '-'}:${nextAt}` : null,
      });
    };
    for (const { m, prefs } of recipients) {
      const view: SummaryView | undefined = event.summary ? (m.role === 'liaison' ? 'todo' : 'overview') : undefined;
      const personal = (to: string | null): DeliveryBody => ({ event, lang: prefs.language, to, mentions: [], ...(view && { view }) });
      const at = releaseTime(now, prefs.quiet, event.urgent);
      add('inapp', m.id, personal(null), now);
      if (channels.email?.enabled && prefs.viaEmail && prefs.email) add('email', m.id, personal(prefs.email), at);
      if (channels.sms?.enabled && prefs.viaSms && prefs.mobile) add('sms', m.id, personal(prefs.mobile), at);
      if (m.id !== 'system' && (await n.pushSubsOf(m.id, 1)).length > 0) add('push', m.id, personal(null), at);
    }
    // The group channels carry every event of the work; those who asked are @-mentioned.
    const mentions = recipients.filter(({ prefs }) => prefs.viaWecom && prefs.mobile).map(({ prefs }) => prefs.mobile!);
    if (channels.wecom?.enabled) add('wecom', null, { event, lang: 'zh-CN', to: null, mentions }, now);
    if (channels.webhook?.enabled) add('webhook', null, { event, lang: 'zh-CN', to: null, mentions: [] }, now);
    await n.addDeliveries(rows);
    if (event.kind === 'new' || event.kind === 'reopened' || event.kind === 'acknowledged') await this.armTimers(row, event, now);
    await n.finishEvent(row.key, now);
  }

  /**
   * The clocks an issue's report, reopening or acknowledgement starts: against the work's response
   * targets (acknowledge, resolve) and the planned fix date, each with a reminder before it and an
   * escalation to staff after the work's escalation delay.
   */
  private async armTimers(row: NotifyEventRow, event: NotifyEvent, now: number): Promise<void> {
    const n = this.store.notify;
    const work = (await n.entity('work', row.work)) as WorkState | undefined;
    const saved = await n.settingsOf(row.work);
    const settings = parseSettings(saved);
    // The option stands in for the default where staff set nothing (tests shorten it).
    const escalate = saved === null && this.opts.escalateAfterMs !== undefined ? this.opts.escalateAfterMs : settings.escalateAfterHours * HOUR_MS;
    const remind = settings.remindBeforeHours * HOUR_MS;
    const targets = targetsOf(work);
    const base = { work: row.work, issue: event.issue };
    const clock = (name: string, due: number, suffix: string, lead: number): TimerRow[] => [
      { ...base, key: `${event.issue}:${name}-remind:${suffix}`, kind: `${name}-remind`, dueAt: due - lead },
      { ...base, key: `${event.issue}:${name}:${suffix}`, kind: name, dueAt: due },
      { ...base, key: `${event.issue}:${name}-escalate:${suffix}`, kind: `${name}-escalate`, dueAt: due + escalate },
    ];
    const timers: TimerRow[] = [];
    if (event.kind === 'new') {
      const ackTarget = targets.acknowledgeHours * HOUR_MS;
      timers.push(...clock('ack', row.createdAt + ackTarget, row.key, remindBefore(ackTarget)));
    }
    if (event.kind === 'new' || event.kind === 'reopened') {
      const resolveTarget = targets.resolveDays * DAY_MS;
      const from = event.kind === 'new' ? row.createdAt : now;
      timers.push(...clock('resolve', from + resolveTarget, row.key, Math.min(remind, resolveTarget / 4)));
    }
    if (event.kind === 'acknowledged') {
      const issue = (await n.entity('issue', event.issue)) as IssueState | undefined;
      // Keyed by the date: a new date arms new clocks, the old ones find the date changed and stay quiet.
      if (issue?.plannedDate) timers.push(...clock('planned', plannedDeadline(issue.plannedDate), issue.plannedDate, remind));
    }
    if (timers.length) await n.addTimers(timers);
  }

  private cached<T>(cache: Map<string, Promise<unknown>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) cache.set(key, (p = load()));
    return p;
  }

  /**
   * Sends one message for `rows` (one delivery, or the due rows of one batch: same recipient and
   * channel) and records the outcome on every row. The message carries the first row's key: a crash
   * before the outcome is written sends it again with that key, which the receiver can drop.
   */
  private async deliver(rows: DeliveryRow[], lease: number, now: number, cache: Map<string, Promise<unknown>>): Promise<'sent' | 'failed' | 'dead'> {
    const n = this.store.notify;
    const d = rows[0]!;
    const channel = d.channel as Channel | 'push';
    // Written under the lease the send held: a row another instance took over meanwhile keeps what it recorded.
    const each = async (f: (key: string) => Promise<boolean>) => {
      let lost = 0;
      for (const r of rows) if (!(await f(r.key))) lost++;
      if (lost > 0)
        this.opts.log(
          `notify: ${channel} ${d.key}: ${lost} of ${rows.length} deliveries were taken over while being sent (lease too short for this provider?)`,
        );
    };
    let result: SendResult & { gone?: boolean };
    if (channel === 'push') {
      result = await this.sendPushes(rows, now, cache);
    } else {
      const channels = await this.cached(cache, `channels:${d.work}`, async () => parseChannels(await n.channelsOfWork(d.work)));
      const config = channels[channel];
      if (!config?.enabled) {
        await each((key) => n.deliveryFailed(key, 'dead', now, `the ${channel} channel is turned off or not set up for this work`, lease));
        return 'dead';
      }
      if (channel === 'wecom') {
        const sent = await n.sentSince(d.work, 'wecom', now - 60_000);
        if (sent >= WECOM_PER_MINUTE) {
          await each((key) => n.deliveryPostponed(key, now + 60_000, lease));
          return 'failed';
        }
      }
      const msg = await this.outgoing(rows, now, cache);
      try {
        result = await (this.adapters[channel] as ChannelAdapter).send(config, msg);
      } catch (err) {
        result = { ok: false, permanent: false, error: err instanceof Error ? err.message : String(err) };
      }
    }
    if (result.ok) {
      const at = this.opts.now();
      await each((key) => n.deliverySent(key, at, lease));
      return 'sent';
    }
    const tries = d.attempts + 1;
    const dead = result.permanent || tries >= MAX_ATTEMPTS;
    const error = dead && !result.permanent ? `${result.error} (gave up after ${tries} tries)` : result.error;
    const next = now + (result.retryAfterMs ?? backoffMs(d.attempts, this.opts.random));
    await each((key) => n.deliveryFailed(key, dead ? 'dead' : 'failed', next, error, lease));
    this.opts.log(`notify: ${channel} ${d.key}${rows.length > 1 ? ` (+${rows.length - 1})` : ''} ${dead ? 'gave up' : 'failed'}: ${error}`);
    return dead ? 'dead' : 'failed';
  }

  /** Web Push to every device the member subscribed; sent when one of them took it. Subscriptions a push service says are gone are forgotten. */
  private async sendPushes(rows: DeliveryRow[], now: number, cache: Map<string, Promise<unknown>>): Promise<SendResult> {
    const n = this.store.notify;
    const d = rows[0]!;
    const subs = d.recipient ? await n.pushSubsOf(d.recipient, PUSH_DEVICES) : [];
    if (subs.length === 0) return { ok: false, permanent: true, error: 'no device of this member is subscribed to Web Push any more' };
    const keys = await this.cached<VapidKeys>(cache, 'vapid', () => vapidKeys(n, now));
    const msg = await this.outgoing(rows, now, cache);
    const results = [];
    for (const sub of subs) {
      const r = await sendPush(sub, d.key, msg.message, msg.link, { keys, subject: this.opts.vapidSubject, extraOrigins: this.opts.pushOrigins });
      if (r.gone) await n.deletePushEndpoint(sub.endpoint);
      results.push(r);
    }
    if (results.some((r) => r.ok)) return { ok: true };
    const failures = results.filter((r): r is Extract<SendResult, { ok: false }> => !r.ok);
    return {
      ok: false,
      permanent: failures.every((r) => r.permanent),
      error: failures
        .map((r) => r.error)
        .join('; ')
        .slice(0, 500),
    };
  }

  /** The message of one or several deliveries of one recipient and channel, rendered now (current names). */
  private async outgoing(rows: DeliveryRow[], now: number, cache: Map<string, Promise<unknown>>): Promise<OutgoingMessage> {
    const n = this.store.notify;
    const d = rows[0]!;
    const bodies = rows.map((r) => JSON.parse(r.body) as DeliveryBody);
    const body = bodies[0]!;
    const work = await this.cached(cache, `work:${d.work}`, () => n.entity('work', d.work) as Promise<WorkState | undefined>);
    const pointName = async (pointId: string | null) => {
      if (!pointId) return null;
      const point = await this.cached(cache, `point:${pointId}`, () => n.entity('point', pointId) as Promise<PointState | undefined>);
      return point && point.work === d.work ? point.name : null;
    };
    const workName = work?.name ?? d.work;
    const first = body.event;
    if (first.summary) {
      const lines = [];
      for (const it of first.summary.items) {
        lines.push({
          category: it.category,
          pointName: await pointName(it.pointId),
          lateMs: it.lateMs,
          link: issueLink(this.opts.baseUrl, d.work, it.issue),
          ...(it.number !== undefined && { number: it.number }),
        });
      }
      const link = workLink(this.opts.baseUrl, d.work);
      const message = renderSummary(body.lang, workName, first.summary, lines, link, body.view);
      return { key: d.key, work: d.work, issue: null, kind: first.kind, link, message, to: body.to, mentions: body.mentions, at: now };
    }
    const items: MessageItem[] = [];
    for (const b of bodies.slice(0, BATCH_LISTED)) {
      const ev = b.event;
      items.push({
        kind: ev.kind,
        urgent: ev.urgent,
        category: ev.category,
        pointName: await pointName(ev.pointId),
        link: issueLink(this.opts.baseUrl, d.work, ev.issue),
        ...(ev.number !== undefined && { number: ev.number }),
      });
    }
    const message: RenderedMessage = renderMessage(body.lang, workName, items, Math.max(0, bodies.length - BATCH_LISTED));
    // One issue: its link; several: the work's list.
    const link = rows.length === 1 ? issueLink(this.opts.baseUrl, d.work, first.issue) : workLink(this.opts.baseUrl, d.work);
    // Everyone any of the batched events @-mentions.
    const mentions = [...new Set(bodies.flatMap((b) => b.mentions))];
    const one = rows.length === 1;
    const number = one ? (first.number ?? null) : null;
    return { key: d.key, work: d.work, issue: one ? first.issue : null, number, kind: first.kind, link, message, to: body.to, mentions, at: now };
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
