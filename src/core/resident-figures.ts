/**
 * Residents' reports in figures: how many came in from the posters, how volunteers triaged them, and
 * how long a report waited for its triage. One definition for the overview, the meeting pack and the
 * Excel ledger, so the three never disagree.
 */
import { stampWall } from './hlc';
import { medianMs } from './issue-clocks';
import { awaitsTriage } from './issue-inbox';
import type { IssueState } from './ops/issue';

export interface ResidentFigures {
  /** Reports residents sent by scanning a poster. */
  received: number;
  accepted: number;
  /** Folded into an issue reported before ("me too"): counted there as one more household. */
  merged: number;
  declined: number;
  /** Not triaged yet. */
  waiting: number;
  /** Median time from a report to its triage (ms), over the triaged ones; null before any. */
  medianResponseMs: number | null;
}

export function residentFigures(
  issues: Iterable<Pick<IssueState, 'viaPoster' | 'triage' | 'status' | 'reportedAt' | 'plannedDate' | 'history'>>,
): ResidentFigures {
  const f: ResidentFigures = { received: 0, accepted: 0, merged: 0, declined: 0, waiting: 0, medianResponseMs: null };
  const waits: number[] = [];
  for (const issue of issues) {
    if (!issue.viaPoster) continue;
    f.received++;
    const t = issue.triage;
    if (t) {
      if (t.decision === 'accept') f.accepted++;
      else if (t.decision === 'merge') f.merged++;
      else f.declined++;
      waits.push(Math.max(0, stampWall(t.at) - stampWall(issue.reportedAt)));
    } else if (awaitsTriage(issue)) f.waiting++;
  }
  f.medianResponseMs = medianMs(waits);
  return f;
}
