/**
 * issues (#6): the issue list's queries. The most selective criterion of the
 * filter goes to an index (each ends in updatedAt, so rows come newest first
 * without sorting), matchesFilter (src/core) checks the rest while Dexie walks
 * the index, and the walk stops as soon as a page is full: a device with
 * 20,000 issues reads about one page of rows, not all of them.
 */
import { type IssueFilter, type IssueState, type IssueStatus, type Role, matchesFilter } from '../../core';
import type { SitewatchDB, View } from '../../db/db';

const LO = '';
const HI = '\uffff';

function indexedRange(db: SitewatchDB, work: string, f: IssueFilter) {
  if (f.status !== 'all' && f.status !== 'open') {
    return db.issues.where('[work+status+updatedAt]').between([work, f.status, LO], [work, f.status, HI]);
  }
  if (f.category !== null) return db.issues.where('[work+category+updatedAt]').between([work, f.category, LO], [work, f.category, HI]);
  if (f.pointId !== null) return db.issues.where('[work+pointId+updatedAt]').between([work, f.pointId, LO], [work, f.pointId, HI]);
  return db.issues.where('[work+updatedAt]').between([work, LO], [work, HI]);
}

/** The first `limit` issues matching the filter, newest change first, and whether more exist. */
export async function listIssues(db: SitewatchDB, work: string, f: IssueFilter, limit: number, now: number): Promise<{ rows: View<IssueState>[]; more: boolean }> {
  const rows = await indexedRange(db, work, f)
    .reverse()
    .filter((i) => matchesFilter(i, f, now))
    .limit(limit + 1)
    .toArray();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Statuses in which an issue may wait for the role (see waitReason in src/core/issue-inbox.ts). */
const MAY_WAIT: Record<Role, IssueStatus[]> = {
  liaison: ['reported', 'reopened', 'acknowledged', 'in_progress'],
  volunteer: ['resolved'],
  staff: ['disputed'],
};

/** The issues that may wait for the role: read by status index only (open ones are few next to closed ones). */
export async function inboxCandidates(db: SitewatchDB, work: string, role: Role): Promise<View<IssueState>[]> {
  const lists = await Promise.all(
    MAY_WAIT[role].map((s) => db.issues.where('[work+status+updatedAt]').between([work, s, LO], [work, s, HI]).toArray()),
  );
  return lists.flat();
}
