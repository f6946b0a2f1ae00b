/** Photos: their reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { db } from '../../db/db';
import { createLive } from '../../ui/live';

/** Whether the work has a site plan (to offer placing the photo on it). */
export const liveHasPlan = (work: Accessor<string>) => createLive(work, async (w) => (await db.plans.where('work').equals(w).count()) > 0, false);
/** A photo's bytes on this device: held, uploading, uploaded, or not yet downloaded. */
export const liveBlob = (hash: Accessor<string>) => createLive(hash, (h) => db.blobs.get(h), undefined);
