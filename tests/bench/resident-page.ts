/**
 * The residents' report page on a slow phone link: its JavaScript gzipped (budget 30 KB), and its first
 * load in Chromium with the network emulated at 400 kbit/s both ways and 400 ms round trips, from the
 * navigation to the poster's link until the form can be used (the category choices shown, which needs
 * the page's script, its style and the poster's answer from the server). No cache, no service worker.
 *
 * Baseline: the app shell's first load under the same link, until its join page asks for the invite
 * code (what a volunteer meets on first scanning an invite).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startServer } from '../e2e/server';
import { testPort } from '../ports';
import { type BenchModule, type BenchResult, ROOT, isMain, median, round, runStandalone } from './common';

const RUNS = 3;
const JS_BUDGET_BYTES = 30 * 1024;
const LOAD_BUDGET_MS = 4000;

/** The gzipped size of every script resident.html loads (its entry and the chunks it preloads). */
function pageScriptBytes(): number {
  const dist = join(ROOT, 'dist');
  const html = readFileSync(join(dist, 'resident.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  if (scripts.length === 0) throw new Error('resident.html loads no script: was the app built?');
  return scripts.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
}

async function firstLoad(browser: Browser, url: string, ready: string): Promise<number> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 51_200, uploadThroughput: 51_200 });
  const t = Date.now();
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  const ms = Date.now() - t;
  await ctx.close();
  return ms;
}

async function run(): Promise<BenchResult> {
  const server = await startServer({ port: testPort(4376) });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const joined = await fetch(`${server.url}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: server.codes.staff, name: 'bench', deviceId: 'bench-device' }),
    });
    const { token } = (await joined.json()) as { token: string };
    const made = await fetch(`${server.url}/api/admin/posters`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ pointId: null }),
    });
    const poster = (await made.json()) as { token: string };
    const pageMs: number[] = [];
    const shellMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      pageMs.push(await firstLoad(browser, `${server.url}/resident.html#p=${poster.token}`, 'input[type=radio]'));
      shellMs.push(await firstLoad(browser, `${server.url}/join`, 'input'));
      console.log(`    run ${r + 1}/${RUNS}: report page ${pageMs[r]} ms; app shell's join page ${shellMs[r]} ms`);
    }
    const js = pageScriptBytes();
    const load = median(pageMs);
    const failures: string[] = [];
    if (js > JS_BUDGET_BYTES) failures.push(`the report page's JavaScript is ${js} B gzip, over its budget of ${JS_BUDGET_BYTES} B`);
    if (load > LOAD_BUDGET_MS) failures.push(`the report page's first load on slow 3G took ${load} ms, over its budget of ${LOAD_BUDGET_MS} ms`);
    return {
      figures: [
        {
          name: 'resident report page: JavaScript (gzip)',
          value: round(js / 1024, 2),
          unit: 'KB',
          baseline: 'budget',
          baselineValue: JS_BUDGET_BYTES / 1024,
        },
        {
          name: 'resident report page: first load on slow 3G (400 kbit/s, 400 ms RTT) until usable',
          value: load,
          unit: 'ms',
          baseline: "the app shell's join page, first load on the same link",
          baselineValue: median(shellMs),
        },
      ],
      failures,
      notes: [
        `**Resident report page.** The built resident.html in Debian's Chromium, no cache and no service worker, the network emulated ` +
          `(CDP) at 51,200 B/s both ways with 400 ms latency; from navigation to the poster link until the category choices show (script, ` +
          `style and the poster's answer from the server). Baseline: the app shell's first load to its join page on the same link. ` +
          `Median of ${RUNS}. Budgets: ${JS_BUDGET_BYTES / 1024} KB gzip of JavaScript, ${LOAD_BUDGET_MS} ms.`,
      ],
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export const residentPage: BenchModule = { title: 'resident report page on slow 3G', run };

if (isMain(import.meta.url)) runStandalone(run);
