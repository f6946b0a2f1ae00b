/**
 * Issues: their reads of the device's store. Shared ones come from src/ui/live.ts; the issue list's
 * and the inbox's indexed walks are in issue-query.ts.
 */
import type { Accessor } from 'solid-js';
import { type IssueCategory, type IssueFilter, type LatLng, type PointState, OPEN_STATUSES, type Role, isActivePoint } from '../../core';
import { db } from '../../db/db';
import { photosOfTarget } from '../../db/queries';
import { createLive } from '../../ui/live';
import { countReports, inboxCandidates, listIssues } from './issue-query';

export { liveMembers, livePoints, liveWork } from '../../ui/live';

export const liveIssue = (id: Accessor<string>) => createLive(id, (i) => db.issues.get(i), undefined);
export const liveIssuePhotos = (id: Accessor<string>) => createLive(id, (i) => photosOfTarget(db, 'issue', i), []);
/** The points to pick from, by name: archived ones are not offered. */
export const livePointsByName = (work: Accessor<string>) =>
  createLive(work, async (w) => (await db.points.where('work').equals(w).sortBy('name')).filter(isActivePoint), []);
/** Whether the work has a site plan (a complaint's spot may then be tapped on it). */
export const liveHasPlan = (work: Accessor<string>) => createLive(work, async (w) => (await db.plans.where('work').equals(w).count()) > 0, false);
export const liveContacts = (issueId: Accessor<string>) => createLive(issueId, (id) => db.contacts.where('issueId').equals(id).toArray(), []);

/** A page of the issue list (the filter, the number shown, the minute it is judged at). */
export const issuePage = (work: string, filter: IssueFilter, limit: number, now: number) => listIssues(db, work, filter, limit, now);
/** What may wait for this role, and (liaison) how many reports wait: see issue-query.ts. */
export const inboxOf = (work: string, role: Role, oldest: number) => inboxCandidates(db, work, role, oldest);
export const reportsWaiting = (work: string) => countReports(db, work);

/** The work's other open issues, newest report first (the merge target's choices). */
export const openIssuesBesides = async (work: string, self: string) =>
  (await db.issues.where('work').equals(work).toArray())
    .filter((i) => i.id !== self && OPEN_STATUSES.has(i.status))
    .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : -1));
export const mergedIssues = (work: string) => db.issues.where('[work+status+updatedAt]').between([work, 'merged', ''], [work, 'merged', '\uffff']).toArray();

/** Open issues of a category, each with its place: its point's position, or where its first located photo was taken. */
export async function meTooCandidates(work: string, category: IssueCategory, points: PointState[]) {
  const open = await db.issues
    .where('[work+category+updatedAt]')
    .between([work, category, ''], [work, category, '\uffff'])
    .filter((i) => OPEN_STATUSES.has(i.status))
    .toArray();
  return Promise.all(
    open.map(async (i) => {
      const point = i.pointId ? points.find((p) => p.id === i.pointId) : undefined;
      let position: LatLng | null = point && point.lat !== null && point.lng !== null ? { lat: point.lat, lng: point.lng } : null;
      if (!position) {
        const photo = await db.photos
          .where('[targetType+targetId]')
          .equals(['issue', i.id])
          .filter((p) => p.location !== null)
          .first();
        if (photo?.location) position = { lat: photo.location.lat, lng: photo.location.lng };
      }
      return { ...i, position };
    }),
  );
}
