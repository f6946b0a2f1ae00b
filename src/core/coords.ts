/**
 * Coordinate systems. Phones record WGS-84, the app stores WGS-84, and every
 * coordinate a person types or pastes says which system it came from:
 * coordinate pickers of 高德 and 腾讯 give GCJ-02, 百度's gives BD-09, both
 * shifted from WGS-84 by tens to hundreds of metres inside China, so a point
 * typed from them unconverted would put every GPS-placed photo off its place.
 * The conversions are gcoord's (outside China they are the identity, as the
 * offsets only apply there).
 */
import gcoord from 'gcoord';
import type { LatLng } from './plan';

export type { LatLng };

export type CoordSystem = 'wgs84' | 'gcj02' | 'bd09';

export const COORD_SYSTEMS: readonly CoordSystem[] = ['wgs84', 'gcj02', 'bd09'];

const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

function transform(p: LatLng, from: CoordSystem, to: CoordSystem): LatLng {
  if (from === to) return { lat: p.lat, lng: p.lng };
  // gcoord takes and returns [lng, lat] (GeoJSON order).
  const [lng, lat] = gcoord.transform([p.lng, p.lat], CRS[from], CRS[to]) as [number, number];
  return { lat, lng };
}

/** A coordinate of `from` as WGS-84, the system the app stores. */
export function toWgs84(p: LatLng, from: CoordSystem): LatLng {
  return transform(p, from, 'wgs84');
}

/** A stored WGS-84 coordinate in the system a map app expects. */
export function fromWgs84(p: LatLng, to: CoordSystem): LatLng {
  return transform(p, 'wgs84', to);
}

/** A typed position this far from the phone's own fix is probably a mistake (wrong system, swapped, typo). */
export const FAR_FROM_PHONE_M = 200;

/** A typed number within ±limit, accepting a decimal comma; null when empty, undefined when not a coordinate. */
export function parseCoordinate(text: string, limit: number): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t.replace(',', '.').replace('，', '.'));
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/**
 * A pasted pair, "29.8679, 121.5452" or "121.5452,29.8679". Map pickers disagree on the order (高德 and
 * 百度 give longitude first, most others latitude first). Inside China's box longitude (73–135) is always
 * larger than latitude (18–54), which tells the order; elsewhere latitude first is assumed.
 */
export function parseCoordinatePair(text: string): LatLng | null {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter(Boolean);
  if (parts.length !== 2) return null;
  const [a, b] = parts.map(Number) as [number, number];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  const inChina = (lat: number, lng: number) => lat >= 3 && lat <= 54 && lng >= 73 && lng <= 136;
  if (inChina(b, a)) return { lat: b, lng: a };
  if (Math.abs(a) <= 90 && Math.abs(b) <= 180) return { lat: a, lng: b };
  if (Math.abs(b) <= 90 && Math.abs(a) <= 180) return { lat: b, lng: a };
  return null;
}
