/** Points of a work: made by staff, with GPS and/or a spot on a site plan. */
import * as v from 'valibot';
import { LIMITS } from '../domain';
import { reject } from '../rejection';
import { IdSchema, text } from '../schema-parts';
import { changeOp, createOp } from './define';
import { Latitude, Longitude } from './fields';
import { byId } from './lookups';
import { type PlanPlace, PlanPixelSchema, type PlanState } from './plan';

/** Fields point.place adds to a point; last writer wins by HLC. */
export interface PointPlacement {
  place?: PlanPlace | null;
  placeStamp?: string;
}

/** Fields point.update changes; each merges last writer wins by HLC, with its own stamp. */
export interface PointCorrections {
  /** An archived point is left out of lists and pickers; its photos, issues and inspections stay. */
  archived?: boolean;
  nameStamp?: string;
  archivedStamp?: string;
}

export interface PointState extends PointPlacement, PointCorrections {
  id: string;
  work: string;
  name: string;
  lat: number | null;
  lng: number | null;
  createdAt: string;
}

export const PointCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  lat: v.nullable(Latitude),
  lng: v.nullable(Longitude),
});

/** A point's spot on a plan (image pixels), or null to take it off the plan. */
export const PointPlacePayload = v.strictObject({
  place: v.nullable(v.strictObject({ planId: IdSchema, x: PlanPixelSchema.entries.x, y: PlanPixelSchema.entries.y })),
});

/** Rename a point, or archive it (works there finished) or bring it back: at least one of the two. */
export const PointUpdatePayload = v.pipe(
  v.strictObject({ name: v.optional(text(LIMITS.name)), archived: v.optional(v.boolean()) }),
  v.check((p) => p.name !== undefined || p.archived !== undefined, 'must change the name or archived'),
);

export const pointCreate = createOp({
  kind: 'point.create',
  entity: 'point',
  payload: PointCreatePayload,
  check: (op, _facts, { role }) => (role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`)),
  apply: (op): PointState => ({ id: op.entityId, work: op.work, ...op.payload, createdAt: op.hlc }),
});

export const pointPlace = changeOp({
  kind: 'point.place',
  entity: 'point',
  payload: PointPlacePayload,
  // The device does not look the plan up: the server checks it.
  facts: (op) => ({ plan: byId<PlanState>('plan', op.payload.place?.planId, 'server') }),
  check(op, _point: PointState, { plan }, { role }) {
    if (role !== 'staff') return reject('forbidden_role', `${role} may not ${op.kind}`);
    const place = op.payload.place;
    if (!place || plan === undefined) return null;
    if (plan === null) return reject('unknown_entity', `plan ${place.planId} does not exist in this work`);
    if (place.x > plan.width || place.y > plan.height) return reject('invalid', 'the spot lies outside the plan image');
    return null;
  },
  apply(op, point) {
    if (point.placeStamp !== undefined && op.hlc <= point.placeStamp) return point;
    return { ...point, place: op.payload.place, placeStamp: op.hlc };
  },
});

export const pointUpdate = changeOp({
  kind: 'point.update',
  entity: 'point',
  payload: PointUpdatePayload,
  check: (op, _point: PointState, _facts, { role }) => (role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`)),
  apply(op, point) {
    const next = { ...point };
    const { name, archived } = op.payload;
    // A point made before point.update existed has no stamps: its creation is the last write.
    if (name !== undefined && op.hlc > (point.nameStamp ?? point.createdAt)) Object.assign(next, { name, nameStamp: op.hlc });
    if (archived !== undefined && op.hlc > (point.archivedStamp ?? point.createdAt)) Object.assign(next, { archived, archivedStamp: op.hlc });
    return next;
  },
});

/** Whether a point is offered in lists and pickers (not archived). */
export const isActivePoint = (p: Pick<PointState, 'archived'>): boolean => p.archived !== true;
