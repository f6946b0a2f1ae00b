/**
 * The store (store.ts's port), written once over a narrow SQL runner (runner.ts): the statements are in
 * sql.ts, the dialects in sqlite/runner.ts and postgres/runner.ts.
 *
 * A write transaction remembers what it read and wrote (entities, each work's op-chain head), so a push
 * asks the database once for what its ops will consult (findResults) and never again for what it wrote
 * itself. Its writes are held back and sent in batches when the transaction next reads something they
 * could change, or commits: on PostgreSQL a push of N ops costs a constant number of round trips (one
 * statement over arrays), on SQLite a few multi-row inserts instead of a statement per row. A savepoint
 * is kept in memory unless a write had to be sent inside it.
 */
import {
  type AnyEntityState,
  type EntityType,
  type ListEntries,
  type MemberInfo,
  type Op,
  type PushResult,
  type Rejection,
  type Role,
  joinLists,
} from '../../src/core';
import {
  type AdminTx,
  type AppendedOp,
  type EntityKey,
  type OpLink,
  type PosterRow,
  type PulledPage,
  RESCUE_KEYS_MAX,
  type ReportRow,
  type ResidentTx,
  type Store,
  type StoreTx,
  type TransactionScope,
  type WriteStats,
} from '../store';
import { type AuditDbRow, type MemberDbRow, boundedRejection, chainStart, pulledOpJson, storableBody, toAuditRow, toInvite, toMemberRow } from '../store-rows';
import { notifyStore } from './notify-store';
import { type BatchRows, type SqlConn, type SqlRunner, WorkConflict } from './runner';

/**
 * Free text as both databases can keep it: PostgreSQL text cannot hold U+0000, and a lone surrogate
 * becomes U+FFFD on its way to UTF-8 in either driver. Done here, so both stores give back the same text.
 */
export function storableText(s: string): string {
  const clean = s.includes('\0') ? s.replace(/\0/g, '\uFFFD') : s;
  return clean.isWellFormed() ? clean : clean.toWellFormed();
}

type CachedEntity = { work: string; state: string } | null;
const entityKey = (type: string, id: string) => `${type}\u0000${id}`;

/** Writes not yet sent: rows in order, entities and blob refs by key (the last write wins). */
interface Pending {
  ops: unknown[][];
  entries: unknown[][];
  chain: unknown[][];
  rejections: unknown[][];
  notify: unknown[][];
  issueNumbers: unknown[][];
  entities: Map<string, unknown[]>;
  blobRefs: Map<string, unknown[]>;
}
const nothingPending = (): Pending => ({
  ops: [],
  entries: [],
  chain: [],
  rejections: [],
  notify: [],
  issueNumbers: [],
  entities: new Map(),
  blobRefs: new Map(),
});
const copyPending = (p: Pending): Pending => ({
  ops: [...p.ops],
  entries: [...p.entries],
  chain: [...p.chain],
  rejections: [...p.rejections],
  notify: [...p.notify],
  issueNumbers: [...p.issueNumbers],
  entities: new Map(p.entities),
  blobRefs: new Map(p.blobRefs),
});

/** What a savepoint puts back when it rolls back. */
interface Saved {
  pending: Pending;
  entities: Map<string, CachedEntity>;
  heads: Map<string, string | null>;
  lastNumbers: Map<string, number>;
  seqs: number[];
}

type DeviceDbRow = {
  member_id: string;
  device_id: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  user_agent: string | null;
};
const storableAgent = (ua: string | null | undefined) => (ua ? storableText(ua) : null);
type PosterDbRow = { token: string; work: string; point_id: string | null; member_id: string; created_at: number; revoked_at: number | null };
type ReportDbRow = {
  issue_id: string;
  work: string;
  poster: string;
  number: number;
  contact_id: string | null;
  created_at: number;
  feedback: string | null;
  withdrawn_at: number | null;
};
// PostgreSQL returns bigint columns as strings: numbers are made numbers here.
const toPosterRow = (r: PosterDbRow): PosterRow => ({
  token: r.token,
  work: r.work,
  pointId: r.point_id,
  memberId: r.member_id,
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});
const toReportRow = (r: ReportDbRow): ReportRow => ({
  issueId: r.issue_id,
  work: r.work,
  poster: r.poster,
  number: Number(r.number),
  contactId: r.contact_id,
  createdAt: Number(r.created_at),
  feedback: r.feedback,
  withdrawnAt: r.withdrawn_at === null ? null : Number(r.withdrawn_at),
});
type InviteDbRow = { code: string; work: string; role: Role; expires_at: number | null };
type PushStartRow = { k: number; id: string | null; seq: number | null; work: string | null; reason: string | null; type: string | null; state: string | null };

/** How often a work-scoped transaction is run again after losing a race to another work's writer. */
const RETRIES = 3;

export function createSqlStore(runner: SqlRunner): Store {
  const d = runner.dialect;

  function openTx(c: SqlConn, scope: TransactionScope): { tx: StoreTx; flush(): Promise<void> } {
    let pending = nothingPending();
    let entities = new Map<string, CachedEntity>();
    let heads = new Map<string, string | null>();
    /** Each work's last issue number as this transaction knows it (read once, then counted here). */
    let lastNumbers = new Map<string, number>();
    let seqs: number[] = [];
    /** A savepoint kept in memory so far, with what it puts back. */
    let lazy: { saved: Saved; inDatabase: boolean } | null = null;
    let depth = 0;

    const snapshot = (): Saved => ({
      pending: copyPending(pending),
      entities: new Map(entities),
      heads: new Map(heads),
      lastNumbers: new Map(lastNumbers),
      seqs: [...seqs],
    });

    /** Sends the held-back writes; an entity write that changed no row met another work's entity. */
    async function send(p: Pending): Promise<void> {
      const rows: BatchRows = {};
      if (p.ops.length) rows.ops = p.ops;
      if (p.entries.length) rows.entries = p.entries;
      if (p.chain.length) rows.chain = p.chain;
      if (p.rejections.length) rows.rejections = p.rejections;
      if (p.notify.length) rows.notify = p.notify;
      if (p.issueNumbers.length) rows.issueNumbers = p.issueNumbers;
      if (p.entities.size) rows.entities = [...p.entities.values()];
      if (p.blobRefs.size) rows.blobRefs = [...p.blobRefs.values()];
      if (Object.keys(rows).length === 0) return;
      const changed = await c.insertMany(rows);
      if ((changed.entities ?? 0) !== (rows.entities?.length ?? 0)) throw new WorkConflict('an entity id of another work');
    }

    async function flush(): Promise<void> {
      const nothing =
        !pending.ops.length &&
        !pending.entries.length &&
        !pending.chain.length &&
        !pending.rejections.length &&
        !pending.notify.length &&
        !pending.issueNumbers.length &&
        !pending.entities.size &&
        !pending.blobRefs.size;
      // (What a savepoint kept in memory saved is part of what is pending: nothing pending, nothing to send.)
      if (nothing) return;
      if (lazy && !lazy.inDatabase) {
        // A write must reach the database inside a savepoint kept in memory: what came before the
        // savepoint goes first, then the savepoint opens for real, then the rest (re-sending the
        // entities and blob refs written before it is harmless: the same rows again).
        await send(lazy.saved.pending);
        await c.savepoint('open');
        lazy.inDatabase = true;
        const before = lazy.saved.pending;
        pending = {
          ...pending,
          ops: pending.ops.slice(before.ops.length),
          entries: pending.entries.slice(before.entries.length),
          chain: pending.chain.slice(before.chain.length),
          rejections: pending.rejections.slice(before.rejections.length),
          notify: pending.notify.slice(before.notify.length),
          issueNumbers: pending.issueNumbers.slice(before.issueNumbers.length),
        };
      }
      const out = pending;
      pending = nothingPending();
      await send(out);
    }

    /** Holds back batch rows until the next read or the commit. */
    function write(batch: 'ops' | 'entries' | 'chain' | 'rejections' | 'notify' | 'issueNumbers', ...rows: unknown[][]): void {
      pending[batch].push(...rows);
    }

    /** A statement that may read what the held-back writes change: they go first. */
    async function query<R extends Record<string, unknown>>(name: Parameters<SqlConn['all']>[0], params: unknown[]): Promise<R[]> {
      await flush();
      return c.all<R>(name, params);
    }
    async function exec(name: Parameters<SqlConn['run']>[0], params: unknown[]): Promise<number> {
      await flush();
      return c.run(name, params);
    }

    function inScope(work: string, what: string): void {
      if (scope.work !== undefined && work !== scope.work) throw new Error(`${what} of work ${work} in a transaction of work ${scope.work}`);
    }

    async function nextSeq(): Promise<number> {
      if (seqs.length === 0) {
        // One at a time outside a push (seeding, joining): a number taken and not used leaves a gap (PostgreSQL).
        // Where numbers continue the log as written (SQLite), the ops held back are written first.
        if (d.seqsFromLog) await flush();
        seqs = (await c.all<PushStartRow>('freshSeqs', [1])).map((r) => r.seq!);
      }
      return seqs.shift()!;
    }

    const admin: AdminTx = {
      async getMember(memberId) {
        const [r] = await query<MemberDbRow>('member', [memberId]);
        return r ? toMemberRow(r) : null;
      },
      setMemberRole: async (memberId, role) => void (await exec('setRole', [role, memberId])),
      setMemberAccount: async (memberId, accountId) => void (await exec('setAccount', [accountId, memberId])),
      setMemberCreator: async (memberId, creatorId) => void (await exec('setCreator', [creatorId, memberId])),
      setMemberOrigin: async (memberId, origin) => void (await exec('setOrigin', [origin, memberId])),
      async memberCreatedBy(work, creatorId) {
        const [r] = await query<MemberDbRow>('createdBy', [creatorId, work]);
        return r ? toMemberRow(r) : null;
      },
      addMemberOnly: async (m) => void (await exec('insertMember', [m.memberId, m.work, storableText(m.name), m.role, m.now])),
      addDevice: async (memberId, deviceId, tokenHash, now, userAgent) =>
        void (await exec('insertDevice', [tokenHash, memberId, storableText(deviceId), now, storableAgent(userAgent)])),
      async revokeDevices(memberId, deviceId, now) {
        if (deviceId !== null) return exec('revokeOne', [now, memberId, deviceId]);
        // The whole member: its devices, and the member itself (a later sign-in does not bring it back).
        await exec('removeMember', [now, memberId]);
        return exec('revokeMember', [now, memberId]);
      },
      expireInvite: async (code, at) => void (await exec('expireInvite', [at, code])),
      countOpenInvites: async (work, now) => (await query<{ n: number }>('openInvites', [work, now]))[0]?.n ?? 0,
      addAccount: async (a) => void (await exec('insertAccount', [a.id, storableText(a.login), storableText(a.name), a.passwordHash, a.createdAt])),
      async lastAudit() {
        // The audit log is one chain for all works: a transaction of one work takes its lock before reading the last row.
        if (scope.work !== undefined) await c.lock('audit');
        const [r] = await query<AuditDbRow>('lastAudit', []);
        return r ? toAuditRow(r) : null;
      },
      appendAudit: async (row) => void (await exec('insertAudit', [row.seq, row.work, row.at, row.actor, row.action, row.detail, row.prevHash, row.hash])),
      async lastOpHash(work) {
        const known = heads.get(work);
        if (known !== undefined) return known;
        // Not flushed first: a link this transaction wrote is known above.
        const head = (await c.all<{ hash: string }>('lastOpHash', [work]))[0]?.hash ?? null;
        heads.set(work, head);
        return head;
      },
      async chainOp(link: OpLink) {
        inScope(link.work, 'an op-chain link');
        write('chain', [link.seq, link.work, link.prevHash, link.hash]);
        heads.set(link.work, link.hash);
      },
    };

    const resident: ResidentTx = {
      addPoster: async (p) => void (await exec('insertPoster', [p.token, p.work, p.pointId, p.memberId, p.createdAt])),
      countOpenPosters: async (work) => (await query<{ n: number }>('openPosters', [work]))[0]?.n ?? 0,
      residentMember: async (work) => (await query<{ member_id: string }>('residentMember', [work]))[0]?.member_id ?? null,
      revokePoster: async (token, work, at) => (await exec('revokePoster', [at, token, work])) > 0,
      async reportByClient(clientKey) {
        const [r] = await query<ReportDbRow>('reportByClient', [clientKey]);
        return r ? toReportRow(r) : null;
      },
      nextReportNumber: async (work) => Number((await query<{ n: number }>('nextReportNumber', [work]))[0]?.n ?? 1),
      reportsSince: async (work, since) => Number((await query<{ n: number }>('reportsSince', [work, since]))[0]?.n ?? 0),
      addReport: async (r) => void (await exec('insertReport', [r.issueId, r.work, r.poster, r.number, r.clientKey, r.followHash, r.contactId, r.createdAt])),
      setFollowHash: async (clientKey, followHash) => void (await exec('setFollowHash', [followHash, clientKey])),
      setFeedback: async (issueId, json) => void (await exec('setFeedback', [storableText(json), issueId])),
      setWithdrawn: async (issueId, at) => void (await exec('setWithdrawn', [at, issueId])),
      holdContact: async (contactId, work, issueId) => void (await exec('holdContact', [contactId, work, issueId])),
      releaseContact: async (contactId) => void (await exec('releaseContact', [contactId])),
      forgetReportContact: async (contactId) => void (await exec('forgetReportContact', [contactId])),
    };

    const tx: StoreTx = {
      ...admin,
      ...resident,
      async findResults(opIds, lookups: EntityKey[] = []) {
        await flush();
        // What this transaction read or wrote already stays as it knows it.
        const unknown = lookups.filter((k) => !entities.has(entityKey(k.type, k.id)));
        const headKnown = scope.work === undefined || heads.has(scope.work);
        // The work's last issue number comes along (no round trip more for a push that creates issues).
        const numberKnown = scope.work === undefined || lastNumbers.has(scope.work);
        const ids = d.list(opIds);
        const rows = await c.all<PushStartRow>('pushStart', [
          ids,
          ids,
          d.list(unknown.map((k) => k.type)),
          d.list(unknown.map((k) => k.id)),
          headKnown ? '' : scope.work,
          numberKnown ? '' : scope.work,
          opIds.length,
        ]);
        // Numbers that continue the log as written (SQLite) replace any taken before: those were counted from the same end.
        if (d.seqsFromLog) seqs = [];
        const found = new Map<string, { work: string; result: PushResult }>();
        for (const k of unknown) entities.set(entityKey(k.type, k.id), null);
        if (!headKnown) heads.set(scope.work!, null);
        for (const r of rows) {
          if (r.k === 2) found.set(r.id!, { work: r.work!, result: { id: r.id!, status: 'rejected', reason: JSON.parse(r.reason!) as Rejection } });
        }
        for (const r of rows) {
          // An id is in one table only; ops win if both ever held it.
          if (r.k === 1) found.set(r.id!, { work: r.work!, result: { id: r.id!, status: 'accepted', seq: r.seq! } });
          else if (r.k === 3) entities.set(entityKey(r.type!, r.id!), { work: r.work!, state: r.state! });
          else if (r.k === 4) seqs.push(r.seq!);
          else if (r.k === 5) heads.set(r.work!, r.state);
          else if (r.k === 6 && !numberKnown) lastNumbers.set(scope.work!, Number(r.seq ?? 0));
        }
        seqs.sort((a, b) => a - b);
        return found;
      },
      async getEntity(type: EntityType, id: string) {
        const key = entityKey(type, id);
        let cached = entities.get(key);
        if (cached === undefined) {
          // Not flushed first: an entity this transaction wrote is in the cache.
          const [row] = await c.all<{ state: string; work: string }>('entity', [type, id]);
          cached = row ? { work: row.work, state: row.state } : null;
          entities.set(key, cached);
        }
        return cached ? (JSON.parse(cached.state) as AnyEntityState) : undefined;
      },
      async appendOp(op: Op, receivedAt: number, skewMs: number): Promise<AppendedOp> {
        inScope(op.work, 'an op');
        const body = JSON.stringify(op);
        const device = storableText(op.device);
        const seq = await nextSeq();
        pending.ops.push([seq, op.id, op.work, op.entity, op.entityId, op.kind, op.actor, device, op.hlc, body, receivedAt, skewMs]);
        return { seq, pulledJson: pulledOpJson(seq, body) };
      },
      async putEntity(type, state) {
        inScope(state.work, 'an entity');
        const json = JSON.stringify(state);
        const key = entityKey(type, state.id);
        entities.set(key, { work: state.work, state: json });
        pending.entities.set(key, [type, state.id, state.work, json]);
      },
      async appendEntries(type, id, work, seq, entries: ListEntries) {
        inScope(work, 'an entity entry');
        const rows = Object.entries(entries).flatMap(([list, items]) => items.map((entry, k) => [type, id, list, seq, k, work, JSON.stringify(entry)]));
        write('entries', ...rows);
      },
      async recordRejection(op, body, reason, receivedAt) {
        const t = storableText;
        write('rejections', [t(op.id), t(op.work), t(op.actor), t(op.device), storableBody(body), JSON.stringify(boundedRejection(reason)), receivedAt]);
      },
      async addMember(m) {
        await exec('insertMember', [m.memberId, m.work, storableText(m.name), m.role, m.now]);
        await exec('insertDevice', [m.tokenHash, m.memberId, storableText(m.deviceId), m.now, storableAgent(m.userAgent)]);
      },
      async addNotifyEvent(e) {
        inScope(e.work, 'a notification');
        write('notify', [e.key, e.work, e.kind, e.issue, e.body, e.createdAt]);
      },
      addInvite: async (invite, now) => void (await exec('insertInvite', [invite.code, invite.work, invite.role, now, invite.expiresAt])),
      async numberIssue(work, issueId) {
        inScope(work, 'an issue number');
        let last = lastNumbers.get(work);
        if (last === undefined) {
          // Not flushed first: a number this transaction gave is known above. Other writers of the work wait
          // for this one (its lock; SQLite's one writer), and the primary key refuses a number given twice.
          const [r] = await c.all<{ n: number | string | null }>('lastIssueNumber', [work]);
          last = Number(r?.n ?? 0);
        }
        lastNumbers.set(work, ++last);
        write('issueNumbers', [work, last, issueId]);
        return last;
      },
      countAfterPhotos: async (work, issueId) => (await query<{ n: number }>('afterPhotos', [work, issueId]))[0]?.n ?? 0,
      async addBlobRef(ref, work) {
        inScope(work, 'a blob reference');
        const row = [ref.hash, work, ref.size];
        const key = `${ref.hash}\u0000${work}`;
        const before = pending.blobRefs.get(key);
        // As the upsert does: the first size known stays.
        if (!before || before[2] === null) pending.blobRefs.set(key, row);
      },
      async chargeBlob(hash, work, size, limitBytes, now) {
        if ((await exec('chargeBlob', [size, now, hash, work, size, work, limitBytes])) > 0) return true;
        const [r] = await query<{ charged_at: number | null }>('blobRef', [hash, work]);
        return (r?.charged_at ?? null) !== null;
      },
      async savepoint<T>(fn: () => Promise<T>): Promise<T> {
        const saved = snapshot();
        const restore = (keepPending: boolean) => {
          if (!keepPending) pending = saved.pending;
          entities = saved.entities;
          heads = saved.heads;
          lastNumbers = saved.lastNumbers;
          seqs = saved.seqs;
        };
        if (depth === 0 && !lazy) {
          const mine = { saved, inDatabase: false };
          lazy = mine;
          depth++;
          try {
            const result = await fn();
            if (mine.inDatabase) await c.savepoint('release');
            return result;
          } catch (err) {
            if (mine.inDatabase) {
              // Everything from before the savepoint is in the database already: nothing held back survives.
              await c.savepoint('rollback');
              pending = nothingPending();
              restore(true);
            } else restore(false);
            throw err;
          } finally {
            depth--;
            lazy = null;
          }
        }
        await flush();
        await c.savepoint('open');
        depth++;
        try {
          const result = await fn();
          await flush();
          await c.savepoint('release');
          return result;
        } catch (err) {
          await c.savepoint('rollback');
          pending = nothingPending();
          restore(true);
          throw err;
        } finally {
          depth--;
        }
      },
    };
    return { tx, flush };
  }

  const stats: WriteStats = { transactions: 0, waitMs: 0, heldMs: 0 };

  async function transaction<T>(fn: (tx: StoreTx) => Promise<T>, scope: TransactionScope = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const asked = performance.now();
      let began: number | null = null;
      try {
        return await runner.write(scope, async (c) => {
          began = performance.now();
          const { tx, flush } = openTx(c, scope);
          const result = await fn(tx);
          await flush();
          return result;
        });
      } catch (err) {
        // Only a transaction of one work runs beside other writers, and so can lose a race to one.
        const lostRace = err instanceof WorkConflict || runner.retryable(err);
        if (scope.work === undefined || attempt >= RETRIES || !lostRace) throw err;
      } finally {
        if (began !== null) {
          stats.transactions++;
          stats.waitMs += began - asked;
          stats.heldMs += performance.now() - began; // the commit included
        }
      }
    }
  }

  const read = runner.read.bind(runner);
  const one = async <R extends Record<string, unknown>>(c: SqlConn, name: Parameters<SqlConn['all']>[0], params: unknown[]): Promise<R | undefined> =>
    (await c.all<R>(name, params))[0];

  return {
    transaction,
    writeStats: () => ({ ...stats }),
    notify: notifyStore(runner),
    pull: (work, after, limit) =>
      read(async (c): Promise<PulledPage> => {
        // One row more than asked tells whether another page follows.
        const rows = await c.all<{ seq: number; body: string }>('pull', [work, after, limit + 1]);
        const hasMore = rows.length > limit;
        const page = hasMore ? rows.slice(0, limit) : rows;
        const lastSeq = page.length ? page[page.length - 1]!.seq : after;
        return {
          opsJson: page.map((r) => pulledOpJson(r.seq, r.body)),
          lastSeq,
          hasMore,
          remaining: hasMore ? ((await one<{ n: number }>(c, 'countAfter', [work, lastSeq]))?.n ?? 0) : 0,
        };
      }),
    maxSeq: () => read(async (c) => (await one<{ m: number | null }>(c, 'maxSeq', []))?.m ?? 0),
    opAt: (seq) => read(async (c) => (await one<{ id: string; work: string }>(c, 'opAt', [seq])) ?? null),
    authenticate: (tokenHash) =>
      read(async (c) => {
        const r = await one<{ member_id: string; work: string; role: Role; device_id: string; last_seen_at: number }>(c, 'auth', [tokenHash]);
        return r ? { memberId: r.member_id, work: r.work, role: r.role, deviceId: r.device_id, lastSeenAt: r.last_seen_at } : null;
      }),
    blobRef: (hash, work) =>
      read(async (c) => {
        const r = await one<{ size: number | null; charged_at: number | null }>(c, 'blobRef', [hash, work]);
        return r ? { size: r.size, charged: r.charged_at !== null } : null;
      }),
    revokeMember: (memberId, now) => runner.writeOne(async (c) => void (await c.run('revokeMember', [now, memberId]))),
    findInvite: (code) =>
      read(async (c) => {
        const r = await one<InviteDbRow>(c, 'invite', [storableText(code)]);
        return r ? toInvite(r) : null;
      }),
    listInvites: (work) => read(async (c) => (await c.all<InviteDbRow>('invitesOfWork', [work])).map(toInvite)),
    countWorks: () => read(async (c) => (await one<{ n: number }>(c, 'countWorks', []))?.n ?? 0),
    listEntities: (work) =>
      // One snapshot for both queries: a commit in between must not pair a head with entries it does not count.
      read(async (c) => {
        const entries = new Map<string, ListEntries>();
        for (const e of await c.all<{ type: EntityType; id: string; list: string; entry: string }>('entriesOfWork', [work])) {
          const key = entityKey(e.type, e.id);
          const lists = entries.get(key) ?? {};
          (lists[e.list] ??= []).push(JSON.parse(e.entry));
          entries.set(key, lists);
        }
        const heads = await c.all<{ type: EntityType; id: string; state: string }>('entitiesOfWork', [work]);
        return heads.map((r) => ({ type: r.type, state: joinLists(r.type, JSON.parse(r.state) as AnyEntityState, entries.get(entityKey(r.type, r.id))) }));
      }, true),
    close: () => runner.close(),
    findPoster: (token) =>
      read(async (c) => {
        const r = await one<PosterDbRow>(c, 'poster', [token]);
        return r ? toPosterRow(r) : null;
      }),
    contactsPastRetention: (now, defaultDays, limit) =>
      read(async (c) =>
        (await c.all<{ contact_id: string; work: string }>('contactsPastRetention', [now, defaultDays, limit])).map((r) => ({
          contactId: r.contact_id,
          work: r.work,
        })),
      ),
    addChallenge: (id, expiresAt, now, dropLimit) =>
      runner.writeOne(async (c) => {
        await c.run('dropExpiredChallenges', [now, dropLimit]);
        await c.run('insertChallenge', [id, expiresAt]);
      }),
    spendChallenge: (id, now) => runner.writeOne(async (c) => (await c.run('spendChallenge', [id, now])) === 1),
    residentMemberOf: (work) => read(async (c) => (await one<{ member_id: string }>(c, 'residentMember', [work]))?.member_id ?? null),
    listPosters: (work, limit) => read(async (c) => (await c.all<PosterDbRow>('postersOfWork', [work, limit])).map(toPosterRow)),
    reportByFollow: (followHash) =>
      read(async (c) => {
        const r = await one<ReportDbRow>(c, 'reportByFollow', [followHash]);
        return r ? toReportRow(r) : null;
      }),
    readEntity: (type, id, work, maxEntries) =>
      read(async (c) => {
        const r = await one<{ state: string; work: string }>(c, 'entity', [type, id]);
        if (!r || r.work !== work) return undefined;
        const lists: ListEntries = {};
        for (const e of await c.all<{ list: string; entry: string }>('entriesOfEntity', [type, id, maxEntries]))
          (lists[e.list] ??= []).push(JSON.parse(e.entry));
        return joinLists(type, JSON.parse(r.state) as AnyEntityState, lists);
      }, true),
    photosOfIssue: (work, issueId, limit) =>
      read(async (c) => (await c.all<{ state: string }>('photosOfIssue', [work, issueId, limit])).map((r) => JSON.parse(r.state) as unknown)),
    isRevokedToken: (tokenHash) => read(async (c) => (await c.all('revokedToken', [tokenHash])).length > 0),
    async touchDevice(tokenHash, now) {
      const noted = runner.writeOne(async (c) => void (await c.run('touchDevice', [now, tokenHash])));
      // Behind one writer's queue, the request that notes "last seen" (a pull, say) must not wait for
      // another work's push: queued, not awaited. A lost note only shortens the device's idle time by
      // the minute until the next one.
      if (runner.oneWriter) noted.catch(() => {});
      else await noted;
    },
    listMembers: (work) =>
      read(async (c) => {
        const devices = new Map<string, MemberInfo['devices']>();
        for (const r of await c.all<DeviceDbRow>('devicesOfWork', [work])) {
          const list = devices.get(r.member_id) ?? [];
          list.push({ deviceId: r.device_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at, userAgent: r.user_agent });
          devices.set(r.member_id, list);
        }
        const members = await c.all<MemberDbRow & { created_at: number; removed_at: number | null }>('membersOfWork', [work]);
        return members.map((m) => ({
          id: m.id,
          name: m.name,
          role: m.role,
          joinedAt: m.created_at,
          removed: m.removed_at !== null,
          devices: devices.get(m.id) ?? [],
        }));
      }),
    listInviteInfo: (work) =>
      read(async (c) =>
        (await c.all<{ code: string; role: Role; expires_at: number | null; created_at: number }>('inviteInfo', [work])).map((r) => ({
          code: r.code,
          role: r.role,
          expiresAt: r.expires_at,
          createdAt: r.created_at,
        })),
      ),
    findAccount: (login) =>
      read(async (c) => {
        const r = await one<{ id: string; login: string; name: string; password_hash: string; created_at: number }>(c, 'accountByLogin', [storableText(login)]);
        return r ? { id: r.id, login: r.login, name: r.name, passwordHash: r.password_hash, createdAt: r.created_at } : null;
      }),
    membersOfAccount: (accountId) => read(async (c) => (await c.all<MemberDbRow>('membersOfAccount', [accountId])).map(toMemberRow)),
    tokenHashesOfDevice: (work, memberId, deviceId) =>
      read(async (c) => (await c.all<{ token_hash: string }>('tokenHashesOfDevice', [work, memberId, deviceId, RESCUE_KEYS_MAX])).map((r) => r.token_hash)),
    opChainStart: (work) => read(async (c) => chainStart(await c.all<{ work: string; seq: number }>('chainStarts', [work]), work)),
    listAudit: () => read(async (c) => (await c.all<AuditDbRow>('allAudit', [])).map(toAuditRow)),
    opChain: (work) =>
      read(async (c) =>
        (await c.all<{ seq: number; prev_hash: string; hash: string }>('chainOfWork', [work])).map((r) => ({
          seq: r.seq,
          work,
          prevHash: r.prev_hash,
          hash: r.hash,
        })),
      ),
  };
}
