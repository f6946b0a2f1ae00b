/** Checklists: their reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { isKeptInspection } from '../../core';
import { db } from '../../db/db';
import { createLive } from '../../ui/live';

export { liveMembers, livePoints } from '../../ui/live';

const templatesOf = (work: string) => db.templates.where('work').equals(work).toArray();

export const liveTemplates = (work: Accessor<string>) => createLive(work, templatesOf, []);
export const liveTemplate = (id: Accessor<string>) => createLive(id, (t) => db.templates.get(t), undefined);
export const liveInspection = (id: Accessor<string>) => createLive(id, (i) => db.inspections.get(i), undefined);
/** The inspections made with a template, newest first (a discarded draft is not listed). */
export const liveTemplateInspections = (id: Accessor<string>) =>
  createLive(id, (t) => db.inspections.where('[templateId+updatedAt]').between([t, ''], [t, '\uffff']).reverse().filter(isKeptInspection).toArray(), []);
/** The inspections of a point, newest first (a discarded draft is not listed). */
export const livePointInspections = (id: Accessor<string>) =>
  createLive(id, (p) => db.inspections.where('[pointId+updatedAt]').between([p, ''], [p, '\uffff']).reverse().filter(isKeptInspection).toArray(), []);
/** The issues an inspection raised. */
export const liveRaisedIssues = (work: Accessor<string>, inspection: Accessor<string>) =>
  createLive(
    inspection,
    (id) =>
      db.issues
        .where('work')
        .equals(work())
        .filter((i) => i.source?.inspectionId === id)
        .toArray(),
    [],
  );
/** An answer's photos, as far as their rows are here (another device's photo may still be on its way). */
export const liveAnswerPhotos = (ids: Accessor<readonly string[]>) =>
  createLive(
    () => ids().join(','),
    async (joined) => (joined ? (await db.photos.bulkGet(joined.split(','))).filter((p) => p !== undefined) : []),
    [],
  );
