/**
 * Local writes and the folding of server answers into the device's store.
 * Every user change and its outbox entry are written in one transaction, so
 * no change can escape sync and an aborted write leaves nothing behind.
 */
import {
  type Actor,
  type AnyEntityState,
  CREATE_KINDS,
  type EntityType,
  type FactSource,
  type Op,
  type PushResult,
  RULES_VERSION,
  type Rejection,
  type StoredOp,
  applyOp,
  checkOp,
  earliestPlannedDate,
  lookupKey,
  lookupsOf,
  mapFacts,
  mayReadContact,
  parseOp,
  provesFix,
} from '../core';
import type { OutboxEntry, SitewatchDB, SyncStateRow, View } from '../db/db';
import { newId } from '../lib/ids';
import type { Membership } from '../lib/settings';
import { storeBlob } from './blobs';
import { nextStamp } from './clock';

/** One device's store, its id and its clock (tests give each simulated device its own). */
export interface Device {
  db: SitewatchDB;
  deviceId: string;
  now: () => number;
}

/**
 * Reads of the rows the rules consult (keyed "entity type:id" for a view row),
 * each done once for as long as the reader lives: one check and the refresh
 * after it, or one refresh. Nothing writes those rows meanwhile, and a draft
 * holding 300 pending answers would otherwise read its 300-item template 300
 * times on every answer.
 */
type RowReader = <T>(key: string, read: () => Promise<T>) => Promise<T>;

function rowReader(): RowReader {
  const rows = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>) => {
    if (!rows.has(key)) rows.set(key, read());
    return rows.get(key) as Promise<T>;
  };
}

/**
 * The device's resolver of the facts an op's rule declares (src/core/ops/lookups.ts), from its
 * views, as far as this device knows them: a lookup the definition leaves to the server is not
 * read; a row of another work counts as absent; an absent row is "none" only where the device
 * holds every such row of its work (`held`), and otherwise left to the server.
 */
async function localFacts(db: SitewatchDB, op: Op, current: AnyEntityState | undefined, role: Actor, read: RowReader): Promise<FactSource> {
  const values = new Map<string, unknown>();
  for (const l of lookupsOf(op, current, role)) {
    if (l.device === 'server') continue;
    const key = lookupKey(l);
    if (l.kind === 'afterPhotos') {
      const { issueId } = l;
      values.set(key, await read(key, () => db.photos.where('[targetType+targetId]').equals(['issue', issueId]).filter(provesFix).count()));
      continue;
    }
    const row = await read(key, () => db.viewTable(l.entity).get(l.id));
    if (row && row.work === op.work) values.set(key, row);
    else if (l.device === 'held') values.set(key, null);
  }
  return mapFacts(values);
}

/** What the UI hands over: the op without its envelope. */
export type OpDraft = Pick<Op, 'kind' | 'entity' | 'entityId' | 'payload'>;

/** The rules refused a change before it was saved (e.g. an invalid status move). */
export class LocalRejection extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

const ALL_TABLES = (db: SitewatchDB) => [db.outbox, db.confirmed, db.meta, db.rejected, db.syncState, db.sent, db.blobs, db.blobChunks, ...db.viewTables];

/**
 * The server's state of an entity as this device knows it. The `confirmed` table holds it only for
 * entities with ops in the outbox, whose view differs from it (a row with no state: the server has
 * not got the entity yet); for every other entity the view is that state, so a fresh device's first
 * sync writes each entity once, not twice. The pull keeps every row up to date, so a row wins.
 */
export async function confirmedState(db: SitewatchDB, type: EntityType, id: string): Promise<AnyEntityState | undefined> {
  const row = await db.confirmed.get([type, id]);
  if (row) return row.state as AnyEntityState | undefined;
  // Queued ops and no row: written before rows were kept for new entities; the server has not got it.
  if ((await db.outbox.where('[entity+entityId]').equals([type, id]).count()) > 0) return undefined;
  return withoutViewFields(await db.viewTable(type).get(id));
}

function withoutViewFields(view: View<{ id: string; work: string }> | undefined): AnyEntityState | undefined {
  if (!view) return undefined;
  const { syncPending: _syncPending, ...state } = view;
  return state as unknown as AnyEntityState;
}

/** The views of these entities, as confirmed states, by `type:id`: one bulk read per table. */
async function readViews(db: SitewatchDB, keys: Array<[EntityType, string]>): Promise<Map<string, AnyEntityState | undefined>> {
  const byType = new Map<EntityType, string[]>();
  for (const [type, id] of keys) {
    if (!byType.has(type)) byType.set(type, []);
    byType.get(type)!.push(id);
  }
  const found = new Map<string, AnyEntityState | undefined>();
  for (const [type, ids] of byType) {
    // The rows that exist, in one walk of the primary key (anyOf visits the ids in order), rather than a
    // request per id: a fresh device pulling 1,000 new issues a page has none of them, and ids made in
    // time order (src/core/ids.ts) lie beyond its last row, so the walk ends at once.
    const views = await db.viewTable(type).where(':id').anyOf(ids).toArray();
    const byId = new Map(views.map((v) => [v.id, v]));
    for (const id of ids) found.set(`${type}:${id}`, withoutViewFields(byId.get(id)));
  }
  return found;
}

/**
 * Rebuild an entity's view: the server's confirmed state, then this device's
 * ops not yet pulled back, in the order they were made. An op the server
 * accepted is applied as is, once its entity is there; a pending one only if
 * the rules still allow it on top of the newer server state (otherwise the
 * server will reject it and the author will be told). Only for an entity that has queued ops or
 * just had one taken out of the outbox: for others the view itself is the confirmed state.
 */
export async function refreshEntity(db: SitewatchDB, type: EntityType, id: string, read: RowReader = rowReader()): Promise<void> {
  const mine = await db.outbox.where('[entity+entityId]').equals([type, id]).sortBy('n');
  // An entity with queued ops has a row (see recordOne; none: the server has not got it yet).
  const confirmed = await db.confirmed.get([type, id]);
  let state = confirmed?.state as AnyEntityState | undefined;
  let pending = false;
  for (const entry of mine) {
    if (entry.state === 'pending') {
      pending = true;
      const facts = await localFacts(db, entry.op, state, entry.role, read);
      if (checkOp(entry.op, { actorRole: entry.role, current: state, facts, today: earliestPlannedDate(Date.now()) })) continue;
    } else if (!state && !CREATE_KINDS.has(entry.op.kind)) {
      // Accepted, but its entity is not on the device: during a reset's re-pull the confirmed state is
      // only a prefix of the log, and the server answers "accepted" again for ops it still holds. The
      // pull brings the entity, and this op with it.
      continue;
    }
    state = applyOp(state, entry.op);
  }
  const table = db.viewTable(type);
  if (state) await table.put({ ...state, syncPending: pending });
  else await table.delete(id);
  // Nothing queued any more: the view is the confirmed state again, the row is not needed.
  if (mine.length === 0) await db.confirmed.delete([type, id]);
}

/** Save a user's change: checked by the shared rules, applied at once, queued for the server. */
export async function recordOp(device: Device, member: Membership, draft: OpDraft): Promise<Op> {
  const [op] = await recordOps(device, member, [draft]);
  return op!;
}

/**
 * Save changes that belong together (a complaint and its first comment): all
 * in one local transaction, and marked as one group so that the server too
 * applies them all or none.
 */
export async function recordOps(device: Device, member: Membership, drafts: OpDraft[], photos: PhotoBytes[] = []): Promise<Op[]> {
  const { db } = device;
  const group = drafts.length > 1 ? newId() : undefined;
  return db.transaction('rw', ALL_TABLES(db), async () => {
    // Photo bytes first, in the same transaction: no op may name a photo the device does not hold.
    for (const p of photos) {
      await storeBlob(db, p.hash, p.display, member.work, 'local', device.now());
      if (p.thumbHash && p.thumb) await storeBlob(db, p.thumbHash, p.thumb, member.work, 'local', device.now());
      if (p.original) await storeBlob(db, p.original.hash, p.original.bytes, member.work, 'held', device.now());
    }
    const ops: Op[] = [];
    for (const draft of drafts) ops.push(await recordOne(device, member, draft, group));
    return ops;
  });
}

async function recordOne(device: Device, member: Membership, draft: OpDraft, group: string | undefined): Promise<Op> {
  const { db, deviceId } = device;
  {
    const made = {
      ...draft,
      id: newId(),
      work: member.work,
      actor: member.memberId,
      device: deviceId,
      hlc: await nextStamp(db, deviceId, device.now()),
      v: RULES_VERSION,
      ...(group ? { group } : {}),
    } as Op;
    // The op as the server will keep it: the shared schemas normalise text (a NUL or a lone surrogate
    // becomes U+FFFD), so that this device holds the same bytes as everyone else. One they refuse
    // goes as it is, for the server to refuse with its reason.
    const parsed = parseOp(made);
    const op = parsed.ok ? parsed.value : made;
    const read = rowReader();
    const current = (await read(`${op.entity}:${op.entityId}`, () => db.viewTable(op.entity).get(op.entityId))) as AnyEntityState | undefined;
    const facts = await localFacts(db, op, current, member.role, read);
    const rejection = checkOp(op, { actorRole: member.role, current, facts, today: earliestPlannedDate(device.now()) });
    if (rejection) throw new LocalRejection(rejection);
    const entry: OutboxEntry = {
      id: op.id,
      work: op.work,
      entity: op.entity,
      entityId: op.entityId,
      op,
      role: member.role,
      state: 'pending',
      createdAt: device.now(),
    };
    // The entity's first queued op: from now on its view and its confirmed state differ, so the
    // confirmed state (until now the view itself, or nothing for a new entity) gets its own row.
    if (!(await db.confirmed.get([op.entity, op.entityId]))) {
      const queued = await db.outbox.where('[entity+entityId]').equals([op.entity, op.entityId]).count();
      if (queued === 0)
        await db.confirmed.put({ type: op.entity, id: op.entityId, work: op.work, state: withoutViewFields(current as View<AnyEntityState> | undefined) });
    }
    await db.outbox.add(entry);
    await refreshEntity(db, op.entity, op.entityId, read);
    return op;
  }
}

/** Fold the server's answers to a push into the outbox; rejected ops move to `rejected`. */
export async function applyPushResults(db: SitewatchDB, work: string, results: PushResult[]): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const touched = new Map<string, [EntityType, string]>();
    for (const r of results) {
      const entry = await db.outbox.where('id').equals(r.id).first();
      if (!entry) continue;
      if (r.status === 'accepted' && entry.op.kind === 'contact.add' && !mayReadContact(entry.role, entry.op.payload)) {
        // issues: a resident's contact this member may not read leaves the device once the server holds it
        // (it never comes back in a pull, and is kept in no sent log).
        await db.outbox.delete(entry.n!);
      } else if (r.status === 'accepted') {
        if (entry.state === 'pending') await db.outbox.update(entry.n!, { state: 'acked', seq: r.seq });
      } else {
        await db.rejected.put({ id: entry.id, work, op: entry.op, reason: r.reason, rejectedAt: Date.now(), dismissed: 0 });
        await db.outbox.delete(entry.n!);
      }
      touched.set(`${entry.entity}:${entry.entityId}`, [entry.entity, entry.entityId]);
    }
    for (const [type, id] of touched.values()) await refreshEntity(db, type, id);
  });
}

/**
 * Fold a page of pulled ops into confirmed state and advance the cursor, all
 * at once. Reads and writes go in bulk (a few IndexedDB calls per page, not
 * several per op: a fresh device may pull tens of thousands of ops).
 */
export async function applyPulled(
  db: SitewatchDB,
  work: string,
  ops: StoredOp[],
  cursor: number,
  cursorId?: string,
  progress: Partial<SyncStateRow> = {},
): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    const keyOf = (type: EntityType, id: string) => `${type}:${id}`;
    const touched = new Map<string, [EntityType, string]>();
    for (const op of ops) touched.set(keyOf(op.entity, op.entityId), [op.entity, op.entityId]);
    const keys = [...touched.values()];
    // Each entity's confirmed state before this page: its row, or else (nothing queued) its view.
    // Confirmed rows exist only for entities with changes of this device still queued: usually none at all,
    // and then a page's 1,000 lookups (a request each) are skipped.
    const rows = (await db.confirmed.count()) === 0 ? keys.map(() => undefined) : await db.confirmed.bulkGet(keys);
    const queuedBefore = new Set((await db.outbox.where('[entity+entityId]').anyOf(keys).toArray()).map((e) => keyOf(e.entity, e.entityId)));
    const viewBases = await readViews(
      db,
      keys.filter((k, i) => !rows[i] && !queuedBefore.has(keyOf(k[0], k[1]))),
    );
    const states = new Map<string, { work: string; state: AnyEntityState | undefined }>();
    keys.forEach((k, i) => {
      const key = keyOf(k[0], k[1]);
      const state = rows[i] ? (rows[i]!.state as AnyEntityState | undefined) : viewBases.get(key);
      states.set(key, { work: rows[i]?.work ?? state?.work ?? work, state });
    });
    for (const { seq: _seq, ...op } of ops) {
      const entry = states.get(keyOf(op.entity, op.entityId))!;
      entry.state = applyOp(entry.state, op as Op);
      entry.work = op.work;
    }

    // Our own ops that came back are now part of confirmed state: out of the outbox, into the sent log.
    const own = await db.outbox
      .where('id')
      .anyOf(ops.map((o) => o.id))
      .toArray();
    if (own.length) {
      await db.outbox.bulkDelete(own.map((e) => e.n!));
      const now = Date.now();
      await db.sent.bulkPut(own.map((e) => ({ id: e.id, work, op: e.op, role: e.role, confirmedAt: now })));
    }

    // Entities with ops still queued keep a confirmed row and get their view rebuilt on top of it; for
    // the others the view is the confirmed state, and a row they had is no longer needed.
    const withLocal = new Set((await db.outbox.where('[entity+entityId]').anyOf(keys).toArray()).map((e) => keyOf(e.entity, e.entityId)));
    const local = keys.filter(([type, id]) => withLocal.has(keyOf(type, id)));
    await db.confirmed.bulkPut(local.map(([type, id]) => ({ type, id, ...states.get(keyOf(type, id))! })));
    for (const [type, id] of local) await refreshEntity(db, type, id);
    const byTable = new Map<EntityType, { put: Array<AnyEntityState & { syncPending: boolean }>; gone: string[] }>();
    const unneededRows: Array<[EntityType, string]> = [];
    keys.forEach(([type, id], i) => {
      if (withLocal.has(keyOf(type, id))) return;
      if (rows[i]) unneededRows.push([type, id]);
      const state = states.get(keyOf(type, id))!.state;
      if (!byTable.has(type)) byTable.set(type, { put: [], gone: [] });
      if (state) byTable.get(type)!.put.push({ ...state, syncPending: false });
      else byTable.get(type)!.gone.push(id);
    });
    for (const [type, { put, gone }] of byTable) {
      if (put.length) await db.viewTable(type).bulkPut(put);
      if (gone.length) await db.viewTable(type).bulkDelete(gone);
    }
    if (unneededRows.length) await db.confirmed.bulkDelete(unneededRows);

    const syncState = await db.syncState.get(work);
    const last = ops[ops.length - 1];
    await db.syncState.put({
      ...(syncState ?? defaultSyncState(work)),
      ...progress,
      work,
      cursor,
      // issues: the server names the op at the cursor when the page's last op was one this device may not see.
      cursorId: cursorId ?? (last ? last.id : (syncState?.cursorId ?? null)),
    });
  });
}

/**
 * The server no longer knows our cursor (it was wiped or restored): forget
 * what it told us, keep every pending op, download again from the start.
 */
export async function resetWork(db: SitewatchDB, work: string): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), async () => {
    await db.confirmed.where('work').equals(work).delete();
    for (const t of db.viewTables) await t.where('work').equals(work).delete();
    // The server may have lost our confirmed ops too: queue them again, oldest
    // first, ahead of what was still pending (op ids make re-sending harmless).
    const sent = (await db.sent.where('work').equals(work).toArray()).sort((a, b) => (a.op.hlc < b.op.hlc ? -1 : 1));
    const outbox = await db.outbox.where('work').equals(work).sortBy('n');
    await db.outbox.where('work').equals(work).delete();
    await db.sent.where('work').equals(work).delete();
    const requeued: OutboxEntry[] = [
      ...sent.map((s) => ({
        id: s.id,
        work,
        entity: s.op.entity,
        entityId: s.op.entityId,
        op: s.op,
        role: s.role,
        state: 'pending' as const,
        createdAt: s.confirmedAt,
      })),
      ...outbox.map(({ n: _n, ...e }) => ({ ...e, state: 'pending' as const })),
    ];
    await db.outbox.bulkAdd(requeued);
    for (const e of requeued) await refreshEntity(db, e.entity, e.entityId);
    const state = await db.syncState.get(work);
    await db.syncState.put({ ...(state ?? defaultSyncState(work)), cursor: 0, cursorId: null });
  });
}

export function defaultSyncState(work: string): SyncStateRow {
  return { work, cursor: 0, cursorId: null, lastSyncAt: null, error: null, phase: 'idle', pulled: 0, pullTotal: 0 };
}

/**
 * After an app update, pending ops made under older rules are carried over:
 * re-checked against the new schema and re-stamped with the new rules
 * version, so the server (which may refuse old versions) takes them. One the
 * new rules cannot read is kept in `rejected`, shown to its author, never
 * dropped.
 */
export async function upgradePendingOps(db: SitewatchDB, toVersion: number, now: number): Promise<number> {
  return db.transaction('rw', ALL_TABLES(db), async () => {
    const old = await db.outbox.filter((e) => e.state === 'pending' && e.op.v < toVersion).toArray();
    for (const entry of old) {
      const upgraded = parseOp({ ...entry.op, v: toVersion });
      if (upgraded.ok) {
        await db.outbox.update(entry.n!, { op: upgraded.value });
      } else {
        const reason: Rejection = { code: 'outdated_client', message: `made with an older version of the app: ${upgraded.message}` };
        await db.rejected.put({ id: entry.id, work: entry.work, op: entry.op, reason, rejectedAt: now, dismissed: 0 });
        await db.outbox.delete(entry.n!);
        await refreshEntity(db, entry.entity, entry.entityId);
      }
    }
    return old.length;
  });
}

export interface PhotoBytes {
  hash: string;
  display: ArrayBuffer;
  /** A plan has no thumbnail: its op names only the image, and the server takes only bytes an op names. */
  thumbHash?: string;
  thumb?: ArrayBuffer;
  /** The file as taken: kept on the device, uploaded only if the work asks for originals. */
  original?: { hash: string; bytes: ArrayBuffer };
}

/**
 * Save a photo: its bytes (display copy and thumbnail) and the op that
 * describes it, in one transaction, so that neither exists without the other.
 */
export async function recordPhoto(device: Device, member: Membership, bytes: PhotoBytes, draft: OpDraft): Promise<Op> {
  const [op] = await recordOps(device, member, [draft], [bytes]);
  return op!;
}
