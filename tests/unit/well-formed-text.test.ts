/**
 * The shared text rule (src/core/schema-parts.ts): NUL and unpaired UTF-16 surrogates become
 * U+FFFD, everything else is kept, the length is unchanged. The server tests of the same point
 * (tests/unit/security-text.test.ts) check that both stores then give back the same text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES_VERSION, encodeStamp, parseOp, wellFormed } from '../../src/core';

const isWellFormed = (s: string) => {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

describe('wellFormed', () => {
  it('point 11: NUL and lone surrogates become U+FFFD; pairs and everything else are kept; the length is unchanged', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', 'a', '井', '\ufffd'), maxLength: 30 }),
        (x, y) => {
          for (const s of [x, y, x + y, y + x]) {
            const w = wellFormed(s);
            expect(w).toHaveLength(s.length);
            expect(isWellFormed(w)).toBe(true);
            expect(w.includes('\u0000')).toBe(false);
            expect(wellFormed(w)).toBe(w);
            // The same as the standard's toWellFormed(), plus NUL.
            expect(w).toBe((s as string & { toWellFormed(): string }).toWellFormed().replace(/\0/g, '\ufffd'));
            if (isWellFormed(s) && !s.includes('\u0000')) expect(w).toBe(s);
          }
        },
      ),
      { numRuns: 500, seed: 11 },
    );
    expect(wellFormed('a\u0000b\ud800c\udc00🙂\ud83d')).toBe('a\ufffdb\ufffdc\ufffd🙂\ufffd');
  });

  it("point 11: the op schema keeps an op's text so normalised, in every free-text field", () => {
    const hostile = 'x\u0000\ud800y\udfff';
    const kept = 'x\ufffd\ufffdy\ufffd';
    const env = { id: 'op-1', work: 'w', actor: 'm', device: 'd', hlc: encodeStamp({ wall: 1_732_800_000_000, counter: 0, node: 'd' }), v: RULES_VERSION };
    const issue = parseOp({
      ...env,
      entity: 'issue',
      entityId: 'i',
      kind: 'issue.create',
      payload: { category: 'other', description: hostile, severity: 'low', pointId: null },
    });
    expect(issue.ok && issue.value.kind === 'issue.create' && issue.value.payload.description).toBe(kept);
    const body = {
      title: hostile,
      lang: 'en',
      sections: [{ id: 's', title: hostile, items: [{ id: 'a', kind: 'text', label: hostile, hint: hostile, required: true }] }],
    };
    const template = parseOp({ ...env, entity: 'template', entityId: 't', kind: 'template.create', payload: { name: hostile, basedOn: null, body } });
    expect(template.ok && JSON.stringify(template.value)).not.toMatch(/\\u0000|\\ud[89a-f]/);
    const answer = parseOp({
      ...env,
      entity: 'inspection',
      entityId: 'n',
      kind: 'inspection.answer',
      payload: { itemId: 'a', answer: { value: hostile, note: hostile, photos: [] } },
    });
    expect(answer.ok && answer.value.kind === 'inspection.answer' && answer.value.payload.answer).toEqual({ value: kept, note: kept, photos: [] });
    // Blank is still blank, too long still too long.
    expect(parseOp({ ...env, entity: 'issue', entityId: 'i', kind: 'issue.comment', payload: { text: ' \u0000 ' } }).ok).toBe(true);
    expect(parseOp({ ...env, entity: 'issue', entityId: 'i', kind: 'issue.comment', payload: { text: '\u0000'.repeat(2001) } }).ok).toBe(false);
  });
});
