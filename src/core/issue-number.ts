/**
 * An issue's short number ("#142"), what people name it by at a meeting. The server gives it, in the order
 * it accepted the creations of the work's issues (docs/sync-protocol.md, "Issue numbers"); the UUID stays
 * the id. An issue the server has not numbered yet (made offline, not pulled back) has none: the screens
 * say so ("待编号") rather than guess one that could change.
 */
import type { IssueState } from './ops/issue';

/** "#142", or null while the issue has no number. */
export function issueRef(issue: Pick<IssueState, 'number'>): string | null {
  return issue.number === undefined ? null : `#${issue.number}`;
}

/**
 * Order by number (the server's order of accepting them), for lists read top to bottom at a meeting; issues
 * without one (not yet numbered, or made before numbers existed) after them, in the order reported.
 */
export function byIssueNumber(a: Pick<IssueState, 'id' | 'number' | 'reportedAt'>, b: Pick<IssueState, 'id' | 'number' | 'reportedAt'>): number {
  if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
  if (a.number !== undefined || b.number !== undefined) return a.number !== undefined ? -1 : 1;
  return a.reportedAt < b.reportedAt ? -1 : a.reportedAt > b.reportedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
