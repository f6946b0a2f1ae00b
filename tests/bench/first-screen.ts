/**
 * The first screen's bytes: the JavaScript and CSS a phone fetches on a cold load of the start page
 * and of the join page before the first screen shows (tests/e2e/first-screen.ts says how that is
 * read), gzip (what the 50 KB budget is stated in) and as Chromium gets them (brotli). Against the
 * build of another commit in the same run: by default `main`, archived into a temporary folder and
 * built there (SITEWATCH_BASELINE_REF names another ref; SITEWATCH_BASELINE_STATIC a built dist/ to
 * use instead). Both builds are served by this checkout's real server on loopback.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { FIRST_SCREEN_BUDGET_KB, KB, describeFirstScreen, measureFirstScreen } from '../e2e/first-screen';
import { type RunningServer, startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, type Measured, ROOT, freePort, isMain, round, runStandalone } from './common';

export interface Baseline {
  label: string;
  dist: string;
  cleanup: () => void;
}

/** A ref of this repository, archived and built in a temporary folder; null when that cannot be done here. */
function buildBaseline(ref: string): Baseline | null {
  if (!/^[\w./-]{1,100}$/.test(ref)) throw new Error(`SITEWATCH_BASELINE_REF "${ref}" is not a plain git ref`);
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    console.log(`    no git ref "${ref}" here: no baseline build`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-baseline-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr.toString()}`);
    const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString()}`);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    console.log(`    building ${ref} (${commit}) in ${dir} for the baseline`);
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: dir, stdio: 'inherit' });
    return { label: `${ref} (${commit}), built in the same run`, dist: join(dir, 'dist'), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

interface Shot {
  gzip: number;
  browser: number;
  listed: string;
}

async function measure(browser: Browser, server: RunningServer, path: string): Promise<Shot> {
  const url = `${server.url}${path}`;
  const gz = await measureFirstScreen(browser, url, 'gzip');
  const br = await measureFirstScreen(browser, url, 'browser');
  return { gzip: (gz.js + gz.css) / KB, browser: (br.js + br.css) / KB, listed: describeFirstScreen(gz) };
}

const PAGES = [
  ['start page', () => '/'],
  ['join page', (s: RunningServer) => `/join?code=${s.codes.volunteer}`],
] as const;

/** The build to compare with: SITEWATCH_BASELINE_STATIC, else SITEWATCH_BASELINE_REF (default main) built now. */
export function baselineFromEnv(): Baseline | null {
  const given = process.env.SITEWATCH_BASELINE_STATIC;
  const baseline: Baseline | null = given
    ? { label: `the build in ${given}`, dist: given, cleanup: () => undefined }
    : buildBaseline(process.env.SITEWATCH_BASELINE_REF ?? 'main');
  if (baseline && !existsSync(join(baseline.dist, 'index.html'))) throw new Error(`${baseline.dist} has no index.html: not a build`);
  return baseline;
}

export async function run(): Promise<BenchResult> {
  const baseline = baselineFromEnv();
  const figures: Measured[] = [];
  const failures: string[] = [];
  const browser = await chromium.launch(chromiumLaunchOptions());
  const server = await startServer({ port: await freePort() });
  const baseServer = baseline ? await startServer({ port: await freePort(), staticDir: baseline.dist }) : null;
  try {
    for (const [label, path] of PAGES) {
      const now = await measure(browser, server, path(server));
      const before = baseServer ? await measure(browser, baseServer, path(baseServer)) : null;
      console.log(`    ${label}: ${now.gzip.toFixed(2)} KB gzip, ${now.browser.toFixed(2)} KB as Chromium gets it: ${now.listed}`);
      if (before)
        console.log(`    ${label}, baseline: ${before.gzip.toFixed(2)} KB gzip, ${before.browser.toFixed(2)} KB as Chromium gets it: ${before.listed}`);
      if (now.gzip > FIRST_SCREEN_BUDGET_KB)
        failures.push(`${label}: first screen ${now.gzip.toFixed(2)} KB gzip, over ${FIRST_SCREEN_BUDGET_KB} KB (${now.listed})`);
      figures.push({
        name: `first screen, ${label} (JS + CSS, gzip)`,
        value: round(now.gzip, 2),
        unit: 'KB',
        baseline: before ? baseline!.label : `budget ${FIRST_SCREEN_BUDGET_KB} KB`,
        baselineValue: round(before ? before.gzip : FIRST_SCREEN_BUDGET_KB, 2),
      });
      figures.push({
        name: `first screen, ${label} (JS + CSS, brotli as Chromium gets it)`,
        value: round(now.browser, 2),
        unit: 'KB',
        baseline: before ? baseline!.label : `budget ${FIRST_SCREEN_BUDGET_KB} KB`,
        baselineValue: round(before ? before.browser : FIRST_SCREEN_BUDGET_KB, 2),
      });
    }
  } finally {
    await browser.close();
    await server.stop();
    await baseServer?.stop();
    baseline?.cleanup();
  }
  return {
    figures,
    failures,
    notes: [
      '**First screen.** A cold load (fresh context, service worker blocked) of `/` (which sends a new person to the join page) ' +
        'and of `/join?code=…` in Chromium set to Chinese (an English phone also fetches the English of the shell catalogs, about 2.7 KB) from the real server on loopback; every script and stylesheet whose request started ' +
        'before the app marked its first screen (`sitewatch:first-screen`, set a frame after the first render, when the app starts ' +
        'fetching the store, the sync engine and the home page), summing Resource Timing `encodedBodySize` (bodies as sent). Once ' +
        "with `Accept-Encoding: gzip` (the budget's unit: " +
        `${FIRST_SCREEN_BUDGET_KB} KB, also checked by \`tests/e2e/first-screen.spec.ts\`) and once as Chromium asks (brotli). The ` +
        'baseline is another commit built in the same run and served by the same server; a build without the mark counts what ' +
        'started before its `load` event (its whole shell is in index.html). KB = 1000 bytes. Deterministic.',
    ],
  };
}

export const firstScreen: BenchModule = { title: 'first screen', run };

if (isMain(import.meta.url)) runStandalone(run);
