/** The work page's reads of the device's store (live: each re-runs when the rows it read change). */
import type { Accessor } from 'solid-js';
import { db } from '../../db/db';
import { unsyncedCount } from '../../db/queries';
import { createLive } from '../../ui/live';

export { liveMembers, livePointPhotoCounts, livePoints, liveWork } from '../../ui/live';

const DAY_MS = 86_400_000;

/** Unsent changes made more than a day ago (phones may wipe the data of an app left unused). */
export const liveStaleCount = (work: Accessor<string>) => createLive(work, (w) => unsyncedCount(db, { work: w, madeBefore: Date.now() - DAY_MS }), 0);
