/**
 * The real server process is killed with SIGKILL while it sends the outbox, and started again on the
 * same database: every notification reaches the receiver, and after dropping repeats by their key (as
 * the README tells receivers to) each arrived exactly once; at most the one message in flight at the
 * kill arrives twice, and the delivery log shows each sent once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import type { DeliveryLogEntry } from '../../src/core/notify';
import { testPort } from '../ports';
import { type TestServer, issueCreate, startServer } from './harness';
import { closeServer, listenOnLoopback } from './loopback';

const PORT = testPort(4420 + Number(process.env.VITEST_POOL_ID ?? 0));
const ISSUES = 30;
let child: ChildProcess | null = null;
let s: TestServer | null = null;

function startChild(env: Record<string, string>): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', SITEWATCH_QUIET_LOG: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Sitewatch is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function kill(): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterAll(async () => {
  await kill();
  await s?.close();
});

it('a server killed with SIGKILL while sending delivers every notification once per recipient and channel after restart', async () => {
  s = await startServer({ label: 'notify-crash' });
  const staff = await s.join('staff');
  const volunteer = await s.join('volunteer');

  // The webhook receiver answers slowly; at its 10th request the server is killed before the answer.
  const keys: string[] = [];
  let killing: Promise<void> | null = null;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      keys.push(String(req.headers['x-sitewatch-key']));
      if (keys.length === 10 && !killing) {
        killing = kill();
        return;
      }
      setTimeout(() => res.writeHead(200).end('ok'), 20);
    });
  });
  const hook = await listenOnLoopback(receiver);
  const put = await s.call('PUT', '/api/notify/channels', staff.token, {
    channel: 'webhook',
    config: { enabled: true, url: `${hook}/hook`, secret: 'crash-secret' },
  });
  expect(put.status).toBe(200);
  // Pushed through a server with no worker: the events wait in the outbox.
  const ops = Array.from({ length: ISSUES }, () => issueCreate(volunteer));
  expect(await s.outcomes(volunteer.token, ops)).toEqual(ops.map(() => 'accepted'));

  const env = { ...s.database.env, SITEWATCH_NOTIFY_INTERVAL_MS: '50', SITEWATCH_NOTIFY_LEASE_MS: '1500', SITEWATCH_NOTIFY_SUMMARIES: '0' };
  await startChild(env);
  for (let i = 0; i < 600 && !killing; i++) await new Promise((r) => setTimeout(r, 50));
  expect(killing, 'the server was killed mid-send').not.toBeNull();
  await killing;
  const atKill = keys.length;

  await startChild(env);
  const expected = ops.map((o) => `${o.id}:webhook`).sort();
  const webhookLog = async () =>
    (await s!.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/api/notify/deliveries?limit=200', staff.token)).body.deliveries.filter(
      (d) => d.channel === 'webhook',
    );
  for (let i = 0; i < 300; i++) {
    const log = await webhookLog();
    if (log.length === ISSUES && log.every((d) => d.state === 'sent')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await kill();
  await closeServer(receiver);

  expect([...new Set(keys)].sort()).toEqual(expected);
  const repeats = keys.length - new Set(keys).size;
  expect(repeats).toBeLessThanOrEqual(1);
  const webhooks = await webhookLog();
  expect(webhooks).toHaveLength(ISSUES);
  expect(webhooks.filter((d) => d.state !== 'sent')).toEqual([]);
  console.log(`notify crash: killed after ${atKill} requests; ${keys.length} requests for ${ISSUES} notifications (${repeats} repeat, dropped by key)`);
}, 120_000);
