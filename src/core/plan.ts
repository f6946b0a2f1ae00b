/**
 * Site plans: an image of the compound on which points and photos can be
 * placed. Two control points (a spot found both on the plan and on the
 * ground, with its GPS position) fix the plan's scale, rotation and offset:
 * a similarity transform between plan pixels and metres around the first
 * control point (an equirectangular projection, exact enough at compound
 * scale: well under a centimetre over a kilometre).
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface PlanPixel {
  x: number;
  /** Image rows grow downwards. */
  y: number;
}

export interface ControlPoint {
  plan: PlanPixel;
  geo: LatLng;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

type Complex = { re: number; im: number };
const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
const mul = (a: Complex, b: Complex): Complex => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};

export interface Georeference {
  toGeo(p: PlanPixel): LatLng;
  toPlan(g: LatLng): PlanPixel;
  /** Metres per plan pixel. */
  scale: number;
}

/**
 * The transform fixed by two control points; null when they are the same
 * spot on the plan or on the ground (no scale can be derived).
 */
export function georeference(a: ControlPoint, b: ControlPoint): Georeference | null {
  const origin = a.geo;
  const cosLat = Math.cos(origin.lat * RAD);
  // Plan pixels as complex numbers with y flipped, so that the plan's "up" is not a mirror image.
  const fromPlan = (p: PlanPixel): Complex => ({ re: p.x, im: -p.y });
  const toMetres = (g: LatLng): Complex => ({
    re: (g.lng - origin.lng) * RAD * EARTH_RADIUS_M * cosLat,
    im: (g.lat - origin.lat) * RAD * EARTH_RADIUS_M,
  });
  const fromMetres = (m: Complex): LatLng => ({
    lat: origin.lat + m.im / (RAD * EARTH_RADIUS_M),
    lng: origin.lng + m.re / (RAD * EARTH_RADIUS_M * cosLat),
  });
  const dp = sub(fromPlan(b.plan), fromPlan(a.plan));
  const dm = sub(toMetres(b.geo), toMetres(a.geo));
  if (Math.hypot(dp.re, dp.im) < 1e-9 || Math.hypot(dm.re, dm.im) < 1e-6) return null;
  // metres = k · plan + t, with k carrying rotation and scale.
  const k = div(dm, dp);
  const t = sub(toMetres(a.geo), mul(k, fromPlan(a.plan)));
  return {
    scale: Math.hypot(k.re, k.im),
    toGeo: (p) => fromMetres(add(mul(k, fromPlan(p)), t)),
    toPlan: (g) => {
      const z = div(sub(toMetres(g), t), k);
      return { x: z.re, y: -z.im };
    },
  };
}

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LatLng, b: LatLng): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
