/**
 * The staff overview of a big work in Chromium: 5,000 issues (with histories)
 * and 2,000 photos on the device, as the built app stores them. Measured: from
 * the click on the overview link (its code already loaded once) until the
 * status table shows all 5,000 issues, so reading, counting, response figures
 * and rendering are all in it.
 *
 * Baseline, in the same page right after: the underlying indexed queries alone,
 * with raw IndexedDB: getAll on the `work` index of issues, photos, points and
 * members. The overview cannot be faster than reading what it summarizes.
 */
import { type Page, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { SitewatchApp } from '../e2e/app';
import { startServer } from '../e2e/server';
import { testPort } from '../ports';
import { type BenchModule, type BenchResult, isMain, median, round, runStandalone } from './common';

const ISSUES = 5_000;
const PHOTOS = 2_000;
const RUNS = 5;
const WORK = 'demo-work';

/**
 * Fills the device's store as sync would have: `nIssues` issue views with histories in every status, over
 * the last 60 days, and `nPhotos` photo views (also used by tests/bench/review-charts.ts).
 */
export async function seedOverview(page: Page, work: string, nIssues: number, nPhotos: number): Promise<void> {
  await page.evaluate(
    async ([work, nIssues, nPhotos]) => {
      const stamp = (ms: number) => `${String(ms).padStart(15, '0')}:0000:bench-device`;
      const statuses = ['reported', 'acknowledged', 'in_progress', 'resolved', 'verified', 'disputed', 'reopened', 'rejected'];
      const categories = ['noise', 'sewage', 'access', 'safety', 'dust', 'greenery', 'parking', 'other'];
      const t0 = Date.now() - 60 * 86_400_000;
      const issues: unknown[] = [];
      for (let i = 0; i < nIssues; i++) {
        const reported = t0 + i * 600_000;
        const status = statuses[i % statuses.length]!;
        const history: unknown[] = [{ op: `c${i}`, kind: 'issue.create', actor: 'm', device: 'd', at: stamp(reported) }];
        if (status !== 'reported')
          history.push({
            op: `a${i}`,
            kind: 'issue.transition',
            actor: 'l',
            device: 'd',
            at: stamp(reported + 3_600_000 * (1 + (i % 40))),
            to: status === 'disputed' ? 'disputed' : 'acknowledged',
          });
        if (['resolved', 'verified', 'reopened'].includes(status))
          history.push({ op: `r${i}`, kind: 'issue.transition', actor: 'l', device: 'd', at: stamp(reported + 86_400_000 * (1 + (i % 9))), to: 'resolved' });
        if (status === 'verified' || status === 'reopened')
          history.push({ op: `v${i}`, kind: 'issue.transition', actor: 'v', device: 'd', at: stamp(reported + 86_400_000 * (2 + (i % 9))), to: status });
        issues.push({
          id: `bench-issue-${i}`,
          work,
          category: categories[i % categories.length],
          description: `第 ${i} 条：施工噪音影响居民休息`,
          severity: 'medium',
          pointId: `demo-point-${1 + (i % 4)}`,
          status,
          plannedDate: null,
          reportedBy: 'm',
          reportedAt: stamp(reported),
          fieldStamps: {},
          history,
          comments: [],
          updatedAt: stamp(reported),
          syncPending: false,
        });
      }
      const photos: unknown[] = [];
      for (let i = 0; i < nPhotos; i++) {
        photos.push({
          id: `bench-photo-${i}`,
          work,
          hash: i.toString(16).padStart(64, '0'),
          size: 300_000,
          thumbHash: (i + 1e6).toString(16).padStart(64, '0'),
          thumbSize: 20_000,
          width: 1600,
          height: 1200,
          takenAt: t0 + i * 60_000,
          location: null,
          phase: (['before', 'during', 'after'] as const)[i % 3],
          caption: '',
          targetType: i % 2 ? 'issue' : 'point',
          targetId: i % 2 ? `bench-issue-${i % nIssues}` : `demo-point-${1 + (i % 4)}`,
          author: 'm',
          device: 'd',
          addedAt: stamp(t0 + i * 60_000),
          syncPending: false,
        });
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('sitewatch');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['issues', 'photos'], 'readwrite');
        for (const row of issues) tx.objectStore('issues').put(row);
        for (const row of photos) tx.objectStore('photos').put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    [work, nIssues, nPhotos] as const,
  );
}

async function run(): Promise<BenchResult> {
  const server = await startServer({ port: testPort(4375) });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } });
    const app = new SitewatchApp(await ctx.newPage(), server);
    const page = app.page;
    await app.join('staff', 'bench');
    await app.waitUntilReadyOffline();
    // The overview opened once, so its lazy code is loaded, as on a staff member's tablet after first use.
    await page.getByRole('link', { name: '工程概览与会议材料' }).click();
    await page.getByRole('table', { name: /按状态/ }).waitFor();

    // tsx (esbuild, keepNames) wraps named functions in __name(); the page has no such helper.
    await page.addInitScript('window.__name = (f) => f');
    await page.evaluate('window.__name = (f) => f');
    await seedOverview(page, WORK, ISSUES, PHOTOS);
    const total = `按状态（共 ${ISSUES} 件）`;
    // Dexie 4 caches live-query results and only sees writes made through it: start the app afresh.
    await page.reload();
    await page.getByRole('table', { name: total }).waitFor({ timeout: 60_000 });

    const appMs: number[] = [];
    const floorMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Back to the work page and a fresh start, so that Dexie's query cache holds nothing of the overview.
      await page.getByRole('button', { name: '返回' }).click();
      await page.reload();
      await page.getByRole('link', { name: '工程概览与会议材料' }).waitFor();
      // The clock runs in the page: from the click until the table with every issue is in the document.
      appMs.push(
        await page.evaluate(async (caption) => {
          const a = [...document.querySelectorAll('a')].find((x) => x.textContent?.includes('工程概览与会议材料'))!;
          const t = performance.now();
          a.click();
          while (![...document.querySelectorAll('caption')].some((c) => c.textContent === caption)) {
            if (performance.now() - t > 60_000) {
              throw new Error(
                `the overview did not show "${caption}" within a minute; it shows: ${[...document.querySelectorAll('caption, h1')].map((c) => c.textContent).join(' | ')}`,
              );
            }
            await new Promise((res) => setTimeout(res, 2));
          }
          return performance.now() - t;
        }, total),
      );
      floorMs.push(
        await page.evaluate(async (work) => {
          // The app's connection is open before its click too: open ours before the clock starts.
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open('sitewatch');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const t = performance.now();
          const tx = db.transaction(['issues', 'photos', 'points', 'members'], 'readonly');
          const all = (store: string) =>
            new Promise<unknown[]>((resolve, reject) => {
              const req = tx.objectStore(store).index('work').getAll(work);
              req.onsuccess = () => resolve(req.result);
              req.onerror = () => reject(req.error);
            });
          const rows = await Promise.all([all('issues'), all('photos'), all('points'), all('members')]);
          const ms = performance.now() - t;
          db.close();
          if (rows[0]!.length < 5000) throw new Error(`expected the filled issues, read ${rows[0]!.length}`);
          return ms;
        }, WORK),
      );
      console.log(`    run ${r + 1}/${RUNS}: overview ${appMs[r]!.toFixed(0)} ms; indexed reads alone ${floorMs[r]!.toFixed(0)} ms`);
    }
    await ctx.close();
    return {
      figures: [
        {
          name: `staff overview of ${ISSUES.toLocaleString('en')} issues and ${PHOTOS.toLocaleString('en')} photos in Chromium`,
          value: round(median(appMs), 1),
          unit: 'ms',
          baseline: 'raw IndexedDB getAll on the work index of issues, photos, points, members',
          baselineValue: round(median(floorMs), 1),
        },
      ],
      failures: [],
      notes: [
        `**Staff overview.** ${ISSUES.toLocaleString('en')} issues with histories in every status and ${PHOTOS.toLocaleString('en')} photo records are ` +
          `written into the device's IndexedDB of the built app in Debian's Chromium; the time runs from the click on the overview link ` +
          `(its code loaded once before) until the status table counts every issue: reads through Dexie, counts, response figures, rendering. ` +
          `Baseline: the same reads with raw IndexedDB getAll on the work index, in the same page. Median of ${RUNS}.`,
      ],
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export const reviewOverview: BenchModule = { title: 'staff overview in Chromium', run };

if (isMain(import.meta.url)) runStandalone(run);
