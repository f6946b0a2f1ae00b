/**
 * The arithmetic of drawing on a photo, apart from the DOM so that it can be tested: shapes live in the
 * photo's unit square (core's photo.annotate), are drawn in the photo's own pixels, and a finger's
 * position becomes a point of that square.
 */
import type { AnnotationShape } from '../../core';

export type UnitPt = { x: number; y: number };

/** A value kept inside 0…1 and rounded to 4 decimals (a tenth of a pixel on a 1600 px photo; keeps the op small). */
export const unit = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/** A point of the photo's square from a position in its drawn box (the box the photo fills on screen). */
export function toUnit(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): UnitPt {
  return { x: unit((clientX - box.left) / box.width), y: unit((clientY - box.top) / box.height) };
}

/**
 * Where a photo of `w`×`h` pixels is drawn inside a box it fits whole (object-fit: contain), centred: the
 * viewer's image and its drawing layer fill the same box, so a finger maps through this rectangle.
 */
export function containedBox(box: { left: number; top: number; width: number; height: number }, w: number, h: number) {
  const scale = Math.min(box.width / w, box.height / h);
  const width = w * scale;
  const height = h * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height };
}

/** A drag is a shape only if the finger moved: this far, as a share of the photo's width. */
export const MIN_DRAG = 0.02;

/** The shape a drag from `a` to `b` makes with the chosen tool, or null for a tap that drew nothing. */
export function shapeFromDrag(tool: 'arrow' | 'circle', a: UnitPt, b: UnitPt, aspect: number): AnnotationShape | null {
  // Distances in widths: the photo is `aspect` (width / height) times wider than tall.
  const dx = b.x - a.x;
  const dy = (b.y - a.y) / aspect;
  const length = Math.hypot(dx, dy);
  if (length < MIN_DRAG) return null;
  if (tool === 'arrow') return { type: 'arrow', from: { x: unit(a.x), y: unit(a.y) }, to: { x: unit(b.x), y: unit(b.y) } };
  return { type: 'circle', at: { x: unit(a.x), y: unit(a.y) }, r: unit(Math.max(0.005, length)) };
}

/** The two back strokes of an arrow's head, in pixels: a quarter of its length, at most 6% of the width. */
export function arrowHead(from: { x: number; y: number }, to: { x: number; y: number }, width: number): [number, number, number, number, number, number] {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const size = Math.min(Math.hypot(to.x - from.x, to.y - from.y) / 4, width * 0.06);
  const wing = (turn: number) => [to.x - size * Math.cos(angle + turn), to.y - size * Math.sin(angle + turn)] as const;
  const [x1, y1] = wing(Math.PI / 6);
  const [x2, y2] = wing(-Math.PI / 6);
  return [x1, y1, to.x, to.y, x2, y2];
}
