/**
 * One i18n mechanism: per feature a typed catalog (zh-CN and en), a shared vocabulary, no key ever
 * shown for want of a loaded file.
 */
import 'fake-indexeddb/auto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Catalog, catalog, setLocale, translator } from '../../src/i18n';

/** Every catalog of the app: the shared ones, the app frame's, the photo pipeline's, and each feature's messages.ts. */
async function allCatalogs(): Promise<Record<string, Catalog<string>>> {
  const out: Record<string, Catalog<string>> = {
    vocabulary: (await import('../../src/i18n/vocabulary')).vocabulary,
    shared: (await import('../../src/i18n/shared')).shared,
    refusals: (await import('../../src/i18n/refusals')).refusals,
    ui: (await import('../../src/ui/messages')).messages,
    media: (await import('../../src/media/messages')).messages,
    desk: (await import('../../src/ui/desk-messages')).messages,
  };
  for (const f of readdirSync('src/features')) {
    const path = join('src/features', f, 'messages.ts');
    let exists = true;
    try {
      readFileSync(path);
    } catch {
      exists = false;
    }
    expect(exists, `${path}: every feature has its messages.ts`).toBe(true);
    out[f] = (await import(`../../src/features/${f}/messages.ts`)).messages;
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLocale('zh-CN'));

describe('strings: one i18n mechanism', () => {
  it('strings: every catalog holds the same keys in zh-CN and en, with the same {placeholders}', async () => {
    const catalogs = await allCatalogs();
    await setLocale('en'); // loads the English of the catalogs the app shell carries apart, as at boot
    let keys = 0;
    for (const [name, c] of Object.entries(catalogs)) {
      expect(c.en, `${name}: English loaded`).toBeDefined();
      expect(Object.keys(c.en!).sort(), name).toEqual(Object.keys(c.zh).sort());
      for (const k of Object.keys(c.zh)) {
        expect(placeholders(c.en![k]!), `${name} ${k}`).toEqual(placeholders(c.zh[k]!));
        expect(c.zh[k]!.trim(), `${name} ${k}`).not.toBe('');
      }
      keys += Object.keys(c.zh).length;
    }
    expect(keys).toBeGreaterThan(600);
  });

  it('strings: no key is held by two catalogs, so a word says the same thing on every page', async () => {
    const seen = new Map<string, string>();
    for (const [name, c] of Object.entries(await allCatalogs())) {
      for (const k of Object.keys(c.zh)) {
        expect(seen.get(k), `${k} in ${name} and ${seen.get(k)}`).toBeUndefined();
        seen.set(k, name);
      }
    }
  });

  it('strings: a lazily loaded page shows its texts in English with no wrapper to remember', async () => {
    await setLocale('en');
    // Imported after the switch, as a lazy route's chunk is: its texts and the shared words are there at once.
    const { t } = await import('../../src/features/issues/messages');
    expect(t('issue.save')).toBe('Save');
    expect(t('status.reported')).toBe('Reported');
    await setLocale('zh-CN');
    expect(t('issue.save')).toBe('保存');
  });

  it('strings: the shared vocabulary reads the same in every feature', async () => {
    const features = ['issues', 'points', 'review', 'checklists', 'settings', 'admin', 'photos', 'works'];
    for (const l of ['zh-CN', 'en'] as const) {
      await setLocale(l);
      const texts = new Set<string>();
      for (const f of features) texts.add((await import(`../../src/features/${f}/messages.ts`)).t('status.in_progress'));
      expect(texts.size).toBe(1);
    }
  });

  it('strings: a key missing in either language, or a key no catalog holds, is a type error; at run time it never shows', () => {
    const zh = { 'x.a': '甲', 'x.b': '乙 {n}' };
    // @ts-expect-error: 'x.b' missing in English
    catalog(zh, { 'x.a': 'A' });
    // @ts-expect-error: a key only English has
    catalog(zh, { 'x.a': 'A', 'x.b': 'B {n}', 'x.c': 'C' });
    const t = translator(catalog(zh, { 'x.a': 'A', 'x.b': 'B {n}' }));
    expect(t('x.b', { n: 2 })).toBe('乙 2');
    // @ts-expect-error: a raw key
    expect(() => t('x.c')).toThrow(/no message/);
  });

  it("strings: no sentence carries an exception's text: every error path says what happened in its own words", async () => {
    // The template editor's one exception: the rule's own description of what is wrong with the
    // checklist (src/core/checklist.ts, English), which staff need to find the item.
    const allowed = new Set(['checklists cl.invalidTemplate']);
    for (const [name, c] of Object.entries(await allCatalogs())) {
      for (const [k, text] of Object.entries(c.zh)) {
        if (allowed.has(`${name} ${k}`)) continue;
        expect(
          placeholders(text).filter((p) => /^(message|detail|error|err)$/.test(p ?? '')),
          `${name} ${k}`,
        ).toEqual([]);
      }
    }
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
      );
    for (const file of [...files('src/features'), ...files('src/ui'), ...files('src/media'), 'src/App.tsx']) {
      const source = readFileSync(file, 'utf8');
      // What `catch (err)` used to put in front of people: the exception's text, whatever its language.
      expect(source.match(/\b(t|ta|tr|tc|tp|tw)\([^)]*(\w+\.message\b|String\(err)/g) ?? [], file).toEqual(
        file.endsWith('TemplateEditor.tsx') ? [expect.stringContaining('parsed.message')] : [],
      );
    }
  });

  it('strings: no source file uses a second mechanism (a .more file, withMessages, a cast to a message key)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      );
    const offenders = files('src').filter((f) => /withMessages|zh-CN\.more|createTranslator|as MessageKey/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
    expect(readdirSync('src/i18n').sort()).toEqual(['index.ts', 'refusals.en.ts', 'refusals.ts', 'shared.ts', 'vocabulary.en.ts', 'vocabulary.ts']);
  });
});
