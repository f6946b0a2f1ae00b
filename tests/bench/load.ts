/**
 * Load: 200 simulated devices, spread over 20 works (10 phones per compound),
 * each pushing a few complaints and pulling its work's new ops, round after
 * round, all at once, on loopback. Three deployments, each a real server
 * process (tsx sync-server/main.ts): SQLite (the default), one instance on
 * PostgreSQL, two instances on one PostgreSQL (devices alternate between
 * them, as behind a round-robin load balancer).
 *
 * Bounded: ROUNDS rounds per device, and every deployment stops after
 * TIME_LIMIT_MS whatever is left. Figures: requests per second (push + pull)
 * and p50/p99 latency per request; the baseline of each is SQLite's, measured
 * in the same run. PostgreSQL comes from SITEWATCH_BENCH_PG, else
 * SITEWATCH_TEST_PG; without either only SQLite is measured.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type JoinResponse, type PullResponse, type PushResponse, ROLES, RULES_VERSION, encodeStamp } from '../../src/core';
import { acceptOrReject } from '../../sync-server/apply';
import { newInviteCode } from '../../sync-server/auth';
import { openPgStore } from '../../sync-server/pg-store';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import type { Store } from '../../sync-server/store';
import { systemOp } from '../../sync-server/system-ops';
import { type BenchModule, type BenchResult, type Measured, ROOT, isMain, round, runStandalone, freePort } from './common';

export const DEVICES = 200;
export const WORKS = 20;
export const ROUNDS = 10;
export const OPS_PER_PUSH = 5;
const TIME_LIMIT_MS = 45_000;
const REQUEST_TIMEOUT_MS = 30_000;

interface Deployment {
  label: string;
  env: Record<string, string>;
  instances: number;
  /** The PostgreSQL server's processes that serve this deployment's connections (their CPU time counts as its own). */
  databasePids(): Promise<number[]>;
  /** Creates the works (before the servers start); returns each work's volunteer invite code. */
  seed(): Promise<string[]>;
  cleanup(): Promise<void>;
}

interface Outcome {
  requests: number;
  ops: number;
  ms: number;
  latencies: number[];
  errors: number;
  /** Why requests failed: "HTTP 500", "timeout", ... */
  errorKinds: Map<string, number>;
  finishedDevices: number;
  /** CPU time and write waits over the load (joins excluded); see Usage. */
  usage: Usage;
}

/** What the load cost, from the moment every device had joined until the last answer. */
interface Usage {
  /** CPU time of the server processes (process.cpuUsage, reported by each), of the PostgreSQL backends serving them, of the load generator. */
  serverCpuMs: number;
  databaseCpuMs: number;
  generatorCpuMs: number;
  /** CPU time the whole machine spent busy (/proc/stat, every process: other work shares it), and what its cores could give. */
  machineBusyMs: number;
  machineCapacityMs: number;
  /** Write transactions of the servers, the time they waited for their turn (queue, BEGIN, the work's lock) and held it. */
  transactions: number;
  waitMs: number;
  heldMs: number;
}

const CLOCK_TICK_MS = 10; // Linux's USER_HZ: /proc times are in hundredths of a second

/** Busy and total CPU time of the machine so far (all cores), in ms. */
function machineTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
  return { busy: (total - idle) * CLOCK_TICK_MS, total: total * CLOCK_TICK_MS };
}

/** CPU time (user + system) a process has used so far, in ms; 0 if it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS; // utime, stime
  } catch {
    return 0;
  }
}

type ServerStats = { cpuMs: number; transactions: number; waitMs: number; heldMs: number };

/** Asks a server started with SITEWATCH_WRITE_STATS=1 for its CPU time and write waits so far. */
function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => done(new Error('a server did not report its write stats')), 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /write-stats (\{.*\})\n/.exec(out);
      if (m) done(null, JSON.parse(m[1]!) as ServerStats);
    };
    const done = (err: Error | null, stats?: ServerStats) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      if (err) reject(err);
      else resolve(stats!);
    };
    child.stdout!.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/** Everything Usage counts, so far: taken when the load starts and when it ends. */
async function usageSoFar(children: ChildProcess[], dep: Deployment, cpuOfDb: Map<number, number>): Promise<Usage> {
  const servers = await Promise.all(children.map(serverStats));
  for (const pid of await dep.databasePids()) cpuOfDb.set(pid, processCpuMs(pid));
  const gen = process.cpuUsage();
  const machine = machineTimes();
  const sum = (f: (s: ServerStats) => number) => servers.reduce((n, s) => n + f(s), 0);
  return {
    serverCpuMs: sum((s) => s.cpuMs),
    databaseCpuMs: [...cpuOfDb.values()].reduce((a, b) => a + b, 0),
    generatorCpuMs: (gen.user + gen.system) / 1000,
    machineBusyMs: machine.busy,
    machineCapacityMs: machine.total,
    transactions: sum((s) => s.transactions),
    waitMs: sum((s) => s.waitMs),
    heldMs: sum((s) => s.heldMs),
  };
}

function usageBetween(a: Usage, b: Usage): Usage {
  const out = {} as Usage;
  for (const k of Object.keys(a) as Array<keyof Usage>) out[k] = b[k] - a[k];
  return out;
}

async function seedWorks(store: Store): Promise<string[]> {
  const codes: string[] = [];
  const now = Date.now();
  await store.transaction(async (tx) => {
    for (let w = 0; w < WORKS; w++) {
      const work = `load-work-${w}`;
      const op = systemOp<'work.create'>({
        kind: 'work.create',
        entity: 'work',
        entityId: work,
        work,
        payload: { name: `Load compound ${w}`, compound: `Compound ${w}`, community: '', kind: 'drainage', contractor: '', startDate: null, endDate: null },
      });
      const r = await acceptOrReject(tx, op, 'system', now);
      if (r.status !== 'accepted') throw new Error(`seeding ${work}: ${r.reason.message}`);
      for (const role of ROLES) {
        const code = newInviteCode();
        await tx.addInvite({ code, work, role, expiresAt: null }, now);
        if (role === 'volunteer') codes.push(code);
      }
    }
  });
  return codes;
}

function sqliteDeployment(): Deployment {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-load-'));
  return {
    label: 'SQLite, 1 instance',
    env: { SITEWATCH_DATA: dir },
    instances: 1,
    databasePids: async () => [],
    async seed() {
      const store = openSqliteStore(join(dir, 'sitewatch.sqlite'));
      try {
        return await seedWorks(store);
      } finally {
        await store.close();
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function pgDeployment(url: string, instances: number): Deployment {
  const schema = `sw_bench_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-load-'));
  // The servers' connections carry the schema's name, so that their backends can be told from other clients'.
  const serverUrl = `${url}${url.includes('?') ? '&' : '?'}application_name=${schema}`;
  return {
    label: `PostgreSQL, ${instances} instance${instances > 1 ? 's' : ''}`,
    env: { SITEWATCH_DATA: dir, DATABASE_URL: serverUrl, SITEWATCH_PG_SCHEMA: schema },
    instances,
    async databasePids() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [schema])).rows.map((r) => r.pid);
      } finally {
        await client.end();
      }
    },
    async seed() {
      const store = await openPgStore({ connectionString: url, schema, poolSize: 2 });
      try {
        return await seedWorks(store);
      } finally {
        await store.close();
      }
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function startInstance(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SITEWATCH_QUIET_LOG: '1',
      SITEWATCH_STATIC: '/nonexistent',
      SITEWATCH_JOIN_ATTEMPTS_PER_MINUTE: '100000',
      SITEWATCH_WRITE_STATS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Sitewatch is running')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) while starting:\n${out}`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function drive(bases: string[], codes: string[], usage: () => Promise<Usage>): Promise<Outcome> {
  // Joining is setup, not load: done first, one device after another.
  const devices: Array<{ n: number; token: string; memberId: string; work: string; cursor: number; base: string }> = [];
  for (let n = 0; n < DEVICES; n++) {
    const w = n % WORKS;
    const base = bases[n % bases.length]!;
    const res = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: codes[w], name: `load ${n}`, deviceId: `load-dev-${n}` }),
    });
    if (res.status !== 200) throw new Error(`join ${n}: HTTP ${res.status} ${await res.text()}`);
    const j = (await res.json()) as JoinResponse;
    devices.push({ n, token: j.token, memberId: j.member.id, work: j.member.work, cursor: 0, base });
  }

  const latencies: number[] = [];
  let requests = 0;
  let ops = 0;
  let errors = 0;
  const errorKinds = new Map<string, number>();
  const failed = (kind: string) => {
    errors++;
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };
  let finishedDevices = 0;
  const before = await usage();
  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const timed = async (url: string, init: RequestInit): Promise<Response | null> => {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      requests++;
      if (res.status !== 200) {
        failed(`HTTP ${res.status}`);
        return null;
      }
      return new Response(body, { status: res.status });
    } catch (err) {
      failed((err as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `network error`);
      return null;
    }
  };

  await Promise.all(
    devices.map(async (d) => {
      const auth = { Authorization: `Bearer ${d.token}` };
      let counter = 0;
      for (let r = 0; r < ROUNDS && performance.now() < deadline; r++) {
        const batch = Array.from({ length: OPS_PER_PUSH }, () => {
          counter++;
          return {
            id: `load-${d.n}-${counter}`,
            work: d.work,
            entity: 'issue',
            entityId: `load-issue-${d.n}-${counter}`,
            kind: 'issue.create',
            actor: d.memberId,
            device: `load-dev-${d.n}`,
            hlc: encodeStamp({ wall: Date.now(), counter, node: `load-dev-${d.n}` }),
            v: RULES_VERSION,
            payload: { category: 'noise', description: `夜间施工噪音 ${d.n}/${counter}：挖掘机十点以后仍在作业`, severity: 'low', pointId: null },
          };
        });
        const pushed = await timed(`${d.base}/api/sync/push`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientVersion: RULES_VERSION, ops: batch }),
        });
        if (pushed) ops += ((await pushed.json()) as PushResponse).results.filter((x) => x.status === 'accepted').length;
        for (;;) {
          const pulled = await timed(`${d.base}/api/sync/pull?after=${d.cursor}&limit=500`, { headers: auth });
          if (!pulled) break;
          const page = (await pulled.json()) as PullResponse;
          d.cursor = page.cursor;
          if (!page.hasMore) break;
        }
      }
      finishedDevices++;
    }),
  );
  const ms = performance.now() - started;
  const used = usageBetween(before, await usage());
  latencies.sort((a, b) => a - b);
  return { requests, ops, ms, latencies, errors, errorKinds, finishedDevices, usage: used };
}

async function measure(dep: Deployment): Promise<Outcome> {
  const children: ChildProcess[] = [];
  try {
    const codes = await dep.seed();
    const bases: string[] = [];
    // Instances start one after the other: the first migrates, the next find it done.
    for (let i = 0; i < dep.instances; i++) {
      const port = await freePort();
      children.push(await startInstance(dep.env, port));
      bases.push(`http://127.0.0.1:${port}`);
    }
    const cpuOfDb = new Map<number, number>();
    return await drive(bases, codes, () => usageSoFar(children, dep, cpuOfDb));
  } finally {
    for (const c of children) await stop(c);
    await dep.cleanup();
  }
}

export async function runLoad(): Promise<BenchResult> {
  const pgUrl = process.env.SITEWATCH_BENCH_PG ?? process.env.SITEWATCH_TEST_PG ?? '';
  const deployments = [sqliteDeployment(), ...(pgUrl ? [pgDeployment(pgUrl, 1), pgDeployment(pgUrl, 2)] : [])];
  const results: Array<{ label: string; o: Outcome }> = [];
  const failures: string[] = [];
  const describe = (o: Outcome) => (o.errors === 0 ? 'none failed' : `${o.errors} failed (${[...o.errorKinds].map(([k, n]) => `${n} ${k}`).join(', ')})`);
  for (const dep of deployments) {
    const o = await measure(dep);
    console.log(
      `    ${dep.label}: ${o.requests} requests (${o.ops} ops) in ${round(o.ms, 0)} ms, ${describe(o)}, ` +
        `${o.finishedDevices}/${DEVICES} devices done, p50 ${round(percentile(o.latencies, 50), 1)} ms, p99 ${round(percentile(o.latencies, 99), 1)} ms; ` +
        describeUsage(o),
    );
    // A request the server refused (4xx/5xx) is a bug; one that timed out under overload is a result, reported in the note.
    const refused = [...o.errorKinds].filter(([k]) => k.startsWith('HTTP')).reduce((n, [, c]) => n + c, 0);
    if (refused > 0) failures.push(`load, ${dep.label}: ${describe(o)}`);
    results.push({ label: dep.label, o });
  }
  const base = results[0]!.o;
  const rps = (o: Outcome) => round((o.requests / o.ms) * 1000, 1);
  const cpuPerRequest = (o: Outcome) => round((o.usage.serverCpuMs + o.usage.databaseCpuMs) / Math.max(1, o.requests), 2);
  const onePg = results.find((r) => r.label === 'PostgreSQL, 1 instance');
  const twoPg = results.find((r) => r.label === 'PostgreSQL, 2 instances');
  const figures: Measured[] = results.flatMap(({ label, o }) => [
    {
      name: `load, ${DEVICES} devices: ${label}, throughput`,
      value: rps(o),
      unit: 'req/s',
      baseline: 'SQLite, 1 instance, same run',
      baselineValue: rps(base),
    },
    {
      name: `load, ${DEVICES} devices: ${label}, p50 latency`,
      value: round(percentile(o.latencies, 50), 1),
      unit: 'ms',
      baseline: 'SQLite, 1 instance, same run',
      baselineValue: round(percentile(base.latencies, 50), 1),
    },
    {
      name: `load, ${DEVICES} devices: ${label}, p99 latency`,
      value: round(percentile(o.latencies, 99), 1),
      unit: 'ms',
      baseline: 'SQLite, 1 instance, same run',
      baselineValue: round(percentile(base.latencies, 99), 1),
    },
    {
      name: `load, ${DEVICES} devices: ${label}, CPU per request (servers + database)`,
      value: cpuPerRequest(o),
      unit: 'ms',
      baseline: 'SQLite, 1 instance, same run',
      baselineValue: cpuPerRequest(base),
    },
  ]);
  if (onePg && twoPg) {
    figures.push({
      name: `load, ${DEVICES} devices: PostgreSQL, 2 instances vs 1, throughput`,
      value: rps(twoPg.o),
      unit: 'req/s',
      baseline: 'PostgreSQL, 1 instance, same run',
      baselineValue: rps(onePg.o),
    });
  }
  return {
    figures,
    failures,
    notes: [
      `**Load (tests/bench/load.ts).** ${DEVICES} simulated devices, ${DEVICES / WORKS} per work over ${WORKS} works, all at once on ` +
        `loopback; each does up to ${ROUNDS} rounds of one push of ${OPS_PER_PUSH} new issues and a pull of its work's new ops ` +
        `(pages of 500), so about ${DEVICES * ROUNDS * 2} requests and ${DEVICES * ROUNDS * OPS_PER_PUSH} ops per deployment, bounded at ` +
        `${TIME_LIMIT_MS / 1000} s. Every deployment is real server processes (tsx sync-server/main.ts) started fresh: SQLite; one ` +
        `instance on PostgreSQL; two instances on one PostgreSQL, devices alternating between them. Throughput counts push and ` +
        `pull requests answered per second; latency is per request, from the client. The load generator runs in the benchmark ` +
        `process on the same cores as the servers and the database, so on a 2-core machine a second instance adds contention as ` +
        `much as capacity; write transactions are serialised across instances by design (docs/sync-protocol.md §13).` +
        (pgUrl ? '' : ' PostgreSQL was not measured in this run: set SITEWATCH_BENCH_PG or SITEWATCH_TEST_PG.') +
        ` This run: ${results.map(({ label, o }) => `${label}, ${o.requests} requests and ${o.ops} ops in ${round(o.ms / 1000, 1)} s, ${describe(o)}`).join('; ')}; ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores at the end (other work shares the machine). ` +
        `Where the time goes, from the moment all devices had joined to the last answer: CPU time of the server processes ` +
        `(process.cpuUsage, which each reports on SIGUSR2 with SITEWATCH_WRITE_STATS=1), of the PostgreSQL backends serving ` +
        `them (/proc, found by application_name) and of the load generator (its own process); the machine's busy time from ` +
        `/proc/stat, every process included, against what its cores could give in that time; and each write transaction's ` +
        `wait for its turn (the writers' queue, BEGIN and the work's lock) and the time it held it. ` +
        results.map(({ label, o }) => `${label}: ${describeUsage(o)}`).join('; ') +
        '.',
    ],
  };
}

function describeUsage(o: Outcome): string {
  const u = o.usage;
  const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
  const share = (n: number) => `${Math.round((100 * n) / Math.max(1, u.machineCapacityMs))}%`;
  const ours = u.serverCpuMs + u.databaseCpuMs + u.generatorCpuMs;
  return (
    `CPU ${ms(u.serverCpuMs)} servers + ${ms(u.databaseCpuMs)} database + ${ms(u.generatorCpuMs)} load generator = ` +
    `${share(ours)} of the ${cpus().length} cores for ${round(o.ms / 1000, 1)} s (machine busy ${share(u.machineBusyMs)}), ` +
    `${round((u.serverCpuMs + u.databaseCpuMs) / Math.max(1, o.requests), 2)} ms per request for servers and database; ` +
    `${u.transactions} write transactions waited ${round(u.waitMs / Math.max(1, u.transactions), 1)} ms on average for their turn ` +
    `(${ms(u.waitMs)} in all) and held it ${round(u.heldMs / Math.max(1, u.transactions), 1)} ms`
  );
}

export const load: BenchModule = { title: 'load: 200 devices on SQLite, 1 and 2 PostgreSQL instances', run: runLoad };

if (isMain(import.meta.url)) runStandalone(runLoad);
