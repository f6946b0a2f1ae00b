/**
 * The default store: one embedded SQLite file (better-sqlite3), WAL mode with
 * synchronous=FULL so that an acknowledged push survives a crash or power cut.
 *
 * Two connections: the writer, used by write transactions (and the few
 * writes outside them) one at a time through a queue; and a read-only
 * reader for everything that only reads (pull, authentication, blob
 * references, listings). Under WAL a reader sees the last commit and never
 * waits for a writer, so a long push does not hold up other works' pulls.
 */
import Database from 'better-sqlite3';
import { type AnyEntityState, type EntityType, type ListEntries, type MemberInfo, type Op, type PushResult, type Rejection, type Role, joinLists } from '../src/core';
import { type Account, type AdminTx, type DeviceRecord, type Invite, type NewMember, type PulledPage, RESCUE_KEYS_MAX, type Store, type StoreTx } from './store';
import { migrationSql, opsTableSql } from './migrations';
import { Mutex } from './mutex';
import { rememberingChainHeads } from './op-chain';
import { type AuditDbRow, type MemberDbRow, boundedRejection, chainStart, pulledOpJson, storableBody, toAuditRow, toInvite, toMemberRow } from './store-rows';

/** The op log's DDL (the benchmarks' raw floor uses the server's very table). */
export const OPS_TABLE_SQL = opsTableSql('sqlite');

/** Runs the shared migration steps (migrations.ts) not yet applied; `user_version` counts those done. */
function migrate(db: Database.Database): void {
  const steps = migrationSql('sqlite');
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < steps.length; v++) {
    db.transaction(() => {
      for (const statement of steps[v]!) db.exec(statement);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}


export function openSqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  // An in-memory database cannot be opened twice: there, reads share the writer (and its queue).
  const reader = file === ':memory:' ? db : new Database(file, { readonly: true });
  const r = readQueries(reader);

  const q = {
    opsByIds: db.prepare<[string], { id: string; seq: number; work: string }>(
      'SELECT id, seq, work FROM ops WHERE id IN (SELECT value FROM json_each(?))',
    ),
    rejectionsByIds: db.prepare<[string], { id: string; reason: string; work: string }>(
      'SELECT id, reason, work FROM rejections WHERE id IN (SELECT value FROM json_each(?))',
    ),
    entity: db.prepare<[string, string], { state: string }>('SELECT state FROM entities WHERE type = ? AND id = ?'),
    insertOp: db.prepare(
      `INSERT INTO ops (id, work, entity, entity_id, kind, actor, device, hlc, body, received_at, skew_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertEntity: db.prepare(
      `INSERT INTO entities (type, id, work, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (type, id) DO UPDATE SET state = excluded.state`,
    ),
    insertRejection: db.prepare(
      `INSERT INTO rejections (id, work, actor, device, body, reason, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertMember: db.prepare('INSERT INTO members (id, work, name, role, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertDevice: db.prepare('INSERT INTO devices (token_hash, member_id, device_id, created_at) VALUES (?, ?, ?, ?)'),
    insertInvite: db.prepare('INSERT INTO invites (code, work, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    afterPhotos: db.prepare<[string, string], { n: number }>(
      `SELECT COUNT(*) AS n FROM entities WHERE work = ? AND type = 'photo'
         AND json_extract(state, '$.targetType') = 'issue' AND json_extract(state, '$.targetId') = ?
         AND json_extract(state, '$.phase') = 'after'`,
    ),
    // A reference recorded before sizes were kept (migration 005) takes the size of the next op naming it.
    addBlobRef: db.prepare(
      `INSERT INTO blob_refs (hash, work, size) VALUES (?, ?, ?)
       ON CONFLICT (hash, work) DO UPDATE SET size = COALESCE(blob_refs.size, excluded.size)`,
    ),
    blobRef: db.prepare<[string, string], { size: number | null; charged_at: number | null }>(
      'SELECT size, charged_at FROM blob_refs WHERE hash = ? AND work = ?',
    ),
    // One statement: the room check and the charge cannot be split by another writer.
    chargeBlob: db.prepare<[number, number, string, string, number, string, number]>(
      `UPDATE blob_refs SET size = ?, charged_at = ? WHERE hash = ? AND work = ? AND charged_at IS NULL
         AND ? + (SELECT COALESCE(SUM(size), 0) FROM blob_refs WHERE work = ? AND charged_at IS NOT NULL) <= ?`,
    ),
    revokeMember: db.prepare('UPDATE devices SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL'),
    insertEntry: db.prepare('INSERT INTO entity_entries (type, id, list, seq, k, work, entry) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  };

  const admin = adminQueries(db);
  // The same statements on the reader, for the admin listings (its writes would be refused there).
  const adminRead = reader === db ? admin : adminQueries(reader);

  // An await inside a write transaction would let another request's statements run inside it (and read
  // uncommitted rows): so every use of the writer goes through one queue. The reader needs none: each of
  // its calls runs to the end synchronously, and sees only committed rows.
  const mutex = new Mutex();
  const read = reader === db ? <T>(fn: () => T) => mutex.run(async () => fn()) : async <T>(fn: () => T) => fn();

  const tx: StoreTx = {
    ...admin.tx,
    async findResults(opIds) {
      const found = new Map<string, { work: string; result: PushResult }>();
      const ids = JSON.stringify(opIds);
      for (const r of q.rejectionsByIds.all(ids)) {
        found.set(r.id, { work: r.work, result: { id: r.id, status: 'rejected', reason: JSON.parse(r.reason) as Rejection } });
      }
      // An id is in one table only; ops win if both ever held it.
      for (const r of q.opsByIds.all(ids)) found.set(r.id, { work: r.work, result: { id: r.id, status: 'accepted', seq: r.seq } });
      return found;
    },
    async getEntity(type: EntityType, id: string) {
      const row = q.entity.get(type, id);
      return row ? (JSON.parse(row.state) as AnyEntityState) : undefined;
    },
    async appendOp(op: Op, receivedAt: number, skewMs: number) {
      const body = JSON.stringify(op);
      const seq = Number(q.insertOp.run(op.id, op.work, op.entity, op.entityId, op.kind, op.actor, op.device, op.hlc, body, receivedAt, skewMs).lastInsertRowid);
      return { seq, pulledJson: pulledOpJson(seq, body) };
    },
    async putEntity(type, state) {
      q.upsertEntity.run(type, state.id, state.work, JSON.stringify(state));
    },
    async appendEntries(type, id, work, seq, entries) {
      for (const [list, items] of Object.entries(entries)) {
        items.forEach((entry, k) => q.insertEntry.run(type, id, list, seq, k, work, JSON.stringify(entry)));
      }
    },
    async recordRejection(op, body, reason, receivedAt) {
      q.insertRejection.run(op.id, op.work, op.actor, op.device, storableBody(body), JSON.stringify(boundedRejection(reason)), receivedAt);
    },
    async addMember(m: NewMember) {
      q.insertMember.run(m.memberId, m.work, m.name, m.role, m.now);
      q.insertDevice.run(m.tokenHash, m.memberId, m.deviceId, m.now);
    },
    async addInvite(invite: Invite, now: number) {
      q.insertInvite.run(invite.code, invite.work, invite.role, now, invite.expiresAt);
    },
    async countAfterPhotos(work: string, issueId: string) {
      return q.afterPhotos.get(work, issueId)?.n ?? 0;
    },
    async addBlobRef(ref, work) {
      q.addBlobRef.run(ref.hash, work, ref.size);
    },
    async chargeBlob(hash, work, size, limitBytes, now) {
      if (q.chargeBlob.run(size, now, hash, work, size, work, limitBytes).changes > 0) return true;
      return (q.blobRef.get(hash, work)?.charged_at ?? null) !== null;
    },
    async savepoint<T>(fn: () => Promise<T>): Promise<T> {
      db.exec('SAVEPOINT op_group');
      try {
        const result = await fn();
        db.exec('RELEASE op_group');
        return result;
      } catch (err) {
        db.exec('ROLLBACK TO op_group');
        db.exec('RELEASE op_group');
        throw err;
      }
    },
  };

  return {
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(rememberingChainHeads(tx));
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
    },
    pull: (work, after, limit) =>
      // One read transaction: the page and the count after it come from the same commit.
      read(() => r.pullPage(work, after, limit)),
    maxSeq: () => read(() => r.maxSeq.get()?.m ?? 0),
    opAt: (seq) => read(() => r.opAt.get(seq) ?? null),
    authenticate: (tokenHash) =>
      read((): DeviceRecord | null => {
        const a = r.auth.get(tokenHash);
        return a ? { memberId: a.member_id, work: a.work, role: a.role, deviceId: a.device_id, lastSeenAt: a.last_seen_at } : null;
      }),
    blobRef: (hash, work) =>
      read(() => {
        const b = r.blobRef.get(hash, work);
        return b ? { size: b.size, charged: b.charged_at !== null } : null;
      }),
    revokeMember: (memberId, now) => mutex.run(async () => void q.revokeMember.run(now, memberId)),
    findInvite: (code) =>
      read(() => {
        const i = r.invite.get(code);
        return i ? toInvite(i) : null;
      }),
    listInvites: (work) => read(() => r.invitesOfWork.all(work).map(toInvite)),
    countWorks: () => read(() => r.countWorks.get()?.n ?? 0),
    listEntities: (work) => read(() => r.listEntities(work)),
    close: () =>
      mutex.run(async () => {
        if (reader !== db) reader.close();
        db.close();
      }),
    // Works, members and roles (#7).
    isRevokedToken: (tokenHash) => read(() => adminRead.q.revokedToken.get(tokenHash) !== undefined),
    touchDevice(tokenHash, now) {
      // A write, so it waits for the writer's queue; the request that notes "last seen" (a pull, say) must
      // not wait behind another work's push for it: queued, not awaited. A lost note only shortens the
      // device's idle time by the minute until the next one.
      mutex.run(async () => void admin.q.touchDevice.run(now, tokenHash)).catch(() => {});
      return Promise.resolve();
    },
    listMembers: (work) => read(() => adminRead.listMembers(work)),
    listInviteInfo: (work) =>
      read(() =>
        adminRead.q.inviteInfo.all(work).map((i) => ({ code: i.code, role: i.role, expiresAt: i.expires_at, createdAt: i.created_at })),
      ),
    findAccount: (login) =>
      read(() => {
        const a = adminRead.q.accountByLogin.get(login);
        return a ? { id: a.id, login: a.login, name: a.name, passwordHash: a.password_hash, createdAt: a.created_at } : null;
      }),
    membersOfAccount: (accountId) => read(() => adminRead.q.membersOfAccount.all(accountId).map(toMemberRow)),
    listAudit: () => read(() => adminRead.q.allAudit.all().map(toAuditRow)),
    opChain: (work) => read(() => adminRead.q.chainOfWork.all(work).map((c) => ({ seq: c.seq, work, prevHash: c.prev_hash, hash: c.hash }))),
    tokenHashesOfDevice: (work, memberId, deviceId) =>
      read(() => adminRead.q.tokenHashesOfDevice.all(work, memberId, deviceId, RESCUE_KEYS_MAX).map((t) => t.token_hash)),
    opChainStart: (work) => read(() => chainStart(adminRead.q.chainStarts.all(work), work)),
  };
}

/** The statements that only read, prepared on the reader connection. */
function readQueries(db: Database.Database) {
  const q = {
    pull: db.prepare<[string, number, number], { seq: number; body: string }>(
      'SELECT seq, body FROM ops WHERE work = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    maxSeq: db.prepare<[], { m: number | null }>('SELECT MAX(seq) AS m FROM ops'),
    countAfter: db.prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM ops WHERE work = ? AND seq > ?'),
    opAt: db.prepare<[number], { id: string; work: string }>('SELECT id, work FROM ops WHERE seq = ?'),
    auth: db.prepare<[string], { member_id: string; work: string; role: Role; device_id: string; last_seen_at: number }>(
      `SELECT d.member_id, m.work, m.role, d.device_id, COALESCE(d.last_seen_at, d.created_at) AS last_seen_at
       FROM devices d JOIN members m ON m.id = d.member_id
       WHERE d.token_hash = ? AND d.revoked_at IS NULL`,
    ),
    invite: db.prepare<[string], { code: string; work: string; role: Role; expires_at: number | null }>(
      'SELECT code, work, role, expires_at FROM invites WHERE code = ?',
    ),
    invitesOfWork: db.prepare<[string], { code: string; work: string; role: Role; expires_at: number | null }>(
      'SELECT code, work, role, expires_at FROM invites WHERE work = ? ORDER BY created_at',
    ),
    blobRef: db.prepare<[string, string], { size: number | null; charged_at: number | null }>(
      'SELECT size, charged_at FROM blob_refs WHERE hash = ? AND work = ?',
    ),
    countWorks: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM entities WHERE type = 'work'"),
    entitiesOfWork: db.prepare<[string], { type: EntityType; id: string; state: string }>(
      'SELECT type, id, state FROM entities WHERE work = ? ORDER BY type, id',
    ),
    entriesOfWork: db.prepare<[string], { type: EntityType; id: string; list: string; entry: string }>(
      'SELECT type, id, list, entry FROM entity_entries WHERE work = ? ORDER BY type, id, list, seq, k',
    ),
  };
  const pullPage = db.transaction((work: string, after: number, limit: number): PulledPage => {
    // One row more than asked tells whether another page follows.
    const rows = q.pull.all(work, after, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const lastSeq = page.length ? page[page.length - 1]!.seq : after;
    return {
      opsJson: page.map((row) => pulledOpJson(row.seq, row.body)),
      lastSeq,
      hasMore,
      remaining: hasMore ? (q.countAfter.get(work, lastSeq)?.n ?? 0) : 0,
    };
  });
  const listEntities = db.transaction((work: string) => {
    const entries = new Map<string, ListEntries>();
    for (const e of q.entriesOfWork.all(work)) {
      const key = `${e.type}:${e.id}`;
      const lists = entries.get(key) ?? {};
      (lists[e.list] ??= []).push(JSON.parse(e.entry));
      entries.set(key, lists);
    }
    return q.entitiesOfWork.all(work).map((e) => ({ type: e.type, state: joinLists(e.type, JSON.parse(e.state) as AnyEntityState, entries.get(`${e.type}:${e.id}`)) }));
  });
  return { ...q, pullPage, listEntities };
}

// --- Works, members and roles (#7) -------------------------------------------
// Each statement stands alone in portable SQL, so that it ports to PostgreSQL as is.


function adminQueries(db: Database.Database) {
  const q = {
    member: db.prepare<[string], MemberDbRow>('SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE id = ?'),
    setRole: db.prepare('UPDATE members SET role = ? WHERE id = ?'),
    setAccount: db.prepare('UPDATE members SET account_id = ? WHERE id = ?'),
    setCreator: db.prepare('UPDATE members SET created_by = ? WHERE id = ?'),
    createdBy: db.prepare<[string, string], MemberDbRow>(
      'SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE created_by = ? AND work = ? AND removed_at IS NULL LIMIT 1',
    ),
    setOrigin: db.prepare('UPDATE members SET origin = ? WHERE id = ?'),
    chainStarts: db.prepare<[string], { work: string; seq: number }>("SELECT work, seq FROM op_chain_starts WHERE work = ? OR work = '*'"),
    insertMember: db.prepare('INSERT INTO members (id, work, name, role, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertDevice: db.prepare('INSERT INTO devices (token_hash, member_id, device_id, created_at) VALUES (?, ?, ?, ?)'),
    revokeOne: db.prepare('UPDATE devices SET revoked_at = ? WHERE member_id = ? AND device_id = ? AND revoked_at IS NULL'),
    revokeAll: db.prepare('UPDATE devices SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL'),
    removeMember: db.prepare('UPDATE members SET removed_at = ? WHERE id = ? AND removed_at IS NULL'),
    expireInvite: db.prepare('UPDATE invites SET expires_at = ? WHERE code = ?'),
    openInvites: db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM invites WHERE work = ? AND (expires_at IS NULL OR expires_at > ?)',
    ),
    insertAccount: db.prepare('INSERT INTO accounts (id, login, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
    lastAudit: db.prepare<[], AuditDbRow>('SELECT seq, work, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    insertAudit: db.prepare(
      'INSERT INTO audit_log (seq, work, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    allAudit: db.prepare<[], AuditDbRow>('SELECT seq, work, at, actor, action, detail, prev_hash, hash FROM audit_log ORDER BY seq'),
    lastOpHash: db.prepare<[string], { hash: string }>('SELECT hash FROM op_chain WHERE work = ? ORDER BY seq DESC LIMIT 1'),
    insertChain: db.prepare('INSERT INTO op_chain (seq, work, prev_hash, hash) VALUES (?, ?, ?, ?)'),
    chainOfWork: db.prepare<[string], { seq: number; prev_hash: string; hash: string }>(
      'SELECT seq, prev_hash, hash FROM op_chain WHERE work = ? ORDER BY seq',
    ),
    revokedToken: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM devices WHERE token_hash = ? AND revoked_at IS NOT NULL'),
    tokenHashesOfDevice: db.prepare<[string, string, string, number], { token_hash: string }>(
      `SELECT d.token_hash FROM devices d JOIN members m ON m.id = d.member_id
       WHERE m.work = ? AND d.member_id = ? AND d.device_id = ? ORDER BY d.created_at DESC LIMIT ?`,
    ),
    touchDevice: db.prepare('UPDATE devices SET last_seen_at = ? WHERE token_hash = ?'),
    membersOfWork: db.prepare<[string], MemberDbRow & { created_at: number; removed_at: number | null }>(
      'SELECT id, work, name, role, account_id, created_by, origin, created_at, removed_at FROM members WHERE work = ? ORDER BY created_at, id',
    ),
    devicesOfWork: db.prepare<
      [string],
      { member_id: string; device_id: string; created_at: number; last_seen_at: number | null; revoked_at: number | null }
    >(
      `SELECT d.member_id, d.device_id, d.created_at, d.last_seen_at, d.revoked_at FROM devices d
       JOIN members m ON m.id = d.member_id WHERE m.work = ? ORDER BY d.created_at`,
    ),
    inviteInfo: db.prepare<[string], { code: string; role: Role; expires_at: number | null; created_at: number }>(
      'SELECT code, role, expires_at, created_at FROM invites WHERE work = ? ORDER BY created_at DESC, code',
    ),
    accountByLogin: db.prepare<[string], { id: string; login: string; name: string; password_hash: string; created_at: number }>(
      'SELECT id, login, name, password_hash, created_at FROM accounts WHERE login = ?',
    ),
    membersOfAccount: db.prepare<[string], MemberDbRow>(
      'SELECT id, work, name, role, account_id, created_by, origin FROM members WHERE account_id = ? AND removed_at IS NULL ORDER BY created_at',
    ),
  };

  const tx: AdminTx = {
    async getMember(memberId) {
      const r = q.member.get(memberId);
      return r ? toMemberRow(r) : null;
    },
    async setMemberRole(memberId, role) {
      q.setRole.run(role, memberId);
    },
    async setMemberAccount(memberId, accountId) {
      q.setAccount.run(accountId, memberId);
    },
    async setMemberCreator(memberId, creatorId) {
      q.setCreator.run(creatorId, memberId);
    },
    async memberCreatedBy(work, creatorId) {
      const r = q.createdBy.get(creatorId, work);
      return r ? toMemberRow(r) : null;
    },
    async setMemberOrigin(memberId, origin) {
      q.setOrigin.run(origin, memberId);
    },
    async addMemberOnly(m) {
      q.insertMember.run(m.memberId, m.work, m.name, m.role, m.now);
    },
    async addDevice(memberId, deviceId, tokenHash, now) {
      q.insertDevice.run(tokenHash, memberId, deviceId, now);
    },
    async revokeDevices(memberId, deviceId, now) {
      if (deviceId !== null) return q.revokeOne.run(now, memberId, deviceId).changes;
      // The whole member: its devices, and the member itself (a later sign-in does not bring it back).
      q.removeMember.run(now, memberId);
      return q.revokeAll.run(now, memberId).changes;
    },
    async expireInvite(code, at) {
      q.expireInvite.run(at, code);
    },
    async countOpenInvites(work, now) {
      return q.openInvites.get(work, now)?.n ?? 0;
    },
    async addAccount(a: Account) {
      q.insertAccount.run(a.id, a.login, a.name, a.passwordHash, a.createdAt);
    },
    async lastAudit() {
      const r = q.lastAudit.get();
      return r ? toAuditRow(r) : null;
    },
    async appendAudit(row) {
      q.insertAudit.run(row.seq, row.work, row.at, row.actor, row.action, row.detail, row.prevHash, row.hash);
    },
    async lastOpHash(work) {
      return q.lastOpHash.get(work)?.hash ?? null;
    },
    async chainOp(link) {
      q.insertChain.run(link.seq, link.work, link.prevHash, link.hash);
    },
  };

  function listMembers(work: string): MemberInfo[] {
    const devices = new Map<string, MemberInfo['devices']>();
    for (const d of q.devicesOfWork.all(work)) {
      const list = devices.get(d.member_id) ?? [];
      list.push({ deviceId: d.device_id, createdAt: d.created_at, lastSeenAt: d.last_seen_at, revokedAt: d.revoked_at });
      devices.set(d.member_id, list);
    }
    return q.membersOfWork.all(work).map((m) => {
      const own = devices.get(m.id) ?? [];
      return { id: m.id, name: m.name, role: m.role, joinedAt: m.created_at, removed: m.removed_at !== null, devices: own };
    });
  }

  return { q, tx, listMembers };
}
