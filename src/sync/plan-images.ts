/**
 * Site plans: a plan's image is fetched as soon as its op arrives, not
 * when someone first opens it, so the plan works on site without signal.
 */
import type { SitewatchDB } from '../db/db';
import type { Membership } from '../lib/settings';
import type { SyncApi } from './api';
import { loadBlob } from './blobs';

/** Downloads the images of the work's plans this device does not hold yet; one that fails waits for the next cycle. */
export async function fetchPlanImages(db: SitewatchDB, server: SyncApi, m: Membership): Promise<void> {
  const plans = await db.plans.where('work').equals(m.work).toArray();
  for (const plan of plans) {
    if (await db.blobs.get(plan.hash)) continue;
    try {
      await loadBlob(db, server, m, plan.hash);
    } catch {
      // Not uploaded yet by its author, or the link dropped: the next sync tries again.
    }
  }
}
