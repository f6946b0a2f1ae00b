/**
 * The store for several instances: PostgreSQL, selected by DATABASE_URL (see
 * main.ts). Mirrors sqlite-store.ts method by method, with the same schema
 * (migrations.ts). Two things differ because several processes write at once:
 *
 * - Every write transaction first takes a transaction-level advisory lock, so
 *   write transactions run one at a time across all instances, as SQLite's
 *   BEGIN IMMEDIATE does within one file. Seq numbers are therefore assigned
 *   and committed in the same order: a pull never sees seq 105 while 104 is
 *   still in flight (docs/sync-protocol.md, "Several instances"). It also keeps
 *   the read-modify-write of entity state free of lost updates.
 * - A commit is acknowledged only once durable: synchronous_commit is forced on
 *   for write transactions, whatever the server's default.
 */
import pg from 'pg';
import { type AnyEntityState, type EntityType, type ListEntries, type MemberInfo, type Op, type PushResult, type Rejection, type Role, joinLists } from '../src/core';
import { migrationSql } from './migrations';
import { Mutex } from './mutex';
import { rememberingChainHeads } from './op-chain';
import { type AuditDbRow, type MemberDbRow, boundedRejection, chainStart, pulledOpJson, storableBody, toAuditRow, toInvite, toMemberRow } from './store-rows';
import { type AdminTx, type DeviceRecord, type Invite, type NewMember, type PulledPage, RESCUE_KEYS_MAX, type Store, type StoreTx } from './store';

export interface PgStoreOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** The schema holding the tables (created if missing); `public` by default. Tests use one per file. */
  schema?: string;
  /** Connections per instance (10 by default). */
  poolSize?: number;
  /** Where pool errors go (a dropped idle connection is logged, not fatal). */
  log?: (line: string) => void;
}

export interface PgStore extends Store {
  readonly pool: pg.Pool;
  readonly schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** bigint (int8: seq, counts, milliseconds) as a JS number: every value here is far below 2^53. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** PostgreSQL text cannot hold U+0000 (SQLite can): a stray NUL in a free-text column must not turn into a 500. */
function clean(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '\uFFFD') : s;
}


/** A 64-bit advisory-lock key from a name (FNV-1a), computed here so that BEGIN and the lock go in one round trip. */
export function lockKey(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(name)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h);
}

export function poolFor(connectionString: string, schema: string, max: number): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    types: TYPES,
    // Every connection resolves table names in this instance's schema.
    options: `-c search_path=${schema}`,
  });
}

/** Applies the shared migration steps not yet applied, under a lock so that instances starting together take turns. */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const steps = migrationSql('postgres');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey(`sitewatch:migrate:${schema}`)})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${schema}.schema_migrations`);
    for (let v = rows[0]!.n; v < steps.length; v++) {
      for (const statement of steps[v]!) await client.query(statement);
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [v + 1, `step ${v + 1}`]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

type Row = Record<string, unknown>;

export async function openPgStore({ connectionString, schema = 'public', poolSize = 10, log = () => {} }: PgStoreOptions): Promise<PgStore> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name "${schema}" must be lower-case letters, digits and _`);
  const pool = poolFor(connectionString, schema, poolSize);
  pool.on('error', (err) => log(`postgres: idle connection lost: ${err.message}`));
  await migrate(pool, schema);

  // Named statements are prepared once per connection, like better-sqlite3's prepare().
  const q = {
    opsByIds: 'SELECT id, seq, work FROM ops WHERE id = ANY($1::text[])',
    rejectionsByIds: 'SELECT id, reason, work FROM rejections WHERE id = ANY($1::text[])',
    entity: 'SELECT state FROM entities WHERE type = $1 AND id = $2',
    insertOp: `INSERT INTO ops (id, work, entity, entity_id, kind, actor, device, hlc, body, received_at, skew_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING seq`,
    upsertEntity: `INSERT INTO entities (type, id, work, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (type, id) DO UPDATE SET state = excluded.state`,
    insertRejection: 'INSERT INTO rejections (id, work, actor, device, body, reason, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    insertMember: 'INSERT INTO members (id, work, name, role, created_at) VALUES ($1, $2, $3, $4, $5)',
    insertDevice: 'INSERT INTO devices (token_hash, member_id, device_id, created_at) VALUES ($1, $2, $3, $4)',
    insertInvite: 'INSERT INTO invites (code, work, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    pull: 'SELECT seq, body FROM ops WHERE work = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    maxSeq: 'SELECT MAX(seq) AS m FROM ops',
    countAfter: 'SELECT COUNT(*) AS n FROM ops WHERE work = $1 AND seq > $2',
    opAt: 'SELECT id, work FROM ops WHERE seq = $1',
    auth: `SELECT d.member_id, m.work, m.role, d.device_id, COALESCE(d.last_seen_at, d.created_at) AS last_seen_at
       FROM devices d JOIN members m ON m.id = d.member_id
       WHERE d.token_hash = $1 AND d.revoked_at IS NULL`,
    invite: 'SELECT code, work, role, expires_at FROM invites WHERE code = $1',
    invitesOfWork: 'SELECT code, work, role, expires_at FROM invites WHERE work = $1 ORDER BY created_at',
    // PostgreSQL's JSON reading (json as well as jsonb) fails on a whole document as soon as it holds
    // \u0000 or an unpaired surrogate escape, wherever: a photo stored before text was normalised (or
    // by anything else) would make every status change of its work fail. Such escapes are read as
    // \ufffd here; only the photo's target and phase (ids and names, never such text) are compared.
    afterPhotos: `SELECT COUNT(*) AS n FROM (
         SELECT (CASE WHEN strpos(state, '\\u') = 0 THEN state
           ELSE regexp_replace(state, '\\\\u(0000|[dD][89a-fA-F][0-9a-fA-F]{2})', '\\\\ufffd', 'g') END)::json AS s
         FROM entities WHERE work = $1 AND type = 'photo') photo
       WHERE s->>'targetType' = 'issue' AND s->>'targetId' = $2 AND s->>'phase' = 'after'`,
    addBlobRef: `INSERT INTO blob_refs (hash, work, size) VALUES ($1, $2, $3)
       ON CONFLICT (hash, work) DO UPDATE SET size = COALESCE(blob_refs.size, excluded.size)`,
    blobRef: 'SELECT size, charged_at FROM blob_refs WHERE hash = $1 AND work = $2',
    // Runs under the write transaction's advisory lock: no other writer charges the work meanwhile.
    chargeBlob: `UPDATE blob_refs SET size = $1, charged_at = $2 WHERE hash = $3 AND work = $4 AND charged_at IS NULL
         AND $1 + (SELECT COALESCE(SUM(size), 0) FROM blob_refs WHERE work = $4 AND charged_at IS NOT NULL) <= $5`,
    revokeMember: 'UPDATE devices SET revoked_at = $1 WHERE member_id = $2 AND revoked_at IS NULL',
    countWorks: "SELECT COUNT(*) AS n FROM entities WHERE type = 'work'",
    entitiesOfWork: 'SELECT type, id, state FROM entities WHERE work = $1 ORDER BY type, id',
    entriesOfWork: 'SELECT type, id, list, entry FROM entity_entries WHERE work = $1 ORDER BY type, id, list, seq, k',
    // Every entry an op added, in one statement (an op adds one or two; a state stored whole before growing lists were kept apart, all of its own).
    insertEntries: `INSERT INTO entity_entries (type, id, list, seq, k, work, entry)
       SELECT $1, $2, e.list, $3, e.k, $4, e.entry FROM unnest($5::text[], $6::int[], $7::text[]) AS e(list, k, entry)`,
    ...ADMIN_SQL,
  } satisfies Record<string, string>;
  type Name = keyof typeof q;

  const run = async <R extends Row = Row>(db: pg.Pool | pg.PoolClient, name: Name, values: unknown[]): Promise<R[]> =>
    (await db.query<R>({ name, text: q[name], values })).rows;

  const txFor = (client: pg.PoolClient): StoreTx => ({
    ...adminTx(client),
    async findResults(opIds) {
      const found = new Map<string, { work: string; result: PushResult }>();
      for (const r of await run<{ id: string; reason: string; work: string }>(client, 'rejectionsByIds', [opIds])) {
        found.set(r.id, { work: r.work, result: { id: r.id, status: 'rejected', reason: JSON.parse(r.reason) as Rejection } });
      }
      // An id is in one table only; ops win if both ever held it.
      for (const r of await run<{ id: string; seq: number; work: string }>(client, 'opsByIds', [opIds])) {
        found.set(r.id, { work: r.work, result: { id: r.id, status: 'accepted', seq: r.seq } });
      }
      return found;
    },
    async getEntity(type: EntityType, id: string) {
      const [row] = await run<{ state: string }>(client, 'entity', [type, id]);
      return row ? (JSON.parse(row.state) as AnyEntityState) : undefined;
    },
    async appendOp(op: Op, receivedAt: number, skewMs: number) {
      const body = JSON.stringify(op);
      const [row] = await run<{ seq: number }>(client, 'insertOp', [
        op.id, op.work, op.entity, op.entityId, op.kind, op.actor, clean(op.device), op.hlc, body, receivedAt, skewMs,
      ]);
      return { seq: row!.seq, pulledJson: pulledOpJson(row!.seq, body) };
    },
    async putEntity(type, state) {
      await run(client, 'upsertEntity', [type, state.id, state.work, JSON.stringify(state)]);
    },
    async appendEntries(type, id, work, seq, entries) {
      const lists: string[] = [];
      const ks: number[] = [];
      const texts: string[] = [];
      for (const [list, items] of Object.entries(entries)) {
        items.forEach((entry, k) => {
          lists.push(list);
          ks.push(k);
          texts.push(JSON.stringify(entry));
        });
      }
      await run(client, 'insertEntries', [type, id, seq, work, lists, ks, texts]);
    },
    async recordRejection(op, body, reason, receivedAt) {
      await run(client, 'insertRejection', [
        clean(op.id), clean(op.work), clean(op.actor), clean(op.device), storableBody(body), JSON.stringify(boundedRejection(reason)), receivedAt,
      ]);
    },
    async addMember(m: NewMember) {
      await run(client, 'insertMember', [m.memberId, m.work, clean(m.name), m.role, m.now]);
      await run(client, 'insertDevice', [m.tokenHash, m.memberId, clean(m.deviceId), m.now]);
    },
    async addInvite(invite: Invite, now: number) {
      await run(client, 'insertInvite', [invite.code, invite.work, invite.role, now, invite.expiresAt]);
    },
    async countAfterPhotos(work: string, issueId: string) {
      const [row] = await run<{ n: number }>(client, 'afterPhotos', [work, issueId]);
      return row?.n ?? 0;
    },
    async addBlobRef(ref, work) {
      await run(client, 'addBlobRef', [ref.hash, work, ref.size]);
    },
    async chargeBlob(hash, work, size, limitBytes, now) {
      const charged = await client.query({ name: 'chargeBlob', text: q.chargeBlob, values: [size, now, hash, work, limitBytes] });
      if ((charged.rowCount ?? 0) > 0) return true;
      const [r] = await run<{ charged_at: number | null }>(client, 'blobRef', [hash, work]);
      return (r?.charged_at ?? null) !== null;
    },
    async savepoint<T>(fn: () => Promise<T>): Promise<T> {
      await client.query('SAVEPOINT op_group');
      try {
        const result = await fn();
        await client.query('RELEASE SAVEPOINT op_group');
        return result;
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT op_group');
        await client.query('RELEASE SAVEPOINT op_group');
        throw err;
      }
    },
  });

  // One round trip opens a write transaction: durable commits, and the lock that orders seq with commits.
  const begin = `BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_advisory_xact_lock(${lockKey(`sitewatch:write:${schema}`)})`;

  // Write transactions run one at a time anyway (the advisory lock): within this instance they queue
  // here, holding no connection, so that reads (pull, authentication) never wait for a free one.
  const writes = new Mutex();

  return {
    pool,
    schema,
    transaction: <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => writes.run(async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const result = await fn(rememberingChainHeads(txFor(client)));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is closed rather than returned to the pool.
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e as Error));
        throw err;
      } finally {
        client.release(broken);
      }
    }),
    async pull(work, after, limit): Promise<PulledPage> {
      // One row more than asked tells whether another page follows.
      const rows = await run<{ seq: number; body: string }>(pool, 'pull', [work, after, limit + 1]);
      const hasMore = rows.length > limit;
      const page = hasMore ? rows.slice(0, limit) : rows;
      const lastSeq = page.length ? page[page.length - 1]!.seq : after;
      return {
        opsJson: page.map((r) => pulledOpJson(r.seq, r.body)),
        lastSeq,
        hasMore,
        remaining: hasMore ? ((await run<{ n: number }>(pool, 'countAfter', [work, lastSeq]))[0]?.n ?? 0) : 0,
      };
    },
    maxSeq: async () => (await run<{ m: number | null }>(pool, 'maxSeq', []))[0]?.m ?? 0,
    opAt: async (seq) => (await run<{ id: string; work: string }>(pool, 'opAt', [seq]))[0] ?? null,
    async authenticate(tokenHash): Promise<DeviceRecord | null> {
      const [r] = await run<{ member_id: string; work: string; role: Role; device_id: string; last_seen_at: number }>(pool, 'auth', [tokenHash]);
      return r ? { memberId: r.member_id, work: r.work, role: r.role, deviceId: r.device_id, lastSeenAt: r.last_seen_at } : null;
    },
    async blobRef(hash, work) {
      const [r] = await run<{ size: number | null; charged_at: number | null }>(pool, 'blobRef', [hash, work]);
      return r ? { size: r.size, charged: r.charged_at !== null } : null;
    },
    revokeMember: async (memberId, now) => void (await run(pool, 'revokeMember', [now, memberId])),
    async findInvite(code) {
      const [r] = await run<{ code: string; work: string; role: Role; expires_at: number | null }>(pool, 'invite', [clean(code)]);
      return r ? toInvite(r) : null;
    },
    listInvites: async (work) =>
      (await run<{ code: string; work: string; role: Role; expires_at: number | null }>(pool, 'invitesOfWork', [work])).map(toInvite),
    countWorks: async () => (await run<{ n: number }>(pool, 'countWorks', []))[0]?.n ?? 0,
    async listEntities(work) {
      // One snapshot for both queries: a commit in between must not pair a head with entries it does not count.
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const entries = new Map<string, ListEntries>();
        for (const e of await run<{ type: EntityType; id: string; list: string; entry: string }>(client, 'entriesOfWork', [work])) {
          const key = `${e.type}:${e.id}`;
          const lists = entries.get(key) ?? {};
          (lists[e.list] ??= []).push(JSON.parse(e.entry));
          entries.set(key, lists);
        }
        const heads = await run<{ type: EntityType; id: string; state: string }>(client, 'entitiesOfWork', [work]);
        await client.query('COMMIT');
        return heads.map((r) => ({ type: r.type, state: joinLists(r.type, JSON.parse(r.state) as AnyEntityState, entries.get(`${r.type}:${r.id}`)) }));
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    // Works, members and roles (#7).
    isRevokedToken: async (tokenHash) => (await run(pool, 'revokedToken', [tokenHash])).length > 0,
    tokenHashesOfDevice: async (work, memberId, deviceId) =>
      (await run<{ token_hash: string }>(pool, 'tokenHashesOfDevice', [work, memberId, deviceId, RESCUE_KEYS_MAX])).map((r) => r.token_hash),
    touchDevice: async (tokenHash, now) => void (await run(pool, 'touchDevice', [now, tokenHash])),
    async listMembers(work) {
      const devices = new Map<string, MemberInfo['devices']>();
      for (const d of await run<DeviceDbRow>(pool, 'devicesOfWork', [work])) {
        const list = devices.get(d.member_id) ?? [];
        list.push({ deviceId: d.device_id, createdAt: d.created_at, lastSeenAt: d.last_seen_at, revokedAt: d.revoked_at });
        devices.set(d.member_id, list);
      }
      return (await run<MemberDbRow & { created_at: number; removed_at: number | null }>(pool, 'membersOfWork', [work])).map((m) => ({
        id: m.id,
        name: m.name,
        role: m.role,
        joinedAt: m.created_at,
        removed: m.removed_at !== null,
        devices: devices.get(m.id) ?? [],
      }));
    },
    listInviteInfo: async (work) =>
      (await run<{ code: string; role: Role; expires_at: number | null; created_at: number }>(pool, 'inviteInfo', [work])).map((r) => ({
        code: r.code,
        role: r.role,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
      })),
    async findAccount(login) {
      const [r] = await run<{ id: string; login: string; name: string; password_hash: string; created_at: number }>(pool, 'accountByLogin', [clean(login)]);
      return r ? { id: r.id, login: r.login, name: r.name, passwordHash: r.password_hash, createdAt: r.created_at } : null;
    },
    membersOfAccount: async (accountId) => (await run<MemberDbRow>(pool, 'membersOfAccount', [accountId])).map(toMemberRow),
    listAudit: async () => (await run<AuditDbRow>(pool, 'allAudit', [])).map(toAuditRow),
    opChain: async (work) =>
      (await run<{ seq: number; prev_hash: string; hash: string }>(pool, 'chainOfWork', [work])).map((r) => ({ seq: r.seq, work, prevHash: r.prev_hash, hash: r.hash })),
    opChainStart: async (work) => chainStart(await run<{ work: string; seq: number }>(pool, 'chainStarts', [work]), work),
  };

  /**
   * The administration part of a write transaction: the same statements as sqlite-store.ts's adminQueries().
   * The audit row (last + 1) and the op chain link (after the work's newest) read then append; they are
   * only ever called inside transaction(), under the write lock taken at BEGIN, so two instances cannot
   * both append after the same row.
   */
  function adminTx(client: pg.PoolClient): AdminTx {
    return {
      async getMember(memberId) {
        const [r] = await run<MemberDbRow>(client, 'member', [memberId]);
        return r ? toMemberRow(r) : null;
      },
      setMemberRole: async (memberId, role) => void (await run(client, 'setRole', [role, memberId])),
      setMemberAccount: async (memberId, accountId) => void (await run(client, 'setAccount', [accountId, memberId])),
      setMemberCreator: async (memberId, creatorId) => void (await run(client, 'setCreator', [creatorId, memberId])),
      async memberCreatedBy(work, creatorId) {
        const [r] = await run<MemberDbRow>(client, 'createdBy', [creatorId, work]);
        return r ? toMemberRow(r) : null;
      },
      setMemberOrigin: async (memberId, origin) => void (await run(client, 'setOrigin', [origin, memberId])),
      addMemberOnly: async (m) => void (await run(client, 'insertMember', [m.memberId, m.work, clean(m.name), m.role, m.now])),
      addDevice: async (memberId, deviceId, tokenHash, now) => void (await run(client, 'insertDevice', [tokenHash, memberId, clean(deviceId), now])),
      async revokeDevices(memberId, deviceId, now) {
        if (deviceId !== null) return (await client.query({ name: 'revokeOne', text: q.revokeOne, values: [now, memberId, deviceId] })).rowCount ?? 0;
        // The whole member: its devices, and the member itself (a later sign-in does not bring it back).
        await run(client, 'removeMember', [now, memberId]);
        return (await client.query({ name: 'revokeMember', text: q.revokeMember, values: [now, memberId] })).rowCount ?? 0;
      },
      expireInvite: async (code, at) => void (await run(client, 'expireInvite', [at, code])),
      countOpenInvites: async (work, now) => (await run<{ n: number }>(client, 'openInvites', [work, now]))[0]?.n ?? 0,
      addAccount: async (a) => void (await run(client, 'insertAccount', [a.id, clean(a.login), clean(a.name), a.passwordHash, a.createdAt])),
      async lastAudit() {
        const [r] = await run<AuditDbRow>(client, 'lastAudit', []);
        return r ? toAuditRow(r) : null;
      },
      appendAudit: async (row) =>
        void (await run(client, 'insertAudit', [row.seq, row.work, row.at, row.actor, row.action, row.detail, row.prevHash, row.hash])),
      lastOpHash: async (work) => (await run<{ hash: string }>(client, 'lastOpHash', [work]))[0]?.hash ?? null,
      chainOp: async (link) => void (await run(client, 'insertChain', [link.seq, link.work, link.prevHash, link.hash])),
    };
  }
}

// --- Works, members and roles (#7) -------------------------------------------
// The statements of sqlite-store.ts's adminQueries(), with $n placeholders.

const ADMIN_SQL = {
  member: 'SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE id = $1',
  setRole: 'UPDATE members SET role = $1 WHERE id = $2',
  setAccount: 'UPDATE members SET account_id = $1 WHERE id = $2',
  setCreator: 'UPDATE members SET created_by = $1 WHERE id = $2',
  createdBy: 'SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE created_by = $1 AND work = $2 AND removed_at IS NULL LIMIT 1',
  setOrigin: 'UPDATE members SET origin = $1 WHERE id = $2',
  chainStarts: "SELECT work, seq FROM op_chain_starts WHERE work = $1 OR work = '*'",
  revokeOne: 'UPDATE devices SET revoked_at = $1 WHERE member_id = $2 AND device_id = $3 AND revoked_at IS NULL',
  removeMember: 'UPDATE members SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL',
  expireInvite: 'UPDATE invites SET expires_at = $1 WHERE code = $2',
  openInvites: 'SELECT COUNT(*) AS n FROM invites WHERE work = $1 AND (expires_at IS NULL OR expires_at > $2)',
  insertAccount: 'INSERT INTO accounts (id, login, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
  lastAudit: 'SELECT seq, work, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  insertAudit: 'INSERT INTO audit_log (seq, work, at, actor, action, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
  allAudit: 'SELECT seq, work, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq',
  lastOpHash: 'SELECT hash FROM op_chain WHERE work = $1 ORDER BY seq DESC LIMIT 1',
  insertChain: 'INSERT INTO op_chain (seq, work, prev_hash, hash) VALUES ($1, $2, $3, $4)',
  chainOfWork: 'SELECT seq, prev_hash, hash FROM op_chain WHERE work = $1 ORDER BY seq',
  revokedToken: 'SELECT 1 AS n FROM devices WHERE token_hash = $1 AND revoked_at IS NOT NULL',
  tokenHashesOfDevice: `SELECT d.token_hash FROM devices d JOIN members m ON m.id = d.member_id
       WHERE m.work = $1 AND d.member_id = $2 AND d.device_id = $3 ORDER BY d.created_at DESC LIMIT $4`,
  touchDevice: 'UPDATE devices SET last_seen_at = $1 WHERE token_hash = $2',
  membersOfWork: 'SELECT id, work, name, role, account_id, created_by, origin, created_at, removed_at FROM members WHERE work = $1 ORDER BY created_at, id',
  devicesOfWork: `SELECT d.member_id, d.device_id, d.created_at, d.last_seen_at, d.revoked_at FROM devices d
       JOIN members m ON m.id = d.member_id WHERE m.work = $1 ORDER BY d.created_at`,
  inviteInfo: 'SELECT code, role, expires_at, created_at FROM invites WHERE work = $1 ORDER BY created_at DESC, code',
  accountByLogin: 'SELECT id, login, name, password_hash, created_at FROM accounts WHERE login = $1',
  membersOfAccount: 'SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE account_id = $1 AND removed_at IS NULL ORDER BY created_at',
} as const;

type DeviceDbRow = { member_id: string; device_id: string; created_at: number; last_seen_at: number | null; revoked_at: number | null };
