/**
 * Notifications: which accepted op tells whom what, a member's preferences, quiet hours, and the
 * settings of a work's channels. Pure rules shared by the server (which derives and sends) and the
 * app (which edits the settings). Imported directly, not through index.ts: the app shell does not
 * carry it.
 */
import * as v from 'valibot';
import type { IssueCategory, IssueStatus, Role, Severity } from './domain';
import { stampWall } from './hlc';
import { DAY_MS, HOUR_MS, LIAISON_OWES, endOfDay, issueClocks } from './issue-clocks';
import type { ResponseTargets } from './response-targets';

/**
 * What a notification is about. `dueSoon`, `overdue`, `escalated`, `fixDueSoon`, `plannedDueSoon` and
 * `plannedOverdue` come from the clocks of one issue, `digest` and `weekly` from the calendar (a
 * summary of a work, about no single issue), the rest from ops.
 */
export const NOTIFY_EVENT_KINDS = [
  'new',
  'acknowledged',
  'resolved',
  'verified',
  'disputed',
  'reopened',
  'dueSoon',
  'overdue',
  'escalated',
  'fixDueSoon',
  'plannedDueSoon',
  'plannedOverdue',
  'digest',
  'weekly',
] as const;
export type NotifyEventKind = (typeof NOTIFY_EVENT_KINDS)[number];

/** Who is told of each kind, by role; `reporter` is the member who reported the issue. */
export const AUDIENCE: Readonly<Record<NotifyEventKind, { roles: readonly Role[]; reporter: boolean }>> = {
  new: { roles: ['liaison'], reporter: false },
  acknowledged: { roles: [], reporter: true },
  resolved: { roles: ['volunteer'], reporter: true },
  verified: { roles: ['liaison', 'staff'], reporter: false },
  disputed: { roles: ['staff'], reporter: false },
  reopened: { roles: ['liaison'], reporter: false },
  dueSoon: { roles: ['liaison'], reporter: false },
  overdue: { roles: ['liaison'], reporter: false },
  escalated: { roles: ['staff'], reporter: false },
  fixDueSoon: { roles: ['liaison'], reporter: false },
  plannedDueSoon: { roles: ['liaison'], reporter: false },
  plannedOverdue: { roles: ['liaison'], reporter: false },
  digest: { roles: ['staff', 'liaison'], reporter: false },
  weekly: { roles: ['staff'], reporter: false },
};

/** Kinds that summarise a work rather than tell of one issue: each is its own message, never batched. */
export const SUMMARY_KINDS: ReadonlySet<NotifyEventKind> = new Set(['digest', 'weekly']);

/** What the server records, in the op's own transaction, for each op that tells someone something. */
export interface NotifyEvent {
  kind: NotifyEventKind;
  issue: string;
  category: IssueCategory;
  severity: Severity;
  pointId: string | null;
  reportedBy: string;
  /** Whoever made the change: never told of their own change. */
  actor: string;
  /** Urgent ones pass quiet hours and are never batched. */
  urgent: boolean;
  /**
   * The issue's short number ("#142"), what its messages name it by. The server gives it when it accepts
   * the create, in the same transaction that records the "new" event, so even that one has it. Absent for
   * an issue accepted before numbers existed, and in events recorded before events carried it.
   */
  number?: number;
  /** A digest or weekly summary: the counts at the time it was made (`issue` is then empty). */
  summary?: WorkSummary;
}

type IssueLike = {
  id: string;
  category: IssueCategory;
  severity: Severity;
  pointId: string | null;
  reportedBy: string;
  status: IssueStatus;
  number?: number;
};

/** The fields of an event that come from the issue it is about (the kind, actor and urgency do not). */
export function issueFieldsOf(issue: Omit<IssueLike, 'status'>): Pick<NotifyEvent, 'issue' | 'category' | 'severity' | 'pointId' | 'reportedBy' | 'number'> {
  return {
    issue: issue.id,
    category: issue.category,
    severity: issue.severity,
    pointId: issue.pointId,
    reportedBy: issue.reportedBy,
    ...(issue.number !== undefined && { number: issue.number }),
  };
}

const BY_STATUS: Partial<Record<IssueStatus, NotifyEventKind>> = {
  acknowledged: 'acknowledged',
  resolved: 'resolved',
  verified: 'verified',
  disputed: 'disputed',
  reopened: 'reopened',
};

/** The event an accepted op causes, if any: a new issue, or a move to a status someone waits for. */
export function eventOfOp(op: { kind: string; actor: string }, before: IssueLike | undefined, after: IssueLike): NotifyEvent | null {
  let kind: NotifyEventKind | undefined;
  if (op.kind === 'issue.create') kind = 'new';
  else if (op.kind === 'issue.transition' && before && before.status !== after.status) kind = BY_STATUS[after.status];
  if (!kind) return null;
  return { kind, ...issueFieldsOf(after), actor: op.actor, urgent: after.severity === 'high' || kind === 'escalated' };
}

// --- A member's preferences ---------------------------------------------

const HHMM = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'));
/** A mainland mobile number: what WeCom mentions and SMS need. */
export const MOBILE_PATTERN = /^1\d{10}$/;

export const NotifyPrefsSchema = v.strictObject({
  /** The kinds this member wants; the role's audience decides which of them can reach them at all. */
  events: v.pipe(v.array(v.picklist(NOTIFY_EVENT_KINDS)), v.maxLength(NOTIFY_EVENT_KINDS.length)),
  email: v.nullable(v.pipe(v.string(), v.maxLength(254), v.email('must be an e-mail address'))),
  mobile: v.nullable(v.pipe(v.string(), v.regex(MOBILE_PATTERN, 'must be an 11-digit mobile number'))),
  viaEmail: v.boolean(),
  viaWecom: v.boolean(),
  viaSms: v.boolean(),
  /** Quiet hours in China time; null: none. Urgent ones come anyway. */
  quiet: v.nullable(v.strictObject({ from: HHMM, to: HHMM })),
  language: v.picklist(['zh-CN', 'en']),
});
export type NotifyPrefs = v.InferOutput<typeof NotifyPrefsSchema>;

export const DEFAULT_QUIET = { from: '22:00', to: '07:00' } as const;

export function defaultPrefs(): NotifyPrefs {
  return {
    events: [...NOTIFY_EVENT_KINDS],
    email: null,
    mobile: null,
    viaEmail: false,
    viaWecom: false,
    viaSms: false,
    quiet: { ...DEFAULT_QUIET },
    language: 'zh-CN',
  };
}

/** Whether a member of this role, with these preferences, is told of this event at all. */
export function wants(event: NotifyEvent, role: Role, memberId: string, prefs: NotifyPrefs): boolean {
  if (memberId === event.actor) return false;
  const audience = AUDIENCE[event.kind];
  const inAudience = audience.roles.includes(role) || (audience.reporter && memberId === event.reportedBy);
  return inAudience && prefs.events.includes(event.kind);
}

/** China time has no daylight saving: a fixed offset is exact. */
export const CHINA_OFFSET_MIN = 8 * 60;
const MIN_MS = 60_000;
const DAY_MIN = 24 * 60;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a message may go out: `now` unless it falls in the quiet hours (China time), then the end of
 * them. Urgent messages are never held.
 */
export function releaseTime(now: number, quiet: NotifyPrefs['quiet'], urgent: boolean): number {
  if (!quiet || urgent) return now;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return now;
  const local = Math.floor((now + CHINA_OFFSET_MIN * MIN_MS) / MIN_MS);
  const minuteOfDay = ((local % DAY_MIN) + DAY_MIN) % DAY_MIN;
  const inside = from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
  if (!inside) return now;
  const wait = (to - minuteOfDay + DAY_MIN) % DAY_MIN;
  return (local + wait) * MIN_MS - CHINA_OFFSET_MIN * MIN_MS;
}

// --- Batching ---------------------------------------------------------------

/** Non-urgent messages to one person on one channel go out together, at most one per window. */
export const BATCH_WINDOW_MS = 5 * MIN_MS;

/**
 * When a non-urgent message may leave to be batched with others: the end of the window (of fixed,
 * aligned windows) that `at` falls in, so everything due in one window shares one send time.
 * A window of 0 turns batching off.
 */
export function batchRelease(at: number, windowMs: number): number {
  if (windowMs <= 0) return at;
  return Math.ceil(at / windowMs) * windowMs;
}

// --- Digests and summaries -----------------------------------------------------

/** The daily digest's hour, China time; the weekly summary comes on Mondays at the same hour. */
export const DIGEST_HOUR = 8;

/** The China calendar day (YYYY-MM-DD) a moment falls in. */
export function chinaDay(at: number): string {
  return new Date(at + CHINA_OFFSET_MIN * MIN_MS).toISOString().slice(0, 10);
}

/** The moment of DIGEST_HOUR China time on a China calendar day. */
export function digestTimeOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MIN * MIN_MS + DIGEST_HOUR * HOUR_MS;
}

/** Whether a China calendar day is a Monday (the weekly summary's day). */
export function isMonday(day: string): boolean {
  return new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
}

/** An issue in a summary: enough for a line with a link. */
export interface SummaryItem {
  issue: string;
  category: IssueCategory;
  pointId: string | null;
  /** How late it is, ms (0: not late). */
  lateMs: number;
  /** The issue's short number, when it has one. */
  number?: number;
}

/** What a digest (the last day) or a weekly summary (the last 7 days) says about a work. */
export interface WorkSummary {
  period: 'day' | 'week';
  /** Reported within the period. */
  reported: number;
  /** Waiting for the construction side's first answer. */
  waiting: number;
  /** Open: the construction side owes work (acknowledged, in progress, reopened, or still waiting). */
  open: number;
  /** Open and late on some clock. */
  overdue: number;
  /** Disputed: for staff and the joint meeting. */
  disputed: number;
  /** Fixed (resolved or verified) within the period, as far as the issue's last change tells. */
  fixed: number;
  /** The most overdue first, then the oldest waiting; at most SUMMARY_ITEMS. */
  items: SummaryItem[];
}

export const SUMMARY_ITEMS = 5;

type SummarisedIssue = Pick<IssueLike, 'id' | 'category' | 'pointId' | 'status' | 'number'> & {
  reportedAt: string;
  updatedAt: string;
  plannedDate: string | null;
};

/**
 * A work's summary at `now` over the last day or week, from the issues the server holds (only the
 * open ones and those changed within the period are needed). Lateness is measured as the issue
 * clocks measure it, from the time of the report (the server's stored state keeps no history).
 */
export function summarise(issues: readonly SummarisedIssue[], targets: ResponseTargets, now: number, period: 'day' | 'week'): WorkSummary {
  const since = now - (period === 'day' ? DAY_MS : 7 * DAY_MS);
  const out: WorkSummary = { period, reported: 0, waiting: 0, open: 0, overdue: 0, disputed: 0, fixed: 0, items: [] };
  const candidates: Array<SummaryItem & { reportedAt: number }> = [];
  for (const issue of issues) {
    const reportedAt = stampWall(issue.reportedAt);
    if (reportedAt >= since) out.reported++;
    if (issue.status === 'disputed') out.disputed++;
    if ((issue.status === 'resolved' || issue.status === 'verified') && stampWall(issue.updatedAt) >= since) out.fixed++;
    if (!LIAISON_OWES.has(issue.status)) continue;
    out.open++;
    if (issue.status === 'reported') out.waiting++;
    const clocks = issueClocks({ status: issue.status, plannedDate: issue.plannedDate, history: [{ at: issue.reportedAt, to: 'reported' }] }, { targets, now });
    const lateMs = clocks.overdue ? Math.max(clocks.acknowledgeLateMs, clocks.resolveLateMs, clocks.plannedLateMs) : 0;
    if (lateMs > 0) out.overdue++;
    if (lateMs > 0 || issue.status === 'reported') {
      const number = issue.number !== undefined ? { number: issue.number } : {};
      candidates.push({ issue: issue.id, category: issue.category, pointId: issue.pointId, lateMs, ...number, reportedAt });
    }
  }
  candidates.sort((a, b) => b.lateMs - a.lateMs || a.reportedAt - b.reportedAt || (a.issue < b.issue ? -1 : 1));
  out.items = candidates.slice(0, SUMMARY_ITEMS).map(({ reportedAt: _at, ...item }) => item);
  return out;
}

// --- A work's notification settings -----------------------------------------

/** Staff's settings of a work's notifications, apart from the channels. */
export const NotifySettingsSchema = v.strictObject({
  /** After a response target passes unanswered, how long before staff are told (escalation). */
  escalateAfterHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 30)),
  /** How long before the fix deadline (the resolve target, the planned date) the liaison is reminded. */
  remindBeforeHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 7)),
  /** The 08:00 digest to staff and liaisons. */
  digest: v.boolean(),
  /** The Monday summary to staff. */
  weekly: v.boolean(),
});
export type NotifySettings = v.InferOutput<typeof NotifySettingsSchema>;

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { escalateAfterHours: 24, remindBeforeHours: 24, digest: true, weekly: true };

/** The deadline of a fix against the planned date: the end of that day, China time. */
export function plannedDeadline(plannedDate: string): number {
  return endOfDay(plannedDate, CHINA_OFFSET_MIN);
}

// --- A work's channels ----------------------------------------------------

export const CHANNELS = ['wecom', 'webhook', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels that reach one person (quiet hours apply) rather than a group or a system. */
export const PERSONAL_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'sms']);

/**
 * Outgoing addresses: http(s) only. Who may set them is staff of the work (never a volunteer or a
 * resident): the server calls what staff configured, and nothing a request names otherwise.
 */
const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2000),
  // No user name (user@host): an address that hides its real host is refused. (Core has no URL class.)
  v.regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?([/?#][^\s]*)?$/i, 'must be an http:// or https:// address without a user name'),
);
const Secret = v.pipe(v.string(), v.minLength(1), v.maxLength(512));
const Host = v.pipe(v.string(), v.regex(/^[A-Za-z0-9.-]{1,253}$/, 'must be a host name'));

export const ChannelConfigSchemas = {
  /** 企业微信 group robot: its webhook address carries the robot's key (a secret). */
  wecom: v.strictObject({ enabled: v.boolean(), url: HttpUrl }),
  /** An outgoing webhook: JSON POST signed with HMAC-SHA256 of the shared secret. */
  webhook: v.strictObject({ enabled: v.boolean(), url: HttpUrl, secret: Secret }),
  email: v.strictObject({
    enabled: v.boolean(),
    host: Host,
    port: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
    /** TLS from the start (465); else STARTTLS when the server offers it (587, 25). */
    secure: v.boolean(),
    user: v.pipe(v.string(), v.maxLength(254)),
    pass: v.pipe(v.string(), v.maxLength(512)),
    from: v.pipe(v.string(), v.maxLength(254), v.email('must be an e-mail address')),
  }),
  /** SMS through the community's own Yunpian (云片) account: single_send with an API key. */
  sms: v.strictObject({ enabled: v.boolean(), provider: v.picklist(['yunpian']), apiKey: Secret, url: v.optional(HttpUrl) }),
} as const;

export type ChannelConfigs = { [C in Channel]: v.InferOutput<(typeof ChannelConfigSchemas)[C]> };

export const PutChannelRequestSchema = v.variant('channel', [
  v.strictObject({ channel: v.literal('wecom'), config: ChannelConfigSchemas.wecom }),
  v.strictObject({ channel: v.literal('webhook'), config: ChannelConfigSchemas.webhook }),
  v.strictObject({ channel: v.literal('email'), config: ChannelConfigSchemas.email }),
  v.strictObject({ channel: v.literal('sms'), config: ChannelConfigSchemas.sms }),
]);
export type PutChannelRequest = v.InferOutput<typeof PutChannelRequestSchema>;

export const ChannelNameSchema = v.strictObject({ channel: v.picklist(CHANNELS) });

/** What a secret looks like to staff once saved: enough to recognise it, not to use it. */
export function maskSecret(s: string): string {
  if (s.length <= 4) return '****';
  return `${s.slice(0, 2)}****${s.slice(-2)}`;
}

/** A WeCom robot address with its key masked (the key is the secret part of the URL: every query value is masked). */
export function maskUrl(url: string): string {
  return url.replace(/([?&][^=&#]*=)([^&#]*)/g, (_m, name: string, value: string) => name + maskSecret(value));
}

/** The secrets of each channel, masked: what any answer to a device carries. */
export function maskedConfig<C extends Channel>(channel: C, config: ChannelConfigs[C]): Record<string, unknown> {
  const c = config as Record<string, unknown>;
  const out: Record<string, unknown> = { ...c };
  if (channel === 'wecom') out.url = maskUrl(c.url as string);
  if (channel === 'webhook') out.secret = maskSecret(c.secret as string);
  if (channel === 'email') out.pass = c.pass ? maskSecret(c.pass as string) : '';
  if (channel === 'sms') out.apiKey = maskSecret(c.apiKey as string);
  return out;
}

// --- Web Push -------------------------------------------------------------------

/** base64url without padding, as PushSubscription.toJSON() gives its keys. */
const B64URL = (min: number, max: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'), v.minLength(min), v.maxLength(max));

/**
 * A device's Web Push subscription, as the browser's PushSubscription.toJSON() gives it. The endpoint
 * is an address the server will POST to, sent by a device: the server accepts only https addresses
 * of the known push services (sync-server/notify/push.ts), never one the device makes up.
 */
export const PushSubscriptionSchema = v.strictObject({
  endpoint: v.pipe(v.string(), v.maxLength(1000), v.regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/[^\s]*$/, 'must be a push service address')),
  // The P-256 public key (65 bytes: 87 characters) and the 16-byte auth secret (22 characters).
  keys: v.strictObject({ p256dh: B64URL(80, 100), auth: B64URL(16, 32) }),
});
export type PushSubscriptionJson = v.InferOutput<typeof PushSubscriptionSchema>;

export const PushEndpointSchema = v.strictObject({ endpoint: v.pipe(v.string(), v.maxLength(1000)) });

export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A line of the delivery log staff see. */
export interface DeliveryLogEntry {
  key: string;
  channel: Channel | 'push';
  /** The member told, or null for a group channel (robot, webhook). */
  recipient: string | null;
  kind: NotifyEventKind;
  /** Empty for a digest or summary. */
  issue: string;
  /** The issue's short number ("#142"), which staff know it by; absent for a summary and an issue without one. */
  number?: number;
  /** Sent in one message with others of the same recipient and channel. */
  batched: boolean;
  state: DeliveryState;
  attempts: number;
  /** The provider's answer to the last failed try (bounded). */
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAt: number;
}
