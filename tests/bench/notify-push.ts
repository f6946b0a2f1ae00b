/**
 * What notifications cost a push: 20 phones each push 50 new issues (one op per push, as a phone
 * sends a complaint), 1,000 in all, side by side with notifications off (no event row written, no
 * worker) and on (the event row in the push's transaction, and the worker running in the same
 * process: fanning out, sending to a local webhook receiver and a WeCom stand-in, and writing the
 * in-app rows, all competing with the pushes for the one SQLite writer). Rounds alternate off/on.
 *
 * Run alone: npx tsx tests/bench/notify-push.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JoinResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { createApp } from '../../sync-server/app';
import { Notifier } from '../../sync-server/notify/notifier';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import { openSqliteStore } from '../../sync-server/sqlite-store';
import type { Store, StoreTx } from '../../sync-server/store';
import { type BenchModule, type BenchResult, isMain, median, round, runStandalone } from './common';

const PHONES = 20;
const PUSHES_PER_PHONE = 50;
const ROUNDS = 3;
/** The budget: the send path adds at most 10% to push latency. */
const BUDGET = 1.1;

/** The same store with the outbox's row left out of every push: notifications off. */
function withoutEvents(store: Store): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver) as unknown;
      return <T>(fn: (tx: StoreTx) => Promise<T>, scope?: Parameters<Store['transaction']>[1]) =>
        target.transaction((tx) => fn({ ...tx, addNotifyEvent: async () => {} }), scope);
    },
  });
}

async function post<T>(base: string, path: string, token: string | null, body: unknown, method = 'POST'): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface RoundResult {
  latencies: number[];
  wallMs: number;
  sent: number;
}

async function round_(on: boolean, n: number): Promise<RoundResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-notify-'));
  const opened = openSqliteStore(join(dir, 'sitewatch.sqlite'));
  let received = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  try {
    await seedDemoIfEmpty(opened);
    const store = on ? opened : withoutEvents(opened);
    const notifier = on ? new Notifier({ store, baseUrl: 'https://sitewatch.example.cn' }) : undefined;
    const server = http.createServer(createApp({ store, staticDir: join(dir, 'none'), notifier, joinAttemptsPerMinute: 1000 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const codes = Object.fromEntries((await opened.listInvites(DEMO_WORK_ID)).map((i) => [i.role, i.code]));
    const join_ = async (role: string, device: string) =>
      (await post<JoinResponse>(base, '/api/join', null, { code: codes[role], name: `${role} ${device}`, deviceId: device })).body;
    const staff = await join_('staff', 'bench-staff');
    await join_('liaison', 'bench-liaison');
    await post(base, '/api/notify/channels', staff.token, { channel: 'webhook', config: { enabled: true, url: `${hook}/hook`, secret: 's' } }, 'PUT');
    await post(base, '/api/notify/channels', staff.token, { channel: 'wecom', config: { enabled: true, url: `${hook}/wecom?key=k` } }, 'PUT');
    const phones = await Promise.all(Array.from({ length: PHONES }, (_, i) => join_('volunteer', `bench-phone-${n}-${i}`)));
    notifier?.start(1_000);

    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      phones.map(async (p, i) => {
        for (let k = 0; k < PUSHES_PER_PHONE; k++) {
          const device = `bench-phone-${n}-${i}`;
          const op = {
            id: `op-${n}-${i}-${k}`,
            work: p.member.work,
            entity: 'issue',
            entityId: `issue-${n}-${i}-${k}`,
            actor: p.member.id,
            device,
            hlc: encodeStamp({ wall: Date.now(), counter: k, node: device }),
            v: RULES_VERSION,
            kind: 'issue.create',
            payload: { category: 'noise', description: `bench ${k}`, severity: 'low', pointId: null },
          };
          const t0 = performance.now();
          const r = await post<{ results: Array<{ status: string }> }>(base, '/api/sync/push', p.token, { clientVersion: RULES_VERSION, ops: [op] });
          latencies.push(performance.now() - t0);
          if (r.status !== 200 || r.body.results[0]?.status !== 'accepted') throw new Error(`push refused: ${JSON.stringify(r.body)}`);
        }
      }),
    );
    const wallMs = performance.now() - started;
    if (notifier) {
      await notifier.stop();
      // What the worker had not sent yet goes now (outside the timed part): every event reached the receiver.
      await notifier.drain(1000);
    }
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await opened.close();
    return { latencies, wallMs, sent: received };
  } finally {
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(): Promise<BenchResult> {
  const off: number[] = [];
  const on: number[] = [];
  const offP95: number[] = [];
  const onP95: number[] = [];
  let sent = 0;
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  for (let r = 0; r < ROUNDS; r++) {
    const a = await round_(false, r * 2);
    const b = await round_(true, r * 2 + 1);
    off.push(median(a.latencies));
    on.push(median(b.latencies));
    offP95.push(p95(a.latencies));
    onP95.push(p95(b.latencies));
    sent = b.sent;
  }
  const offMs = median(off);
  const onMs = median(on);
  const failures = onMs > offMs * BUDGET ? [`notifications add ${round((onMs / offMs - 1) * 100, 1)}% to the median push (budget 10%)`] : [];
  return {
    figures: [
      {
        name: 'push latency with notifications on (1,000 single-issue pushes, 20 phones)',
        value: round(onMs, 2),
        unit: 'ms median',
        baseline: 'the same with notifications off',
        baselineValue: round(offMs, 2),
      },
      {
        name: 'push latency p95 with notifications on',
        value: round(median(onP95), 2),
        unit: 'ms',
        baseline: 'p95 with notifications off',
        baselineValue: round(median(offP95), 2),
      },
    ],
    failures,
    notes: [
      `**Notifications and push latency.** ${PHONES} phones push ${PUSHES_PER_PHONE} new issues each (one op per push), ${ROUNDS} rounds alternating off/on, SQLite. ` +
        `On: the event row in the push's transaction and the worker in the same process (webhook and WeCom stand-ins on loopback); ` +
        `the last round's receiver got ${sent} messages for ${PHONES * PUSHES_PER_PHONE} issues (webhook 1 each; WeCom ${'≤'}20 a minute, the rest after the timed part).`,
    ],
  };
}

export const notifyPush: BenchModule = { title: 'notify push', run };

if (isMain(import.meta.url)) runStandalone(run);
