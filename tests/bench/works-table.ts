/**
 * The desk's "all my works" page (with staff's combined inbox) on a device holding 20 works of 2,000 issues
 * each, in Chromium at 1366 × 800 with the built app (dist/), against raw IndexedDB counts in the same page.
 *
 * The staff member joins the demo work for real; 19 more memberships are written beside it (the sync
 * server's API is cut off for the run, so the made-up works stay as they are on the device), and 2,000
 * issues of every work go straight into the store (tests/bench/seed-issues-browser.ts).
 *
 * Measured (median of RUNS): from the click on the side navigation's link until every work's row shows its
 * figures and the inbox its count, painted. Baselines, in the same page with raw IndexedDB: the number of
 * issues of each status of each work (160 counts on the [work+status+updatedAt] index), and the getAll of
 * every work's issues on the `work` index (the rows the page's figures are computed from).
 */
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, ROOT, freePort, isMain, median, round, runStandalone } from './common';
import { joinAsStaff, seedIssues } from './seed-issues-browser';

const WORKS = 20;
const PER_WORK = 2_000;
const RUNS = 5;
const STATUSES = ['reported', 'acknowledged', 'in_progress', 'resolved', 'verified', 'disputed', 'reopened', 'rejected'];

async function run(): Promise<BenchResult> {
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  const server = await startServer({ port: await freePort(), staticDir: join(ROOT, 'dist') });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 800 }, serviceWorkers: 'block' });
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const page = await context.newPage();
    await joinAsStaff(page, server);
    await context.route(/\/api\//, (route) => route.abort('internetdisconnected'));

    const works = ['demo-work', ...Array.from({ length: WORKS - 1 }, (_, i) => `bench-work-${i + 1}`)];
    await page.evaluate(async (works) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const r = indexedDB.open('sitewatch-settings');
        r.onsuccess = () => resolve(r.result);
      });
      const store = () => db.transaction('kv', 'readwrite').objectStore('kv');
      const list = await new Promise<Array<Record<string, unknown>>>((resolve) => {
        const q = store().get('memberships');
        q.onsuccess = () => resolve(q.result as Array<Record<string, unknown>>);
      });
      const real = list[0]!;
      const more = works.slice(1).map((work, i) => ({ ...real, work, workName: `压测工程 ${i + 1}` }));
      await new Promise<void>((resolve) => {
        const q = store().put([...list, ...more], 'memberships');
        q.onsuccess = () => resolve();
      });
      db.close();
    }, works);
    for (const w of works) await seedIssues(page, PER_WORK, w, `${w}-issue`);

    const open = async () => {
      await page.goto(`${server.url}/w/demo-work`);
      await page.locator('a[href="/works"]').first().waitFor();
      return page.evaluate(async (n) => {
        const t = performance.now();
        document.querySelector<HTMLAnchorElement>('a[href="/works"]')!.click();
        // Every row shows its work's figures (the last-activity cell is filled), and the inbox its count.
        const done = () => {
          const rows = [...document.querySelectorAll('table.works-table tbody tr')];
          return (
            rows.length === n &&
            rows.every((r) => r.querySelectorAll('td')[4]?.textContent !== '暂无') &&
            /（[1-9]\d*）/.test(document.getElementById('desk-inbox-h')?.textContent ?? '')
          );
        };
        while (!done()) {
          if (performance.now() - t > 60_000)
            throw new Error(
              `the works table did not fill within a minute: ${document.querySelector('main')?.textContent?.slice(0, 600)} | rows: ${[...document.querySelectorAll('table.works-table tbody tr')].map((r) => r.textContent).join(' / ')}`,
            );
          await new Promise((r) => setTimeout(r, 5));
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - t;
      }, WORKS);
    };
    const raw = (kind: 'counts' | 'getAll') =>
      page.evaluate(
        async ({ kind, works, statuses }) => {
          const db = await new Promise<IDBDatabase>((resolve) => {
            const r = indexedDB.open('sitewatch');
            r.onsuccess = () => resolve(r.result);
          });
          const t = performance.now();
          const store = db.transaction('issues').objectStore('issues');
          const req = <T>(q: IDBRequest<T>) => new Promise<T>((resolve) => (q.onsuccess = () => resolve(q.result)));
          let total = 0;
          if (kind === 'counts') {
            const counts = await Promise.all(
              works.flatMap((w) => statuses.map((s) => req(store.index('[work+status+updatedAt]').count(IDBKeyRange.bound([w, s, ''], [w, s, '\uffff']))))),
            );
            total = counts.reduce((a, b) => a + b, 0);
          } else {
            const rows = await Promise.all(works.map((w) => req(store.index('work').getAll(w))));
            total = rows.reduce((a, r) => a + r.length, 0);
          }
          const ms = performance.now() - t;
          db.close();
          if (total !== works.length * 2000) throw new Error(`expected ${works.length * 2000} issues, read ${total}`);
          return ms;
        },
        { kind, works, statuses: STATUSES },
      );

    await open(); // the page's code loaded once, as on a staff member's PC after first use
    const app: number[] = [];
    const counts: number[] = [];
    const getAll: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      counts.push(await raw('counts'));
      getAll.push(await raw('getAll'));
      app.push(await open());
      console.log(
        `    run ${r + 1}/${RUNS}: works page ${app[r]!.toFixed(0)} ms; raw counts ${counts[r]!.toFixed(0)} ms; raw getAll ${getAll[r]!.toFixed(0)} ms`,
      );
    }
    await context.close();
    const name = `all my works, ${WORKS} works of ${PER_WORK.toLocaleString('en')} issues: click to every row's figures and the inbox painted (Chromium, 1366x800)`;
    return {
      figures: [
        {
          name,
          value: round(median(app), 1),
          unit: 'ms',
          baseline: 'raw IndexedDB counts of each status of each work (160 index counts)',
          baselineValue: round(median(counts), 1),
        },
        {
          name: `${name}, against the rows`,
          value: round(median(app), 1),
          unit: 'ms',
          baseline: "raw IndexedDB getAll of every work's issues on the work index",
          baselineValue: round(median(getAll), 1),
        },
      ],
      failures: [],
      notes: [
        `**All my works** (tests/bench/works-table.ts): ${WORKS} works of ${PER_WORK.toLocaleString('en')} issues each on one device, the built app ` +
          `in Chromium at 1366×800, the sync API cut off. From the click on the side navigation's link until every work's row shows its ` +
          `figures (open, overdue, waiting, disputed, last activity, photos) and staff's combined inbox its count, painted, against raw ` +
          `IndexedDB in the same page: the counts per status per work (what a table of counts alone could read), and the getAll of all ` +
          `the rows (what the figures, which need each issue's clocks, are computed from). Median of ${RUNS}.`,
      ],
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export const worksTable: BenchModule = { title: 'all my works in Chromium (20 works of 2k issues)', run };

if (isMain(import.meta.url)) runStandalone(run);
