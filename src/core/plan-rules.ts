/**
 * Site plans (#4): who may add a plan, pin it to GPS and place points on it,
 * and whether a work uploads photo originals; and how those ops change state. Called from reducer.ts (checkOp / applyOp).
 */
import type { OpOf } from './ops';
import { type ControlPoint, type Georeference, georeference } from './plan';

export interface PlanState {
  id: string;
  work: string;
  name: string;
  hash: string;
  size: number;
  width: number;
  height: number;
  /** Null while the plan is not pinned to GPS. */
  controlPoints: [ControlPoint, ControlPoint] | null;
  /** HLC stamp of the last write to controlPoints (last writer wins). */
  georefStamp: string;
  addedBy: string;
  createdAt: string;
}

/** A point's spot on a plan, in the plan image's pixels. */
export interface PlanPlace {
  planId: string;
  x: number;
  y: number;
}

/** What a plan op may be refused for; the reducer turns it into a Rejection. */
export type PlanRuleFailure = { code: 'forbidden_role' | 'invalid' | 'unknown_entity'; message: string };

/** The plan's georeference, or null when it has no (usable) control points. */
export function planGeoref(plan: Pick<PlanState, 'controlPoints'>): Georeference | null {
  return plan.controlPoints ? georeference(plan.controlPoints[0], plan.controlPoints[1]) : null;
}

function checkControlPoints(cps: [ControlPoint, ControlPoint] | null, size: { width: number; height: number }): PlanRuleFailure | null {
  if (!cps) return null;
  for (const cp of cps) {
    if (cp.plan.x > size.width || cp.plan.y > size.height) {
      return { code: 'invalid', message: 'a control point lies outside the plan image' };
    }
  }
  if (!georeference(cps[0], cps[1])) {
    return { code: 'invalid', message: 'the two control points must be different spots, on the plan and on the ground' };
  }
  return null;
}

type PlanOp = OpOf<'plan.add'> | OpOf<'plan.georef'> | OpOf<'point.place'> | OpOf<'work.originals'>;

/**
 * Staff only, for all three. `plan` looks up a plan of the op's work (the
 * device may pass none: the server checks it).
 */
export function checkPlanOp(
  op: PlanOp,
  role: string,
  current: PlanState | undefined,
  plan?: (id: string) => Pick<PlanState, 'width' | 'height'> | undefined,
): PlanRuleFailure | null {
  if (role !== 'staff') return { code: 'forbidden_role', message: `${role} may not ${op.kind}` };
  switch (op.kind) {
    case 'plan.add':
      return checkControlPoints(op.payload.controlPoints, op.payload);
    case 'plan.georef':
      return current ? checkControlPoints(op.payload.controlPoints, current) : null;
    case 'work.originals':
      return null;
    case 'point.place': {
      const place = op.payload.place;
      if (!place || !plan) return null;
      const target = plan(place.planId);
      if (!target) return { code: 'unknown_entity', message: `plan ${place.planId} does not exist in this work` };
      if (place.x > target.width || place.y > target.height) return { code: 'invalid', message: 'the spot lies outside the plan image' };
      return null;
    }
  }
}

export function applyPlanAdd(op: OpOf<'plan.add'>): PlanState {
  return { id: op.entityId, work: op.work, ...op.payload, georefStamp: op.hlc, addedBy: op.actor, createdAt: op.hlc };
}

/** The newer control points win (HLC), whatever order the ops arrive in. */
export function applyPlanGeoref(plan: PlanState, op: OpOf<'plan.georef'>): PlanState {
  if (op.hlc <= plan.georefStamp) return plan;
  return { ...plan, controlPoints: op.payload.controlPoints, georefStamp: op.hlc };
}

/** Fields work.originals adds to a work; last writer wins by HLC. */
export interface WorkOriginals {
  uploadOriginals?: boolean;
  originalsStamp?: string;
}

export function applyWorkOriginals<W extends WorkOriginals>(work: W, op: OpOf<'work.originals'>): W {
  if (work.originalsStamp !== undefined && op.hlc <= work.originalsStamp) return work;
  return { ...work, uploadOriginals: op.payload.upload, originalsStamp: op.hlc };
}

/** Fields point.place adds to a point; last writer wins by HLC. */
export interface PointPlacement {
  place?: PlanPlace | null;
  placeStamp?: string;
}

export function applyPointPlace<P extends PointPlacement>(point: P, op: OpOf<'point.place'>): P {
  if (point.placeStamp !== undefined && op.hlc <= point.placeStamp) return point;
  return { ...point, place: op.payload.place, placeStamp: op.hlc };
}
