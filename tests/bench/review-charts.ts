/**
 * The overview with its charts, of a work of 5,000 issues (with histories) and 2,000 photos, in Chromium at
 * 1366 × 800 with the built app (dist/), against the same overview without charts, in the same run.
 *
 * Two browser contexts over the same store contents: in one the charts' chunk (ReviewCharts-*.js) is
 * replaced by an empty component, so the page is the overview without charts and uPlot never loads; the
 * other is the app as built. Both have the page's code loaded once before (a staff member's PC after first
 * use). Measured (median of RUNS, the two alternating): from the click on the overview link, in the page,
 * until the status table counts every issue (both), and until the five charts are drawn (with charts).
 * Service workers are blocked in both so that the stand-in chunk is what the page gets.
 */
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { type RunningServer, startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, ROOT, freePort, isMain, median, round, runStandalone } from './common';
import { seedOverview } from './review-overview';
import { joinAsStaff } from './seed-issues-browser';

const ISSUES = 5_000;
const PHOTOS = 2_000;
const RUNS = 5;
const WORK = 'demo-work';
const CHARTS = 5;

async function prepare(context: BrowserContext, server: RunningServer, charts: boolean): Promise<Page> {
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  if (!charts)
    await context.route(/\/assets\/ReviewCharts-[^/]+\.js$/, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: 'export default function ReviewCharts() { return null; }' }),
    );
  const page = await context.newPage();
  await joinAsStaff(page, server);
  await seedOverview(page, WORK, ISSUES, PHOTOS);
  // Dexie caches live-query results and sees only writes made through it: start afresh, and open the overview once.
  await page.goto(`${server.url}/w/${WORK}/review`);
  await page.getByRole('table', { name: `按状态（共 ${ISSUES} 件）` }).waitFor({ timeout: 60_000 });
  if (charts)
    await page
      .locator('.chart canvas')
      .nth(CHARTS - 1)
      .waitFor({ timeout: 60_000 });
  return page;
}

/** From the click on the overview link (on the work's page, reloaded) until the table, and the charts if `charts`. */
async function openOverview(page: Page, server: RunningServer, charts: boolean): Promise<{ table: number; charts: number }> {
  await page.goto(`${server.url}/w/${WORK}`);
  await page.locator(`a[href="/w/${WORK}/review"]`).first().waitFor();
  return page.evaluate(
    async ({ work, caption, n, charts }) => {
      const link = document.querySelector<HTMLAnchorElement>(`a[href="/w/${work}/review"]`)!;
      const t = performance.now();
      link.click();
      let table = 0;
      for (;;) {
        if (!table && [...document.querySelectorAll('caption')].some((c) => c.textContent === caption)) table = performance.now() - t;
        if (table && (!charts || document.querySelectorAll('.chart canvas').length >= n)) break;
        if (performance.now() - t > 60_000) throw new Error('the overview did not show its table and charts within a minute');
        await new Promise((r) => setTimeout(r, 2));
      }
      // The frame that paints them.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { table, charts: performance.now() - t };
    },
    { work: WORK, caption: `按状态（共 ${ISSUES} 件）`, n: CHARTS, charts },
  );
}

async function run(): Promise<BenchResult> {
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  const server = await startServer({ port: await freePort(), staticDir: join(ROOT, 'dist') });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const options = { locale: 'zh-CN', viewport: { width: 1366, height: 800 }, serviceWorkers: 'block' as const };
    const plainCtx = await browser.newContext(options);
    const chartsCtx = await browser.newContext(options);
    const plain = await prepare(plainCtx, server, false);
    const withCharts = await prepare(chartsCtx, server, true);
    if ((await plain.locator('.chart').count()) !== 0) throw new Error('the overview without charts drew charts');

    const plainMs: number[] = [];
    const tableMs: number[] = [];
    const chartsMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      plainMs.push((await openOverview(plain, server, false)).table);
      const m = await openOverview(withCharts, server, true);
      tableMs.push(m.table);
      chartsMs.push(m.charts);
      console.log(
        `    run ${r + 1}/${RUNS}: without charts ${plainMs[r]!.toFixed(0)} ms; with charts: table ${m.table.toFixed(0)} ms, charts drawn ${m.charts.toFixed(0)} ms`,
      );
    }
    await plainCtx.close();
    await chartsCtx.close();
    const baseline = 'the same overview without charts (their chunk replaced by an empty component): click to the status table';
    return {
      figures: [
        {
          name: `staff overview with charts, ${ISSUES.toLocaleString('en')} issues: click to the five charts drawn (Chromium, 1366x800)`,
          value: round(median(chartsMs), 1),
          unit: 'ms',
          baseline,
          baselineValue: round(median(plainMs), 1),
        },
        {
          name: `staff overview with charts, ${ISSUES.toLocaleString('en')} issues: click to the status table (Chromium, 1366x800)`,
          value: round(median(tableMs), 1),
          unit: 'ms',
          baseline,
          baselineValue: round(median(plainMs), 1),
        },
      ],
      failures: [],
      notes: [
        `**Overview with charts** (tests/bench/review-charts.ts): ${ISSUES.toLocaleString('en')} issues with histories and ` +
          `${PHOTOS.toLocaleString('en')} photos in the built app's store, Chromium at 1366×800. The same overview with the charts' chunk ` +
          `replaced by an empty component is the baseline, in a second context of the same run; the time runs from the click on the overview ` +
          `link until the status table counts every issue, and with charts until the five charts are drawn. The weekly line replays every ` +
          `issue's history once per week of the work (bounded to 104 weeks). Median of ${RUNS}, alternating.`,
      ],
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export const reviewCharts: BenchModule = { title: 'overview charts in Chromium (5k issues)', run };

if (isMain(import.meta.url)) runStandalone(run);
