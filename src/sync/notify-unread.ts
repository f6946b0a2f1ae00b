/**
 * How many in-app notifications a member has not read, per work: the header's bell shows it, and
 * the app's icon too where the Badging API exists (installed apps on Chrome, Edge and Safari 17+;
 * elsewhere it does nothing). Fetched when a page shows the bell and then every minute while the
 * page is visible and online; the notifications page sets it from the list it has just read.
 */
import { createSignal } from 'solid-js';
import { call } from './api';

const [counts, setCounts] = createSignal<Readonly<Record<string, number>>>({});
const REFRESH_MS = 60_000;

export const unreadOf = (work: string): number => counts()[work] ?? 0;

/** Records a work's count (from an answer already in hand) and updates the app's icon badge. */
export function setUnread(work: string, n: number): void {
  if (counts()[work] === n) return;
  setCounts({ ...counts(), [work]: n });
  const total = Object.values(counts()).reduce((a, b) => a + b, 0);
  const nav = navigator as Navigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  // Supported or not, refused or not (no permission, not installed): the bell in the page still shows it.
  if (total > 0) void nav.setAppBadge?.(total).catch(() => {});
  else void nav.clearAppBadge?.().catch(() => {});
}

/** Asks the server for a work's count; offline or refused, the last count stays. */
export async function refreshUnread(work: string, token: string, base = ''): Promise<void> {
  try {
    const r = await call<{ unread: number }>((input, init) => fetch(input, init), `${base}/api/notify/inbox/unread`, { method: 'GET', token });
    setUnread(work, r.unread);
  } catch {
    // keep the last count
  }
}

/** Refreshes now and every minute while visible; returns the stop function. */
export function watchUnread(work: string, token: string): () => void {
  void refreshUnread(work, token);
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible' && navigator.onLine) void refreshUnread(work, token);
  }, REFRESH_MS);
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshUnread(work, token);
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
