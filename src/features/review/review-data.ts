/** Everything the staff review pages read about one work, loaded from this device's store. */
import {
  type InspectionState,
  type IssueState,
  type MemberState,
  type PhotoState,
  type PlanState,
  type PointState,
  type WorkState,
  byPhotoTime,
  isShown,
} from '../../core';
import { db, type View } from '../../db/db';

export interface ReviewData {
  work: View<WorkState> | undefined;
  issues: View<IssueState>[];
  points: View<PointState>[];
  members: View<MemberState>[];
  /** Photos of each issue, by issue id. */
  issuePhotos: Map<string, View<PhotoState>[]>;
  plans: View<PlanState>[];
  inspections: View<InspectionState>[];
}

export const EMPTY_REVIEW: ReviewData = { work: undefined, issues: [], points: [], members: [], issuePhotos: new Map(), plans: [], inspections: [] };

/**
 * One read per table through its `work` index: the figures need every issue of the
 * work anyway, and a work of a few thousand issues reads in well under a second
 * (tests/bench: review-overview).
 */
export async function loadReview(workId: string): Promise<ReviewData> {
  const [work, issues, points, members, photos, plans, inspections] = await Promise.all([
    db.works.get(workId),
    db.issues.where('work').equals(workId).toArray(),
    db.points.where('work').equals(workId).toArray(),
    db.members.where('work').equals(workId).toArray(),
    db.photos.where('work').equals(workId).toArray(),
    db.plans.where('work').equals(workId).toArray(),
    db.inspections.where('work').equals(workId).toArray(),
  ]);
  const issuePhotos = new Map<string, View<PhotoState>[]>();
  for (const p of photos) {
    if (p.targetType !== 'issue' || !isShown(p)) continue;
    const list = issuePhotos.get(p.targetId);
    if (list) list.push(p);
    else issuePhotos.set(p.targetId, [p]);
  }
  for (const list of issuePhotos.values()) list.sort(byPhotoTime);
  return { work, issues, points, members, issuePhotos, plans, inspections };
}

/** Today as the local calendar date, YYYY-MM-DD (planned fix dates are calendar dates). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Start of a local date and end of another, as a time range in ms. */
export function localDayRange(from: string, to: string): { fromMs: number; toMs: number } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return { fromMs: new Date(fy, fm - 1, fd).getTime(), toMs: new Date(ty, tm - 1, td + 1).getTime() - 1 };
}
