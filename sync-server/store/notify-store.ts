/** The notification part of the store (notify/notify-store-port.ts), over the same runner as the rest. */
import type { AnyEntityState, EntityType } from '../../src/core';
import type { DeliveryRow, NotifyEventRow, NotifyStore, PushSubRow, TimerRow } from '../notify/notify-store-port';
import type { SqlRunner } from './runner';

type DeliveryDbRow = {
  key: string;
  work: string;
  event_key: string;
  channel: string;
  recipient: string | null;
  body: string;
  state: DeliveryRow['state'];
  attempts: number;
  next_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  batch_key: string | null;
};

const toDelivery = (r: DeliveryDbRow): DeliveryRow => ({
  key: r.key,
  work: r.work,
  eventKey: r.event_key,
  channel: r.channel,
  recipient: r.recipient,
  body: r.body,
  state: r.state,
  attempts: Number(r.attempts),
  nextAt: r.next_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  batchKey: r.batch_key,
});

export function notifyStore(runner: SqlRunner): NotifyStore {
  const write = runner.writeOne.bind(runner);
  const read = runner.read.bind(runner);
  return {
    claimEvents: (now, leaseUntil, limit) =>
      write(async (c) =>
        (await c.all<{ key: string; work: string; kind: string; issue: string; body: string; created_at: number }>('claimEvents', [now, limit, leaseUntil]))
          .map((r): NotifyEventRow => ({ key: r.key, work: r.work, kind: r.kind, issue: r.issue, body: r.body, createdAt: r.created_at }))
          .sort((a, b) => a.createdAt - b.createdAt),
      ),
    finishEvent: (key, now) => write(async (c) => void (await c.run('finishEvent', [now, key]))),
    addEvent: (e) => write(async (c) => void (await c.run('insertEvent', [e.key, e.work, e.kind, e.issue, e.body, e.createdAt]))),
    addDeliveries: (rows) =>
      write(async (c) => {
        for (const r of rows) {
          await c.run('insertDelivery', [
            r.key,
            r.work,
            r.eventKey,
            r.channel,
            r.recipient,
            r.body,
            r.sent ? 'sent' : 'pending',
            r.nextAt,
            r.createdAt,
            r.sent ? r.createdAt : null,
            r.batchKey,
          ]);
        }
      }),
    claimDeliveries: (now, leaseUntil, limit) =>
      write(async (c) => (await c.all<DeliveryDbRow>('claimDeliveries', [now, now, limit, leaseUntil])).map(toDelivery).sort((a, b) => a.nextAt - b.nextAt)),
    claimBatch: (batchKey, now, leaseUntil, limit) =>
      write(async (c) =>
        (await c.all<DeliveryDbRow>('claimBatch', [batchKey, now, now, limit, leaseUntil])).map(toDelivery).sort((a, b) => a.nextAt - b.nextAt),
      ),
    holdDeliveries: (keys, lease, leaseUntil) =>
      write(async (c) => (await c.all<{ key: string }>('holdDeliveries', [leaseUntil, runner.dialect.list(keys), lease])).map((r) => r.key)),
    deliverySent: (key, now, lease) => write(async (c) => (await c.run('deliverySent', [now, key, lease])) > 0),
    deliveryFailed: (key, state, nextAt, error, lease) =>
      write(async (c) => (await c.run('deliveryFailed', [state, nextAt, error.slice(0, 500), key, lease])) > 0),
    deliveryPostponed: (key, nextAt, lease) => write(async (c) => (await c.run('deliveryPostponed', [nextAt, key, lease])) > 0),
    sentSince: (work, channel, since) => read(async (c) => Number((await c.all<{ n: number }>('sentSince', [work, channel, since]))[0]?.n ?? 0)),
    deliveriesOfWork: (work, limit) => read(async (c) => (await c.all<DeliveryDbRow>('deliveriesOfWork', [work, limit])).map(toDelivery)),
    inbox: (memberId, limit) =>
      read(async (c) => {
        const rows = await c.all<{ key: string; body: string; created_at: number; read_at: number | null }>('inbox', [memberId, limit]);
        const unread = Number((await c.all<{ n: number }>('unread', [memberId]))[0]?.n ?? 0);
        return { rows: rows.map((r) => ({ key: r.key, body: r.body, createdAt: r.created_at, readAt: r.read_at })), unread };
      }, true),
    unreadCount: (memberId) => read(async (c) => Number((await c.all<{ n: number }>('unread', [memberId]))[0]?.n ?? 0)),
    markRead: (memberId, upTo, now) => write(async (c) => void (await c.run('markRead', [now, memberId, upTo]))),
    channelsOfWork: (work) =>
      read(async (c) => new Map((await c.all<{ channel: string; config: string }>('channelsOfWork', [work])).map((r) => [r.channel, r.config]))),
    putChannel: (work, channel, config, now) => write(async (c) => void (await c.run('putChannel', [work, channel, config, now]))),
    prefsOf: (memberId) => read(async (c) => (await c.all<{ prefs: string }>('prefsOf', [memberId]))[0]?.prefs ?? null),
    prefsOfWork: (work) =>
      read(async (c) => new Map((await c.all<{ member_id: string; prefs: string }>('prefsOfWork', [work])).map((r) => [r.member_id, r.prefs]))),
    putPrefs: (memberId, work, prefs, now) => write(async (c) => void (await c.run('putPrefs', [memberId, work, prefs, now]))),
    addTimers: (rows) =>
      write(async (c) => {
        for (const t of rows) await c.run('insertTimer', [t.key, t.work, t.issue, t.kind, t.dueAt]);
      }),
    claimTimers: (now, leaseUntil, limit) =>
      write(async (c) =>
        (await c.all<{ key: string; work: string; issue: string; kind: string; due_at: number }>('claimTimers', [now, now, limit, leaseUntil]))
          .map((r): TimerRow => ({ key: r.key, work: r.work, issue: r.issue, kind: r.kind, dueAt: r.due_at }))
          .sort((a, b) => a.dueAt - b.dueAt),
      ),
    finishTimer: (key, now) => write(async (c) => void (await c.run('finishTimer', [now, key]))),
    prune: (before, limit) =>
      write(async (c) => ({
        deliveries: await c.run('pruneDeliveries', [before, limit]),
        events: await c.run('pruneEvents', [before, limit]),
        timers: await c.run('pruneTimers', [before, limit]),
      })),
    settingsOf: (work) => read(async (c) => (await c.all<{ settings: string }>('settingsOf', [work]))[0]?.settings ?? null),
    putSettings: (work, settings, now) => write(async (c) => void (await c.run('putSettings', [work, settings, now]))),
    worksAfter: (after, limit) => read(async (c) => (await c.all<{ id: string }>('worksAfter', [after, limit])).map((r) => r.id)),
    summaryIssues: (work, since, limit) =>
      read(async (c) => (await c.all<{ state: string }>('summaryIssues', [work, since, since, limit])).map((r) => JSON.parse(r.state) as AnyEntityState)),
    putPushSub: (memberId, deviceId, work, sub, now) =>
      write(async (c) => void (await c.run('putPushSub', [memberId, deviceId, work, sub.endpoint, sub.p256dh, sub.auth, now]))),
    pushSubsOf: (memberId, limit) =>
      read(async (c) =>
        (await c.all<{ device_id: string; endpoint: string; p256dh: string; auth: string }>('pushSubsOf', [memberId, limit])).map((r): PushSubRow => ({
          deviceId: r.device_id,
          endpoint: r.endpoint,
          p256dh: r.p256dh,
          auth: r.auth,
        })),
      ),
    pushSubOfDevice: (memberId, deviceId) =>
      read(async (c) => (await c.all<{ endpoint: string }>('pushSubOfDevice', [memberId, deviceId]))[0]?.endpoint ?? null),
    deletePushSub: (memberId, deviceId) => write(async (c) => void (await c.run('deletePushSub', [memberId, deviceId]))),
    deletePushEndpoint: (endpoint) => write(async (c) => void (await c.run('deletePushEndpoint', [endpoint]))),
    serverKey: async (name, make, now) => {
      const stored = await read(async (c) => (await c.all<{ value: string }>('key', [name]))[0]?.value);
      if (stored) return stored;
      await write(async (c) => void (await c.run('insertKey', [name, make(), now])));
      return read(async (c) => (await c.all<{ value: string }>('key', [name]))[0]!.value);
    },
    entity: (type: EntityType, id: string) =>
      read(async (c) => {
        const [row] = await c.all<{ state: string }>('entity', [type, id]);
        return row ? (JSON.parse(row.state) as AnyEntityState) : undefined;
      }),
  };
}
