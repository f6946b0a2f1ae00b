/** Text every store can keep alike; no schema library here, so the first screen can use it (names.ts). */

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
