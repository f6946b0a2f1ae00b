/** The desk's reads of the device's store. */
import type { Accessor } from 'solid-js';
import { db } from '../../db/db';
import { createLive } from '../../ui/live';

export { liveMembers, livePoints, liveWork } from '../../ui/live';

/**
 * Every issue of the work, for the issues table: sorting by any column needs them all (an index holds
 * one order only). One read through the `work` index; the table sorts and filters in memory after that.
 */
export const liveWorkIssues = (work: Accessor<string>) => createLive(work, (w) => db.issues.where('work').equals(w).toArray(), []);
