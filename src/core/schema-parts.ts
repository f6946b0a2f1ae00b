/** Pieces of the valibot schemas that ops, checklists and admin requests share (one wording of each error). */
import * as v from 'valibot';
import { ID_PATTERN } from './domain';

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be an id of 1-64 letters, digits, _ or -'));
export const DateSchema = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

/** A string of at most `max` characters; unless optional, not blank. */
export function text(max: number, required = true) {
  return v.pipe(
    v.string(),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !required || s.trim().length > 0, 'must not be empty'),
  );
}
