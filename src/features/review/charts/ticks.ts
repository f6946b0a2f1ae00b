/**
 * Where a duration axis writes its values: a few round ones (whole hours or days, in steps people count
 * in), far enough apart that the labels never touch at the width the chart is drawn. At 320 px the fix
 * times read "0 天 7 天 14 天 21 天", not "10.5天14天17.5天21天". Pure, so it is tested without a canvas.
 */

/** Steps for an axis in hours: up to a day in its usual parts, then whole days and weeks. */
export const HOUR_STEPS = [1, 2, 3, 6, 12, 24, 48, 72, 168] as const;
/** Steps for an axis in days: small counts, then weeks and months. */
export const DAY_STEPS = [1, 2, 3, 5, 7, 14, 30, 60, 90, 180, 365] as const;

/** Never closer than this, centre to centre, however short the labels: the eye needs air between them. */
export const MIN_SPACING_PX = 56;
/** Blank space kept between two neighbouring labels. */
export const LABEL_GAP_PX = 16;

/**
 * Ticks from 0 to `max` (in the axis's unit), every `step` of the smallest of `steps` whose labels,
 * `labelPx` wide at most, stand at least MIN_SPACING_PX apart and LABEL_GAP_PX clear of each other on a
 * plot `plotPx` wide. Given a `target`, steps that go evenly into it (or it into them) come first, so
 * a tick falls on the target: "0 7 14 21 天" against a week, not "0 5 10 15 20 天". Past the last
 * step, it doubles.
 */
export function roundTicks(max: number, plotPx: number, labelPx: number, steps: readonly number[], target?: number): number[] {
  if (!(max > 0) || !(plotPx > 0) || steps.length === 0) return [0];
  const spacing = Math.max(MIN_SPACING_PX, labelPx + LABEL_GAP_PX);
  const pxPerUnit = plotPx / max;
  const fits = (s: number) => s * pxPerUnit >= spacing;
  const even = (s: number) => target !== undefined && target > 0 && (target % s === 0 || s % target === 0);
  const withTarget = target !== undefined && Number.isInteger(target) && target > 0 ? [...steps, target].sort((a, b) => a - b) : steps;
  let step = withTarget.find((s) => even(s) && fits(s)) ?? steps.find(fits);
  if (step === undefined) {
    step = steps[steps.length - 1]!;
    while (step * pxPerUnit < spacing) step *= 2;
  }
  const ticks: number[] = [];
  // Whole multiples counted, not added up, so a tick is exactly 21, never 20.999….
  for (let i = 0; i * step <= max + 1e-9; i++) ticks.push(i * step);
  return ticks;
}
