/**
 * The issue status machine. Who may move an issue from which status to which,
 * and what the move must carry. The liaison can never close an issue alone:
 * "resolved" counts only once a volunteer or staff member verified it.
 */
import type { IssueStatus, Role } from './domain';

/** What a move must carry: a reason, a planned fix date, an "after" photo of the fix, or (merge) the issue it duplicates. */
export type TransitionNeed = 'reason' | 'plannedDate' | 'afterPhoto' | 'into';

export interface TransitionRule {
  readonly to: IssueStatus;
  readonly roles: readonly Role[];
  readonly needs?: TransitionNeed;
}

const LIAISON = ['liaison'] as const;
const STAFF = ['staff'] as const;
const VERIFIERS = ['volunteer', 'staff'] as const;
// merge duplicates: staff fold a duplicate into another open issue of the work; merged is final.
const MERGE: TransitionRule = { to: 'merged', roles: STAFF, needs: 'into' };

export const TRANSITIONS: Readonly<Record<IssueStatus, readonly TransitionRule[]>> = {
  reported: [
    { to: 'acknowledged', roles: LIAISON, needs: 'plannedDate' },
    { to: 'disputed', roles: LIAISON, needs: 'reason' },
    { to: 'rejected', roles: STAFF, needs: 'reason' },
    MERGE,
  ],
  acknowledged: [
    { to: 'in_progress', roles: LIAISON },
    { to: 'resolved', roles: LIAISON, needs: 'afterPhoto' },
    { to: 'disputed', roles: LIAISON, needs: 'reason' },
    { to: 'rejected', roles: STAFF, needs: 'reason' },
    MERGE,
  ],
  in_progress: [{ to: 'resolved', roles: LIAISON, needs: 'afterPhoto' }, { to: 'rejected', roles: STAFF, needs: 'reason' }, MERGE],
  resolved: [
    { to: 'verified', roles: VERIFIERS },
    { to: 'reopened', roles: VERIFIERS, needs: 'reason' },
  ],
  verified: [{ to: 'reopened', roles: VERIFIERS, needs: 'reason' }],
  disputed: [{ to: 'acknowledged', roles: LIAISON, needs: 'plannedDate' }, { to: 'rejected', roles: STAFF, needs: 'reason' }, MERGE],
  reopened: [
    { to: 'acknowledged', roles: LIAISON, needs: 'plannedDate' },
    { to: 'in_progress', roles: LIAISON },
    { to: 'disputed', roles: LIAISON, needs: 'reason' },
    { to: 'rejected', roles: STAFF, needs: 'reason' },
    MERGE,
  ],
  rejected: [{ to: 'reopened', roles: STAFF, needs: 'reason' }],
  merged: [],
};

export type TransitionCheck = { ok: true; rule: TransitionRule } | { ok: false; code: 'invalid_transition' | 'forbidden_role' };

export function findTransition(from: IssueStatus, to: IssueStatus, role: Role): TransitionCheck {
  const rule = TRANSITIONS[from].find((r) => r.to === to);
  if (!rule) return { ok: false, code: 'invalid_transition' };
  if (!rule.roles.includes(role)) return { ok: false, code: 'forbidden_role' };
  return { ok: true, rule };
}

/** The moves a role can make from a status, for showing the right buttons. */
export function availableTransitions(from: IssueStatus, role: Role): TransitionRule[] {
  return TRANSITIONS[from].filter((r) => r.roles.includes(role));
}

/** Statuses where the issue still waits for someone. */
export const OPEN_STATUSES: ReadonlySet<IssueStatus> = new Set(['reported', 'acknowledged', 'in_progress', 'resolved', 'disputed', 'reopened']);
