/**
 * Messages in zh-CN (default for zh-* browsers) and en. Chinese ships in the
 * app shell; English is a chunk of its own, loaded when chosen (the service
 * worker precaches it, so switching works offline too). Both together would
 * push the first screen past its budget on a slow phone link.
 */
import { createSignal } from 'solid-js';
import { getSetting, setSetting } from '../lib/settings';
import { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Messages = Record<MessageKey, string>;
const MESSAGES: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN };

async function loadMessages(l: Locale): Promise<Messages> {
  return (MESSAGES[l] ??= l === 'en' ? (await import('./en')).en : zhCN);
}

export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  const first = languages[0] ?? 'zh-CN';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const [locale, setLocaleSignal] = createSignal<Locale>(browserLocale());
export { locale };

function applyToDocument(l: Locale, messages: Messages): void {
  document.documentElement.lang = l;
  document.title = messages['app.name'];
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

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  let s = (MESSAGES[locale()] ?? zhCN)[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** "3 min ago" for recent times, a local date-time otherwise. */
export function formatTime(ms: number, now = Date.now()): string {
  const diff = now - ms;
  if (diff < 60_000) return t('time.justNow');
  if (diff < 3_600_000) return t('time.minutes', { n: Math.floor(diff / 60_000) });
  if (diff < 12 * 3_600_000) return t('time.hours', { n: Math.floor(diff / 3_600_000) });
  return new Date(ms).toLocaleString(locale(), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
