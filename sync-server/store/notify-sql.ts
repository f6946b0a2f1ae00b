/**
 * The notification outbox's statements (sync-server/notify/), written once for both dialects like
 * sql.ts's. A claim picks due rows no live lease holds and leases them in one statement: atomic on both
 * databases, and on PostgreSQL the rows another instance is claiming at the same moment are skipped
 * (SKIP LOCKED), so each row goes to one instance. Sending then renews the lease of the rows it is
 * about to send only where the lease is still the claim's (holdDeliveries), and records the outcome
 * only under that renewed lease: an instance whose round outlived its lease sends nothing another
 * instance has taken over, and never overwrites what that instance recorded.
 */
const DELIVERY_COLUMNS = 'key, work, event_key, channel, recipient, body, state, attempts, next_at, last_error, created_at, sent_at, batch_key';

/** Open statuses (LIAISON_OWES) and disputed: what a summary counts whatever their age. */
const SUMMARY_STATUSES = "('reported', 'acknowledged', 'in_progress', 'reopened', 'disputed')";

/**
 * A claim: lease up to `limit` due rows until `?` and return them. The rows are picked (and locked) once,
 * in a materialised CTE: as `key IN (subquery)` of the UPDATE, PostgreSQL may plan the subquery to run
 * more than once, each run skipping other rows. Parameters: the due condition's, now, limit, the lease.
 */
const claim = (skipLocked: string, table: string, columns: string, due: string, order: string) =>
  `WITH picked AS MATERIALIZED (
     SELECT key FROM ${table} WHERE ${due} AND (lease_until IS NULL OR lease_until < ?) ORDER BY ${order} LIMIT ?${skipLocked}
   ) UPDATE ${table} SET lease_until = ? WHERE key IN (SELECT key FROM picked) RETURNING ${columns}`;

/** The parts of the dialect (sql.ts's DialectSql) these statements use. */
export interface NotifyDialect {
  /** The end of a claiming subquery. */
  skipLocked: string;
  /** A list of ids passed as one parameter (DialectSql.list). */
  idList: string;
  jsonDoc(column: string): string;
  jsonText(doc: string, field: string): string;
}

/** A bounded delete: at most `?` rows matching `where`, oldest first by `order` (an index's order). */
const prune = (table: string, where: string, order: string) =>
  `DELETE FROM ${table} WHERE key IN (SELECT key FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ?)`;

export function notifyStatements(d: NotifyDialect) {
  const skipLocked = d.skipLocked;
  return {
    claimEvents: claim(skipLocked, 'notify_events', 'key, work, kind, issue, body, created_at', 'done_at IS NULL', 'created_at'),
    finishEvent: 'UPDATE notify_events SET done_at = ?, lease_until = NULL WHERE key = ?',
    insertEvent: 'INSERT INTO notify_events (key, work, kind, issue, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
    insertDelivery: `INSERT INTO notify_deliveries (key, work, event_key, channel, recipient, body, state, attempts, next_at, created_at, sent_at, batch_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    // The rest of a batch that is due, not held by another instance (one of its rows was claimed already).
    claimBatch: claim(skipLocked, 'notify_deliveries', DELIVERY_COLUMNS, "batch_key = ? AND state IN ('pending', 'failed') AND next_at <= ?", 'next_at, key'),
    claimDeliveries: claim(skipLocked, 'notify_deliveries', DELIVERY_COLUMNS, "state IN ('pending', 'failed') AND next_at <= ?", 'next_at'),
    // Just before a message goes: the rows still leased by this claim (`lease_until = ?`) get a fresh lease for the send.
    holdDeliveries: `UPDATE notify_deliveries SET lease_until = ? WHERE key IN ${d.idList} AND lease_until = ? AND state IN ('pending', 'failed') RETURNING key`,
    // Outcomes, written only under the lease the send held (the last parameter).
    deliverySent:
      "UPDATE notify_deliveries SET state = 'sent', sent_at = ?, attempts = attempts + 1, lease_until = NULL, last_error = NULL WHERE key = ? AND lease_until = ?",
    deliveryFailed:
      'UPDATE notify_deliveries SET state = ?, next_at = ?, attempts = attempts + 1, lease_until = NULL, last_error = ? WHERE key = ? AND lease_until = ?',
    deliveryPostponed: 'UPDATE notify_deliveries SET next_at = ?, lease_until = NULL WHERE key = ? AND lease_until = ?',
    // Messages, not rows: a batch is one message.
    sentSince: 'SELECT COUNT(DISTINCT COALESCE(batch_key, key)) AS n FROM notify_deliveries WHERE work = ? AND channel = ? AND sent_at > ?',
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
    // Retention: finished rows older than the cut-off, a bounded number per statement.
    pruneDeliveries: prune('notify_deliveries', "created_at < ? AND state IN ('sent', 'dead')", 'created_at'),
    pruneEvents: prune('notify_events', 'done_at IS NOT NULL AND done_at < ?', 'done_at'),
    pruneTimers: prune('notify_timers', 'done_at IS NOT NULL AND done_at < ?', 'done_at'),
    settingsOf: 'SELECT settings FROM notify_settings WHERE work = ?',
    putSettings: `INSERT INTO notify_settings (work, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (work) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    worksAfter: "SELECT id FROM entities WHERE type = 'work' AND id > ? ORDER BY id LIMIT ?",
    summaryIssues: `SELECT state FROM (SELECT state, ${d.jsonDoc('state')} AS s FROM entities WHERE work = ? AND type = 'issue') i
       WHERE ${d.jsonText('s', 'status')} IN ${SUMMARY_STATUSES} OR ${d.jsonText('s', 'updatedAt')} >= ? OR ${d.jsonText('s', 'reportedAt')} >= ? LIMIT ?`,
    putPushSub: `INSERT INTO notify_push_subs (member_id, device_id, work, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (member_id, device_id) DO UPDATE SET endpoint = excluded.endpoint, p256dh = excluded.p256dh, auth = excluded.auth, created_at = excluded.created_at`,
    pushSubsOf: 'SELECT device_id, endpoint, p256dh, auth FROM notify_push_subs WHERE member_id = ? ORDER BY created_at DESC LIMIT ?',
    pushSubOfDevice: 'SELECT endpoint FROM notify_push_subs WHERE member_id = ? AND device_id = ?',
    deletePushSub: 'DELETE FROM notify_push_subs WHERE member_id = ? AND device_id = ?',
    deletePushEndpoint: 'DELETE FROM notify_push_subs WHERE endpoint = ?',
    insertKey: 'INSERT INTO notify_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    key: 'SELECT value FROM notify_keys WHERE name = ?',
  };
}

export type NotifyStatementName = keyof ReturnType<typeof notifyStatements>;
