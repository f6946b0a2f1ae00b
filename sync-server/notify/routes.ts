/**
 * Notifications over HTTP. Every endpoint acts on the work of the device's token.
 *
 *   GET  /api/notify/channels        staff: the work's channels, secrets masked
 *   PUT  /api/notify/channels        staff: set one channel ({channel, config}); a masked secret sent back keeps the saved one
 *   POST /api/notify/channels/test   staff: send a test message now ({channel}); answers {ok} or {ok: false, error}
 *   GET  /api/notify/deliveries      staff: the delivery log (?limit, at most 200)
 *   GET  /api/notify/members         staff: every member's preferences (contacts included)
 *   GET  /api/notify/prefs           a member's own preferences
 *   PUT  /api/notify/prefs           a member sets their own preferences
 *   GET  /api/notify/inbox           a member's in-app notifications (newest 50) and the unread count
 *   POST /api/notify/inbox/read      marks them read up to a time ({upTo})
 *   GET  /api/notify/inbox/unread    the unread count alone (the app's badge)
 *   GET  /api/notify/settings        staff: escalation delay, reminder lead, digests
 *   PUT  /api/notify/settings        staff: set them
 *   GET  /api/notify/push            the server's VAPID public key, and whether this device is subscribed
 *   PUT  /api/notify/push            this device's Web Push subscription ({endpoint, keys}); known push services only
 *   DELETE /api/notify/push          forgets this device's subscription
 *
 * Contacts (e-mail, mobile) are personal data: only the member and staff of the work read them.
 * Channel secrets never leave the server unmasked, not even to staff.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { parseWith } from '../../src/core';
import {
  type Channel,
  CHANNELS,
  ChannelNameSchema,
  type DeliveryLogEntry,
  type NotifyEvent,
  NotifyPrefsSchema,
  NotifySettingsSchema,
  PushSubscriptionSchema,
  PutChannelRequestSchema,
  maskedConfig,
} from '../../src/core/notify';
import { audit } from '../audit';
import { requireDevice, requireStaff } from '../auth';
import type { AppContext } from '../context';
import { HttpError, readJson, sendJson } from '../http';
import { RateLimiter } from '../rate-limit';
import { ADAPTERS } from './channels';
import { type DeliveryBody, parseChannels, parsePrefs, parseSettings, sendTest, storedPrefs } from './notifier';
import { allowedEndpoint, vapidKeys } from './push';

type Route = (req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL) => Promise<void>;

const BODY_BYTES = 8192;
const LOG_LIMIT = 200;
const INBOX_LIMIT = 50;
/** Test messages per work and minute: a button pressed in a loop must not flood a group or a mailbox. */
const TESTS_PER_MINUTE = 5;
const testLimiter = new WeakMap<AppContext, RateLimiter>();

async function body<S extends v.GenericSchema>(req: IncomingMessage, schema: S): Promise<v.InferOutput<S>> {
  const parsed = parseWith(schema, await readJson(req, BODY_BYTES));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  return parsed.value;
}

/** The secret field of each channel. */
const SECRET_FIELD: Record<Channel, string> = { wecom: 'url', webhook: 'secret', email: 'pass', sms: 'apiKey' };

function maskedChannels(configs: ReturnType<typeof parseChannels>): Record<Channel, Record<string, unknown> | null> {
  const out = {} as Record<Channel, Record<string, unknown> | null>;
  for (const c of CHANNELS) {
    const config = configs[c];
    out[c] = config ? maskedConfig(c, config) : null;
  }
  return out;
}

const getChannels: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  sendJson(res, 200, { channels: maskedChannels(parseChannels(await ctx.store.notify.channelsOfWork(auth.work))) });
};

const putChannel: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { channel, config } = await body(req, PutChannelRequestSchema);
  const saved = parseChannels(await ctx.store.notify.channelsOfWork(auth.work))[channel];
  const field = SECRET_FIELD[channel];
  const next = { ...config } as Record<string, unknown>;
  // The form shows the masked secret; sent back unchanged, it means "keep the saved one".
  if (saved) {
    const masked = maskedConfig(channel, saved)[field];
    if (next[field] === masked && masked !== '') next[field] = (saved as Record<string, unknown>)[field];
  }
  if (typeof next[field] === 'string' && (next[field] as string).includes('****')) {
    throw new HttpError(400, 'bad_request', `config.${field}: type the full secret again (the saved one is shown masked)`);
  }
  const now = Date.now();
  await ctx.store.notify.putChannel(auth.work, channel, JSON.stringify(next), now);
  await ctx.store.transaction(
    (tx) =>
      audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'notify.channel', detail: { channel, enabled: config.enabled ? 'yes' : 'no' } }),
    { work: auth.work },
  );
  sendJson(res, 200, { channels: maskedChannels(parseChannels(await ctx.store.notify.channelsOfWork(auth.work))) });
};

const testChannel: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { channel } = await body(req, ChannelNameSchema);
  let limiter = testLimiter.get(ctx);
  if (!limiter) testLimiter.set(ctx, (limiter = new RateLimiter(TESTS_PER_MINUTE, 60_000)));
  const wait = limiter.take(auth.work);
  if (wait > 0)
    throw new HttpError(429, 'rate_limited', `at most ${TESTS_PER_MINUTE} test messages a minute: try again in ${wait} s`, { 'Retry-After': String(wait) });
  sendJson(res, 200, await sendTest(ctx.store, ctx.notifyAdapters ?? ADAPTERS, auth.work, channel, auth.memberId, Date.now()));
};

const getDeliveries: Route = async (req, res, ctx, url) => {
  const auth = await requireStaff(req, ctx);
  const asked = Number(url.searchParams.get('limit') ?? 100);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, LOG_LIMIT) : 100;
  const rows = await ctx.store.notify.deliveriesOfWork(auth.work, limit);
  const entries: DeliveryLogEntry[] = rows.map((d) => {
    const event = (JSON.parse(d.body) as DeliveryBody).event;
    return {
      key: d.key,
      channel: d.channel as Channel,
      recipient: d.recipient,
      kind: event.kind,
      issue: event.issue,
      ...(event.number !== undefined && { number: event.number }),
      batched: d.batchKey !== null,
      state: d.state,
      attempts: d.attempts,
      lastError: d.lastError,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
      nextAt: d.nextAt,
    };
  });
  sendJson(res, 200, { deliveries: entries });
};

const getMembers: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const [members, prefs] = await Promise.all([ctx.store.listMembers(auth.work), ctx.store.notify.prefsOfWork(auth.work)]);
  sendJson(res, 200, {
    members: members.filter((m) => !m.removed).map((m) => ({ id: m.id, name: m.name, role: m.role, prefs: parsePrefs(prefs.get(m.id)) })),
  });
};

const getPrefs: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  sendJson(res, 200, { prefs: parsePrefs(await ctx.store.notify.prefsOf(auth.memberId)) });
};

const putPrefs: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  const prefs = await body(req, NotifyPrefsSchema);
  await ctx.store.notify.putPrefs(auth.memberId, auth.work, storedPrefs(prefs), Date.now());
  sendJson(res, 200, { prefs });
};

const getInbox: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  const { rows, unread } = await ctx.store.notify.inbox(auth.memberId, INBOX_LIMIT);
  const items = rows.map((r) => {
    const event = (JSON.parse(r.body) as DeliveryBody).event as NotifyEvent;
    const number = event.number !== undefined ? { number: event.number } : {};
    return {
      key: r.key,
      kind: event.kind,
      issue: event.issue,
      ...number,
      category: event.category,
      urgent: event.urgent,
      at: r.createdAt,
      read: r.readAt !== null,
    };
  });
  sendJson(res, 200, { items, unread });
};

const ReadSchema = v.strictObject({ upTo: v.pipe(v.number(), v.integer(), v.minValue(0)) });

const markRead: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  const { upTo } = await body(req, ReadSchema);
  await ctx.store.notify.markRead(auth.memberId, upTo, Date.now());
  sendJson(res, 200, { ok: true });
};

const getUnread: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  sendJson(res, 200, { unread: await ctx.store.notify.unreadCount(auth.memberId) });
};

const getSettings: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  sendJson(res, 200, { settings: parseSettings(await ctx.store.notify.settingsOf(auth.work)) });
};

const putSettings: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const settings = await body(req, NotifySettingsSchema);
  const now = Date.now();
  await ctx.store.notify.putSettings(auth.work, JSON.stringify(settings), now);
  await ctx.store.transaction(
    (tx) =>
      audit(tx, {
        work: auth.work,
        at: now,
        actor: auth.memberId,
        action: 'notify.settings',
        detail: { escalateAfterHours: String(settings.escalateAfterHours), remindBeforeHours: String(settings.remindBeforeHours) },
      }),
    { work: auth.work },
  );
  sendJson(res, 200, { settings });
};

const getPush: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  const keys = await vapidKeys(ctx.store.notify, Date.now());
  const endpoint = await ctx.store.notify.pushSubOfDevice(auth.memberId, auth.deviceId);
  sendJson(res, 200, { publicKey: keys.publicKey, subscribed: endpoint !== null });
};

const putPush: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  const sub = await body(req, PushSubscriptionSchema);
  // The server will POST to this address: only a known push service's (the device names it, so it is not trusted).
  if (!allowedEndpoint(sub.endpoint, ctx.pushOrigins)) throw new HttpError(400, 'bad_request', 'endpoint: not the address of a known push service');
  await ctx.store.notify.putPushSub(auth.memberId, auth.deviceId, auth.work, { endpoint: sub.endpoint, ...sub.keys }, Date.now());
  sendJson(res, 200, { subscribed: true });
};

const deletePush: Route = async (req, res, ctx) => {
  const auth = await requireDevice(req, ctx);
  await ctx.store.notify.deletePushSub(auth.memberId, auth.deviceId);
  sendJson(res, 200, { subscribed: false });
};

export const NOTIFY_ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/api/notify/channels': { GET: getChannels, PUT: putChannel },
  '/api/notify/channels/test': { POST: testChannel },
  '/api/notify/deliveries': { GET: getDeliveries },
  '/api/notify/members': { GET: getMembers },
  '/api/notify/prefs': { GET: getPrefs, PUT: putPrefs },
  '/api/notify/inbox': { GET: getInbox },
  '/api/notify/inbox/read': { POST: markRead },
  '/api/notify/inbox/unread': { GET: getUnread },
  '/api/notify/settings': { GET: getSettings, PUT: putSettings },
  '/api/notify/push': { GET: getPush, PUT: putPush, DELETE: deletePush },
};
