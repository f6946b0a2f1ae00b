/**
 * Reads of the device's store that more than one feature needs. Plain async functions of the
 * database, so that tests call them on their own store and the features' `queries.ts` wrap them in
 * live queries; a component reads through its feature's `queries.ts`, never `db.` itself.
 */
import { type MemberState, type PhotoState, type PlanState, type PointState, type WorkState, byPhotoTime, isShown, recordOf } from '../core';
import type { RejectedEntry, SitewatchDB, View } from './db';

export interface UnsyncedFilter {
  /** One work; all works when left out. */
  work?: string;
  /** Only changes made before this time (ms): the ones that have waited too long. */
  madeBefore?: number;
  /**
   * Count too the changes the server accepted whose pull has not come back yet (they are still in
   * the outbox, and still go into a rescue file); by default only those not yet sent.
   */
  acked?: boolean;
}

const LO = -Infinity;
const HI = Infinity;

/**
 * The number of this device's changes the server does not hold yet: the one count every "unsent"
 * figure in the app shows. An index count, not a scan of the outbox.
 */
export async function unsyncedCount(db: SitewatchDB, filter: UnsyncedFilter = {}): Promise<number> {
  const { work, madeBefore, acked = false } = filter;
  const states: Array<'pending' | 'acked'> = acked ? ['pending', 'acked'] : ['pending'];
  if (work === undefined) {
    if (madeBefore === undefined) return acked ? db.outbox.count() : db.outbox.where('state').equals('pending').count();
    return db.outbox
      .where('state')
      .anyOf(states)
      .filter((e) => e.createdAt < madeBefore)
      .count();
  }
  let n = 0;
  for (const state of states) {
    n += await db.outbox
      .where('[work+state+createdAt]')
      .between([work, state, LO], [work, state, madeBefore ?? HI], true, false)
      .count();
  }
  return n;
}

/**
 * How many records (a complaint with its photos and contact, a whole checklist run) wait to be sent
 * for one work: what the sync chip says. It reads the work's pending outbox entries, which a phone
 * holds only while offline; the op count above stays the index count used for "unsent" warnings.
 */
export async function unsyncedRecordCount(db: SitewatchDB, work: string): Promise<number> {
  const seen = new Set<string>();
  await db.outbox
    .where('[work+state+createdAt]')
    .between([work, 'pending', LO], [work, 'pending', HI], true, true)
    .each((e) => void seen.add(recordOf(e.op)));
  return seen.size;
}

/** Unsent changes per work, for the works named (zero where none). */
export async function unsyncedByWork(db: SitewatchDB, works: readonly string[]): Promise<Map<string, number>> {
  const counts = await Promise.all(works.map((work) => unsyncedCount(db, { work })));
  return new Map(works.map((w, i) => [w, counts[i]!]));
}

export const workById = (db: SitewatchDB, id: string): Promise<View<WorkState> | undefined> => db.works.get(id);
export const worksByIds = (db: SitewatchDB, ids: readonly string[]): Promise<Array<View<WorkState> | undefined>> => db.works.bulkGet([...ids]);
export const pointById = (db: SitewatchDB, id: string): Promise<View<PointState> | undefined> => db.points.get(id);
export const pointsOf = (db: SitewatchDB, work: string): Promise<Array<View<PointState>>> => db.points.where('work').equals(work).toArray();
export const membersOf = (db: SitewatchDB, work: string): Promise<Array<View<MemberState>>> => db.members.where('work').equals(work).toArray();
export const photosOf = (db: SitewatchDB, work: string): Promise<Array<View<PhotoState>>> => db.photos.where('work').equals(work).toArray();
export const plansOf = (db: SitewatchDB, work: string): Promise<Array<View<PlanState>>> => db.plans.where('work').equals(work).toArray();
/** The photos attached to one point or issue, oldest first. */
export const photosOfTarget = async (db: SitewatchDB, type: PhotoState['targetType'], id: string): Promise<Array<View<PhotoState>>> =>
  (await db.photos.where('[targetType+targetId]').equals([type, id]).toArray()).sort(byPhotoTime);

/** Refused changes not yet dismissed, each with what it was about (the issue's description). */
export async function rejectedOf(db: SitewatchDB): Promise<Array<RejectedEntry & { subject: string }>> {
  const rows = await db.rejected.where('dismissed').equals(0).toArray();
  return Promise.all(rows.map(async (r) => ({ ...r, subject: await subjectOf(db, r) })));
}

async function subjectOf(db: SitewatchDB, entry: RejectedEntry): Promise<string> {
  if (entry.op.kind === 'issue.create') return entry.op.payload.description;
  if (entry.op.entity === 'issue') return (await db.issues.get(entry.op.entityId))?.description ?? '';
  return '';
}

/** One work's refused changes not yet dismissed. */
export const rejectedCount = (db: SitewatchDB, work: string): Promise<number> =>
  db.rejected
    .where('work')
    .equals(work)
    .filter((r) => r.dismissed === 0)
    .count();

/** Shown photos per point of the work (the point lists show how many each has): walked on the `work` index, not kept. */
export async function pointPhotoCounts(db: SitewatchDB, work: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await db.photos
    .where('work')
    .equals(work)
    .each((p) => p.targetType === 'point' && isShown(p) && counts.set(p.targetId, (counts.get(p.targetId) ?? 0) + 1));
  return counts;
}
