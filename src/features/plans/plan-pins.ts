/** Where points and photos land on a plan: placed there by staff, or from their GPS through the plan's control points. */
import { type Georeference, type IssueState, type LatLng, type PhotoState, type PlanPixel, type PlanState, type PointState, planGeoref } from '../../core';
import { compassPoint, normalizeHeading } from '../../media/heading';
import { tp } from './messages';
import type { Pin } from './PlanMap';

function inside(plan: PlanState, p: PlanPixel): boolean {
  return p.x >= 0 && p.y >= 0 && p.x <= plan.width && p.y <= plan.height;
}

/** A point's spot on this plan, or null when it is neither placed on it nor (georeferenced) inside it. */
export function pointOnPlan(plan: PlanState, point: PointState): PlanPixel | null {
  if (point.place) return point.place.planId === plan.id ? { x: point.place.x, y: point.place.y } : null;
  const g = planGeoref(plan);
  if (!g || point.lat === null || point.lng === null) return null;
  const p = g.toPlan({ lat: point.lat, lng: point.lng });
  return inside(plan, p) ? p : null;
}

export function pointPins(plan: PlanState, points: PointState[]): { pins: Pin[]; missing: PointState[] } {
  const pins: Pin[] = [];
  const missing: PointState[] = [];
  for (const point of points) {
    const at = pointOnPlan(plan, point);
    if (at) pins.push({ key: pointPinKey(point.id), label: point.name, at, kind: 'point' });
    else missing.push(point);
  }
  return { pins, missing };
}

/** A point's pin key on a plan, and the point id a pin key stands for. */
export const pointPinKey = (id: string): string => `point-${id}`;
export const pinPointId = (key: string): string => key.slice('point-'.length);

/**
 * Point pins toned by the point's open and late issues (late, open or clear: colour and a label that says
 * it), for the plans beside the overview and the desk's issues table.
 */
export function loadedPointPins(
  plan: PlanState,
  points: PointState[],
  load: ReadonlyMap<string, { open: number; late: number }>,
  label: (name: string, open: number) => string,
): Pin[] {
  return pointPins(plan, points).pins.map((pin) => {
    const { open, late } = load.get(pinPointId(pin.key)) ?? { open: 0, late: 0 };
    return { ...pin, tone: late > 0 ? 'late' : open > 0 ? 'open' : 'clear', label: label(pin.label, open) };
  });
}

/**
 * A compass heading as a direction on the plan, in degrees clockwise from the plan's up: a plan is often
 * drawn with the street, not north, at the top, so the way the camera looked is carried through the plan's
 * own rotation (a step of about 10 m along the heading, both ends mapped onto the plan).
 */
export function headingOnPlan(g: Georeference, at: LatLng, heading: number): number {
  const rad = Math.PI / 180;
  const step = 1e-4; // degrees of latitude
  const ahead = { lat: at.lat + step * Math.cos(heading * rad), lng: at.lng + (step * Math.sin(heading * rad)) / Math.cos(at.lat * rad) };
  const from = g.toPlan(at);
  const to = g.toPlan(ahead);
  // Image rows grow downwards: "up" on the plan is -y.
  return normalizeHeading(Math.atan2(to.x - from.x, from.y - to.y) / rad)!;
}

/** "facing south-east (135°)", or that the phone gave no direction: the pin's name says it either way. */
function facing(heading: number | undefined): string {
  return heading === undefined ? tp('plan.pin.noHeading') : tp('plan.pin.facing', { dir: tp(`plan.dir.${compassPoint(heading)}`), deg: heading });
}

export function photoPins(plan: PlanState, photos: PhotoState[]): Pin[] {
  const g = planGeoref(plan);
  if (!g) return [];
  const pins: Pin[] = [];
  for (const photo of photos) {
    if (!photo.location) continue;
    const at = g.toPlan(photo.location);
    if (!inside(plan, at)) continue;
    pins.push({
      key: `photo-${photo.id}`,
      label: tp('plan.pin.photo', { caption: photo.caption || '—', heading: facing(photo.heading) }),
      at,
      kind: 'photo',
      quiet: true,
      ...(photo.heading !== undefined ? { heading: headingOnPlan(g, photo.location, photo.heading) } : {}),
    });
  }
  return pins;
}

/** Complaints reported at a place (tapped on the plan or the phone's position) that fall on this plan. */
export function issuePins(plan: PlanState, issues: Array<Pick<IssueState, 'id' | 'location' | 'description'>>): Pin[] {
  const g = planGeoref(plan);
  if (!g) return [];
  const pins: Pin[] = [];
  for (const issue of issues) {
    if (!issue.location) continue;
    const at = g.toPlan(issue.location);
    if (inside(plan, at)) pins.push({ key: `issue-${issue.id}`, label: tp('plan.pin.issue', { text: issue.description.slice(0, 20) }), at, kind: 'issue' });
  }
  return pins;
}
