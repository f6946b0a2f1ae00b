import { describe, expect, it } from 'vitest';
import { distanceM } from '../../src/core/plan';
import { fromWgs84, parseCoordinate, parseCoordinatePair, toWgs84 } from '../../src/core/coords';

// WGS-84 → GCJ-02 reference pairs published with eviltransform (googollee/eviltransform, its test suites
// in Go, Python and PHP share them): Shanghai, Shenzhen, Beijing.
const WGS_GCJ = [
  { wgs: { lat: 31.1774276, lng: 121.5272106 }, gcj: { lat: 31.17530398364597, lng: 121.531541859215 } },
  { wgs: { lat: 22.543847, lng: 113.912316 }, gcj: { lat: 22.540796131694766, lng: 113.9171764808363 } },
  { wgs: { lat: 39.911954, lng: 116.377817 }, gcj: { lat: 39.91334545536069, lng: 116.38404722455657 } },
];

/** Baidu's published GCJ-02 → BD-09 formula (bd_encrypt), written out here to check the library against. */
function bdEncrypt(p: { lat: number; lng: number }) {
  const xPi = (Math.PI * 3000) / 180;
  const z = Math.sqrt(p.lng * p.lng + p.lat * p.lat) + 0.00002 * Math.sin(p.lat * xPi);
  const theta = Math.atan2(p.lat, p.lng) + 0.000003 * Math.cos(p.lng * xPi);
  return { lat: z * Math.sin(theta) + 0.006, lng: z * Math.cos(theta) + 0.0065 };
}

describe('coordinate systems', () => {
  it('WGS-84 to GCJ-02 matches the published pairs within 1 m, and back within 1 m', () => {
    for (const { wgs, gcj } of WGS_GCJ) {
      expect(distanceM(fromWgs84(wgs, 'gcj02'), gcj)).toBeLessThan(1);
      expect(distanceM(toWgs84(gcj, 'gcj02'), wgs)).toBeLessThan(1);
    }
  });

  it('the shift it corrects is real: hundreds of metres in Ningbo', () => {
    const ningbo = { lat: 29.8679, lng: 121.5452 };
    const shifted = distanceM(fromWgs84(ningbo, 'gcj02'), ningbo);
    expect(shifted).toBeGreaterThan(200);
    expect(shifted).toBeLessThan(800);
    expect(distanceM(fromWgs84(ningbo, 'bd09'), ningbo)).toBeGreaterThan(shifted);
  });

  it('BD-09 is GCJ-02 through Baidu’s formula, and round trips within 1 m', () => {
    for (const { wgs, gcj } of WGS_GCJ) {
      expect(distanceM(fromWgs84(wgs, 'bd09'), bdEncrypt(gcj))).toBeLessThan(1);
      expect(distanceM(toWgs84(fromWgs84(wgs, 'bd09'), 'bd09'), wgs)).toBeLessThan(1);
    }
  });

  it('round trips across China stay within 1 m', () => {
    for (let lat = 18.5; lat < 53; lat += 3.7) {
      for (let lng = 75.3; lng < 134; lng += 5.9) {
        const p = { lat, lng };
        expect(distanceM(toWgs84(fromWgs84(p, 'gcj02'), 'gcj02'), p)).toBeLessThan(1);
      }
    }
  });

  it('outside China the conversion is the identity', () => {
    const paris = { lat: 48.8584, lng: 2.2945 };
    expect(fromWgs84(paris, 'gcj02')).toEqual(paris);
    expect(toWgs84(paris, 'gcj02')).toEqual(paris);
  });

  it('distance: one degree of latitude is about 111.2 km', () => {
    expect(distanceM({ lat: 30, lng: 121 }, { lat: 31, lng: 121 })).toBeCloseTo(111_195, -2);
  });
});

describe('typed and pasted coordinates', () => {
  it('a single number: empty is none, decimal commas count, out of range is refused', () => {
    expect(parseCoordinate('  ', 90)).toBeNull();
    expect(parseCoordinate('29,8679', 90)).toBe(29.8679);
    expect(parseCoordinate('91', 90)).toBeUndefined();
    expect(parseCoordinate('北纬29', 90)).toBeUndefined();
  });

  it('a pasted pair in either order: inside China longitude is the larger number', () => {
    expect(parseCoordinatePair('121.5452,29.8679')).toEqual({ lat: 29.8679, lng: 121.5452 });
    expect(parseCoordinatePair('29.8679, 121.5452')).toEqual({ lat: 29.8679, lng: 121.5452 });
    expect(parseCoordinatePair('29.8679，121.5452')).toEqual({ lat: 29.8679, lng: 121.5452 });
    expect(parseCoordinatePair('48.8584 2.2945')).toEqual({ lat: 48.8584, lng: 2.2945 });
    expect(parseCoordinatePair('121.5452')).toBeNull();
    expect(parseCoordinatePair('a,b')).toBeNull();
    expect(parseCoordinatePair('200,300')).toBeNull();
  });
});
