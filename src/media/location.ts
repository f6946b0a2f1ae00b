/**
 * Where a photo was taken, labelled for what it is: measured by the device
 * now (with its accuracy), read from the file's EXIF (not verified: the file
 * may have travelled), or missing (many phones strip it).
 */
import type { LocationSource } from '../core';
import { exifHeading } from './heading';

export interface PhotoLocation {
  lat: number;
  lng: number;
  accuracy: number | null;
  source: LocationSource;
}

/** The device's position now, or null (no permission, no fix within the time limit). */
export function deviceLocation(timeoutMs = 15_000): Promise<PhotoLocation | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy), source: 'device' }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

const DATE_TIME_ORIGINAL = String(0x9003);
const DATE_TIME = String(0x0132);

/** "2026:11:03 09:15:30" (the camera's local time, no zone) as ms since epoch in this device's zone. */
export function parseExifDate(value: unknown): number | null {
  const m = typeof value === 'string' ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(value) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isNaN(t) || y < 1990 ? null : t;
}

export interface ExifFacts {
  location: PhotoLocation | null;
  takenAt: number | null;
  /** GPSImgDirection: which way the camera looked, degrees from north. */
  heading: number | null;
}

/** GPS position and time taken from a file's EXIF (exifr, loaded only when a gallery photo is picked). */
export async function exifFacts(file: Blob): Promise<ExifFacts> {
  try {
    const { default: exifr } = await import('exifr/dist/mini.esm.mjs');
    // EXIF sits at the start of the file: read only that much (a phone photo can be 10 MB).
    const head = new Uint8Array(await file.slice(0, 512 * 1024).arrayBuffer());
    // The mini build has no tag dictionary: dates come by tag number, as EXIF text.
    const tags = (await exifr.parse(head, { gps: true, tiff: true, exif: true })) as
      { latitude?: number; longitude?: number; [tag: string]: unknown } | undefined;
    const lat = tags?.latitude;
    const lng = tags?.longitude;
    const when = parseExifDate(tags?.[DATE_TIME_ORIGINAL] ?? tags?.[DATE_TIME]);
    return {
      location:
        typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng)
          ? { lat, lng, accuracy: null, source: 'exif' }
          : null,
      takenAt: when,
      heading: exifHeading(tags),
    };
  } catch {
    return { location: null, takenAt: null, heading: null };
  }
}

/**
 * The phone's position if the person already allowed it, else null without asking: a check that a typed
 * position is plausible must not pop a permission prompt at someone typing coordinates at an office PC.
 */
export async function deviceLocationIfAllowed(timeoutMs = 5_000): Promise<PhotoLocation | null> {
  try {
    const state = await navigator.permissions?.query({ name: 'geolocation' });
    if (state?.state !== 'granted') return null;
  } catch {
    return null;
  }
  return deviceLocation(timeoutMs);
}
