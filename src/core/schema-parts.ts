/** Pieces of the valibot schemas that ops, checklists and admin requests share (one wording of each error). */
import * as v from 'valibot';
import { ID_PATTERN } from './domain';

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be an id of 1-64 letters, digits, _ or -'));
export const DateSchema = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));

const SUSPECT = /[\0\uD800-\uDFFF]/;
const UNITS = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\0\uD800-\uDFFF]/g;

/**
 * The text with U+0000 and every unpaired UTF-16 surrogate replaced by U+FFFD (what
 * String.prototype.toWellFormed does for the surrogates; not used, older phones lack it).
 * Neither can be stored alike everywhere: PostgreSQL refuses NUL in text and json, a lone
 * surrogate has no UTF-8 form at all, and JSON.stringify writes both as \u escapes that
 * PostgreSQL's JSON functions refuse to read back. Same length in UTF-16 units, so
 * length limits mean the same before and after.
 */
export function wellFormed(s: string): string {
  return SUSPECT.test(s) ? s.replace(UNITS, (m) => (m.length === 2 ? m : '\uFFFD')) : s;
}

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
