/**
 * This browser's device, for local writes (src/sync/local.ts): its store, its id, its clock. Apart
 * from `app-state.ts` because the store is Dexie, which the first screen (start and join pages)
 * does not load: only the pages that write bring it.
 */
import { deviceId } from '../app-state';
import { db } from '../db/db';

export function appDevice() {
  return { db, deviceId: deviceId(), now: () => Date.now() };
}
