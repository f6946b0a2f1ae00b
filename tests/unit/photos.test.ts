/** Photo rules and helpers: EXIF position and time, image size from headers, sizing, chunking, hashing. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, DISPLAY_MAX_PX, chunkCount, distanceM, fitWithin, georeference, isPoorAccuracy, toHex } from '../../src/core';
import { exifFacts } from '../../src/media/location';
import { imageSize, sha256Hex } from '../../src/media/prepare-photo';
import { withExif } from '../fixtures/exif';

/** A JPEG skeleton: SOI, a baseline start-of-frame with the given size, EOI (enough for header readers). */
function jpegHeader(width: number, height: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
    0xff,
    0xd9,
  ]);
}

describe('EXIF', () => {
  it('reads the GPS position and the time taken of a gallery photo, labelled as from EXIF', async () => {
    const taken = new Date(2026, 10, 3, 9, 15, 30);
    const file = new Blob([withExif(jpegHeader(4000, 3000), 29.868312, 121.544078, taken)], { type: 'image/jpeg' });
    const facts = await exifFacts(file);
    expect(facts.location?.source).toBe('exif');
    expect(facts.location?.accuracy).toBeNull();
    // Within a metre: 1e-5 degrees of latitude is about 1.1 m.
    expect(Math.abs(facts.location!.lat - 29.868312)).toBeLessThan(1e-5);
    expect(Math.abs(facts.location!.lng - 121.544078)).toBeLessThan(1e-5);
    expect(facts.takenAt).toBe(taken.getTime());
  });

  it('says "no position" for a photo whose EXIF was stripped, instead of inventing one', async () => {
    const facts = await exifFacts(new Blob([jpegHeader(10, 10)], { type: 'image/jpeg' }));
    expect(facts).toEqual({ location: null, takenAt: null, heading: null });
  });

  it('reads which way the camera looked (GPSImgDirection) when the file has it, and says none when it has not', async () => {
    const at = (heading?: number) => exifFacts(new Blob([withExif(jpegHeader(10, 10), 29.868312, 121.544078, new Date(), heading)]));
    expect((await at(123.45)).heading).toBe(123);
    expect((await at(359.7)).heading).toBe(0);
    expect((await at()).heading).toBeNull();
    // The position is read as before when the direction is there too.
    expect((await at(90)).location!.lat).toBeCloseTo(29.868312, 4);
  });

  it('handles the southern and western hemispheres', async () => {
    const facts = await exifFacts(new Blob([withExif(jpegHeader(10, 10), -33.8568, -70.6483, new Date())]));
    expect(facts.location!.lat).toBeCloseTo(-33.8568, 4);
    expect(facts.location!.lng).toBeCloseTo(-70.6483, 4);
  });
});

describe('image size from the header', () => {
  it('finds a JPEG size past an EXIF block, and a PNG size', () => {
    expect(imageSize(withExif(jpegHeader(20_000, 20_000), 1, 1, new Date()))).toEqual({ width: 20_000, height: 20_000 });
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    new DataView(png.buffer).setUint32(16, 640);
    new DataView(png.buffer).setUint32(20, 480);
    expect(imageSize(png)).toEqual({ width: 640, height: 480 });
  });

  it('returns null for what is not an image', () => {
    expect(imageSize(new TextEncoder().encode('%PDF-1.7 not a photo'))).toBeNull();
    expect(imageSize(new Uint8Array([0xff, 0xd8, 0x00]))).toBeNull();
  });
});

describe('sizes, accuracy, chunks, hashes', () => {
  it('fits the display copy within 1600 px without enlarging small photos', () => {
    expect(fitWithin(4000, 3000, DISPLAY_MAX_PX)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000, DISPLAY_MAX_PX)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600, DISPLAY_MAX_PX)).toEqual({ width: 800, height: 600 });
  });

  it('flags positions worse than 50 m, or of unknown accuracy', () => {
    expect(isPoorAccuracy(12)).toBe(false);
    expect(isPoorAccuracy(50)).toBe(false);
    expect(isPoorAccuracy(51)).toBe(true);
    expect(isPoorAccuracy(null)).toBe(true);
  });

  it('cuts bytes into 256 KB chunks', () => {
    expect(chunkCount(1)).toBe(1);
    expect(chunkCount(CHUNK_BYTES)).toBe(1);
    expect(chunkCount(CHUNK_BYTES + 1)).toBe(2);
    expect(chunkCount(2 * 1024 * 1024)).toBe(8);
  });

  it('names bytes by their SHA-256, as the server computes it', async () => {
    const bytes = new TextEncoder().encode('井盖松动 before photo');
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await sha256Hex(bytes.buffer as ArrayBuffer)).toBe(expected);
    expect(toHex(new Uint8Array([0, 15, 255]).buffer)).toBe('000fff');
  });
});

describe('site plan georeferencing from two control points', () => {
  // A test plan: 2400 × 1600 px at 0.25 m/px, rotated 30° from north, over a compound in Ningbo.
  // Ground truth: a plan pixel's position is computed by walking the great circle from the origin.
  const origin = { lat: 29.8683, lng: 121.544 };
  const metresPerPx = 0.25;
  const rotation = (30 * Math.PI) / 180;
  const truth = (p: { x: number; y: number }) => {
    const east = (p.x * Math.cos(rotation) + p.y * Math.sin(rotation)) * metresPerPx;
    const north = (p.x * Math.sin(rotation) - p.y * Math.cos(rotation)) * metresPerPx;
    const dist = Math.hypot(east, north) / 6_371_008.8;
    const bearing = Math.atan2(east, north);
    const lat1 = (origin.lat * Math.PI) / 180;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(dist) + Math.cos(lat1) * Math.sin(dist) * Math.cos(bearing));
    const lng2 =
      (origin.lng * Math.PI) / 180 + Math.atan2(Math.sin(bearing) * Math.sin(dist) * Math.cos(lat1), Math.cos(dist) - Math.sin(lat1) * Math.sin(lat2));
    return { lat: (lat2 * 180) / Math.PI, lng: (lng2 * 180) / Math.PI };
  };
  const a = { plan: { x: 100, y: 1500 }, geo: truth({ x: 100, y: 1500 }) };
  const b = { plan: { x: 2300, y: 200 }, geo: truth({ x: 2300, y: 200 }) };
  const geo = georeference(a, b)!;

  it('maps the control points exactly and finds the scale', () => {
    expect(distanceM(geo.toGeo(a.plan), a.geo)).toBeLessThan(0.01);
    expect(distanceM(geo.toGeo(b.plan), b.geo)).toBeLessThan(0.01);
    expect(geo.scale).toBeCloseTo(metresPerPx, 3);
  });

  it('places every spot of the plan within 1 m of where it really is, and round-trips within 1 m', () => {
    let worstTruth = 0;
    let worstRoundTrip = 0;
    for (let x = 0; x <= 2400; x += 200) {
      for (let y = 0; y <= 1600; y += 200) {
        const g = geo.toGeo({ x, y });
        worstTruth = Math.max(worstTruth, distanceM(g, truth({ x, y })));
        const back = geo.toPlan(g);
        worstRoundTrip = Math.max(worstRoundTrip, Math.hypot(back.x - x, back.y - y) * metresPerPx);
      }
    }
    expect(worstTruth).toBeLessThan(1);
    expect(worstRoundTrip).toBeLessThan(1);
  });

  it('refuses control points that cannot fix a scale', () => {
    expect(georeference(a, { plan: a.plan, geo: b.geo })).toBeNull();
    expect(georeference(a, { plan: b.plan, geo: a.geo })).toBeNull();
  });
});
