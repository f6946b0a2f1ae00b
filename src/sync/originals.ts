/**
 * Photo originals: kept on the phone that took them; queued for upload
 * only once the work asks for originals (a staff setting, work.originals).
 */
import type { SitewatchDB } from '../db/db';

export async function queueOriginals(db: SitewatchDB, work: string): Promise<void> {
  if (!(await db.works.get(work))?.uploadOriginals) return;
  await db.blobs
    .where('state')
    .equals('held')
    .filter((b) => b.work === work)
    .modify({ state: 'local' });
}
