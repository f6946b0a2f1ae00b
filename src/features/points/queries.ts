/** A point's page: its reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { isKeptInspection } from '../../core';
import { db } from '../../db/db';
import { photosOfTarget, pointById } from '../../db/queries';
import { createLive } from '../../ui/live';

export { liveMembers } from '../../ui/live';

export const livePoint = (id: Accessor<string>) => createLive(id, (p) => pointById(db, p), undefined);
/** The point's photos, oldest first (when taken, else when added). */
export const livePointPhotos = (id: Accessor<string>) => createLive(id, (p) => photosOfTarget(db, 'point', p), []);
export const livePointIssues = (key: Accessor<readonly [string, string]>) =>
  createLive(key, ([w, p]) => db.issues.where('[work+pointId+updatedAt]').between([w, p, ''], [w, p, '\uffff']).toArray(), []);
/** The point's inspections (a discarded draft is not on the timeline). */
export const livePointInspections = (id: Accessor<string>) =>
  createLive(id, (p) => db.inspections.where('[pointId+updatedAt]').between([p, ''], [p, '\uffff']).filter(isKeptInspection).toArray(), []);
export const liveTemplates = (work: Accessor<string>) => createLive(work, (w) => db.templates.where('work').equals(w).toArray(), []);
