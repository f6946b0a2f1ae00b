/**
 * The notification part of the store (store.ts's Store.notify): the outbox of events, the deliveries
 * made from them, the timers of the response clocks, and the settings of channels and members.
 * Every write is one statement, atomic by itself, outside the op transactions (which it never waits
 * for on PostgreSQL); only addNotifyEvent() runs inside an op's transaction (StoreTx).
 */
import type { AnyEntityState, EntityType } from '../../src/core';

export interface NotifyEventRow {
  /** The idempotency key: the op's id, or the timer's key. */
  key: string;
  work: string;
  kind: string;
  issue: string;
  /** JSON of the NotifyEvent (src/core/notify.ts). */
  body: string;
  createdAt: number;
}

export interface DeliveryRow {
  key: string;
  work: string;
  eventKey: string;
  channel: string;
  recipient: string | null;
  /** JSON: the event and whatever the channel needs (address, mentions, language). */
  body: string;
  state: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  nextAt: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** Deliveries with the same key (recipient, channel, window) go out as one message; null: alone. */
  batchKey: string | null;
}

export type NewDelivery = Pick<DeliveryRow, 'key' | 'work' | 'eventKey' | 'channel' | 'recipient' | 'body' | 'nextAt' | 'createdAt' | 'batchKey'> & {
  /** In-app entries are delivered by being written. */
  sent: boolean;
};

export interface TimerRow {
  key: string;
  work: string;
  issue: string;
  kind: string;
  dueAt: number;
}

export interface InboxRow {
  key: string;
  body: string;
  createdAt: number;
  readAt: number | null;
}

/** A device's Web Push subscription. */
export interface PushSubRow {
  deviceId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** Rows deleted by one pruning round, per table. */
export interface Pruned {
  deliveries: number;
  events: number;
  timers: number;
}

export interface NotifyStore {
  /** Leases up to `limit` events not yet fanned out (and not leased by a live instance) until `leaseUntil`. */
  claimEvents(now: number, leaseUntil: number, limit: number): Promise<NotifyEventRow[]>;
  finishEvent(key: string, now: number): Promise<void>;
  /** An event made by the clock (a timer); a key seen before changes nothing. */
  addEvent(event: NotifyEventRow): Promise<void>;
  /** New deliveries; a key seen before changes nothing (a fan-out run again makes none twice). */
  addDeliveries(rows: NewDelivery[]): Promise<void>;
  claimDeliveries(now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]>;
  /** Leases the due rows of a batch that no instance holds (the rest of a batch one of whose rows is claimed). */
  claimBatch(batchKey: string, now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]>;
  /**
   * Just before sending: of `keys`, those still leased until `lease` (the claim's: no other instance took
   * them over since) are leased until `leaseUntil` and returned; the others are left alone.
   */
  holdDeliveries(keys: readonly string[], lease: number, leaseUntil: number): Promise<string[]>;
  /**
   * The outcomes, each written only while the row's lease is still `lease` (the one its send held);
   * false: another instance had taken the row over, and what it recorded stands.
   */
  deliverySent(key: string, now: number, lease: number): Promise<boolean>;
  /** A failed try: `failed` to be tried again at `nextAt`, or `dead` (given up; the reason stays). */
  deliveryFailed(key: string, state: 'failed' | 'dead', nextAt: number, error: string, lease: number): Promise<boolean>;
  /** Gives a claimed delivery back untried, due at `nextAt` (a provider's rate limit). */
  deliveryPostponed(key: string, nextAt: number, lease: number): Promise<boolean>;
  sentSince(work: string, channel: string, since: number): Promise<number>;
  deliveriesOfWork(work: string, limit: number): Promise<DeliveryRow[]>;
  inbox(memberId: string, limit: number): Promise<{ rows: InboxRow[]; unread: number }>;
  markRead(memberId: string, upTo: number, now: number): Promise<void>;
  unreadCount(memberId: string): Promise<number>;
  channelsOfWork(work: string): Promise<Map<string, string>>;
  putChannel(work: string, channel: string, config: string, now: number): Promise<void>;
  prefsOf(memberId: string): Promise<string | null>;
  prefsOfWork(work: string): Promise<Map<string, string>>;
  putPrefs(memberId: string, work: string, prefs: string, now: number): Promise<void>;
  addTimers(rows: TimerRow[]): Promise<void>;
  claimTimers(now: number, leaseUntil: number, limit: number): Promise<TimerRow[]>;
  finishTimer(key: string, now: number): Promise<void>;
  /** Deletes finished rows (sent or given up deliveries, fanned-out events, fired timers) older than `before`, at most `limit` of each. */
  prune(before: number, limit: number): Promise<Pruned>;
  /** A work's notification settings (JSON of NotifySettings), or null: the defaults. */
  settingsOf(work: string): Promise<string | null>;
  putSettings(work: string, settings: string, now: number): Promise<void>;
  /** Work ids after `after`, in order, at most `limit` (digests go through the works page by page). */
  worksAfter(after: string, limit: number): Promise<string[]>;
  /** A work's issues a summary counts: open or disputed ones, and those reported or changed since the HLC stamp `since`; at most `limit`. */
  summaryIssues(work: string, since: string, limit: number): Promise<AnyEntityState[]>;
  putPushSub(memberId: string, deviceId: string, work: string, sub: { endpoint: string; p256dh: string; auth: string }, now: number): Promise<void>;
  pushSubsOf(memberId: string, limit: number): Promise<PushSubRow[]>;
  pushSubOfDevice(memberId: string, deviceId: string): Promise<string | null>;
  deletePushSub(memberId: string, deviceId: string): Promise<void>;
  /** A push service said the subscription is gone (404/410): forget it on every member. */
  deletePushEndpoint(endpoint: string): Promise<void>;
  /** A server key by name, made by `make` the first time; instances racing keep the first one stored. */
  serverKey(name: string, make: () => string, now: number): Promise<string>;
  /** An entity as stored (its head), for the names a message shows; undefined if none. */
  entity(type: EntityType, id: string): Promise<AnyEntityState | undefined>;
}
