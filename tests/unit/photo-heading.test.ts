/** A photo's compass heading from the phone's orientation, its compass point, and drawing geometry on a photo. */
import { describe, expect, it } from 'vitest';
import { compassPoint, headingFromOrientation, normalizeHeading } from '../../src/media/heading';
import { MIN_DRAG, containedBox, shapeFromDrag, toUnit } from '../../src/features/photos/annotation-geometry';

describe('compass heading', () => {
  it('takes iOS its compass heading as it is, and an absolute alpha the other way round', () => {
    expect(headingFromOrientation({ alpha: 10, absolute: false, webkitCompassHeading: 250.4 })).toBe(250);
    // alpha turns counter-clockwise: a phone turned to face east reads alpha 270.
    expect(headingFromOrientation({ alpha: 270, absolute: true })).toBe(90);
    expect(headingFromOrientation({ alpha: 0, absolute: true })).toBe(0);
    expect(headingFromOrientation({ alpha: 45, absolute: true })).toBe(315);
  });

  it('gives no heading where the phone does not know north', () => {
    // A relative alpha starts wherever the phone pointed when the page opened.
    expect(headingFromOrientation({ alpha: 270, absolute: false })).toBeNull();
    expect(headingFromOrientation({ alpha: null, absolute: true })).toBeNull();
    // iOS says -1 when its compass is not calibrated.
    expect(headingFromOrientation({ alpha: null, absolute: false, webkitCompassHeading: -1 })).toBeNull();
  });

  it('keeps headings in 0 ≤ h < 360 and names the nearest of eight compass points', () => {
    expect(normalizeHeading(-90)).toBe(270);
    expect(normalizeHeading(720.2)).toBe(0);
    expect(normalizeHeading(359.6)).toBe(0);
    expect(normalizeHeading('90')).toBeNull();
    expect(normalizeHeading(Number.NaN)).toBeNull();
    expect([0, 22, 23, 90, 180, 225, 300, 338, 359].map(compassPoint)).toEqual([0, 0, 1, 2, 4, 5, 7, 0, 0]);
  });
});

describe('drawing on a photo', () => {
  it('maps a finger to the photo where it is drawn fitted whole and centred in its box', () => {
    // A 4:3 photo in a 360×600 box: 360×270, starting 165 px down.
    const box = containedBox({ left: 0, top: 50, width: 360, height: 600 }, 1600, 1200);
    expect(box).toEqual({ left: 0, top: 215, width: 360, height: 270 });
    expect(toUnit(180, 215 + 135, box)).toEqual({ x: 0.5, y: 0.5 });
    // Off the photo (in the black band) counts as its edge, never outside it.
    expect(toUnit(-20, 100, box)).toEqual({ x: 0, y: 0 });
  });

  it('makes an arrow or a circle of a drag, and nothing of a tap', () => {
    expect(shapeFromDrag('arrow', { x: 0.1, y: 0.1 }, { x: 0.1 + MIN_DRAG / 2, y: 0.1 }, 4 / 3)).toBeNull();
    expect(shapeFromDrag('arrow', { x: 0.1, y: 0.1 }, { x: 0.5, y: 0.4 }, 4 / 3)).toEqual({ type: 'arrow', from: { x: 0.1, y: 0.1 }, to: { x: 0.5, y: 0.4 } });
    // A circle's radius is a share of the width: a drag straight down of 0.3 heights on a 4:3 photo is 0.225 widths.
    expect(shapeFromDrag('circle', { x: 0.5, y: 0.2 }, { x: 0.5, y: 0.5 }, 4 / 3)).toEqual({ type: 'circle', at: { x: 0.5, y: 0.2 }, r: 0.225 });
  });
});
