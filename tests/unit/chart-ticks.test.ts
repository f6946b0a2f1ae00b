import { describe, expect, it } from 'vitest';
import { DAY_STEPS, HOUR_STEPS, LABEL_GAP_PX, roundTicks } from '../../src/features/review/charts/ticks';

/** The fix-time chart's axis: three targets and a bin past them, 7-day target. */
const FIX_MAX_DAYS = 3.25 * 7;
/** The response chart's axis with a 24-hour target. */
const RESPOND_MAX_HOURS = 3.25 * 24;

describe('duration axis ticks', () => {
  it('on a 320 px phone (a 240 px plot) the fix times are four whole weeks of days, not every 3.5 days', () => {
    expect(roundTicks(FIX_MAX_DAYS, 240, 30, DAY_STEPS)).toEqual([0, 7, 14, 21]);
  });

  it('on a phone the response times are whole days of hours', () => {
    expect(roundTicks(RESPOND_MAX_HOURS, 240, 44, HOUR_STEPS)).toEqual([0, 24, 48, 72]);
  });

  it('on a desk column there is room for more, still whole days', () => {
    const ticks = roundTicks(FIX_MAX_DAYS, 560, 30, DAY_STEPS);
    expect(ticks.length).toBeGreaterThan(4);
    expect(ticks.every(Number.isInteger)).toBe(true);
  });

  it('with a target, a tick falls on it when a step that fits allows', () => {
    // Without it a 390 px plot would count in fives of days; against a week it counts in weeks.
    expect(roundTicks(FIX_MAX_DAYS, 390, 30, DAY_STEPS)).toEqual([0, 5, 10, 15, 20]);
    expect(roundTicks(FIX_MAX_DAYS, 390, 30, DAY_STEPS, 7)).toEqual([0, 7, 14, 21]);
    // A 10-day target is not among the steps: the target itself is one.
    expect(roundTicks(3.25 * 10, 240, 30, DAY_STEPS, 10)).toEqual([0, 10, 20, 30]);
    // A 4-hour target on a wide plot: every 2 hours, 4 and 8 and 12 among them.
    expect(roundTicks(3.25 * 4, 560, 36, HOUR_STEPS, 4)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('labels never come closer than their own width plus a gap, at any width', () => {
    for (const plotPx of [120, 180, 240, 300, 420, 560, 900]) {
      for (const [max, label, steps] of [
        [FIX_MAX_DAYS, 30, DAY_STEPS],
        [3.25 * 30, 38, DAY_STEPS],
        [3.25 * 2, 24, DAY_STEPS],
        [RESPOND_MAX_HOURS, 44, HOUR_STEPS],
        [3.25 * 4, 36, HOUR_STEPS],
      ] as const) {
        const ticks = roundTicks(max, plotPx, label, steps, Math.round(max / 3.25));
        const apart = ((ticks[1] ?? max) - ticks[0]!) * (plotPx / max);
        expect(apart, `${max} over ${plotPx} px`).toBeGreaterThanOrEqual(label + LABEL_GAP_PX);
        expect(ticks.every((t) => Number.isInteger(t) && t <= max)).toBe(true);
      }
    }
  });

  it('a long range on a narrow plot doubles past the last step rather than crowding', () => {
    const ticks = roundTicks(3000, 200, 40, DAY_STEPS);
    expect(ticks.slice(0, 2)).toEqual([0, 1460]);
  });

  it('nothing to scale gives the origin alone', () => {
    expect(roundTicks(0, 240, 30, DAY_STEPS)).toEqual([0]);
    expect(roundTicks(10, 0, 30, DAY_STEPS)).toEqual([0]);
  });
});
