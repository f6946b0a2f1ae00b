/**
 * issues: the filtered issue list on a device holding 20,000 issues, in
 * Chromium with the built app (dist/) served by the real sync server.
 *
 * Setup: a staff member joins through the app; 20,000 issue rows (statuses,
 * categories, points, assignees and report dates spread over 60 days, a few
 * history entries each) are written straight into the app's IndexedDB `issues`
 * store, and the work page is reloaded.
 *
 * Measured, per filter: from the change of the filter's <select> until the
 * list shows the first page (50 cards) of matching issues, newest change first:
 * URL update, the app's query (listIssues: an index, then matchesFilter while
 * walking it) and Solid's rendering. Median of RUNS, each from the unfiltered
 * list. Then "show more" (the next 50) the same way.
 *
 * Baseline, in the same page: the floor of the same indexed query with raw
 * IndexedDB (the index the app uses, a 'prev' cursor, the same conditions
 * tested in plain JS, stopping at 51 rows), no Dexie and no rendering.
 */
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, ROOT, isMain, median, round, runStandalone, freePort } from './common';
import { joinAsStaff, seedIssues } from './seed-issues-browser';

const N = 20_000;
const RUNS = 7;
const WORK = 'demo-work';

/** The filter cases: the select to change, its value, and the same condition for the raw floor. */
const CASES = [
  { name: 'status = reported', select: '状态', value: 'reported', index: '[work+status+updatedAt]', key: 'reported', byAssignee: null },
  { name: 'category = dust', select: '类别', value: 'dust', index: '[work+category+updatedAt]', key: 'dust', byAssignee: null },
  // No index for the assignee: the app walks [work+updatedAt] and tests each row, like the floor does.
  { name: 'assignee = liaison 2', select: '负责人', value: 'bench-liaison-2', index: '[work+updatedAt]', key: null, byAssignee: 'bench-liaison-2' },
] as const;
type Case = { index: string; key: string | null; byAssignee: string | null };

async function run(): Promise<BenchResult> {
  // tests/e2e/server.ts runs `sync-server/main.ts` relative to the working directory.
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  const server = await startServer({ port: await freePort(), staticDir: join(ROOT, 'dist') });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    // tsx (esbuild, keepNames) wraps named functions inside page.evaluate callbacks in __name(): give the page one.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const page = await context.newPage();
    await joinAsStaff(page, server);

    // 20,000 rows straight into the app's store (and two liaisons to filter by).
    await seedIssues(page, N, WORK);
    await page.goto(`${server.url}/w/${WORK}`);
    const list = page.getByRole('list', { name: '问题与投诉' });
    await list.getByRole('listitem').nth(49).waitFor({ timeout: 60_000 });
    await page.getByText('筛选', { exact: true }).click();

    /** The floor: the same query with raw IndexedDB; returns [ms, descriptions of the first page]. */
    const floor = (c: Case, limit: number) =>
      page.evaluate(
        async ({ index, key, byAssignee, work, limit }) => {
          const db = await new Promise<IDBDatabase>((resolve) => {
            const r = indexedDB.open('sitewatch');
            r.onsuccess = () => resolve(r.result);
          });
          const assignee = (r: { history: { to?: string; actor: string }[] }) => {
            for (let i = r.history.length - 1; i >= 0; i--) if (r.history[i]!.to === 'acknowledged') return r.history[i]!.actor;
            return null;
          };
          const t0 = performance.now();
          const range = key === null ? IDBKeyRange.bound([work, ''], [work, '\uffff']) : IDBKeyRange.bound([work, key, ''], [work, key, '\uffff']);
          const rows: Array<{ description: string }> = [];
          await new Promise<void>((resolve) => {
            const cur = db.transaction('issues').objectStore('issues').index(index).openCursor(range, 'prev');
            cur.onsuccess = () => {
              const c = cur.result;
              if (!c || rows.length > limit) return resolve();
              if (byAssignee === null || assignee(c.value) === byAssignee) rows.push(c.value as { description: string });
              c.continue();
            };
          });
          const ms = performance.now() - t0;
          db.close();
          return { ms, first: rows.slice(0, limit).map((r) => r.description) };
        },
        { index: c.index, key: c.key, byAssignee: c.byAssignee, work: WORK, limit },
      );

    /** Changes a select (or clicks "show more") and waits until the list shows `expected` (descriptions in order). */
    const measure = (action: { select: string; value: string } | 'more', expected: string[]) =>
      page.evaluate(
        ({ action, expected }) =>
          new Promise<number>((resolve, reject) => {
            const shown = () => [...document.querySelectorAll('ul[aria-label="问题与投诉"] .desc')].map((e) => e.textContent);
            const done = () => {
              const s = shown();
              return s.length === expected.length && s.every((d, i) => d === expected[i]);
            };
            const t0 = performance.now();
            const timer = setTimeout(() => reject(new Error(`list never showed the expected ${expected.length} rows; shows ${shown().length}`)), 30_000);
            const check = () => {
              if (!done()) return false;
              clearTimeout(timer);
              resolve(performance.now() - t0);
              return true;
            };
            new MutationObserver((_, obs) => check() && obs.disconnect()).observe(document.querySelector('main')!, {
              childList: true,
              subtree: true,
              characterData: true,
            });
            if (action === 'more') {
              // The list's own button: the inbox above it has one too (staff's disputed issues run into the thousands here).
              [...document.querySelectorAll('button')]
                .filter((b) => b.textContent === '显示更多')
                .at(-1)!
                .click();
            } else {
              const sel = document.querySelector(`select[aria-label="${action.select}"]`) as HTMLSelectElement;
              sel.value = action.value;
              sel.dispatchEvent(new Event('change', { bubbles: true }));
            }
          }),
        { action, expected },
      );

    const unfiltered = (await floor({ index: '[work+updatedAt]', key: null, byAssignee: null }, 50)).first;
    const figures = [];
    for (const c of CASES) {
      const app: number[] = [];
      const raw: number[] = [];
      let expected: string[] = [];
      for (let r = 0; r < RUNS; r++) {
        const f = await floor(c, 50);
        raw.push(f.ms);
        expected = f.first;
        app.push(await measure({ select: c.select, value: c.value }, expected));
        await measure({ select: c.select, value: '' }, unfiltered);
      }
      figures.push({
        name: `issue list, 20k issues, filter ${c.name}: first 50 shown (Chromium)`,
        value: round(median(app), 1),
        unit: 'ms',
        baseline: 'raw IndexedDB indexed query of the same 50 rows (same index, same conditions)',
        baselineValue: round(median(raw), 2),
      });
    }
    // "Show more" with the status filter: 100 rows shown.
    const c0 = CASES[0];
    const more: number[] = [];
    const rawMore: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const first = await floor(c0, 50);
      const next = await floor(c0, 100);
      rawMore.push(next.ms);
      await measure({ select: c0.select, value: c0.value }, first.first);
      more.push(await measure('more', next.first));
      await measure({ select: c0.select, value: '' }, unfiltered);
    }
    figures.push({
      name: 'issue list, 20k issues, status filter: "show more" to 100 shown (Chromium)',
      value: round(median(more), 1),
      unit: 'ms',
      baseline: 'raw IndexedDB indexed query of the same 100 rows',
      baselineValue: round(median(rawMore), 2),
    });
    await context.close();
    return {
      figures,
      failures: [],
      notes: [
        '**Issue list with 20,000 issues** (tests/bench/issue-list-browser.ts): the built app in Chromium (360×740), a staff member ' +
          'joined, 20,000 issue rows written into its IndexedDB. Per filter, the time from changing the filter to the list showing ' +
          `the first 50 matching cards (median of ${RUNS}), against the raw IndexedDB floor of the same indexed query in the same page. ` +
          'The assignee filter has no index (the assignee is derived from the history): both sides walk the newest-first index and test rows.',
      ],
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export const issueListBrowser: BenchModule = { title: 'issue list filters in Chromium (20k issues)', run };

if (isMain(import.meta.url)) runStandalone(run);
