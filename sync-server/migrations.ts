/**
 * The server's schema, defined once for both stores: an ordered list of
 * migration steps written with Kysely's schema builder and compiled to the
 * SQL of each dialect ("cold" Kysely instances, no connection). The SQLite
 * store runs them synchronously (its version is `PRAGMA user_version`), the
 * PostgreSQL store in a transaction under an advisory lock (its version is the
 * row count of `schema_migrations`), so several instances may start at once.
 *
 * Append new steps at the end; never edit a step that has shipped. Where the
 * dialects must differ (an auto-numbered key, a type), the step says so with
 * `dialect`; everything else is portable.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  CompiledQuery,
  type Compilable,
  type RawBuilder,
  sql,
} from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface MigrationStep {
  name: string;
  build(db: Kysely<unknown>, dialect: Dialect): Compilable[];
}

/** Milliseconds since 1970 overflow a 32-bit integer: bigint in PostgreSQL (SQLite integers are 64-bit anyway). */
const millis = (d: Dialect) => (d === 'postgres' ? 'bigint' : 'integer');

/** The op log: one row per accepted op, in seq order. */
function opsTable(db: Kysely<unknown>, d: Dialect): Compilable[] {
  return [
    db.schema
      .createTable('ops')
      // SQLite: an INTEGER PRIMARY KEY AUTOINCREMENT never reuses a number.
      // PostgreSQL: an identity column; gaps from rolled-back transactions are harmless (docs/sync-protocol.md).
      .addColumn('seq', d === 'postgres' ? 'bigint' : 'integer', (c) =>
        d === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('work', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('device', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      // The op's JSON as text (not jsonb): a pull splices it into the response without re-encoding.
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('received_at', millis(d), (c) => c.notNull())
      .addColumn('skew_ms', millis(d), (c) => c.notNull()),
    db.schema.createIndex('ops_work_seq').on('ops').columns(['work', 'seq']),
  ];
}

/** A statement both dialects read alike, without parameters (migrationSql() keeps a step's SQL text only). */
const portable = (text: string): Compilable => ({ compile: () => CompiledQuery.raw(text) });

export const MIGRATIONS: MigrationStep[] = [
  {
    name: '001 op log, rejections, entities, members, devices, invites',
    build: (db, d) => [
      ...opsTable(db, d),
      db.schema
        .createTable('rejections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('device', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('received_at', millis(d), (c) => c.notNull()),
      db.schema
        .createTable('entities')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entities_pk', ['type', 'id']),
      db.schema.createIndex('entities_work').on('entities').columns(['work', 'type']),
      db.schema
        .createTable('members')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull()),
      db.schema
        .createTable('devices')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('revoked_at', millis(d)),
      db.schema
        .createTable('invites')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('expires_at', millis(d)),
    ],
  },
  {
    // Which works reference a photo's bytes (who may download them).
    name: '002 blob references',
    build: (db) => [
      db.schema
        .createTable('blob_refs')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('work', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_refs_pk', ['hash', 'work']),
    ],
  },
  {
    // Photo bytes shared by every instance (blob-store-pg.ts); unused by the SQLite deployment (photos in a folder).
    name: '003 shared blob store',
    build: (db, d) => [
      db.schema
        .createTable('blob_uploads')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('received', millis(d), (c) => c.notNull())
        .addColumn('complete', 'boolean', (c) => c.notNull()),
      db.schema
        .createTable('blob_chunks')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('byte_offset', millis(d), (c) => c.notNull())
        .addColumn('bytes', d === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_chunks_pk', ['hash', 'byte_offset']),
    ],
  },
  {
    // Works, members and roles: staff accounts, removed members, when a device was last heard from,
    // the hash-chained log of administrative actions, and the per-work hash chain of the op log.
    name: '004 accounts, audit log, op chain',
    build: (db, d) => [
      db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull()),
      // One column per ALTER: SQLite adds only one at a time.
      db.schema.alterTable('members').addColumn('account_id', 'text'),
      db.schema.alterTable('members').addColumn('removed_at', millis(d)),
      db.schema.alterTable('devices').addColumn('last_seen_at', millis(d)),
      db.schema.createIndex('members_work').on('members').column('work'),
      db.schema.createIndex('members_account').on('members').column('account_id'),
      db.schema.createIndex('devices_member').on('devices').column('member_id'),
      // seq is given by the writer (last row + 1, under the write lock): no auto-numbering.
      db.schema
        .createTable('audit_log')
        .addColumn('seq', d === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('at', millis(d), (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull()),
      // seq is the op's seq in the op log.
      db.schema
        .createTable('op_chain')
        .addColumn('seq', d === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull()),
      db.schema.createIndex('op_chain_work').on('op_chain').columns(['work', 'seq']),
    ],
  },
  {
    // Photo uploads scoped to a work, with a quota: the size the op naming a blob declared (an upload
    // must be exactly that long), and when the work was charged for storing it (its first chunk arrived).
    // Refs recorded before this step have no size: their first upload fixes it.
    name: '005 blob sizes and quota charges',
    build: (db, d) => [
      db.schema.alterTable('blob_refs').addColumn('size', 'integer'), // at most MAX_BLOB_BYTES
      db.schema.alterTable('blob_refs').addColumn('charged_at', millis(d)),
      db.schema.createIndex('blob_refs_work').on('blob_refs').column('work'),
    ],
  },
  {
    // Who a member is, for the limits that are per person: the member at the root of the chain of
    // works created from one another (a member made by creating a work is the same person as its
    // creator). Null: the member is its own root. Members made before this step get their direct creator
    // from the audit log's work.create rows; the server follows such links to the root (bounded).
    // And where each work's op chain starts: from that seq on every op of the work must have its
    // link, so that deleting all of a work's links no longer passes for "older than the chain". The row
    // '*' (never a work id) covers works without a link yet: every op from the first seq after this step.
    // And who made each staff member that a work's creation made (created_by): a retried creation is
    // recognised by the creator's own token, never by ids a client sends.
    name: '006 member creators and origins, op chain starts',
    build: (db, d) => [
      db.schema.alterTable('members').addColumn('created_by', 'text'),
      db.schema.createIndex('members_created_by').on('members').columns(['created_by', 'work']),
      db.schema.alterTable('members').addColumn('origin', 'text'),
      raw(
        db,
        sql`UPDATE members SET origin = (SELECT a.actor FROM audit_log a WHERE a.action = 'work.create'
              AND ${d === 'postgres' ? sql`strpos(a.detail, '"member":"' || members.id || '"')` : sql`instr(a.detail, '"member":"' || members.id || '"')`} > 0
              ORDER BY a.seq LIMIT 1)`,
      ),
      db.schema
        .createTable('op_chain_starts')
        .addColumn('work', 'text', (c) => c.primaryKey())
        .addColumn('seq', d === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull()),
      raw(db, sql`INSERT INTO op_chain_starts (work, seq) SELECT work, MIN(seq) FROM op_chain GROUP BY work`),
      raw(db, sql`INSERT INTO op_chain_starts (work, seq) SELECT '*', COALESCE(MAX(seq), 0) + 1 FROM ops`),
    ],
  },
  {
    // Partial uploads per uploading device (blob-store-pg.ts): a partial kept per hash could be spoiled by
    // any member of the work appending junk. blob_uploads and blob_chunks now hold complete blobs only;
    // the partials kept per hash are dropped (their devices ask where to resume, hear 0, and start again).
    name: '007 partial uploads per device',
    build: (db, d) => [
      db.schema
        .createTable('blob_partials')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('uploader', 'text', (c) => c.notNull())
        .addColumn('received', millis(d), (c) => c.notNull())
        .addColumn('touched_at', millis(d), (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_partials_pk', ['hash', 'uploader']),
      db.schema.createIndex('blob_partials_uploader').on('blob_partials').columns(['uploader', 'touched_at']),
      db.schema.createIndex('blob_partials_touched').on('blob_partials').column('touched_at'),
      db.schema
        .createTable('blob_partial_chunks')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('uploader', 'text', (c) => c.notNull())
        .addColumn('byte_offset', millis(d), (c) => c.notNull())
        .addColumn('bytes', d === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('blob_partial_chunks_pk', ['hash', 'uploader', 'byte_offset']),
      portable('DELETE FROM blob_chunks WHERE hash IN (SELECT hash FROM blob_uploads WHERE NOT complete)'),
      portable('DELETE FROM blob_uploads WHERE NOT complete'),
    ],
  },
  {
    // The entries of an entity's growing lists (an issue's comments and history, an inspection's history;
    // src/core/growing-lists.ts), one row each, appended and never rewritten: the entity's stored state is
    // its head only, so an op's write no longer grows with the entity's past. `seq` is the op that added
    // the entry, `k` its place among that op's entries (a state stored whole before this step gives all
    // of its entries at once, with the seq of the next op that touches it).
    name: '008 growing lists as rows',
    build: (db, d) => [
      db.schema
        .createTable('entity_entries')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('list', 'text', (c) => c.notNull())
        .addColumn('seq', d === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('k', 'integer', (c) => c.notNull())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_entries_pk', ['type', 'id', 'list', 'seq', 'k']),
      db.schema.createIndex('entity_entries_work').on('entity_entries').column('work'),
    ],
  },
  {
    // Notifications (sync-server/notify/): events written in the transaction of the op that caused them
    // (or by the clock's timers), fanned out asynchronously into one delivery per recipient and channel,
    // each keyed so that a retry, a restart or a second instance never makes a second one. A lease
    // (lease_until) marks the rows an instance is working on; a crashed instance's lease runs out.
    name: '009 notification outbox, deliveries, channels, preferences, timers',
    build: (db, d) => [
      db.schema
        .createTable('notify_events')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('issue', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('lease_until', millis(d))
        .addColumn('done_at', millis(d)),
      db.schema.createIndex('notify_events_todo').on('notify_events').columns(['done_at', 'created_at']),
      db.schema
        .createTable('notify_deliveries')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('event_key', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_at', millis(d), (c) => c.notNull())
        .addColumn('lease_until', millis(d))
        .addColumn('last_error', 'text')
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('sent_at', millis(d))
        .addColumn('read_at', millis(d)),
      db.schema.createIndex('notify_deliveries_due').on('notify_deliveries').columns(['state', 'next_at']),
      db.schema.createIndex('notify_deliveries_work').on('notify_deliveries').columns(['work', 'created_at']),
      db.schema.createIndex('notify_deliveries_sent').on('notify_deliveries').columns(['work', 'channel', 'sent_at']),
      db.schema.createIndex('notify_deliveries_inbox').on('notify_deliveries').columns(['recipient', 'channel', 'created_at']),
      db.schema
        .createTable('notify_channels')
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis(d), (c) => c.notNull())
        .addPrimaryKeyConstraint('notify_channels_pk', ['work', 'channel']),
      db.schema
        .createTable('notify_prefs')
        .addColumn('member_id', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('prefs', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis(d), (c) => c.notNull()),
      db.schema.createIndex('notify_prefs_work').on('notify_prefs').column('work'),
      db.schema
        .createTable('notify_timers')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('issue', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('due_at', millis(d), (c) => c.notNull())
        .addColumn('lease_until', millis(d))
        .addColumn('done_at', millis(d)),
      db.schema.createIndex('notify_timers_due').on('notify_timers').columns(['done_at', 'due_at']),
    ],
  },
  {
    // Residents report by scanning a poster. A poster's token is printed on paper, so it is kept as is
    // (staff print it again); `member_id` is the work's resident identity that authors the reports.
    // A report keeps the hash of its follow token only, the page's own id for it (a retried submit
    // answers with the first receipt), its short number in the work, and the resident's answer.
    name: '010 resident posters and reports',
    build: (db, d) => [
      db.schema
        .createTable('resident_posters')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('point_id', 'text')
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('revoked_at', millis(d)),
      db.schema.createIndex('resident_posters_work').on('resident_posters').columns(['work', 'created_at']),
      db.schema
        .createTable('resident_reports')
        .addColumn('issue_id', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('poster', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('client_key', 'text', (c) => c.notNull().unique())
        .addColumn('follow_hash', 'text', (c) => c.notNull().unique())
        .addColumn('contact_id', 'text')
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addColumn('feedback', 'text')
        .addColumn('withdrawn_at', millis(d)),
      db.schema.createIndex('resident_reports_number').on('resident_reports').columns(['work', 'number']).unique(),
      db.schema.createIndex('resident_reports_day').on('resident_reports').columns(['work', 'created_at']),
    ],
  },
  {
    // Residents' contacts whose name and phone the server still holds, with their issue: the retention
    // rounds (retention.ts) read these rows only, never the contacts erased long ago, so a round's work
    // does not grow with the history. A row goes with the contact's erase. Contacts held before this
    // step are listed from the entities.
    name: '011 contacts held, for their retention',
    build: (db, d) => [
      db.schema
        .createTable('contacts_held')
        .addColumn('contact_id', 'text', (c) => c.primaryKey())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('issue_id', 'text', (c) => c.notNull()),
      db.schema.createIndex('contacts_held_issue').on('contacts_held').column('issue_id'),
      d === 'postgres'
        ? raw(
            db,
            sql`INSERT INTO contacts_held (contact_id, work, issue_id) SELECT id, work, state::json->>'issueId' FROM entities
                WHERE type = 'contact' AND state::json->'erased' IS NULL`,
          )
        : raw(
            db,
            sql`INSERT INTO contacts_held (contact_id, work, issue_id) SELECT id, work, json_extract(state, '$.issueId') FROM entities
                WHERE type = 'contact' AND json_extract(state, '$.erased') IS NULL`,
          ),
    ],
  },
  {
    // Notifications, continued: non-urgent deliveries to one recipient on one channel share a batch key
    // and go out as one message per window; old rows are deleted by age in bounded rounds (the age
    // index); staff's per-work settings (escalation delay, reminders, digests); Web Push: the server's
    // VAPID keys (made once, kept here, never sent but the public half) and each device's subscription.
    name: '012 notification batches, retention, work settings, Web Push',
    build: (db, d) => [
      db.schema.alterTable('notify_deliveries').addColumn('batch_key', 'text'),
      db.schema.createIndex('notify_deliveries_batch').on('notify_deliveries').columns(['batch_key', 'next_at']),
      db.schema.createIndex('notify_deliveries_age').on('notify_deliveries').columns(['created_at']),
      db.schema
        .createTable('notify_settings')
        .addColumn('work', 'text', (c) => c.primaryKey())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', millis(d), (c) => c.notNull()),
      db.schema
        .createTable('notify_push_subs')
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull())
        .addPrimaryKeyConstraint('notify_push_subs_pk', ['member_id', 'device_id']),
      db.schema.createIndex('notify_push_subs_endpoint').on('notify_push_subs').column('endpoint'),
      db.schema
        .createTable('notify_keys')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', millis(d), (c) => c.notNull()),
    ],
  },
  {
    // Issues' short numbers (#142): one row per numbered issue. The primary key (work, number) is the
    // guarantee that no number of a work is given twice (a second writer holding the same number fails its
    // commit and runs again), and it answers "the work's last number" with one index lookup, however many
    // issues the work has. Issues accepted before this step have no number (their ops, as pulled, carry
    // none); the numbers start at 1. And the user agent a device joined or signed in with, cut short, so
    // staff see "vivo V2203A · 微信" in the member list instead of a device id (null: joined before).
    name: '013 issue numbers, device user agents',
    build: (db) => [
      db.schema
        .createTable('issue_numbers')
        .addColumn('work', 'text', (c) => c.notNull())
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('issue_id', 'text', (c) => c.notNull().unique())
        .addPrimaryKeyConstraint('issue_numbers_pk', ['work', 'number']),
      db.schema.alterTable('devices').addColumn('user_agent', 'text'),
    ],
  },
  {
    // The residents' report page proves a little work before a report is taken: the server issues a
    // random challenge, kept here until it is used (deleted: single use) or expires (deleted in small
    // batches by the next issues). Shared by every instance on one database.
    name: '014 resident proof-of-work challenges',
    build: (db, d) => [
      db.schema
        .createTable('resident_challenges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', millis(d), (c) => c.notNull()),
      db.schema.createIndex('resident_challenges_expiry').on('resident_challenges').column('expires_at'),
    ],
  },
];

/** A statement written as SQL (data moved by a step), compiled like the schema builder's. */
function raw(db: Kysely<unknown>, query: RawBuilder<unknown>): Compilable {
  return { compile: () => query.compile(db) };
}

function coldKysely(dialect: Dialect): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect:
      dialect === 'postgres'
        ? {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          }
        : {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          },
  });
}

/** The SQL statements of each step, in order, for one dialect. */
export function migrationSql(dialect: Dialect, steps: MigrationStep[] = MIGRATIONS): string[][] {
  const db = coldKysely(dialect);
  return steps.map((step) => step.build(db, dialect).map((q) => q.compile().sql));
}

/** The op log's DDL alone (the sync benchmark's raw floor uses the server's very table). */
export function opsTableSql(dialect: Dialect): string {
  const db = coldKysely(dialect);
  return opsTable(db, dialect)
    .map((q) => `${q.compile().sql};`)
    .join('\n');
}
