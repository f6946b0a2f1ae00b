/**
 * People's names as everyone sees them. A name is what a resident, the liaison or staff read beside a
 * record to judge who made it, so a name must not pass for another one that looks the same: "社区工作人员
 * 周老师" with a zero-width space inside, or with its characters reordered by bidi controls, is shown
 * alike but compares unlike. Names are normalized at validation, on the device and on the server alike
 * (the join request and the member.join op use personName()): Unicode NFC, invisible characters
 * removed, every run of spaces one plain space, no space at either end.
 */
import * as v from 'valibot';
import { wellFormed } from './schema-parts';

/**
 * Characters that show nothing: format characters (zero-width space, joiner and non-joiner, word joiner,
 * soft hyphen, bidi embeddings, overrides, isolates and marks, BOM, tags), controls, variation
 * selectors, the combining grapheme joiner, Mongolian free variation selectors and the Hangul and
 * Braille blanks that fonts draw empty.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFE00-\uFE0F\uFFA0\u{E0100}-\u{E01EF}]/gu;

export function normalizeName(name: string): string {
  // Lone surrogates first (as every text is, schema-parts.ts): PostgreSQL cannot store them.
  return wellFormed(name)
    .normalize('NFC')
    .replace(/\s/gu, ' ') // tabs, line breaks and the ideographic space become plain spaces first (not removed as controls)
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
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
