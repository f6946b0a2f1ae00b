/**
 * A photo's compass heading on the site plan: its pin carries an arrow turned to the way the camera looked
 * as seen on the plan (whose top need not be north), and its name says the direction, or that none was
 * recorded.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlPoint, PhotoState, PlanState } from '../../src/core';
import { headingOnPlan, photoPins } from '../../src/features/plans/plan-pins';
import { georeference } from '../../src/core';
import { setLocale } from '../../src/i18n';

const ORIGIN = { lat: 29.8675, lng: 121.544 };
/** Metres north and east of ORIGIN as a position (equirectangular, exact enough over 100 m). */
const at = (north: number, east: number) => ({
  lat: ORIGIN.lat + north / 111_195,
  lng: ORIGIN.lng + east / (111_195 * Math.cos((ORIGIN.lat * Math.PI) / 180)),
});

function plan(controlPoints: [ControlPoint, ControlPoint]): PlanState {
  return {
    id: 'plan-1',
    work: 'w',
    name: '总平面图',
    hash: 'a'.repeat(64),
    size: 1,
    width: 1000,
    height: 1000,
    controlPoints,
    georefStamp: '0',
    addedBy: 'm',
    createdAt: '0',
  } as PlanState;
}

/** North up: 1 px a metre, the origin at the plan's centre. */
const NORTH_UP = plan([
  { plan: { x: 500, y: 500 }, geo: ORIGIN },
  { plan: { x: 500, y: 400 }, geo: at(100, 0) },
]);
/** Drawn with the street along the top: north points to the plan's right (its top is west). */
const NORTH_RIGHT = plan([
  { plan: { x: 500, y: 500 }, geo: ORIGIN },
  { plan: { x: 600, y: 500 }, geo: at(100, 0) },
]);

function photo(id: string, heading: number | undefined, caption = '井盖'): PhotoState {
  return {
    id,
    work: 'w',
    author: 'm',
    device: 'd',
    addedAt: '0',
    hash: 'b'.repeat(64),
    size: 1,
    thumbHash: 'b'.repeat(64),
    thumbSize: 1,
    width: 1600,
    height: 1200,
    takenAt: null,
    location: { ...at(20, 30), accuracy: 5, source: 'device' },
    phase: 'before',
    caption,
    targetType: 'point',
    targetId: 'p',
    ...(heading !== undefined ? { heading } : {}),
  };
}

afterEach(() => setLocale('zh-CN'));

describe('compass heading on the site plan', () => {
  it('turns the heading with the plan: on a plan with north up it is the heading itself', () => {
    const g = georeference(NORTH_UP.controlPoints![0], NORTH_UP.controlPoints![1])!;
    expect([0, 45, 90, 135, 180, 270].map((h) => headingOnPlan(g, at(20, 30), h))).toEqual([0, 45, 90, 135, 180, 270]);
  });

  it('on a plan with north to the right, a camera facing north points right and one facing east points down', () => {
    const g = georeference(NORTH_RIGHT.controlPoints![0], NORTH_RIGHT.controlPoints![1])!;
    expect(headingOnPlan(g, at(20, 30), 0)).toBe(90);
    expect(headingOnPlan(g, at(20, 30), 90)).toBe(180);
    expect(headingOnPlan(g, at(20, 30), 315)).toBe(45);
  });

  it('gives a photo pin its arrow and says the direction, or that there is none, in its name', async () => {
    await setLocale('zh-CN');
    const pins = photoPins(NORTH_RIGHT, [photo('with', 135), photo('without', undefined, '')]);
    expect(pins).toHaveLength(2);
    const [withHeading, without] = pins;
    // 135° (south-east) on a plan whose top is west: 225° on the plan.
    expect(withHeading).toMatchObject({ key: 'photo-with', kind: 'photo', heading: 225, label: '照片：井盖，朝东南（135°）' });
    // The pin lies where the photo was taken: 20 m north is 20 px right, 30 m east is 30 px down.
    expect(withHeading!.at.x).toBeCloseTo(520, 0);
    expect(withHeading!.at.y).toBeCloseTo(530, 0);
    expect(without).toMatchObject({ key: 'photo-without', label: '照片：—，未记录方向' });
    expect(without).not.toHaveProperty('heading');

    await setLocale('en');
    expect(photoPins(NORTH_RIGHT, [photo('with', 135)])[0]!.label).toBe('Photo: 井盖, facing south-east (135°)');
    expect(photoPins(NORTH_RIGHT, [photo('without', undefined)])[0]!.label).toBe('Photo: 井盖, no direction recorded');
  });
});
