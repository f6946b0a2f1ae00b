/**
 * Dexie live queries as Solid signals. The query re-runs whenever the tables
 * it read change, in this tab or another, and whenever `source` changes.
 */
import { liveQuery } from 'dexie';
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { db } from '../db/db';
import {
  type UnsyncedFilter,
  membersOf,
  photosOf,
  pointPhotoCounts,
  plansOf,
  pointsOf,
  rejectedCount,
  rejectedOf,
  unsyncedCount,
  unsyncedRecordCount,
  workById,
} from '../db/queries';

export function createLive<S, T>(source: Accessor<S>, query: (s: S) => Promise<T> | T, initial: T): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial);
  // A memo, so that the query is subscribed again only when the source's value changes, not whenever
  // something it reads is updated (300 checklist items would otherwise re-subscribe on every answer).
  const key = createMemo(source);
  createEffect(
    on(key, (s) => {
      const sub = liveQuery(() => query(s)).subscribe({
        next: (v) => setValue(() => v),
        error: (err: unknown) => console.error('live query failed', err),
      });
      onCleanup(() => sub.unsubscribe());
    }),
  );
  return value;
}

// The live reads every feature shares (a feature's queries.ts re-exports the ones it uses). Each
// takes its key as an accessor and re-runs when that key or the rows it read change.

/** One work's view row. */
export const liveWork = (id: Accessor<string>) => createLive(id, (w) => workById(db, w), undefined);
/** A work's points, members, photos, plans. */
export const livePoints = (work: Accessor<string>) => createLive(work, (w) => pointsOf(db, w), []);
export const liveMembers = (work: Accessor<string>) => createLive(work, (w) => membersOf(db, w), []);
export const livePhotos = (work: Accessor<string>) => createLive(work, (w) => photosOf(db, w), []);
/** Shown photos per point of a work. */
export const livePointPhotoCounts = (work: Accessor<string>) => createLive(work, (w) => pointPhotoCounts(db, w), new Map<string, number>());
export const livePlans = (work: Accessor<string>) => createLive(work, (w) => plansOf(db, w), []);
/** The unsent count of one work (or, with `acked`, every change still in the outbox). */
export const liveUnsynced = (filter: Accessor<UnsyncedFilter>) => createLive(filter, (f) => unsyncedCount(db, f), 0);
/** Records (not ops) of one work waiting to be sent: the sync chip's count. */
export const liveUnsyncedRecords = (work: Accessor<string>) => createLive(work, (w) => unsyncedRecordCount(db, w), 0);
/** Refused changes not yet dismissed, with their subject (the settings list), and one work's count of them (its banner). */
export const liveRejected = () =>
  createLive(
    () => 0,
    () => rejectedOf(db),
    [],
  );
export const liveRejectedCount = (work: Accessor<string>) => createLive(work, (w) => rejectedCount(db, w), 0);
/** The user has read a refusal: it leaves the list (kept on the device, never sent). */
export const dismissRejected = (id: string) => db.rejected.update(id, { dismissed: 1 });
