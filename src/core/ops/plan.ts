/**
 * Site plans: a plan image of the work and its two control points (staff
 * only). Points are placed on a plan by point.place (point.ts).
 */
import * as v from 'valibot';
import { LIMITS } from '../domain';
import { type ControlPoint, type Georeference, georeference } from '../plan';
import { type Rejection, reject } from '../rejection';
import { text } from '../schema-parts';
import { changeOp, createOp } from './define';
import { ByteSize, HashSchema, Latitude, Longitude, Pixels } from './fields';

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

export const PlanPixelSchema = v.strictObject({
  x: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100_000)),
  y: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100_000)),
});
const ControlPointSchema = v.strictObject({ plan: PlanPixelSchema, geo: v.strictObject({ lat: Latitude, lng: Longitude }) });
/** Two spots found both on the plan and on the ground; null while the plan is not pinned to GPS. */
const ControlPointsSchema = v.nullable(v.strictTuple([ControlPointSchema, ControlPointSchema]));

export const PlanAddPayload = v.strictObject({
  name: text(LIMITS.name),
  /** The plan image's bytes travel as a blob, like a photo's display copy. */
  hash: HashSchema,
  size: ByteSize,
  width: Pixels,
  height: Pixels,
  controlPoints: ControlPointsSchema,
});

export const PlanGeorefPayload = v.strictObject({ controlPoints: ControlPointsSchema });

/** The plan's georeference, or null when it has no (usable) control points. */
export function planGeoref(plan: Pick<PlanState, 'controlPoints'>): Georeference | null {
  return plan.controlPoints ? georeference(plan.controlPoints[0], plan.controlPoints[1]) : null;
}

function checkControlPoints(cps: [ControlPoint, ControlPoint] | null, size: { width: number; height: number }): Rejection | null {
  if (!cps) return null;
  for (const cp of cps) {
    if (cp.plan.x > size.width || cp.plan.y > size.height) return reject('invalid', 'a control point lies outside the plan image');
  }
  if (!georeference(cps[0], cps[1])) {
    return reject('invalid', 'the two control points must be different spots, on the plan and on the ground');
  }
  return null;
}

export const planAdd = createOp({
  kind: 'plan.add',
  entity: 'plan',
  payload: PlanAddPayload,
  check(op, _facts, { role }) {
    if (role !== 'staff') return reject('forbidden_role', `${role} may not ${op.kind}`);
    return checkControlPoints(op.payload.controlPoints, op.payload);
  },
  apply: (op): PlanState => ({ id: op.entityId, work: op.work, ...op.payload, georefStamp: op.hlc, addedBy: op.actor, createdAt: op.hlc }),
});

export const planGeorefOp = changeOp({
  kind: 'plan.georef',
  entity: 'plan',
  payload: PlanGeorefPayload,
  check(op, plan: PlanState, _facts, { role }) {
    if (role !== 'staff') return reject('forbidden_role', `${role} may not ${op.kind}`);
    return checkControlPoints(op.payload.controlPoints, plan);
  },
  /** The newer control points win (HLC), whatever order the ops arrive in. */
  apply(op, plan) {
    if (op.hlc <= plan.georefStamp) return plan;
    return { ...plan, controlPoints: op.payload.controlPoints, georefStamp: op.hlc };
  },
});
