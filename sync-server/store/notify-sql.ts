/**
 * The notification outbox's statements (sync-server/notify/), written once for both dialects like
 * sql.ts's. Claims are one UPDATE each: atomic on both databases, and on PostgreSQL the rows another
 * instance is claiming at the same moment are skipped (SKIP LOCKED), so each row goes to one instance.
 */
const DELIVERY_COLUMNS = 'key, work, event_key, channel, recipient, body, state, attempts, next_at, last_error, created_at, sent_at';

/** A claim: mark up to `limit` due rows as leased until `?` and return them. */
const claim = (skipLocked: string, table: string, columns: string, due: string, order: string) =>
  `UPDATE ${table} SET lease_until = ? WHERE key IN (
     SELECT key FROM ${table} WHERE ${due} AND (lease_until IS NULL OR lease_until < ?) ORDER BY ${order} LIMIT ?${skipLocked}
   ) RETURNING ${columns}`;

/** `skipLocked`: the dialect's end of a claiming subquery (DialectSql.skipLocked). */
export function notifyStatements(skipLocked: string) {
  return {
    claimEvents: claim(skipLocked, 'notify_events', 'key, work, kind, issue, body, created_at', 'done_at IS NULL', 'created_at'),
    finishEvent: 'UPDATE notify_events SET done_at = ?, lease_until = NULL WHERE key = ?',
    insertEvent: 'INSERT INTO notify_events (key, work, kind, issue, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    insertDelivery: `INSERT INTO notify_deliveries (key, work, event_key, channel, recipient, body, state, attempts, next_at, created_at, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    claimDeliveries: claim(skipLocked, 'notify_deliveries', DELIVERY_COLUMNS, "state IN ('pending', 'failed') AND next_at <= ?", 'next_at'),
    deliverySent: "UPDATE notify_deliveries SET state = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE key = ?",
    deliveryFailed: 'UPDATE notify_deliveries SET state = ?, next_at = ?, attempts = attempts + 1, lease_until = NULL, last_error = ? WHERE key = ?',
    deliveryPostponed: 'UPDATE notify_deliveries SET next_at = ?, lease_until = NULL WHERE key = ?',
    sentSince: 'SELECT COUNT(*) AS n FROM notify_deliveries WHERE work = ? AND channel = ? AND sent_at > ?',
    deliveriesOfWork: `SELECT ${DELIVERY_COLUMNS} FROM notify_deliveries WHERE work = ? AND channel <> 'inapp' ORDER BY created_at DESC, key LIMIT ?`,
    inbox: `SELECT key, body, created_at, read_at FROM notify_deliveries WHERE recipient = ? AND channel = 'inapp' ORDER BY created_at DESC, key LIMIT ?`,
    unread: "SELECT COUNT(*) AS n FROM notify_deliveries WHERE recipient = ? AND channel = 'inapp' AND read_at IS NULL",
    markRead: "UPDATE notify_deliveries SET read_at = ? WHERE recipient = ? AND channel = 'inapp' AND read_at IS NULL AND created_at <= ?",
    channelsOfWork: 'SELECT channel, config FROM notify_channels WHERE work = ?',
    putChannel: `INSERT INTO notify_channels (work, channel, config, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (work, channel) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
    prefsOf: 'SELECT prefs FROM notify_prefs WHERE member_id = ?',
    prefsOfWork: 'SELECT member_id, prefs FROM notify_prefs WHERE work = ?',
    putPrefs: `INSERT INTO notify_prefs (member_id, work, prefs, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (member_id) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`,
    insertTimer: 'INSERT INTO notify_timers (key, work, issue, kind, due_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    claimTimers: claim(skipLocked, 'notify_timers', 'key, work, issue, kind, due_at', 'done_at IS NULL AND due_at <= ?', 'due_at'),
    finishTimer: 'UPDATE notify_timers SET done_at = ?, lease_until = NULL WHERE key = ?',
  };
}

export type NotifyStatementName = keyof ReturnType<typeof notifyStatements>;
