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
}

export type NewDelivery = Pick<DeliveryRow, 'key' | 'work' | 'eventKey' | 'channel' | 'recipient' | 'body' | 'nextAt' | 'createdAt'> & {
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

export interface NotifyStore {
  /** Leases up to `limit` events not yet fanned out (and not leased by a live instance) until `leaseUntil`. */
  claimEvents(now: number, leaseUntil: number, limit: number): Promise<NotifyEventRow[]>;
  finishEvent(key: string, now: number): Promise<void>;
  /** An event made by the clock (a timer); a key seen before changes nothing. */
  addEvent(event: NotifyEventRow): Promise<void>;
  /** New deliveries; a key seen before changes nothing (a fan-out run again makes none twice). */
  addDeliveries(rows: NewDelivery[]): Promise<void>;
  claimDeliveries(now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]>;
  deliverySent(key: string, now: number): Promise<void>;
  /** A failed try: `failed` to be tried again at `nextAt`, or `dead` (given up; the reason stays). */
  deliveryFailed(key: string, state: 'failed' | 'dead', nextAt: number, error: string): Promise<void>;
  /** Gives a claimed delivery back untried, due at `nextAt` (a provider's rate limit). */
  deliveryPostponed(key: string, nextAt: number): Promise<void>;
  sentSince(work: string, channel: string, since: number): Promise<number>;
  deliveriesOfWork(work: string, limit: number): Promise<DeliveryRow[]>;
  inbox(memberId: string, limit: number): Promise<{ rows: InboxRow[]; unread: number }>;
  markRead(memberId: string, upTo: number, now: number): Promise<void>;
  channelsOfWork(work: string): Promise<Map<string, string>>;
  putChannel(work: string, channel: string, config: string, now: number): Promise<void>;
  prefsOf(memberId: string): Promise<string | null>;
  prefsOfWork(work: string): Promise<Map<string, string>>;
  putPrefs(memberId: string, work: string, prefs: string, now: number): Promise<void>;
  addTimers(rows: TimerRow[]): Promise<void>;
  claimTimers(now: number, leaseUntil: number, limit: number): Promise<TimerRow[]>;
  finishTimer(key: string, now: number): Promise<void>;
  /** An entity as stored (its head), for the names a message shows; undefined if none. */
  entity(type: EntityType, id: string): Promise<AnyEntityState | undefined>;
}
