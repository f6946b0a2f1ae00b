/**
 * issues: the issue list's queries. The most selective criterion of the
 * filter goes to an index (each ends in updatedAt, so rows come newest first
 * without sorting), matchesFilter (src/core) checks the rest while Dexie walks
 * the index, and the walk stops as soon as a page is full: a device with
 * 20,000 issues reads about one page of rows, not all of them.
 */
import { type IssueFilter, type IssueState, type IssueStatus, type Role, awaitsTriage, matchesFilter } from '../../core';
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
export async function listIssues(
  db: SitewatchDB,
  work: string,
  f: IssueFilter,
  limit: number,
  now: number,
): Promise<{ rows: View<IssueState>[]; more: boolean }> {
  const rows = await indexedRange(db, work, f)
    .reverse()
    .filter((i) => matchesFilter(i, f, now))
    .limit(limit + 1)
    .toArray();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * The issues that may wait for the role, bounded for big works: every issue in
 * a status that is normally short-lived (reopened, acknowledged, in progress,
 * resolved, disputed), and of the reports (which a device with a backlog may
 * hold by the thousand) only the `oldest` oldest: those come first in the
 * inbox anyway (the oldest report is the most overdue).
 */
export async function inboxCandidates(db: SitewatchDB, work: string, role: Role, oldest: number): Promise<View<IssueState>[]> {
  const byStatus = (s: IssueStatus) => db.issues.where('[work+status+updatedAt]').between([work, s, LO], [work, s, HI]).toArray();
  // Residents' reports waiting for a triage: among the reports, bounded like the liaison's (oldest first).
  const toTriage = () =>
    db.issues
      .where('[work+reportedAt]')
      .between([work, LO], [work, HI])
      .filter((i) => awaitsTriage(i))
      .limit(oldest)
      .toArray();
  switch (role) {
    case 'volunteer':
      return once((await Promise.all([toTriage(), byStatus('resolved')])).flat());
    case 'staff':
      return once((await Promise.all([toTriage(), byStatus('disputed')])).flat());
    case 'liaison': {
      const reports = db.issues
        .where('[work+reportedAt]')
        .between([work, LO], [work, HI])
        .filter((i) => i.status === 'reported')
        .limit(oldest)
        .toArray();
      return (await Promise.all([reports, byStatus('reopened'), byStatus('acknowledged'), byStatus('in_progress')])).flat();
    }
  }
}

/** Each issue once (a report to triage may be in a status listed as well). */
function once(issues: View<IssueState>[]): View<IssueState>[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(i.id) && !!seen.add(i.id));
}

/** How many reports wait (all of them wait for the liaison): counted on the index, not loaded. */
export function countReports(db: SitewatchDB, work: string): Promise<number> {
  return db.issues.where('[work+status+updatedAt]').between([work, 'reported', LO], [work, 'reported', HI]).count();
}
