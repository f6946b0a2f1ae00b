/**
 * Runs every benchmark module and records the figures in docs/benchmarks.json
 * (merged: a figure replaces the stored one of the same name, others are kept)
 * and docs/benchmarks.md. Run it with `npm run bench`, which builds first.
 * Exits non-zero when a benchmark fails or a budget is exceeded; the figures
 * measured are written either way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSize } from './bundle-size';
import { firstLoadBytes } from './first-load-bytes';
import { firstScreen } from './first-screen';
import { lighthouseBench } from './lighthouse';
import { type BenchModule, type Figure, type Measured, ROOT, machineDescription, round } from './common';
import { initialSyncBrowser } from './initial-sync-browser';
import { inspectionOpen } from './inspection-open'; // checklists
import { load } from './load';
import { notifyPush } from './notify-push';
import { notifyBatch } from './notify-batch';
import { issueListBrowser } from './issue-list-browser';
import { deskTable } from './desk-table';
import { ledgerExport } from './ledger-export';
import { packBandsBrowser } from './pack-bands-browser';
import { photoProcessing } from './photo-processing';
import { pouchdbCompare } from './pouchdb-compare';
import { residentPage } from './resident-page';
import { reviewOverview } from './review-overview';
import { reviewCharts } from './review-charts';
import { worksTable } from './works-table';
import { syncThroughput } from './sync-throughput';
import { uploadResume } from './upload-resume';
import { writeLock } from './write-lock';

const MODULES: BenchModule[] = [
  bundleSize,
  firstLoadBytes, // precompressed static files
  firstScreen, // the start and join pages' JS and CSS before the first screen shows
  lighthouseBench, // Lighthouse mobile performance of the start and join pages, accessibility of the main pages
  syncThroughput,
  pouchdbCompare,
  uploadResume,
  photoProcessing,
  initialSyncBrowser,
  inspectionOpen, // checklists
  reviewOverview, // staff review
  load, // several instances
  issueListBrowser, // issues
  writeLock, // one member's comments must not hold up everybody's writes and reads
  notifyPush, // notifications: what the outbox and the worker add to a push
  notifyBatch, // notifications: messages per 100 events with and without the 5-minute batching
  ledgerExport, // staff's Excel ledger against the CSV
  residentPage, // residents report through a poster, in WeChat on a slow link
  deskTable, // the staff desk's issues table: sort and filter 20k rows in memory
  packBandsBrowser, // evidence bands: what they add to printing the meeting pack
  reviewCharts, // the overview's charts against the same overview without them
  worksTable, // the desk's all-works page and combined inbox over 20 works
];

/**
 * SITEWATCH_BENCH_ONLY=load,sync runs only the modules whose title starts with one of the words;
 * the figures and notes of the others are kept from the last run.
 */
function selected(): BenchModule[] {
  const only = (process.env.SITEWATCH_BENCH_ONLY ?? '')
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  return only.length ? MODULES.filter((m) => only.some((w) => m.title.toLowerCase().startsWith(w))) : MODULES;
}

/**
 * Every benchmark is bounded; this catches a hang anywhere else. A whole run
 * takes about 10 minutes here (the browser's initial sync of 50k ops alone is 3-4,
 * the load test on three deployments 3-4).
 */
const WATCHDOG_MS = 20 * 60_000;

const DOCS = join(ROOT, 'docs');
const JSON_FILE = join(DOCS, 'benchmarks.json');
const MD_FILE = join(DOCS, 'benchmarks.md');

function isFigure(x: unknown): x is Figure {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.name === 'string' &&
    typeof f.value === 'number' &&
    typeof f.unit === 'string' &&
    typeof f.baseline === 'string' &&
    typeof f.baselineValue === 'number' &&
    typeof f.ratio === 'number' &&
    typeof f.date === 'string' &&
    typeof f.machine === 'string'
  );
}

function readStored(): Figure[] {
  if (!existsSync(JSON_FILE)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(JSON_FILE, 'utf8'));
  } catch (err) {
    throw new Error(`docs/benchmarks.json is not valid JSON (${(err as Error).message}): fix or delete it`);
  }
  if (!Array.isArray(data)) throw new Error('docs/benchmarks.json is not an array: fix or delete it');
  const bad = data.findIndex((x) => !isFigure(x));
  if (bad >= 0) throw new Error(`docs/benchmarks.json entry ${bad} is not a figure: ${JSON.stringify(data[bad])}`);
  return data as Figure[];
}

/** Stored figures with the new ones in place of those of the same name; new names are appended. */
function merge(stored: Figure[], fresh: Figure[]): Figure[] {
  const byName = new Map(fresh.map((f) => [f.name, f]));
  const out = stored.map((f) => byName.get(f.name) ?? f);
  const seen = new Set(stored.map((f) => f.name));
  return [...out, ...fresh.filter((f) => !seen.has(f.name))];
}

/** The title of a note: its leading bold words (`**Sync throughput.**`). */
function noteTitle(note: string): string {
  return /^\*\*([^*]+)\*\*/.exec(note)?.[1] ?? note;
}

/** The notes of the last report, so that a partial run keeps those of the modules it did not run. */
function storedNotes(): string[] {
  if (!existsSync(MD_FILE)) return [];
  const md = readFileSync(MD_FILE, 'utf8');
  const at = md.indexOf('## How the figures are measured');
  if (at < 0) return [];
  return md
    .slice(at)
    .split('\n\n')
    .slice(1)
    .map((p) => p.trim())
    .filter((p) => p.startsWith('**'));
}

function mergeNotes(stored: string[], fresh: string[]): string[] {
  const byTitle = new Map(fresh.map((n) => [noteTitle(n), n]));
  const out = stored.map((n) => byTitle.get(noteTitle(n)) ?? n);
  const seen = new Set(stored.map(noteTitle));
  return [...out, ...fresh.filter((n) => !seen.has(noteTitle(n)))];
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function num(x: number): string {
  return x.toLocaleString('en', { maximumFractionDigits: 2 });
}

function table(figures: Figure[]): string {
  const machines = new Set(figures.map((f) => f.machine));
  const withMachine = machines.size > 1;
  const head = ['Figure', 'Value', 'Baseline', 'Baseline value', 'Ratio', 'Measured', ...(withMachine ? ['Machine'] : [])];
  const rows = figures.map((f) => [
    cell(f.name),
    `${num(f.value)} ${f.unit}`,
    cell(f.baseline),
    `${num(f.baselineValue)} ${f.unit}`,
    `${f.ratio.toFixed(2)}×`,
    f.date.slice(0, 16).replace('T', ' ') + ' UTC',
    ...(withMachine ? [cell(f.machine)] : []),
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function markdown(figures: Figure[], notes: string[]): string {
  const machines = [...new Set(figures.map((f) => f.machine))];
  return [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (tests/bench/run.ts): do not edit by hand; the same figures are in',
    '[benchmarks.json](benchmarks.json).',
    '',
    'Machines are noisy (laptops throttle, CI boxes are shared): an absolute time from one run says little.',
    'So every figure stands next to a baseline measured in the same run, on the same machine, and the ratio',
    '(value ÷ baseline) is the number to compare across runs and machines. Sizes are deterministic and compared',
    'with a fixed budget instead.',
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench            # builds the app (vite), then runs every benchmark in tests/bench/',
    'npx tsx tests/bench/sync-throughput.ts   # one benchmark alone, printing its figures (writes nothing)',
    'SITEWATCH_BENCH_ONLY=load npx tsx tests/bench/run.ts   # only the modules named, recorded here (others kept)',
    '# the load test measures PostgreSQL too when SITEWATCH_BENCH_PG (or SITEWATCH_TEST_PG) names a database',
    '# the browser one needs dist/ (npm run build) and Chromium (/usr/bin/chromium, or SITEWATCH_CHROMIUM);',
    '# SITEWATCH_BENCH_BROWSER_VIEW=work SITEWATCH_BENCH_BROWSER_N=5000 measures it with the work page open',
    'npx tsx tests/bench/initial-sync-browser.ts',
    '```',
    '',
    'A whole run takes about 10 minutes on 2 cores: 3 to 4 for the initial sync of 50k ops in Chromium, 3 to 4 for the load test.',
    'A run replaces the figures it measures and keeps any other figure already in benchmarks.json.',
    'It exits non-zero when a budget is exceeded (the app shell JS over 80 KB gzip).',
    '',
    '## Results',
    '',
    machines.length === 1 ? `Machine: ${machines[0]}.\n` : 'Figures come from different machines: see the last column.\n',
    table(figures),
    '',
    '## How the figures are measured',
    '',
    ...notes.flatMap((n) => [n, '']),
  ].join('\n');
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`benchmarks still running after ${WATCHDOG_MS / 60_000} minutes: giving up`);
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const stored = readStored(); // fail early on a broken file, before minutes of benchmarking
  const date = new Date().toISOString();
  const machine = machineDescription();
  const measured: Measured[] = [];
  const failures: string[] = [];
  const notes: string[] = [];
  for (const m of selected()) {
    console.log(`bench: ${m.title}`);
    try {
      const r = await m.run();
      measured.push(...r.figures);
      failures.push(...r.failures);
      notes.push(...r.notes);
    } catch (err) {
      failures.push(`${m.title} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  const fresh: Figure[] = measured.map((f) => ({
    ...f,
    ratio: f.baselineValue === 0 ? 0 : round(f.value / f.baselineValue, 3),
    date,
    machine,
  }));
  if (fresh.length) {
    const all = merge(stored, fresh);
    mkdirSync(DOCS, { recursive: true });
    writeFileSync(JSON_FILE, `${JSON.stringify(all, null, 2)}\n`);
    writeFileSync(MD_FILE, markdown(all, mergeNotes(storedNotes(), notes)));
    console.log(`\n${table(all)}\n\nMachine: ${machine}\nWritten: docs/benchmarks.json, docs/benchmarks.md`);
  }
  clearTimeout(watchdog);
  if (failures.length) {
    for (const f of failures) console.error(`\nFAIL: ${f}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
