/**
 * A work's response targets: how soon the construction liaison should acknowledge
 * a new issue and resolve an acknowledged one. Staff set them per work; issue
 * clocks and the staff dashboard measure against them.
 */
import * as v from 'valibot';

export const ResponseTargetsSchema = v.strictObject({
  /** Hours from report to acknowledgement (or dispute). */
  acknowledgeHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 30)),
  /** Days from report to resolution. */
  resolveDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
});

export type ResponseTargets = v.InferOutput<typeof ResponseTargetsSchema>;

/** Used for works created before targets existed, and as the form's starting values. */
export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = { acknowledgeHours: 24, resolveDays: 7 };

export function targetsOf(work: { responseTargets?: ResponseTargets } | undefined): ResponseTargets {
  return work?.responseTargets ?? DEFAULT_RESPONSE_TARGETS;
}
