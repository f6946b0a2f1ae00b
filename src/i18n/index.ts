/**
 * Messages in zh-CN (default for zh-* browsers) and en. Chinese ships in the
 * app shell; English is a chunk of its own, loaded when chosen (the service
 * worker precaches it, so switching works offline too). Both together would
 * push the first screen past its budget on a slow phone link. For the same reason
 * Chinese comes in two parts: what the shell shows (zh-CN.ts), and what the pages
 * that load on demand show (zh-CN.more.ts), fetched with those pages.
 */
import { createSignal } from 'solid-js';
import { getSetting, setSetting } from '../lib/settings';
import { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN | keyof typeof import('./zh-CN.more').zhCNMore;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Messages = Partial<Record<MessageKey, string>>;
const MESSAGES: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN as Messages };
/** Bumped when more messages arrive, so that what is on screen is translated again. */
const [loaded, setLoaded] = createSignal(0);

async function loadMessages(l: Locale): Promise<Messages> {
  return (MESSAGES[l] ??= l === 'en' ? (await import('./en')).en : zhCN);
}

let more: Promise<void> | undefined;
/** The Chinese messages of the pages that load on demand (English is loaded whole). */
export function loadMoreMessages(): Promise<void> {
  more ??= import('./zh-CN.more').then(({ zhCNMore }) => {
    MESSAGES['zh-CN'] = { ...zhCN, ...zhCNMore };
    setLoaded((n) => n + 1);
  });
  return more;
}

/** A lazy page's module, resolved once its messages are here too: wrap every lazy() import with it. */
export function withMessages<T>(module: Promise<T>): Promise<T> {
  return Promise.all([module, loadMoreMessages()]).then(([m]) => m);
}

export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  const first = languages[0] ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const [locale, setLocaleSignal] = createSignal<Locale>(browserLocale());
export { locale };

function applyToDocument(l: Locale, messages: Messages): void {
  document.documentElement.lang = l;
  document.title = messages['app.name'] ?? zhCN['app.name'];
}

/** Loads the saved choice, if any (before the first render). */
export async function initLocale(): Promise<void> {
  const saved = await getSetting<Locale>('locale');
  const l = saved && LOCALES.includes(saved) ? saved : browserLocale();
  const messages = await loadMessages(l);
  setLocaleSignal(l);
  applyToDocument(l, messages);
}

export async function setLocale(l: Locale): Promise<void> {
  const messages = await loadMessages(l);
  setLocaleSignal(l);
  applyToDocument(l, messages);
  await setSetting('locale', l);
}

type Params = Record<string, string | number>;

/** Puts each {name} of a message's text in place. */
function fill(text: string, params?: Params): string {
  if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export function t(key: MessageKey, params?: Params): string {
  loaded();
  return fill((MESSAGES[locale()] ?? (zhCN as Messages))[key] ?? key, params);
}

/**
 * A t() for a page's own messages, which load with that page rather than with the app shell
 * (src/features/<page>/messages.ts): Chinese and English side by side, checked by the type.
 */
export function createTranslator<K extends string>(zh: Record<K, string>, en: Record<K, string>): (key: K, params?: Params) => string {
  return (key, params) => fill((locale() === 'zh-CN' ? zh : en)[key] ?? key, params);
}

/** "3 min ago" for recent times, a local date-time otherwise. */
export function formatTime(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (diff < 60_000) return t('time.justNow');
  if (diff < 3_600_000) return t('time.minutes', { n: Math.floor(diff / 60_000) });
  if (diff < 12 * 3_600_000) return t('time.hours', { n: Math.floor(diff / 3_600_000) });
  return dateTimeFormat(locale()).format(ms);
}

// issues (#6): one formatter per language. toLocaleString builds a new Intl.DateTimeFormat per call,
// which made a page of 50 issue cards noticeably slower to show (tests/bench/issue-list-browser.ts).
const formats = new Map<Locale, Intl.DateTimeFormat>();
function dateTimeFormat(l: Locale): Intl.DateTimeFormat {
  let f = formats.get(l);
  if (!f) formats.set(l, (f = new Intl.DateTimeFormat(l, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
  return f;
}
