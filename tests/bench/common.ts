/** Shared pieces of the benchmark harness: what a benchmark module returns, and small helpers. */
import { createServer } from 'node:net';
import { cpus, platform, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/bench/ is two levels below it). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One measured figure, before run.ts adds ratio, date and machine. */
export interface Measured {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared against, in words. */
  baseline: string;
  baselineValue: number;
}

/** One figure as stored in docs/benchmarks.json. */
export interface Figure extends Measured {
  /** value / baselineValue */
  ratio: number;
  /** ISO date-time of the run that measured it. */
  date: string;
  machine: string;
}

export interface BenchResult {
  figures: Measured[];
  /** Budgets exceeded: the run still writes its results, then exits non-zero. */
  failures: string[];
  /** How the figures were measured, for the Markdown report (one paragraph each). */
  notes: string[];
}

export interface BenchModule {
  /** Short label printed while running. */
  title: string;
  run: () => Promise<BenchResult>;
}

export function machineDescription(): string {
  const cpu = cpus();
  return `${cpu.length} cores ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${platform()}`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Wall time of fn in milliseconds (high-resolution clock). */
export async function timeMs<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** True when this file is the script node/tsx was started with (to run a module on its own). */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(metaUrl);
}

/** Runs one benchmark module on its own (`npx tsx tests/bench/<name>.ts`): prints its figures, writes nothing. */
export function runStandalone(run: () => Promise<BenchResult>): void {
  run().then(
    (r) => {
      console.log(JSON.stringify(r.figures, null, 2));
      for (const f of r.failures) console.error(`FAIL: ${f}`);
      if (r.failures.length) process.exit(1);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A TCP port free on loopback right now, for a server the benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
