/** The desk's reads of the device's store. */
import type { Accessor } from 'solid-js';
import { type IssueState, type PhotoState, targetsOf } from '../../core';
import { type DeskWaiting, deskWaiting } from '../../core/desk-inbox';
import { db } from '../../db/db';
import { createLive } from '../../ui/live';
import { type WorkSummary, summarizeWork } from './work-summary';

export { liveMembers, livePlans, livePointPhotoCounts, livePoints, liveWork } from '../../ui/live';

/**
 * Every issue of the work, for the issues table: sorting by any column needs them all (an index holds
 * one order only). One read through the `work` index; the table sorts and filters in memory after that.
 */
export const liveWorkIssues = (work: Accessor<string>) => createLive(work, (w) => db.issues.where('work').equals(w).toArray(), []);

/** A work's row in the "all my works" table, and what in it waits for staff (the combined inbox). */
export type WorkOverview = WorkSummary & { name: string | null; inbox: DeskWaiting<IssueState>[] };

/**
 * Where each of the device's works stands (the "all my works" table), from what this device holds, so it
 * reads offline. Per work: its issues through the `work` index, and its photos walked on the same index
 * without keeping them (only their times count).
 */
export async function worksOverview(works: readonly string[], nowMs: number): Promise<Map<string, WorkOverview>> {
  const out = new Map<string, WorkOverview>();
  await Promise.all(
    works.map(async (w) => {
      const [work, issues] = await Promise.all([db.works.get(w), db.issues.where('work').equals(w).toArray()]);
      const photos: Array<Pick<PhotoState, 'takenAt' | 'addedAt' | 'retracted'>> = [];
      await db.photos
        .where('work')
        .equals(w)
        .each((p) => void photos.push({ takenAt: p.takenAt, addedAt: p.addedAt, ...(p.retracted ? { retracted: p.retracted } : {}) }));
      const targets = targetsOf(work);
      out.set(w, { ...summarizeWork(issues, photos, targets, nowMs), name: work?.name ?? null, inbox: deskWaiting(issues, { targets, now: nowMs }) });
    }),
  );
  return out;
}

export const liveWorksOverview = (works: Accessor<readonly string[]>, nowMs: number) =>
  createLive(
    () => works().join(' '),
    (key) => worksOverview(key ? key.split(' ') : [], nowMs),
    new Map<string, WorkOverview>(),
  );
