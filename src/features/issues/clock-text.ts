/** issues (#6): the present for clocks and inboxes, ticking each minute, and durations in words. */
import { createRoot, createSignal } from 'solid-js';
import { span } from '../../core';
import { t } from './messages';

/** One timer for the whole app: "3 hours late" must move on while a page stays open. */
export const minuteNow = createRoot(() => {
  const [now, setNow] = createSignal(Date.now());
  setInterval(() => setNow(Date.now()), 60_000);
  return now;
});

export function spanText(ms: number): string {
  const s = span(ms);
  return t(`span.${s.unit}`, { n: s.n });
}

/** Tomorrow's date where the device is, YYYY-MM-DD (the earliest sensible planned date). */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The planned fix date offered when acknowledging: the work's resolve target
 * counted from the report, but never before tomorrow.
 */
export function defaultPlannedDate(reportedAtMs: number, resolveDays: number, now: number): string {
  return localDate(Math.max(reportedAtMs + resolveDays * 86_400_000, now + 86_400_000));
}
