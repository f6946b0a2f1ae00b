/** The work page's reads of the device's store (live: each re-runs when the rows it read change). */
import type { Accessor } from 'solid-js';
import { isShown } from '../../core';
import { db } from '../../db/db';
import { unsyncedCount } from '../../db/queries';
import { createLive } from '../../ui/live';

export { liveMembers, livePoints, liveWork } from '../../ui/live';

const DAY_MS = 86_400_000;

/** Photos per point of the work (the point list shows how many each has). */
export const livePointPhotoCounts = (work: Accessor<string>) =>
  createLive(
    work,
    async (id) => {
      const counts = new Map<string, number>();
      await db.photos
        .where('work')
        .equals(id)
        .each((p) => p.targetType === 'point' && isShown(p) && counts.set(p.targetId, (counts.get(p.targetId) ?? 0) + 1));
      return counts;
    },
    new Map<string, number>(),
  );

/** Unsent changes made more than a day ago (phones may wipe the data of an app left unused). */
export const liveStaleCount = (work: Accessor<string>) => createLive(work, (w) => unsyncedCount(db, { work: w, madeBefore: Date.now() - DAY_MS }), 0);
