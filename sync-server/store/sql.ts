/**
 * Every statement of the store, written once. Placeholders are `?` in order; the PostgreSQL runner
 * numbers them ($1, $2…) when it names the statement. Where the dialects differ, the statement takes a
 * fragment from its dialect (DialectSql) instead of being written twice.
 */
import { type NotifyStatementName, notifyStatements } from './notify-sql';

/** The few places where SQLite and PostgreSQL spell a thing differently. */
export interface DialectSql {
  /** A relation of one text column `value` from one list parameter (encoded by `list`). */
  idList: string;
  /** A relation (type, id) from two list parameters of equal length (encoded by `list`). */
  keyPairs: string;
  /** A JSON document from a text column, readable whatever text it holds. */
  jsonDoc(column: string): string;
  /** A text field of a JSON document (jsonDoc). */
  jsonText(doc: string, field: string): string;
  /** How a list parameter travels: a JSON text for SQLite's json_each, an array for PostgreSQL's unnest. */
  list(values: readonly string[]): unknown;
  /** Rows (kind 4, the seq column) of `?` fresh op numbers, for a transaction to give its ops (held back until sent). */
  freshSeqs: string;
  /**
   * Whether fresh numbers continue the op log as written (SQLite, one writer: they follow the highest
   * seq ever stored), so ops held back must be written before more are counted; or come from a
   * sequence that never hands a number out twice (PostgreSQL).
   */
  seqsFromLog: boolean;
  /** What ends a subquery that claims rows: PostgreSQL skips rows another transaction holds; SQLite has one writer. */
  skipLocked: string;
}

/** A table written in batches: its columns (with their PostgreSQL types, for unnest) and what follows the rows. */
export interface Batch {
  table: string;
  columns: ReadonlyArray<readonly [name: string, pgType: string]>;
  suffix: string;
  /** The batch gives the seq that PostgreSQL would otherwise generate (GENERATED ALWAYS). */
  givesIdentity?: boolean;
}

/** The tables a transaction writes in batches (rows travel column by column: one array per column). */
export const BATCHES = {
  ops: {
    table: 'ops',
    columns: [
      ['seq', 'bigint'],
      ['id', 'text'],
      ['work', 'text'],
      ['entity', 'text'],
      ['entity_id', 'text'],
      ['kind', 'text'],
      ['actor', 'text'],
      ['device', 'text'],
      ['hlc', 'text'],
      ['body', 'text'],
      ['received_at', 'bigint'],
      ['skew_ms', 'bigint'],
    ],
    suffix: '',
    givesIdentity: true,
  },
  chain: {
    table: 'op_chain',
    columns: [
      ['seq', 'bigint'],
      ['work', 'text'],
      ['prev_hash', 'text'],
      ['hash', 'text'],
    ],
    suffix: '',
  },
  // An entity's id is unique across works: a write never replaces another work's entity (0 rows changed instead).
  entities: {
    table: 'entities',
    columns: [
      ['type', 'text'],
      ['id', 'text'],
      ['work', 'text'],
      ['state', 'text'],
    ],
    suffix: ' ON CONFLICT (type, id) DO UPDATE SET state = excluded.state WHERE entities.work = excluded.work',
  },
  // A reference recorded before sizes were kept (migration 005) takes the size of the next op naming it.
  blobRefs: {
    table: 'blob_refs',
    columns: [
      ['hash', 'text'],
      ['work', 'text'],
      ['size', 'bigint'],
    ],
    suffix: ' ON CONFLICT (hash, work) DO UPDATE SET size = COALESCE(blob_refs.size, excluded.size)',
  },
  // An entity's growing lists (src/core/growing-lists.ts): one row per entry, appended once.
  entries: {
    table: 'entity_entries',
    columns: [
      ['type', 'text'],
      ['id', 'text'],
      ['list', 'text'],
      ['seq', 'bigint'],
      ['k', 'int'],
      ['work', 'text'],
      ['entry', 'text'],
    ],
    suffix: '',
  },
  // Notification events (sync-server/notify/), in the op's own transaction; an event recorded once stays.
  notify: {
    table: 'notify_events',
    columns: [
      ['key', 'text'],
      ['work', 'text'],
      ['kind', 'text'],
      ['issue', 'text'],
      ['body', 'text'],
      ['created_at', 'bigint'],
    ],
    suffix: ' ON CONFLICT (key) DO NOTHING',
  },
  // Issues' short numbers (migration 013): a number given twice in a work fails the batch (the primary key).
  issueNumbers: {
    table: 'issue_numbers',
    columns: [
      ['work', 'text'],
      ['number', 'int'],
      ['issue_id', 'text'],
    ],
    suffix: '',
  },
  rejections: {
    table: 'rejections',
    columns: [
      ['id', 'text'],
      ['work', 'text'],
      ['actor', 'text'],
      ['device', 'text'],
      ['body', 'text'],
      ['reason', 'text'],
      ['received_at', 'bigint'],
    ],
    suffix: '',
  },
} as const satisfies Record<string, Batch>;
export type BatchName = keyof typeof BATCHES;

const MEMBER_COLUMNS = 'id, work, name, role, account_id, created_by, origin';
const AUDIT_COLUMNS = 'seq, work, at, actor, action, detail, prev_hash, hash';
const POSTER_COLUMNS = 'token, work, point_id, member_id, created_at, revoked_at';
const REPORT_COLUMNS = 'issue_id, work, poster, number, contact_id, created_at, feedback, withdrawn_at';

export function statements(d: DialectSql) {
  return {
    /**
     * What a push needs before judging, in one statement: the first answers to its op ids (1 accepted,
     * 2 rejected; the same ids twice), the entities its ops will read (3), the head of the work's op
     * chain (5), the work's last issue number (6, one row, its value in `seq`: an index lookup) and
     * numbers for its ops (4, PostgreSQL only).
     * The keys come first (CROSS JOIN keeps that order in SQLite): joined the other way round, SQLite
     * searched the entities by type alone, and a push's cost grew with the number of issues stored.
     */
    pushStart: `SELECT 1 AS k, id, seq, work, NULL AS reason, NULL AS type, NULL AS state FROM ops WHERE id IN ${d.idList}
      UNION ALL SELECT 2, id, NULL, work, reason, NULL, NULL FROM rejections WHERE id IN ${d.idList}
      UNION ALL SELECT 3, e.id, NULL, e.work, NULL, e.type, e.state FROM ${d.keyPairs} CROSS JOIN entities e WHERE e.type = k.type AND e.id = k.id
      UNION ALL SELECT * FROM (SELECT 5, NULL, seq, work, NULL, NULL, hash FROM op_chain WHERE work = ? ORDER BY seq DESC LIMIT 1) AS head
      UNION ALL SELECT 6, NULL, MAX(number), NULL, NULL, NULL, NULL FROM issue_numbers WHERE work = ?
      UNION ALL ${d.freshSeqs}`,
    freshSeqs: `SELECT * FROM (${d.freshSeqs}) AS fresh`,
    entity: 'SELECT state, work FROM entities WHERE type = ? AND id = ?',
    insertMember: 'INSERT INTO members (id, work, name, role, created_at) VALUES (?, ?, ?, ?, ?)',
    insertDevice: 'INSERT INTO devices (token_hash, member_id, device_id, created_at, user_agent) VALUES (?, ?, ?, ?, ?)',
    insertInvite: 'INSERT INTO invites (code, work, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    pull: 'SELECT seq, body FROM ops WHERE work = ? AND seq > ? ORDER BY seq LIMIT ?',
    maxSeq: 'SELECT MAX(seq) AS m FROM ops',
    countAfter: 'SELECT COUNT(*) AS n FROM ops WHERE work = ? AND seq > ?',
    opAt: 'SELECT id, work FROM ops WHERE seq = ?',
    auth: `SELECT d.member_id, m.work, m.role, d.device_id, COALESCE(d.last_seen_at, d.created_at) AS last_seen_at
       FROM devices d JOIN members m ON m.id = d.member_id
       WHERE d.token_hash = ? AND d.revoked_at IS NULL`,
    invite: 'SELECT code, work, role, expires_at FROM invites WHERE code = ?',
    invitesOfWork: 'SELECT code, work, role, expires_at FROM invites WHERE work = ? ORDER BY created_at',
    afterPhotos: `SELECT COUNT(*) AS n FROM (SELECT ${d.jsonDoc('state')} AS s FROM entities WHERE work = ? AND type = 'photo') photo
       WHERE ${d.jsonText('s', 'targetType')} = 'issue' AND ${d.jsonText('s', 'targetId')} = ? AND ${d.jsonText('s', 'phase')} = 'after'
         AND ${d.jsonText('s', 'retracted')} IS NULL`,
    blobRef: 'SELECT size, charged_at FROM blob_refs WHERE hash = ? AND work = ?',
    // One statement: the room check and the charge cannot be split by another writer of the work.
    chargeBlob: `UPDATE blob_refs SET size = ?, charged_at = ? WHERE hash = ? AND work = ? AND charged_at IS NULL
         AND ? + (SELECT COALESCE(SUM(size), 0) FROM blob_refs WHERE work = ? AND charged_at IS NOT NULL) <= ?`,
    revokeMember: 'UPDATE devices SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL',
    countWorks: "SELECT COUNT(*) AS n FROM entities WHERE type = 'work'",
    entitiesOfWork: 'SELECT type, id, state FROM entities WHERE work = ? ORDER BY type, id',
    entriesOfWork: 'SELECT type, id, list, entry FROM entity_entries WHERE work = ? ORDER BY type, id, list, seq, k',
    // Works, members and roles.
    member: `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`,
    setRole: 'UPDATE members SET role = ? WHERE id = ?',
    setAccount: 'UPDATE members SET account_id = ? WHERE id = ?',
    setCreator: 'UPDATE members SET created_by = ? WHERE id = ?',
    setOrigin: 'UPDATE members SET origin = ? WHERE id = ?',
    chainStarts: "SELECT work, seq FROM op_chain_starts WHERE work = ? OR work = '*'",
    createdBy: `SELECT ${MEMBER_COLUMNS} FROM members WHERE created_by = ? AND work = ? AND removed_at IS NULL LIMIT 1`,
    revokeOne: 'UPDATE devices SET revoked_at = ? WHERE member_id = ? AND device_id = ? AND revoked_at IS NULL',
    removeMember: 'UPDATE members SET removed_at = ? WHERE id = ? AND removed_at IS NULL',
    expireInvite: 'UPDATE invites SET expires_at = ? WHERE code = ?',
    openInvites: 'SELECT COUNT(*) AS n FROM invites WHERE work = ? AND (expires_at IS NULL OR expires_at > ?)',
    insertAccount: 'INSERT INTO accounts (id, login, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    lastAudit: `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT 1`,
    insertAudit: `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    allAudit: `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`,
    lastOpHash: 'SELECT hash FROM op_chain WHERE work = ? ORDER BY seq DESC LIMIT 1',
    lastIssueNumber: 'SELECT MAX(number) AS n FROM issue_numbers WHERE work = ?',
    chainOfWork: 'SELECT seq, prev_hash, hash FROM op_chain WHERE work = ? ORDER BY seq',
    revokedToken: 'SELECT 1 AS n FROM devices WHERE token_hash = ? AND revoked_at IS NOT NULL',
    tokenHashesOfDevice: `SELECT d.token_hash FROM devices d JOIN members m ON m.id = d.member_id
       WHERE m.work = ? AND d.member_id = ? AND d.device_id = ? ORDER BY d.created_at DESC LIMIT ?`,
    touchDevice: 'UPDATE devices SET last_seen_at = ? WHERE token_hash = ?',
    membersOfWork: `SELECT ${MEMBER_COLUMNS}, created_at, removed_at FROM members WHERE work = ? ORDER BY created_at, id`,
    devicesOfWork: `SELECT d.member_id, d.device_id, d.created_at, d.last_seen_at, d.revoked_at, d.user_agent FROM devices d
       JOIN members m ON m.id = d.member_id WHERE m.work = ? ORDER BY d.created_at`,
    inviteInfo: 'SELECT code, role, expires_at, created_at FROM invites WHERE work = ? ORDER BY created_at DESC, code',
    accountByLogin: 'SELECT id, login, name, password_hash, created_at FROM accounts WHERE login = ?',
    membersOfAccount: `SELECT ${MEMBER_COLUMNS} FROM members WHERE account_id = ? AND removed_at IS NULL ORDER BY created_at`,
    ...notifyStatements(d),
    // Residents' reports from posters (resident-routes.ts).
    insertPoster: 'INSERT INTO resident_posters (token, work, point_id, member_id, created_at) VALUES (?, ?, ?, ?, ?)',
    poster: `SELECT ${POSTER_COLUMNS} FROM resident_posters WHERE token = ?`,
    postersOfWork: `SELECT ${POSTER_COLUMNS} FROM resident_posters WHERE work = ? ORDER BY created_at DESC, token LIMIT ?`,
    openPosters: 'SELECT COUNT(*) AS n FROM resident_posters WHERE work = ? AND revoked_at IS NULL',
    residentMember: 'SELECT member_id FROM resident_posters WHERE work = ? ORDER BY created_at LIMIT 1',
    revokePoster: 'UPDATE resident_posters SET revoked_at = ? WHERE token = ? AND work = ? AND revoked_at IS NULL',
    insertReport: `INSERT INTO resident_reports (issue_id, work, poster, number, client_key, follow_hash, contact_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    reportByClient: `SELECT ${REPORT_COLUMNS} FROM resident_reports WHERE client_key = ?`,
    reportByFollow: `SELECT ${REPORT_COLUMNS} FROM resident_reports WHERE follow_hash = ?`,
    nextReportNumber: 'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM resident_reports WHERE work = ?',
    reportsSince: 'SELECT COUNT(*) AS n FROM resident_reports WHERE work = ? AND created_at >= ?',
    setFollowHash: 'UPDATE resident_reports SET follow_hash = ? WHERE client_key = ?',
    setFeedback: 'UPDATE resident_reports SET feedback = ? WHERE issue_id = ?',
    setWithdrawn: 'UPDATE resident_reports SET withdrawn_at = ?, contact_id = NULL WHERE issue_id = ?',
    holdContact: 'INSERT INTO contacts_held (contact_id, work, issue_id) VALUES (?, ?, ?)',
    releaseContact: 'DELETE FROM contacts_held WHERE contact_id = ?',
    forgetReportContact: 'UPDATE resident_reports SET contact_id = NULL WHERE contact_id = ?',
    // Held contacts whose issue was closed (its last change) longer ago than its work's retention period
    // (the work's own, else the default): one retention round. An HLC stamp starts with its wall time
    // in 15 digits, compared here as a number; parameters: now (ms), the default days, the limit.
    contactsPastRetention: `SELECT h.contact_id, h.work FROM contacts_held h
       JOIN (SELECT id, ${d.jsonDoc('state')} AS s FROM entities WHERE type = 'issue') i ON i.id = h.issue_id
       LEFT JOIN (SELECT id, ${d.jsonDoc('state')} AS s FROM entities WHERE type = 'work') w ON w.id = h.work
       WHERE ${d.jsonText('i.s', 'status')} IN ('verified', 'rejected', 'merged')
         AND CAST(substr(${d.jsonText('i.s', 'updatedAt')}, 1, 15) AS BIGINT)
           < CAST(? AS BIGINT) - COALESCE(CAST(${d.jsonText('w.s', 'contactRetentionDays')} AS BIGINT), CAST(? AS BIGINT)) * 86400000
       ORDER BY h.contact_id LIMIT ?`,
    insertChallenge: 'INSERT INTO resident_challenges (id, expires_at) VALUES (?, ?)',
    spendChallenge: 'DELETE FROM resident_challenges WHERE id = ? AND expires_at > ?',
    dropExpiredChallenges: `DELETE FROM resident_challenges WHERE id IN
       (SELECT id FROM resident_challenges WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`,
    photosOfIssue: `SELECT state FROM (SELECT state, ${d.jsonDoc('state')} AS s FROM entities WHERE work = ? AND type = 'photo') photo
       WHERE ${d.jsonText('s', 'targetType')} = 'issue' AND ${d.jsonText('s', 'targetId')} = ? LIMIT ?`,
    entriesOfEntity: 'SELECT list, entry FROM entity_entries WHERE type = ? AND id = ? ORDER BY list, seq, k LIMIT ?',
  } as Record<StatementName, string>;
}

export type StatementName =
  | NotifyStatementName
  | 'pushStart'
  | 'freshSeqs'
  | 'entity'
  | 'insertMember'
  | 'insertDevice'
  | 'insertInvite'
  | 'pull'
  | 'maxSeq'
  | 'countAfter'
  | 'opAt'
  | 'auth'
  | 'invite'
  | 'invitesOfWork'
  | 'afterPhotos'
  | 'blobRef'
  | 'chargeBlob'
  | 'revokeMember'
  | 'countWorks'
  | 'entitiesOfWork'
  | 'entriesOfWork'
  | 'member'
  | 'setRole'
  | 'setAccount'
  | 'setCreator'
  | 'setOrigin'
  | 'chainStarts'
  | 'createdBy'
  | 'revokeOne'
  | 'removeMember'
  | 'expireInvite'
  | 'openInvites'
  | 'insertAccount'
  | 'lastAudit'
  | 'insertAudit'
  | 'allAudit'
  | 'lastOpHash'
  | 'lastIssueNumber'
  | 'chainOfWork'
  | 'revokedToken'
  | 'tokenHashesOfDevice'
  | 'touchDevice'
  | 'membersOfWork'
  | 'devicesOfWork'
  | 'inviteInfo'
  | 'accountByLogin'
  | 'membersOfAccount'
  | 'insertPoster'
  | 'poster'
  | 'postersOfWork'
  | 'openPosters'
  | 'residentMember'
  | 'revokePoster'
  | 'insertReport'
  | 'reportByClient'
  | 'reportByFollow'
  | 'nextReportNumber'
  | 'reportsSince'
  | 'setFollowHash'
  | 'setFeedback'
  | 'setWithdrawn'
  | 'photosOfIssue'
  | 'holdContact'
  | 'releaseContact'
  | 'forgetReportContact'
  | 'contactsPastRetention'
  | 'insertChallenge'
  | 'spendChallenge'
  | 'dropExpiredChallenges'
  | 'entriesOfEntity';
