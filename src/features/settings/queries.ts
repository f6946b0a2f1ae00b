/** The settings page's reads of the device's store (live), and its one local-only write. */
import type { Accessor } from 'solid-js';
import { db } from '../../db/db';
import { membersOf, unsyncedByWork, worksByIds } from '../../db/queries';
import { createLive, liveUnsynced } from '../../ui/live';
import { photoSpace } from '../photos';

/** Each joined work's sync state (re-read when the list of works changes). */
export const liveSyncStates = (key: Accessor<unknown>) => createLive(key, () => db.syncState.toArray(), []);
/** Unsent changes per work. */
export const liveUnsyncedByWork = (works: Accessor<string[]>) => createLive(works, (ws) => unsyncedByWork(db, ws), new Map<string, number>());
/** Everything a rescue file would carry: every change still in the outbox, sent or not. */
export const liveRescuable = () => liveUnsynced(() => ({ acked: true }));
export const liveWorks = (ids: Accessor<string[]>) => createLive(ids, (is) => worksByIds(db, is), []);
export const liveStorage = () =>
  createLive(
    () => true,
    () => photoSpace(db),
    { bytes: 0, unsentBytes: 0, unsent: 0, refused: 0 },
  );

/** The members of several works (a rescue file's authors are checked against them). */
export const membersOfWorks = async (works: string[]) => (await Promise.all(works.map((w) => membersOf(db, w)))).flat();

// The refusals' live reads are shared with src/ui/RejectedList.tsx: they live in src/ui/live.ts.
export { dismissRejected, liveRejected, liveRejectedCount } from '../../ui/live';
