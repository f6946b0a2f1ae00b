/** Pieces of the valibot schemas that ops, checklists and admin requests share (one wording of each error). */
import * as v from 'valibot';
import { ID_PATTERN } from './domain';
import { normalizeName } from './names';
import { wellFormed } from './well-formed';

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be an id of 1-64 letters, digits, _ or -'));
export const DateSchema = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

export { wellFormed };

/**
 * A string as it is kept: normalised by wellFormed() at validation, on the device (which
 * runs its own ops through the same schemas before saving them) and on the server alike,
 * so both sides hold the same text.
 */
export const FreeString = v.pipe(v.string(), v.transform(wellFormed));

/** A string of at most `max` characters; unless optional, not blank. Normalised by wellFormed(). */
export function text(max: number, required = true) {
  return v.pipe(
    FreeString,
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !required || s.trim().length > 0, 'must not be empty'),
  );
}

/**
 * record[key] only if the record holds the key itself. Ids such as `constructor`, `toString`
 * or `__proto__` are valid, and a plain lookup would find Object.prototype's members instead
 * of "nothing here".
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * A record of ids to ids, read without copying: valibot's v.record skips the keys `__proto__`,
 * `constructor` and `prototype` (so that it can assign its output safely), which are valid ids.
 * The input is a plain object from JSON.parse (or built by the app), whose own keys are its keys.
 */
export function idRecord(maxEntries: number) {
  return v.pipe(
    v.custom<Record<string, string>>(
      (input) => typeof input === 'object' && input !== null && [Object.prototype, null].includes(Object.getPrototypeOf(input)),
      'must be an object',
    ),
    v.check((r) => Object.keys(r).length <= maxEntries, `at most ${maxEntries} entries`),
    v.check(
      (r) => Object.entries(r).every(([k, val]) => ID_PATTERN.test(k) && typeof val === 'string' && ID_PATTERN.test(val)),
      'keys and values must be ids of 1-64 letters, digits, _ or -',
    ),
  );
}

/** A person's name: normalized (normalizeName), then 1 to `max` characters. */
export function personName(max: number) {
  return v.pipe(
    v.string(),
    // Bounds the work before normalizing; the limit that counts is on the name as shown.
    v.maxLength(max * 4, `must be at most ${max} characters`),
    v.transform(normalizeName),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => s.length > 0, 'must not be empty (invisible characters do not count)'),
  );
}
