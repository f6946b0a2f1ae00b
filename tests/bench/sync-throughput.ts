/**
 * Sync throughput through the real server, in-process on loopback: one
 * volunteer's device pushes 10,000 issue.create ops in batches of 500 (the
 * most a push may carry, LIMITS.opsPerPush), then a freshly joined device (the liaison) pulls
 * the whole log in pages of 1000 (the most a pull may return).
 *
 * Baseline, measured in the same run on the same disk: the raw floor, that is
 * better-sqlite3 with the server's pragmas (WAL, synchronous=FULL) inserting
 * the same 10,000 op rows into a table shaped like the server's `ops` table
 * in one transaction. The server cannot beat it: it validates every op, keeps
 * entity state and the op chain, and commits (and fsyncs) once per push.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type JoinResponse,
  LIMITS,
  type Op,
  type OpOf,
  type PullResponse,
  type PushResponse,
  RULES_VERSION,
  type Role,
  applyOp,
  encodeStamp,
  parseOp,
} from '../../src/core';
import { newId } from '../../src/lib/ids';
import { createApp } from '../../sync-server/app';
import { storeAccepted } from '../../sync-server/apply';
import { folderBlobStore } from '../../sync-server/blob-store';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { OPS_TABLE_SQL, openSqliteStore } from '../../sync-server/sqlite-store';
import type { Store } from '../../sync-server/store';
import { type BenchModule, type BenchResult, isMain, runStandalone, median, round, timeMs } from './common';

export const N = 10_000;
export const PUSH_BATCH = LIMITS.opsPerPush;
export const PULL_PAGE = LIMITS.pullPageMax;
/** Runs of each measurement; the figure is the median. */
export const RUNS = 3;

const REQUEST_TIMEOUT_MS = 30_000;
const PUSH_DEVICE = 'bench-device-volunteer';
const PULL_DEVICE = 'bench-device-liaison';
/** Ops in the log that the bench did not push: the demo seed (work, points, checklist templates) and the two joins. */
const SETUP_KINDS = new Set(['work.create', 'point.create', 'template.create', 'member.join']);

const FILLER = '夜间施工噪音扰民，挖掘机晚上十点以后仍在作业，影响老人和孩子休息。请施工方按规定时间施工，做好围挡和降噪措施，并在小区公告栏公示工期安排。';

function description(i: number): string {
  let s = `bench issue ${i}：`;
  while (s.length < 100) s += FILLER;
  return s.slice(0, 100);
}

export type IssueCreate = OpOf<'issue.create'>;

/** `n` (default N) valid issue.create ops by the given member, with ids as the app makes them, checked against OpSchema before use. */
export function makeOps(actor: string, n = N, device = PUSH_DEVICE): IssueCreate[] {
  const wall = Date.now();
  const ops: IssueCreate[] = [];
  for (let i = 0; i < n; i++) {
    const op: IssueCreate = {
      id: newId(),
      work: DEMO_WORK_ID,
      entity: 'issue',
      entityId: newId(),
      kind: 'issue.create',
      actor,
      device,
      hlc: encodeStamp({ wall, counter: i, node: device }),
      v: RULES_VERSION,
      payload: { category: 'noise', description: description(i), severity: 'low', pointId: null },
    };
    const parsed = parseOp(op);
    if (!parsed.ok) throw new Error(`bench op ${i} is not a valid op: ${parsed.message}`);
    ops.push(op);
  }
  return ops;
}

// ---------------------------------------------------------------------------
// The raw floor

// The same op-log table the server's store creates.
const OPS_TABLE = OPS_TABLE_SQL;

/** Inserts the ops (serialized beforehand, outside the timing) in one transaction; returns ms. */
export async function rawFloorMs(ops: readonly IssueCreate[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(OPS_TABLE);
    const insert = db.prepare(
      `INSERT INTO ops (id, work, entity, entity_id, kind, actor, device, hlc, body, received_at, skew_ms)
       VALUES (@id, @work, @entity, @entityId, @kind, @actor, @device, @hlc, @body, @receivedAt, @skewMs)`,
    );
    const now = Date.now();
    const rows = ops.map((op) => ({
      id: op.id,
      work: op.work,
      entity: op.entity,
      entityId: op.entityId,
      kind: op.kind,
      actor: op.actor,
      device: op.device,
      hlc: op.hlc,
      body: JSON.stringify(op),
      receivedAt: now,
      skewMs: 0,
    }));
    const insertAll = db.transaction(() => {
      for (const row of rows) insert.run(row);
    });
    const { ms } = await timeMs(() => insertAll());
    const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM ops').get()?.n;
    if (count !== ops.length) throw new Error(`raw floor: expected ${ops.length} rows, found ${count}`);
    return ms;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The store's own writes, the goal's floor: the server's SQLite store (its real adapter, same schema and
 * pragmas) writing everything that accepting these ops stores (storeAccepted() of sync-server/apply.ts,
 * the very function a push calls: the op log and its hash chain, the issues, their first history line,
 * the notification events, the issue numbers), in one transaction, with no HTTP, parsing, rules or
 * per-push commits (the store's own multi-row writes, as a push gets).
 *
 * `only: 'log+issues'` writes just the op log rows and the issues, no chain, history, events or numbers:
 * the floor as it was defined before those writes existed, still reported as a reference.
 */
export async function storeFloorMs(ops: readonly IssueCreate[], only?: 'log+issues'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-store-'));
  const store = openSqliteStore(join(dir, 'store.sqlite'));
  try {
    const now = Date.now();
    const { ms } = await timeMs(() =>
      store.transaction(async (tx) => {
        // As a push does: the ops' numbers taken in one statement (with the idempotency read), then the writes
        // held back and sent in batches; numbered one at a time, the floor would write each op on its own.
        await tx.findResults(
          ops.map((o) => o.id),
          [],
        );
        for (const op of ops) {
          if (only === 'log+issues') {
            await tx.appendOp(op as Op, now, 0);
            await tx.putEntity('issue', applyOp(undefined, op as Op));
          } else {
            await storeAccepted(tx, op as Op, undefined, now, 0);
          }
        }
      }),
    );
    const stored = (await store.pull(ops[0]!.work, 0, ops.length + 1)).opsJson.length;
    if (stored !== ops.length) throw new Error(`store floor: expected ${ops.length} ops, found ${stored}`);
    return ms;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Through the server

export async function call<T>(base: string, method: 'GET' | 'POST', path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function join_(base: string, store: Store, role: Role, deviceId: string): Promise<JoinResponse> {
  const invite = (await store.listInvites(DEMO_WORK_ID)).find((i) => i.role === role);
  if (!invite) throw new Error(`the demo work has no ${role} invite`);
  const joined = await call<JoinResponse>(base, 'POST', '/api/join', {
    body: { code: invite.code, name: `bench ${role}`, deviceId },
  });
  if (joined.member.role !== role || joined.member.work !== DEMO_WORK_ID) throw new Error(`joined as ${JSON.stringify(joined.member)}`);
  return joined;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

export interface ServerRun {
  /** The ops pushed, for the floor to insert the very same rows. */
  ops: IssueCreate[];
  pushMs: number;
  pullMs: number;
  pulled: number;
  setupOps: number;
}

/** One push of N ops through a fresh in-process server and one pull of the whole log by a fresh device, checked. */
export async function serverRun(): Promise<ServerRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-server-'));
  const dbFile = join(dir, 'sitewatch.sqlite');
  const store = openSqliteStore(dbFile);
  // Blobs (photos) in the run's folder, removed with it (createApp's default is a temp folder of its own).
  const server = createServer(createApp({ store, staticDir: '/nonexistent', blobs: folderBlobStore(join(dir, 'blobs')) }));
  try {
    if (!(await seedDemoIfEmpty(store))) throw new Error('a fresh store was not seeded');
    const base = `http://127.0.0.1:${await listen(server)}`;
    const volunteer = await join_(base, store, 'volunteer', PUSH_DEVICE);
    const liaison = await join_(base, store, 'liaison', PULL_DEVICE);
    const ops = makeOps(volunteer.member.id);

    // Push: one device's outbox, batch after batch, as the app sends it.
    const push = await timeMs(async () => {
      const seqs: number[] = [];
      for (let at = 0; at < ops.length; at += PUSH_BATCH) {
        const batch = ops.slice(at, at + PUSH_BATCH);
        const res = await call<PushResponse>(base, 'POST', '/api/sync/push', {
          token: volunteer.token,
          body: { clientVersion: RULES_VERSION, ops: batch },
        });
        if (res.results.length !== batch.length) throw new Error(`push at ${at}: ${res.results.length} results for ${batch.length} ops`);
        res.results.forEach((r, i) => {
          if (r.id !== batch[i]!.id) throw new Error(`push at ${at}: result ${i} answers ${r.id}, not ${batch[i]!.id}`);
          if (r.status !== 'accepted') throw new Error(`push at ${at}: op ${r.id} rejected: ${JSON.stringify(r.reason)}`);
          seqs.push(r.seq);
        });
      }
      return seqs;
    });
    if (new Set(push.result).size !== N) throw new Error(`push: ${N} ops accepted under ${new Set(push.result).size} distinct seqs`);

    // Pull: a fresh device downloads the work's whole log, page after page.
    const maxPages = Math.ceil((N + 1000) / PULL_PAGE) + 1;
    const pull = await timeMs(async () => {
      const all: PullResponse['ops'] = [];
      let after = 0;
      for (let page = 0; ; page++) {
        if (page >= maxPages) throw new Error(`pull: still more after ${maxPages} pages`);
        const res = await call<PullResponse>(base, 'GET', `/api/sync/pull?after=${after}&limit=${PULL_PAGE}`, { token: liaison.token });
        if (res.ops.length > PULL_PAGE) throw new Error(`pull: a page of ${res.ops.length} ops`);
        all.push(...res.ops);
        if (!res.hasMore) break;
        if (res.cursor <= after) throw new Error(`pull: the cursor went from ${after} to ${res.cursor}`);
        after = res.cursor;
      }
      return all;
    });

    // Correctness: every pushed op exactly once, plus the ops of the setup, in seq order.
    const pulled = pull.result;
    const check = new Database(dbFile, { readonly: true, fileMustExist: true });
    let inLog: number;
    try {
      inLog = check.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM ops WHERE work = ?').get(DEMO_WORK_ID)?.n ?? -1;
    } finally {
      check.close();
    }
    const setupOps = inLog - N;
    if (pulled.length !== N + setupOps) throw new Error(`pull: got ${pulled.length} ops, the log holds ${N} pushed + ${setupOps} seeded`);
    for (let i = 1; i < pulled.length; i++) {
      if (pulled[i]!.seq <= pulled[i - 1]!.seq) throw new Error(`pull: seq ${pulled[i]!.seq} after ${pulled[i - 1]!.seq} (out of order or duplicated)`);
    }
    const ids = new Set(pulled.map((o) => o.id));
    if (ids.size !== pulled.length) throw new Error(`pull: ${pulled.length - ids.size} duplicated op ids`);
    const missing = ops.filter((o) => !ids.has(o.id)).length;
    if (missing) throw new Error(`pull: ${missing} pushed ops missing`);
    const pushedIds = new Set(ops.map((o) => o.id));
    const setup = pulled.filter((o) => !pushedIds.has(o.id));
    if (setup.length !== setupOps) throw new Error(`pull: ${setup.length} ops besides the pushed ones, expected ${setupOps}`);
    const odd = setup.find((o) => !SETUP_KINDS.has(o.kind));
    if (odd) throw new Error(`pull: unexpected ${odd.kind} op ${odd.id}`);
    const joins = new Set(setup.filter((o) => o.kind === 'member.join').map((o) => o.entityId));
    if (joins.size !== 2 || !joins.has(volunteer.member.id) || !joins.has(liaison.member.id)) {
      throw new Error(`pull: the joins in the log are ${[...joins].join(', ')}`);
    }
    if (!setup.some((o) => o.kind === 'work.create')) throw new Error('pull: the seeded work.create is missing');

    return { ops, pushMs: push.ms, pullMs: pull.ms, pulled: pulled.length, setupOps };
  } finally {
    await stop(server);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const runs: ServerRun[] = [];
  const floors: number[] = [];
  // Interleave the server and the floor runs, so that a slow spell of the machine hits both.
  for (let r = 0; r < RUNS; r++) {
    const s = await serverRun();
    runs.push(s);
    floors.push(await rawFloorMs(s.ops));
    console.log(
      `    run ${r + 1}/${RUNS}: raw floor ${floors[r]!.toFixed(0)} ms, push ${s.pushMs.toFixed(0)} ms, ` +
        `pull ${s.pullMs.toFixed(0)} ms (${s.pulled} ops = ${N} pushed + ${s.setupOps} seeded)`,
    );
  }
  const floor = median(floors);
  const pushMs = median(runs.map((r) => r.pushMs));
  const pullMs = median(runs.map((r) => r.pullMs));
  const baseline = 'raw SQLite insert of the same 10k rows, one transaction';
  return {
    figures: [
      { name: 'push 10k ops through the server', value: round(pushMs, 1), unit: 'ms', baseline, baselineValue: round(floor, 1) },
      { name: 'pull 10k ops into a fresh device', value: round(pullMs, 1), unit: 'ms', baseline, baselineValue: round(floor, 1) },
    ],
    failures: [],
    notes: [
      `**Sync throughput.** The real sync server runs in this process (SQLite store on a temp file, demo work seeded, ` +
        `HTTP on 127.0.0.1), so client and server share the CPU. A volunteer's device pushes ${N.toLocaleString('en')} valid ` +
        `\`issue.create\` ops (~100-character Chinese descriptions) in ${N / PUSH_BATCH} pushes of ${PUSH_BATCH}, one after ` +
        `the other; every op must come back accepted. A freshly joined liaison device then pulls the work's whole log in ` +
        `pages of ${PULL_PAGE}; it must get every pushed op exactly once, in seq order, plus the seeded ops and the two joins. ` +
        `Times include the client's JSON encoding and decoding. The baseline is the floor under both: better-sqlite3 ` +
        `with the server's pragmas (WAL, synchronous=FULL) inserting the very ops just pushed, serialized ` +
        `beforehand, into a table shaped like the server's \`ops\` table in one transaction. Each figure and the baseline ` +
        `are the median of ${RUNS} runs, each on a fresh database, floor and server runs interleaved.`,
    ],
  };
}

export const syncThroughput: BenchModule = { title: 'sync throughput', run };

if (isMain(import.meta.url)) runStandalone(run);
