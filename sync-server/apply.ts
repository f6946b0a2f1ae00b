/**
 * Accept or reject one op inside a store transaction, using the shared rules
 * of src/core. Used by push (member ops), join and seeding (system ops).
 */
import {
  type Actor,
  type AnyEntityState,
  type FactSource,
  type Op,
  type PushResult,
  type Rejection,
  applyOp,
  blobRefsOf,
  checkOp,
  clampStampInOrder,
  earliestPlannedDate,
  lookupKey,
  lookupsBeforeReading,
  lookupsOf,
  mapFacts,
  splitLists,
} from '../src/core';
import { recordNotifyEvent } from './notify/events';
import { chainOp } from './op-chain';
import type { EntityKey, StoreTx } from './store';
import { boundedRejection } from './store-rows';

/** How far ahead of the server's clock a device's stamp may be before it is clamped. */
export const CLOCK_MARGIN_MS = 60_000;

/**
 * The server's resolver of the facts an op's rule declares (src/core/ops/lookups.ts): each
 * read from the store, within the op's work. An entity of another work counts as absent.
 */
async function storeFacts(tx: StoreTx, op: Op, current: AnyEntityState | undefined, actorRole: Actor): Promise<FactSource> {
  const values = new Map<string, unknown>();
  for (const l of lookupsOf(op, current, actorRole)) {
    if (l.kind === 'byId') {
      const row = l.entity === 'template' ? await readTemplate(tx, l.id) : await tx.getEntity(l.entity, l.id);
      values.set(lookupKey(l), row && row.work === op.work ? row : null);
    } else {
      values.set(lookupKey(l), await tx.countAfterPhotos(op.work, l.issueId));
    }
  }
  return mapFacts(values);
}

/**
 * The entities judge() will read for this op, as far as the op alone tells: a push reads them all in
 * one query before judging (StoreTx.findResults). They come from the rule's own declared lookups
 * (src/core/ops), so the prefetch cannot drift from what the rule reads; anything it misses is read
 * when judged, one query more.
 */
export function prefetchKeysOf(op: Op): EntityKey[] {
  const keys: EntityKey[] = [{ type: op.entity, id: op.entityId }];
  for (const l of lookupsBeforeReading(op)) if (l.kind === 'byId') keys.push({ type: l.entity, id: l.id });
  return keys;
}

/**
 * Templates read in one write transaction, each read and parsed once: a template keeps up to 200
 * versions, and a push of 500 answers would otherwise parse it 500 times while holding the write lock.
 * A template written in the transaction is never cached (a refused group rolls its write back).
 */
const templatesRead = new WeakMap<StoreTx, { read: Map<string, Promise<AnyEntityState | undefined>>; written: Set<string> }>();

function templateCacheOf(tx: StoreTx) {
  let cache = templatesRead.get(tx);
  if (!cache) templatesRead.set(tx, (cache = { read: new Map(), written: new Set() }));
  return cache;
}

function readTemplate(tx: StoreTx, id: string): Promise<AnyEntityState | undefined> {
  const cache = templateCacheOf(tx);
  if (cache.written.has(id)) return tx.getEntity('template', id);
  let read = cache.read.get(id);
  if (!read) cache.read.set(id, (read = tx.getEntity('template', id)));
  return read;
}

/** earliestPlannedDate() of the last `now` judged: every op of a push is judged with the same `now`. */
let today = { now: Number.NaN, date: '' };
function earliestPlannedDateAt(now: number): string {
  if (today.now !== now) today = { now, date: earliestPlannedDate(now) };
  return today.date;
}

/**
 * An accepted issue.create with the issue's short number written into it, taken from the work's numbers in
 * this very transaction (a refused or rolled-back op takes none, so the numbers have no gaps). The op is
 * stored and pulled with it: every device, its author's too, learns the number from the pull.
 */
async function numbered(tx: StoreTx, op: Extract<Op, { kind: 'issue.create' }>): Promise<Op> {
  const number = await tx.numberIssue(op.work, op.entityId);
  return { ...op, payload: { ...op.payload, number } };
}

/** The last stamp this process clamped, so that clamped stamps keep their order. */
let lastClamped: string | null = null;

export type Verdict = { ok: true; seq: number } | { ok: false; op: Op; reason: Rejection };

/** Accept or reject one op; records a rejection too (for ops that stand alone). */
export async function acceptOrReject(tx: StoreTx, input: Op, actorRole: Actor, now: number): Promise<PushResult> {
  const verdict = await judge(tx, input, actorRole, now);
  if (verdict.ok) return { id: input.id, status: 'accepted', seq: verdict.seq };
  const reason = boundedRejection(verdict.reason);
  await tx.recordRejection(verdict.op, verdict.op, reason, now);
  return { id: input.id, status: 'rejected', reason };
}

/** Applies the op if the rules allow it; a refusal is returned, not recorded (the caller decides). */
export async function judge(tx: StoreTx, input: Op, actorRole: Actor, now: number): Promise<Verdict> {
  const { stamp, skewMs, clamped } = clampStampInOrder(input.hlc, now, CLOCK_MARGIN_MS, lastClamped);
  if (clamped) lastClamped = stamp;
  const op: Op = stamp === input.hlc ? input : { ...input, hlc: stamp };

  let current = await tx.getEntity(op.entity, op.entityId);
  // An id that exists in another work is, for this work, an id that exists:
  // refuse creates with it, and never touch the other work's entity.
  let foreign = false;
  if (current && current.work !== op.work) {
    foreign = true;
    current = undefined;
  }
  const rejection: Rejection | null = foreign
    ? { code: 'exists', message: `${op.entity} ${op.entityId} belongs to another work` }
    : checkOp(op, { actorRole, current, facts: await storeFacts(tx, op, current, actorRole), today: earliestPlannedDateAt(now) });
  if (rejection) return { ok: false, op, reason: rejection };
  return { ok: true, seq: await storeAccepted(tx, op, current, now, skewMs) };
}

/**
 * Everything the store keeps for an op the rules accepted, in the caller's transaction: the op in the
 * log (numbered, if it creates an issue) and its link in the work's hash chain, the entity's new head
 * and the entries it appended, the notification event, the contacts held and the blob references.
 * Returns the op's seq. The benchmarks' floor (tests/bench/sync-throughput.ts) calls it too: the
 * store's own writes for a push, without HTTP, parsing, rules or per-push commits.
 */
export async function storeAccepted(tx: StoreTx, accepted: Op, current: AnyEntityState | undefined, now: number, skewMs: number): Promise<number> {
  const op = accepted.kind === 'issue.create' ? await numbered(tx, accepted) : accepted;
  const appended = await tx.appendOp(op, now, skewMs);
  await chainOp(tx, op.work, appended); // the op log is a hash chain per work
  // The head is stored; the entries this op added to a growing list (a comment, a history line) are
  // appended as rows of their own, so the write does not grow with the entity's past.
  const { head, entries } = splitLists(op.entity, applyOp(current, op));
  if (op.entity === 'template') {
    const cache = templateCacheOf(tx);
    cache.written.add(op.entityId);
    cache.read.delete(op.entityId);
  }
  await tx.putEntity(op.entity, head);
  // Residents' contacts: which the server holds, for the retention rounds (retention.ts). Rare ops.
  if (op.kind === 'contact.add') await tx.holdContact(op.entityId, op.work, op.payload.issueId);
  if (op.kind === 'contact.erase') await tx.releaseContact(op.entityId);
  await recordNotifyEvent(tx, op, current, head, now);
  if (Object.keys(entries).length > 0) await tx.appendEntries(op.entity, op.entityId, op.work, appended.seq, entries);
  // Photos, their originals and plan images: the work may now read and upload these bytes.
  for (const ref of blobRefsOf(op)) await tx.addBlobRef(ref, op.work);
  return appended.seq;
}
