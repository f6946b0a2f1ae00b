/** The settings page's reads of the device's store (live), and its one local-only write. */
import type { Accessor } from 'solid-js';
import { type RejectedEntry, db } from '../../db/db';
import { membersOf, unsyncedByWork, worksByIds } from '../../db/queries';
import { createLive, liveUnsynced } from '../../ui/live';
import { photoSpace } from '../photos/storage';

/** Each joined work's sync state (re-read when the list of works changes). */
export const liveSyncStates = (key: Accessor<unknown>) => createLive(key, () => db.syncState.toArray(), []);
/** Unsent changes per work. */
export const liveUnsyncedByWork = (works: Accessor<string[]>) => createLive(works, (ws) => unsyncedByWork(db, ws), new Map<string, number>());
/** Everything a rescue file would carry: every change still in the outbox, sent or not. */
export const liveRescuable = () => liveUnsynced(() => ({ acked: true }));
export const liveWorks = (ids: Accessor<string[]>) => createLive(ids, (is) => worksByIds(db, is), []);
export const liveStorage = () => createLive(() => true, () => photoSpace(db), { bytes: 0, unsentBytes: 0, unsent: 0 });

/** The members of several works (a rescue file's authors are checked against them). */
export const membersOfWorks = async (works: string[]) => (await Promise.all(works.map((w) => membersOf(db, w)))).flat();

/** Refused changes not yet dismissed, each with what it was about (the issue's description). */
export const liveRejected = () =>
  createLive(
    () => 0,
    async () => {
      const rows = await db.rejected.where('dismissed').equals(0).toArray();
      return Promise.all(rows.map(async (r) => ({ ...r, subject: await subjectOf(r) })));
    },
    [],
  );

async function subjectOf(entry: RejectedEntry): Promise<string> {
  if (entry.op.kind === 'issue.create') return entry.op.payload.description;
  if (entry.op.entity === 'issue') return (await db.issues.get(entry.op.entityId))?.description ?? '';
  return '';
}

export const liveRejectedCount = (work: Accessor<string>) => createLive(work, (w) => db.rejected.where('work').equals(w).filter((r) => r.dismissed === 0).count(), 0);

/** The user has read a refusal: it leaves the list (kept on the device, never sent). */
export const dismissRejected = (id: string) => db.rejected.update(id, { dismissed: 1 });
