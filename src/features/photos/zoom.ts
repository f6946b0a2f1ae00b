/**
 * The photo viewer's zoom and pan, as plain arithmetic over points measured from the centre of the
 * stage (where the image sits centred at scale 1). Kept apart from the DOM so the gestures can be
 * tested without a browser.
 */
export interface Zoom {
  scale: number;
  x: number;
  y: number;
}
export interface Pt {
  x: number;
  y: number;
}

export const ZOOM_MIN = 1;
/** Five times is enough to read a crack or a label on a 1600 px display copy; more only shows pixels. */
export const ZOOM_MAX = 5;
export const NO_ZOOM: Zoom = { scale: 1, x: 0, y: 0 };

// `|| 0` turns -0 into 0, so a photo clamped back to the centre compares equal to NO_ZOOM.
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n)) || 0;
const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a: Pt, b: Pt) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Keeps the image over the stage: at scale s an image of w × h may move at most (s − 1)·w/2 sideways,
 * so no empty band opens between its edge and the stage's. At scale 1 it sits centred.
 */
export function clampPan(z: Zoom, w: number, h: number): Zoom {
  const mx = ((z.scale - 1) * w) / 2;
  const my = ((z.scale - 1) * h) / 2;
  return { scale: z.scale, x: clamp(z.x, -mx, mx), y: clamp(z.y, -my, my) };
}

/** Scales by `factor` about point `p`: what was under `p` stays under it (the fingers' midpoint, or the centre for the buttons). */
export function zoomAbout(z: Zoom, factor: number, p: Pt, w: number, h: number): Zoom {
  return clampPan(scaleAbout(z, factor, p), w, h);
}

function scaleAbout(z: Zoom, factor: number, p: Pt): Zoom {
  const scale = clamp(z.scale * factor, ZOOM_MIN, ZOOM_MAX);
  const k = scale / z.scale;
  return { scale, x: p.x - (p.x - z.x) * k, y: p.y - (p.y - z.y) * k };
}

/**
 * Two fingers moved from (a0, b0) to (a1, b1), starting at zoom `start`: the image scales with the
 * distance between them and follows their midpoint, as a photo does on a phone's own gallery.
 */
export function pinch(start: Zoom, a0: Pt, b0: Pt, a1: Pt, b1: Pt, w: number, h: number): Zoom {
  const d0 = dist(a0, b0);
  if (d0 < 1) return start;
  const m0 = mid(a0, b0);
  const m1 = mid(a1, b1);
  const zoomed = scaleAbout(start, dist(a1, b1) / d0, m0);
  return clampPan({ scale: zoomed.scale, x: zoomed.x + m1.x - m0.x, y: zoomed.y + m1.y - m0.y }, w, h);
}

/** One finger moved by (dx, dy) on a zoomed image: it pans, within the image's edges. */
export function pan(start: Zoom, dx: number, dy: number, w: number, h: number): Zoom {
  return clampPan({ scale: start.scale, x: start.x + dx, y: start.y + dy }, w, h);
}

/** A swipe that turns the page: far enough, and more sideways than up or down. */
export function swipeDirection(dx: number, dy: number, min = 50): -1 | 0 | 1 {
  if (Math.abs(dx) < min || Math.abs(dx) < 1.5 * Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}
