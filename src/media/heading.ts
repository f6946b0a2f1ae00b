/**
 * Which way the camera looked when a photo was taken, in degrees clockwise from north: from the phone's
 * compass for a photo just taken (where the browser gives one), or from the file's EXIF GPSImgDirection
 * for a gallery photo. A phone that gives no heading gets none; iOS gives one only once asked (askCompass).
 */

/** A heading in 0 ≤ h < 360, rounded to a degree, or null if the value is not a finite angle. */
export function normalizeHeading(deg: unknown): number | null {
  if (typeof deg !== 'number' || !Number.isFinite(deg)) return null;
  const h = Math.round(((deg % 360) + 360) % 360);
  return h === 360 ? 0 : h;
}

/** What an orientation event tells, as far as a compass heading goes (iOS and Android differ). */
export interface OrientationReading {
  /** Rotation about the screen's normal, counter-clockwise, in degrees; earth-based only when `absolute`. */
  alpha: number | null;
  absolute: boolean;
  /** iOS Safari: the compass heading itself, clockwise from magnetic north. */
  webkitCompassHeading?: number;
}

/**
 * The compass heading an orientation event gives, or null: iOS gives it outright; elsewhere only an
 * absolute alpha is tied to north (a relative one starts wherever the phone happened to point), and
 * alpha turns the other way round. Assumes the phone held upright in portrait, as for taking a photo.
 */
export function headingFromOrientation(r: OrientationReading): number | null {
  if (typeof r.webkitCompassHeading === 'number' && r.webkitCompassHeading >= 0) return normalizeHeading(r.webkitCompassHeading);
  if (!r.absolute || r.alpha === null) return null;
  return normalizeHeading(360 - r.alpha);
}

/** iOS Safari's DeviceOrientationEvent: orientation events come only once the person allowed them. */
interface AskingOrientationEvent {
  requestPermission?: () => Promise<'granted' | 'denied' | 'default'>;
}

/** Whether the compass was asked for: once answered, iOS remembers the answer, so it is asked no more. */
let compassAsk: 'no' | 'pending' | 'answered' = 'no';

/**
 * Asks iOS for the compass, from the tap that opens the camera: Safari takes the request only within a tap
 * and, without it, gives no orientation event, so no heading. Neither waits nor throws: the camera opens
 * and the photo is taken whatever the answer (or with none yet); browsers without the request do nothing.
 * A request refused for not being in a tap (older WebKit) is tried again on the next tap.
 */
export function askCompass(): void {
  if (typeof window === 'undefined' || compassAsk !== 'no') return;
  const orientation = (window as { DeviceOrientationEvent?: AskingOrientationEvent }).DeviceOrientationEvent;
  if (typeof orientation?.requestPermission !== 'function') return;
  compassAsk = 'pending';
  try {
    void Promise.resolve(orientation.requestPermission()).then(
      (state) => {
        compassAsk = state === 'default' ? 'no' : 'answered';
      },
      () => {
        compassAsk = 'no';
      },
    );
  } catch {
    compassAsk = 'no';
  }
}

/** The phone's compass heading now, or null if none comes within `timeoutMs` (no sensor, a desktop, iOS without permission). */
export function deviceHeading(timeoutMs = 1_000): Promise<number | null> {
  if (typeof window === 'undefined' || !('DeviceOrientationEvent' in window)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const events = ['deviceorientationabsolute', 'deviceorientation'] as const;
    const done = (h: number | null) => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, onEvent as EventListener);
      resolve(h);
    };
    const onEvent = (e: DeviceOrientationEvent & { webkitCompassHeading?: number }) => {
      const h = headingFromOrientation({
        alpha: e.alpha,
        absolute: e.absolute || e.type === 'deviceorientationabsolute',
        ...(e.webkitCompassHeading !== undefined ? { webkitCompassHeading: e.webkitCompassHeading } : {}),
      });
      if (h !== null) done(h);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    for (const name of events) window.addEventListener(name, onEvent as EventListener);
  });
}

/** EXIF's GPSImgDirection (tag 0x11 of the GPS directory), as exifr gives it by name or by number. */
export function exifHeading(tags: Record<string, unknown> | undefined): number | null {
  return normalizeHeading(tags?.GPSImgDirection ?? tags?.[String(0x11)]);
}

/** One of eight compass points for a heading: 0 north, 1 north-east, … 7 north-west. */
export function compassPoint(deg: number): 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return (Math.round(normalizeHeading(deg)! / 45) % 8) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
