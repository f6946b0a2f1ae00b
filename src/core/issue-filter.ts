/**
 * Filters of the issue list: status, category, point, assignee and age. The
 * app turns a filter into an indexed query (the most selective criterion goes
 * to an index, matchesFilter checks the rest); the rule for "matches" is here.
 *
 * Assignee: issues have no assignee field. The liaison who last acknowledged an
 * issue is its assignee (that is who promised the planned date); before any
 * acknowledgement an issue is unassigned, and waits for every liaison of the
 * work (see issue-inbox.ts).
 */
import type { IssueCategory, IssueStatus } from './domain';
import { DAY_MS } from './issue-clocks';
import { stampWall } from './hlc';
import type { IssueHistoryEntry, IssueState } from './reducer';
import { OPEN_STATUSES } from './status';

export const AGES = ['all', 'day', 'week', 'month', 'older'] as const;
export type Age = (typeof AGES)[number];

export interface IssueFilter {
  /** One status, 'open' (any of OPEN_STATUSES) or 'all'. */
  status: IssueStatus | 'open' | 'all';
  category: IssueCategory | null;
  pointId: string | null;
  /** A member id, or null for anyone. */
  assignee: string | null;
  /** Reported within the last day / week / month, or before the last month. */
  age: Age;
}

export const NO_FILTER: IssueFilter = { status: 'all', category: null, pointId: null, assignee: null, age: 'all' };

export type FilterableIssue = Pick<IssueState, 'status' | 'category' | 'pointId' | 'reportedAt'> & {
  history: readonly Pick<IssueHistoryEntry, 'actor' | 'to'>[];
};

/** The liaison who last acknowledged the issue, or null. */
export function assigneeOf(issue: { history: readonly Pick<IssueHistoryEntry, 'actor' | 'to'>[] }): string | null {
  for (let i = issue.history.length - 1; i >= 0; i--) if (issue.history[i]!.to === 'acknowledged') return issue.history[i]!.actor;
  return null;
}

/** The report times an age admits: [from, to), ms since epoch. */
export function ageRange(age: Age, now: number): { from: number; to: number } {
  switch (age) {
    case 'all':
      return { from: 0, to: Number.MAX_SAFE_INTEGER };
    case 'day':
      return { from: now - DAY_MS, to: Number.MAX_SAFE_INTEGER };
    case 'week':
      return { from: now - 7 * DAY_MS, to: Number.MAX_SAFE_INTEGER };
    case 'month':
      return { from: now - 30 * DAY_MS, to: Number.MAX_SAFE_INTEGER };
    case 'older':
      return { from: 0, to: now - 30 * DAY_MS };
  }
}

export function matchesFilter(issue: FilterableIssue, f: IssueFilter, now: number): boolean {
  if (f.status === 'open' ? !OPEN_STATUSES.has(issue.status) : f.status !== 'all' && issue.status !== f.status) return false;
  if (f.category !== null && issue.category !== f.category) return false;
  if (f.pointId !== null && issue.pointId !== f.pointId) return false;
  if (f.assignee !== null && assigneeOf(issue) !== f.assignee) return false;
  if (f.age !== 'all') {
    const { from, to } = ageRange(f.age, now);
    const at = stampWall(issue.reportedAt);
    if (at < from || at >= to) return false;
  }
  return true;
}

/** Whether the filter narrows the list at all. */
export function isFiltered(f: IssueFilter): boolean {
  return f.status !== 'all' || f.category !== null || f.pointId !== null || f.assignee !== null || f.age !== 'all';
}
