/**
 * What a phone downloads before the first screen shows: the JavaScript and CSS of a cold load of
 * the start page or the join page, in bytes on the wire (compressed), request by request. Shared by
 * the budget test (tests/e2e/first-screen.spec.ts) and the benchmark (tests/bench/first-screen.ts).
 *
 * "Before the first screen" is read from the page itself: the app marks `sitewatch:first-screen`
 * once the first screen has rendered (src/main.tsx), and then starts fetching the rest (the sync
 * engine, Dexie, a member's home page). Every script and stylesheet whose request started before
 * that mark counts. A build without the mark (an older one, as a baseline) counts what started
 * before its `load` event: there the whole shell is in index.html, which the load event waits for.
 */
import type { Browser } from '@playwright/test';

export const FIRST_SCREEN_MARK = 'sitewatch:first-screen';
/** The first screen's JS + CSS, compressed: a cheap phone on a weak link can show it in a few seconds. */
export const FIRST_SCREEN_BUDGET_KB = 50;
/** KB as vite and the bundle bench report it. */
export const KB = 1000;

export interface FirstScreenRequest {
  /** Path under the origin, e.g. /assets/main-abc.js. */
  path: string;
  kind: 'js' | 'css';
  /** Bytes of the body as sent (compressed), from Resource Timing's encodedBodySize. */
  bytes: number;
}

export interface FirstScreen {
  requests: FirstScreenRequest[];
  js: number;
  css: number;
  /** Whether the build marked its first screen (false: the load event was the cut-off). */
  marked: boolean;
  /** When the join form was first in the page, and the cut-off (ms since navigation start). */
  formAt: number | null;
  cutoffAt: number;
}

/**
 * `encoding`: what the phone accepts. 'gzip' is what the budget is stated in (every browser takes
 * it); 'browser' leaves Chromium's own header (brotli first), the bytes a phone really downloads.
 * `locale`: the phone's language; English also fetches the English of the shell's catalogs.
 */
export async function measureFirstScreen(browser: Browser, url: string, encoding: 'gzip' | 'browser', locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<FirstScreen> {
  const ctx = await browser.newContext({
    locale,
    // Only the page's own requests: a worker from an earlier visit would serve from its cache.
    serviceWorkers: 'block',
    ...(encoding === 'gzip' ? { extraHTTPHeaders: { 'Accept-Encoding': 'gzip' } } : {}),
  });
  try {
    const page = await ctx.newPage();
    // When the join form first appears, to check that the cut-off comes after it (a first screen
    // drawn late, after an await, would start its chunks after the mark and escape the count).
    await page.addInitScript(() => {
      const w = window as unknown as { __formAt?: number };
      const look = () => {
        if (w.__formAt === undefined && document.querySelector('input[name="name"]')) w.__formAt = performance.now();
      };
      new MutationObserver(look).observe(document, { childList: true, subtree: true });
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('input[name="name"]').waitFor();
    // The mark comes a frame after the first render; a build without it has only its load event.
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, FIRST_SCREEN_MARK, { timeout: 5_000 }).catch(() => undefined);
    const seen = await page.evaluate((name) => {
      const mark = performance.getEntriesByName(name)[0];
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const cutoffAt = mark ? mark.startTime : (nav?.loadEventStart ?? performance.now());
      const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
        url: r.name,
        startTime: r.startTime,
        bytes: r.encodedBodySize,
      }));
      return { marked: !!mark, cutoffAt, formAt: (window as unknown as { __formAt?: number }).__formAt ?? null, resources };
    }, FIRST_SCREEN_MARK);
    const requests: FirstScreenRequest[] = [];
    for (const r of seen.resources) {
      if (r.startTime > seen.cutoffAt) continue;
      const path = new URL(r.url).pathname;
      const kind = path.endsWith('.js') || path.endsWith('.mjs') ? 'js' : path.endsWith('.css') ? 'css' : null;
      if (kind) requests.push({ path, kind, bytes: r.bytes });
    }
    const sum = (k: 'js' | 'css') => requests.filter((r) => r.kind === k).reduce((n, r) => n + r.bytes, 0);
    return { requests, js: sum('js'), css: sum('css'), marked: seen.marked, formAt: seen.formAt, cutoffAt: seen.cutoffAt };
  } finally {
    await ctx.close();
  }
}

export function describeFirstScreen(s: FirstScreen): string {
  return s.requests.map((r) => `${r.path} ${(r.bytes / KB).toFixed(2)} KB`).join(', ');
}
