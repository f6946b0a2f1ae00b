/** Site plans: their reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { OPEN_STATUSES } from '../../core';
import { db } from '../../db/db';
import { plansOf } from '../../db/queries';
import { createLive } from '../../ui/live';

export { livePhotos, livePlans, livePoints } from '../../ui/live';

/** The work's plans, oldest first. */
export const livePlansByAge = (work: Accessor<string>) =>
  createLive(work, async (w) => (await plansOf(db, w)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1)), []);

/** The work's open complaints reported at a place (a tap on the plan, the phone's position): pins for staff. */
export const liveIssuesWithPlace = (work: Accessor<string>) =>
  createLive(
    work,
    (w) =>
      db.issues
        .where('work')
        .equals(w)
        .filter((i) => Boolean(i.location) && OPEN_STATUSES.has(i.status))
        .toArray(),
    [],
  );
