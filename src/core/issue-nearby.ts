/**
 * "Me too": before a volunteer reports something, the open issues of the same
 * category nearby are shown, so that a second resident's complaint can be
 * added to the first (issue.affect) instead of duplicating it.
 *
 * Near means: the same point, or within NEAR_M metres when both places have a
 * position (a point's GPS, or where a photo of the issue was taken).
 */
import type { IssueCategory } from './domain';
import { type LatLng, distanceM } from './plan';
import type { IssueState } from './reducer';
import { OPEN_STATUSES } from './status';

export const NEAR_M = 30;

export interface Place {
  pointId: string | null;
  position: LatLng | null;
}

export function isNear(a: Place, b: Place): boolean {
  if (a.pointId !== null && a.pointId === b.pointId) return true;
  return a.position !== null && b.position !== null && distanceM(a.position, b.position) <= NEAR_M;
}

export type NearbyCandidate = Pick<IssueState, 'id' | 'status' | 'category'> & Place;

/** Open issues of the category near the place, the nearest first (same point counts as 0 m). */
export function nearbyOpenIssues<T extends NearbyCandidate>(draft: Place & { category: IssueCategory }, issues: readonly T[]): T[] {
  const distance = (i: T) =>
    draft.pointId !== null && i.pointId === draft.pointId ? 0 : draft.position && i.position ? distanceM(draft.position, i.position) : Infinity;
  return issues
    .filter((i) => i.category === draft.category && OPEN_STATUSES.has(i.status) && isNear(draft, i))
    .sort((a, b) => distance(a) - distance(b) || (a.id < b.id ? -1 : 1));
}

type Countable = Pick<IssueState, 'id' | 'affected' | 'mergedInto'>;

/**
 * Residents affected by an issue, counting the duplicates staff merged into it. A merge is an op on
 * the duplicate alone, so its count stays on it; the target's figure is summed here, following merges
 * of merges (a duplicate that had duplicates of its own before it was merged).
 */
export function residentsAffected(issue: Countable, issues: readonly Countable[]): number {
  const mergedInto = new Map<string, Countable[]>();
  for (const i of issues) if (i.mergedInto) mergedInto.set(i.mergedInto, [...(mergedInto.get(i.mergedInto) ?? []), i]);
  const seen = new Set<string>();
  const count = (i: Countable): number => {
    if (seen.has(i.id)) return 0;
    seen.add(i.id);
    return (i.affected ?? 1) + (mergedInto.get(i.id) ?? []).reduce((n, d) => n + count(d), 0);
  };
  return count(issue);
}
