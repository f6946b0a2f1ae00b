/**
 * One mechanism for every text the user sees, in zh-CN (the default for zh-* browsers) and en.
 *
 * Each feature owns a catalog (src/features/<feature>/messages.ts): its Chinese and English side by
 * side, typed so that a key missing in either language, or a key no catalog holds, fails to compile.
 * Words several features share (statuses, categories, roles, phases, refusals...) live in
 * src/i18n/vocabulary.ts and src/i18n/refusals.ts; a feature's translator covers its own catalog plus
 * the shared ones it names. A translator never shows a key: the type only admits keys that exist.
 *
 * English of the catalogs the app shell imports comes in a chunk of its own (the shell's initial JS has
 * a budget, tests/bench/bundle-size.ts): such a catalog names a loader instead of the English record,
 * and initLocale/setLocale load every registered one before the language shows. Catalogs of the lazy
 * pages carry both languages inline: they arrive with their page, so nothing needs to wait for them.
 */
import { createSignal } from 'solid-js';
import { getSetting, setSetting } from '../lib/settings';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type Params = Record<string, string | number>;
type Texts<K extends string> = Readonly<Record<K, string>>;

export interface Catalog<K extends string> {
  readonly zh: Texts<K>;
  /** The English record; absent until loaded when the catalog names a loader. */
  en: Texts<K> | undefined;
  readonly loadEn?: () => Promise<Texts<K>>;
}
type KeyOf<C> = C extends Catalog<infer K> ? K : never;
export type Translator<K extends string> = (key: K, params?: Params) => string;

const lazyCatalogs: Catalog<string>[] = [];
/** Bumped when English arrives for a catalog first used after the switch, so its texts are translated again. */
const [arrived, setArrived] = createSignal(0);

/**
 * A catalog: the Chinese texts, and the English ones with the same keys (a record, or a loader of one
 * for catalogs of the app shell).
 */
export function catalog<Z extends Record<string, string>>(
  zh: Z,
  en: Texts<keyof Z & string> | (() => Promise<Texts<keyof Z & string>>),
): Catalog<keyof Z & string> {
  if (typeof en !== 'function') return { zh, en };
  const c: Catalog<keyof Z & string> = { zh, en: undefined, loadEn: en };
  lazyCatalogs.push(c as Catalog<string>);
  if (locale() === 'en') void loadEnglish(c as Catalog<string>).then(() => setArrived((n) => n + 1));
  return c;
}

const loading = new WeakMap<Catalog<string>, Promise<void>>();
function loadEnglish(c: Catalog<string>): Promise<void> {
  if (c.en || !c.loadEn) return Promise.resolve();
  let p = loading.get(c);
  if (!p) loading.set(c, (p = c.loadEn().then((en) => void (c.en = en))));
  return p;
}

/** Puts each {name} of a message's text in place. */
function fill(text: string, params?: Params): string {
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

/** t() over the given catalogs: the first that holds a key answers it. */
export function translator<C extends Catalog<string>[]>(...catalogs: C): Translator<KeyOf<C[number]>> {
  const owner = new Map<string, Catalog<string>>();
  for (const c of catalogs) for (const k of Object.keys(c.zh)) if (!owner.has(k)) owner.set(k, c);
  return (key, params) => {
    const c = owner.get(key);
    // Unreachable through the types; a cast around them fails loudly rather than showing a key.
    if (!c) throw new Error(`no message "${key}" in this translator's catalogs`);
    if (locale() === 'en') {
      arrived();
      // English not here yet (a shell catalog first used after the switch): Chinese until it is.
      if (c.en) return fill(c.en[key]!, params);
    }
    return fill(c.zh[key]!, params);
  };
}

export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  const first = languages[0] ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const [locale, setLocaleSignal] = createSignal<Locale>(typeof navigator === 'undefined' ? 'zh-CN' : browserLocale());
export { locale };

async function switchTo(l: Locale): Promise<void> {
  if (l === 'en') await Promise.all(lazyCatalogs.map(loadEnglish));
  setLocaleSignal(l);
  if (typeof document !== 'undefined') document.documentElement.lang = l;
}

/** Loads the saved choice, if any (before the first render). */
export async function initLocale(): Promise<void> {
  const saved = await getSetting<Locale>('locale');
  await switchTo(saved && LOCALES.includes(saved) ? saved : browserLocale());
}

export async function setLocale(l: Locale): Promise<void> {
  // Saved before the page changes language: once a person sees it switch, a reload keeps it.
  await setSetting('locale', l);
  await switchTo(l);
}
