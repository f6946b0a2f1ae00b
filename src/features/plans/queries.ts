/** Site plans: their reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { db } from '../../db/db';
import { plansOf } from '../../db/queries';
import { createLive } from '../../ui/live';

export { livePhotos, livePlans, livePoints } from '../../ui/live';

/** The work's plans, oldest first. */
export const livePlansByAge = (work: Accessor<string>) =>
  createLive(work, async (w) => (await plansOf(db, w)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)), []);
