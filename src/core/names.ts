/**
 * People's names as everyone sees them. A name is what a resident, the liaison or staff read beside a
 * record to judge who made it, so a name must not pass for another one that looks the same: "社区工作人员
 * 周老师" with a zero-width space inside, or with its characters reordered by bidi controls, is shown
 * alike but compares unlike. Names are normalized at validation, on the device and on the server alike
 * (the join request and the member.join op use personName() in schema-parts.ts; this module has no
 * schema, so the join page carries normalizeName alone): Unicode NFC, invisible characters
 * removed, every run of spaces one plain space, no space at either end.
 */
import { wellFormed } from './well-formed';

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
