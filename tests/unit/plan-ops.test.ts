/** Site plan ops: their schema, who may make them, and how they merge. */
import { describe, expect, it } from 'vitest';
import {
  type Lookup,
  type Op,
  type PlanState,
  type PointState,
  RULES_VERSION,
  applyOp,
  checkOp,
  distanceM,
  encodeStamp,
  parseOp,
  planGeoref,
} from '../../src/core';

const HASH = 'a'.repeat(64);
let n = 0;
const stamp = (wall: number) => encodeStamp({ wall, counter: 0, node: 'dev-1' });
function op(kind: string, entity: string, entityId: string, payload: unknown, wall = 1_800_000_000_000 + ++n): Op {
  const parsed = parseOp({ id: `op-${++n}`, work: 'w1', entity, entityId, kind, payload, actor: 'm1', device: 'dev-1', hlc: stamp(wall), v: RULES_VERSION });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

// Two corners of a 1000 × 800 px plan, about 100 m × 80 m of ground.
const CPS = [
  { plan: { x: 0, y: 800 }, geo: { lat: 29.868, lng: 121.544 } },
  { plan: { x: 1000, y: 0 }, geo: { lat: 29.86872, lng: 121.54503 } },
];
const addPayload = { name: '总平面图', hash: HASH, size: 5000, width: 1000, height: 800, controlPoints: null };
const ctx = (
  role: 'staff' | 'volunteer' | 'liaison',
  current?: PlanState | PointState,
  plan?: (id: string) => { width: number; height: number } | undefined,
) => ({
  actorRole: role,
  current,
  // The server's view of the work's plans, when given; otherwise not known (as on the device).
  ...(plan ? { facts: { get: (l: Lookup) => (l.kind === 'byId' && l.entity === 'plan' ? (plan(l.id) ?? null) : undefined) } } : {}),
});

describe('plan ops', () => {
  it('are refused by the schema when a spot is negative or a plan has three control points', () => {
    expect(parseOp({ ...op('plan.add', 'plan', 'p1', addPayload), payload: { ...addPayload, controlPoints: [CPS[0], CPS[1], CPS[0]] } }).ok).toBe(false);
    expect(() => op('point.place', 'point', 'pt1', { place: { planId: 'p1', x: -1, y: 5 } })).toThrow(/place/);
  });

  it('only staff may add a plan, pin it to GPS or place a point on it', () => {
    const add = op('plan.add', 'plan', 'p1', addPayload);
    expect(checkOp(add, ctx('staff'))).toBeNull();
    expect(checkOp(add, ctx('volunteer'))?.code).toBe('forbidden_role');
    expect(checkOp(add, ctx('liaison'))?.code).toBe('forbidden_role');
    const plan = applyOp(undefined, add) as PlanState;
    const georef = op('plan.georef', 'plan', 'p1', { controlPoints: CPS });
    expect(checkOp(georef, ctx('staff', plan))).toBeNull();
    expect(checkOp(georef, ctx('volunteer', plan))?.code).toBe('forbidden_role');
    const point: PointState = { id: 'pt1', work: 'w1', name: 'north road', lat: null, lng: null, createdAt: stamp(1) };
    const place = op('point.place', 'point', 'pt1', { place: { planId: 'p1', x: 10, y: 10 } });
    expect(
      checkOp(
        place,
        ctx('staff', point, () => plan),
      ),
    ).toBeNull();
    expect(
      checkOp(
        place,
        ctx('volunteer', point, () => plan),
      )?.code,
    ).toBe('forbidden_role');
  });

  it('refuse control points that are one spot, or outside the image, and a point outside the plan or on an unknown plan', () => {
    const same = op('plan.add', 'plan', 'p2', { ...addPayload, controlPoints: [CPS[0], { ...CPS[1], geo: CPS[0]!.geo }] });
    expect(checkOp(same, ctx('staff'))?.code).toBe('invalid');
    const outside = op('plan.add', 'plan', 'p3', { ...addPayload, controlPoints: [CPS[0], { ...CPS[1], plan: { x: 1001, y: 0 } }] });
    expect(checkOp(outside, ctx('staff'))?.code).toBe('invalid');
    const point: PointState = { id: 'pt1', work: 'w1', name: 'north road', lat: null, lng: null, createdAt: stamp(1) };
    const far = op('point.place', 'point', 'pt1', { place: { planId: 'p1', x: 1200, y: 10 } });
    expect(
      checkOp(
        far,
        ctx('staff', point, () => ({ width: 1000, height: 800 })),
      )?.code,
    ).toBe('invalid');
    expect(
      checkOp(
        far,
        ctx('staff', point, () => undefined),
      )?.code,
    ).toBe('unknown_entity');
  });

  it('merge by last writer (HLC), whatever order they arrive in', () => {
    const plan = applyOp(undefined, op('plan.add', 'plan', 'p1', addPayload, 1_800_000_000_000)) as PlanState;
    const older = op('plan.georef', 'plan', 'p1', { controlPoints: null }, 1_800_000_000_100);
    const newer = op('plan.georef', 'plan', 'p1', { controlPoints: CPS }, 1_800_000_000_200);
    const a = applyOp(applyOp(plan, older), newer) as PlanState;
    const b = applyOp(applyOp(plan, newer), older) as PlanState;
    expect(a).toEqual(b);
    expect(a.controlPoints).toEqual(CPS);

    const point: PointState = { id: 'pt1', work: 'w1', name: 'north road', lat: null, lng: null, createdAt: stamp(1) };
    const p1 = op('point.place', 'point', 'pt1', { place: { planId: 'p1', x: 10, y: 10 } }, 1_800_000_000_300);
    const p2 = op('point.place', 'point', 'pt1', { place: { planId: 'p1', x: 500, y: 400 } }, 1_800_000_000_400);
    expect((applyOp(applyOp(point, p2), p1) as PointState).place).toEqual({ planId: 'p1', x: 500, y: 400 });
    expect((applyOp(applyOp(point, p1), p2) as PointState).place).toEqual({ planId: 'p1', x: 500, y: 400 });
  });

  it('only staff decide whether a work uploads photo originals; the later decision wins', () => {
    const work = {
      id: 'w1',
      work: 'w1',
      name: 'w',
      compound: 'c',
      community: '',
      kind: 'other' as const,
      contractor: '',
      startDate: null,
      endDate: null,
      createdAt: stamp(1),
    };
    const on = op('work.originals', 'work', 'w1', { upload: true }, 1_800_000_000_500);
    const off = op('work.originals', 'work', 'w1', { upload: false }, 1_800_000_000_600);
    expect(checkOp(on, ctx('staff', work as never))).toBeNull();
    expect(checkOp(on, ctx('volunteer', work as never))?.code).toBe('forbidden_role');
    expect(checkOp(on, ctx('liaison', work as never))?.code).toBe('forbidden_role');
    expect((applyOp(applyOp(work, off), on) as typeof work & { uploadOriginals: boolean }).uploadOriginals).toBe(false);
    expect((applyOp(applyOp(work, on), off) as typeof work & { uploadOriginals: boolean }).uploadOriginals).toBe(false);
  });

  it('a pinned plan puts its control points back on the ground within a metre', () => {
    const plan = applyOp(undefined, op('plan.add', 'plan', 'p1', { ...addPayload, controlPoints: CPS })) as PlanState;
    const g = planGeoref(plan)!;
    for (const cp of CPS) expect(distanceM(g.toGeo(cp.plan), cp.geo)).toBeLessThan(1);
    expect(planGeoref({ controlPoints: null })).toBeNull();
  });
});
