/**
 * Accept or reject one op inside a store transaction, using the shared rules
 * of src/core. Used by push (member ops), join and seeding (system ops).
 */
import {
  type Actor,
  type ChecklistFacts,
  type InspectionState,
  type IssueState,
  type TemplateState,
  type Op,
  type PlanState,
  type PushResult,
  type Rejection,
  applyOp,
  blobRefsOf,
  splitLists,
  checkOp,
  clampStampInOrder,
  earliestPlannedDate,
} from '../src/core';
import { chainOp } from './op-chain';
import type { EntityKey, StoreTx } from './store';
import { boundedRejection } from './store-rows';

/** How far ahead of the server's clock a device's stamp may be before it is clamped. */
export const CLOCK_MARGIN_MS = 60_000;

function referencedPoint(op: Op): string | null {
  if (op.kind === 'issue.create') return op.payload.pointId;
  if (op.kind === 'issue.edit') return op.payload.fields.pointId ?? null;
  if (op.kind === 'photo.add' && op.payload.targetType === 'point') return op.payload.targetId;
  if (op.kind === 'inspection.start') return op.payload.pointId; // checklists (#5)
  return null;
}

function referencedIssue(op: Op): string | null {
  if (op.kind === 'contact.add') return op.payload.issueId; // issues (#6)
  if (op.kind === 'issue.transition') return op.payload.into ?? null; // merge duplicates (#6): the target
  return op.kind === 'photo.add' && op.payload.targetType === 'issue' ? op.payload.targetId : null;
}

/**
 * Checklists (#5): what the rules need for an inspection op (its template,
 * pinned version included) or an issue raised by one (the inspection).
 * Entities of another work count as absent.
 */
async function checklistFacts(tx: StoreTx, op: Op, current: unknown): Promise<ChecklistFacts | undefined> {
  if (op.entity === 'inspection') {
    const templateId = op.kind === 'inspection.start' ? op.payload.templateId : (current as InspectionState | undefined)?.templateId;
    return { template: templateId ? ofWork<TemplateState>(await readTemplate(tx, templateId), op.work) : null, sourceInspection: null };
  }
  if (op.kind === 'issue.create' && op.payload.source) {
    return { template: null, sourceInspection: ofWork<InspectionState>(await tx.getEntity('inspection', op.payload.source.inspectionId), op.work) };
  }
  return undefined;
}

/**
 * The entities judge() will read for this op, as far as the op alone tells: a push reads them all in
 * one query before judging (StoreTx.findResults). One read more (an inspection's template) is asked for
 * when needed.
 */
export function lookupsOf(op: Op): EntityKey[] {
  const keys: EntityKey[] = [{ type: op.entity, id: op.entityId }];
  const pointId = referencedPoint(op);
  if (pointId) keys.push({ type: 'point', id: pointId });
  const issueId = referencedIssue(op);
  if (issueId) keys.push({ type: 'issue', id: issueId });
  if (op.kind === 'point.place' && op.payload.place?.planId) keys.push({ type: 'plan', id: op.payload.place.planId });
  if (op.kind === 'inspection.start') keys.push({ type: 'template', id: op.payload.templateId });
  if (op.kind === 'issue.create' && op.payload.source) keys.push({ type: 'inspection', id: op.payload.source.inspectionId });
  return keys;
}

/**
 * Templates read in one write transaction, each read and parsed once: a template keeps up to 200
 * versions, and a push of 500 answers would otherwise parse it 500 times while holding the write lock.
 * A template written in the transaction is never cached (a refused group rolls its write back).
 */
const templatesRead = new WeakMap<StoreTx, { read: Map<string, Promise<unknown>>; written: Set<string> }>();

function templateCacheOf(tx: StoreTx) {
  let cache = templatesRead.get(tx);
  if (!cache) templatesRead.set(tx, (cache = { read: new Map(), written: new Set() }));
  return cache;
}

function readTemplate(tx: StoreTx, id: string): Promise<unknown> {
  const cache = templateCacheOf(tx);
  if (cache.written.has(id)) return tx.getEntity('template', id);
  let read = cache.read.get(id);
  if (!read) cache.read.set(id, (read = tx.getEntity('template', id)));
  return read;
}

function ofWork<T extends { work: string }>(entity: unknown, work: string): T | null {
  return entity && (entity as T).work === work ? (entity as T) : null;
}

/** earliestPlannedDate() of the last `now` judged: every op of a push is judged with the same `now`. */
let today = { now: Number.NaN, date: '' };
function earliestPlannedDateAt(now: number): string {
  if (today.now !== now) today = { now, date: earliestPlannedDate(now) };
  return today.date;
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
  const pointId = referencedPoint(op);
  const point = pointId ? await tx.getEntity('point', pointId) : undefined;
  const issueId = referencedIssue(op);
  const issue = issueId ? await tx.getEntity('issue', issueId) : undefined;

  let rejection: Rejection | null = foreign
    ? { code: 'exists', message: `${op.entity} ${op.entityId} belongs to another work` }
    : null;
  const afterPhotos = op.kind === 'issue.transition' ? await tx.countAfterPhotos(op.work, op.entityId) : undefined;
  // Site plans (#4): the plan a point is placed on must be one of this work's.
  const placedOn = op.kind === 'point.place' ? op.payload.place?.planId : undefined;
  const placePlan = placedOn ? await tx.getEntity('plan', placedOn) : undefined;
  const checklist = await checklistFacts(tx, op, current);
  rejection ??= checkOp(op, {
    actorRole,
    current,
    ...(checklist ? { checklist } : {}),
    ...(afterPhotos !== undefined ? { afterPhotos } : {}),
    today: earliestPlannedDateAt(now),
    // Methods, not arrow functions: the server runs under tsx, whose keepNames wraps every named
    // arrow function in a defineProperty call each time it is created, here once per op.
    pointExists(id) {
      return id === pointId && point !== undefined && point.work === op.work;
    },
    issueExists(id) {
      return id === issueId && issue !== undefined && issue.work === op.work;
    },
    // merge duplicates (#6): an issue of another work counts as absent (refused unknown_entity above).
    issueStatus(id) {
      return id === issueId && issue?.work === op.work ? (issue as IssueState).status : undefined;
    },
    plan(id) {
      return id === placedOn && placePlan?.work === op.work ? (placePlan as PlanState) : undefined;
    },
  });
  if (rejection) return { ok: false, op, reason: rejection };
  const appended = await tx.appendOp(op, now, skewMs);
  await chainOp(tx, op.work, appended); // #7: the op log is a hash chain per work
  // The head is stored; the entries this op added to a growing list (a comment, a history line) are
  // appended as rows of their own, so the write does not grow with the entity's past.
  const { head, entries } = splitLists(op.entity, applyOp(current, op));
  if (op.entity === 'template') {
    const cache = templateCacheOf(tx);
    cache.written.add(op.entityId);
    cache.read.delete(op.entityId);
  }
  await tx.putEntity(op.entity, head);
  if (Object.keys(entries).length > 0) await tx.appendEntries(op.entity, op.entityId, op.work, appended.seq, entries);
  // Photos, their originals (#4) and plan images (#4): the work may now read and upload these bytes.
  for (const ref of blobRefsOf(op)) await tx.addBlobRef(ref, op.work);
  return { ok: true, seq: appended.seq };
}
