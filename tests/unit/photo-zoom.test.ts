/** The photo viewer's pinch, pan and swipe arithmetic (points measured from the stage's centre). */
import { describe, expect, it } from 'vitest';
import { NO_ZOOM, ZOOM_MAX, clampPan, pan, pinch, swipeDirection, zoomAbout } from '../../src/features/photos/zoom';

const W = 360;
const H = 480;

describe('photo viewer zoom', () => {
  it('spreading two fingers to three times their distance zooms three times, keeping what was between them under them', () => {
    const z = pinch(NO_ZOOM, { x: 60, y: 20 }, { x: 100, y: 20 }, { x: 20, y: 20 }, { x: 140, y: 20 }, W, H);
    expect(z.scale).toBeCloseTo(3);
    // The midpoint (80, 20) showed image point (80, 20) and still does: x + 3·80 = 80.
    expect(z.x + z.scale * 80).toBeCloseTo(80);
    expect(z.y + z.scale * 20).toBeCloseTo(20);
  });

  it('follows the fingers when they move together while pinching', () => {
    const z = pinch(NO_ZOOM, { x: -20, y: 0 }, { x: 20, y: 0 }, { x: -20, y: 30 }, { x: 60, y: 30 }, W, H);
    expect(z.scale).toBeCloseTo(2);
    // The midpoint moved from (0, 0) to (20, 30): image point (0, 0) is now there.
    expect(z.x).toBeCloseTo(20);
    expect(z.y).toBeCloseTo(30);
  });

  it('never zooms out past the whole photo nor in past five times', () => {
    expect(pinch(NO_ZOOM, { x: -100, y: 0 }, { x: 100, y: 0 }, { x: -10, y: 0 }, { x: 10, y: 0 }, W, H)).toEqual({ scale: 1, x: 0, y: 0 });
    expect(pinch(NO_ZOOM, { x: -10, y: 0 }, { x: 10, y: 0 }, { x: -150, y: 0 }, { x: 150, y: 0 }, W, H).scale).toBe(ZOOM_MAX);
    expect(zoomAbout({ scale: 4, x: 0, y: 0 }, 2, { x: 0, y: 0 }, W, H).scale).toBe(ZOOM_MAX);
    expect(zoomAbout({ scale: 1.5, x: 50, y: 0 }, 0.5, { x: 0, y: 0 }, W, H)).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('keeps the photo over the stage when panning: no empty band at its edges', () => {
    // At scale 2 a 360 px wide photo is 720 px: it may move 180 px either way, no more.
    expect(pan({ scale: 2, x: 0, y: 0 }, 500, -500, W, H)).toEqual({ scale: 2, x: 180, y: -240 });
    expect(pan({ scale: 2, x: 0, y: 0 }, 50, 10, W, H)).toEqual({ scale: 2, x: 50, y: 10 });
    expect(clampPan({ scale: 1, x: 30, y: -30 }, W, H)).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('turns the page on a long sideways swipe only', () => {
    expect(swipeDirection(-120, 10)).toBe(1);
    expect(swipeDirection(120, -10)).toBe(-1);
    expect(swipeDirection(-30, 0)).toBe(0);
    expect(swipeDirection(-100, 90)).toBe(0);
  });
});
