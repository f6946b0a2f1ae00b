/**
 * Two real server processes on one PostgreSQL database (PostgreSQL only, see vitest.config.ts) send
 * the same outbox at once; one is killed with SIGKILL in the middle of a send and started again. The
 * webhook receiver answers slowly, so a round (50 rows claimed at once) outlives its lease and the other
 * instance takes rows over while the first is still working through them: the case a lease alone gets
 * wrong. At the receiver, every notification arrives once per recipient and channel; the only repeat
 * allowed is the one message in flight at the kill (its key lets the receiver drop it), and the
 * delivery log shows each sent.
 */
import http from 'node:http';
import { afterAll, expect, it } from 'vitest';
import type { DeliveryLogEntry } from '../../src/core/notify';
import { testPort } from '../ports';
import { type TestServer, issueCreate, startServer } from './harness';
import { closeServer, listenOnLoopback } from './loopback';
import { type ServerProcess, serverProcess } from './server-process';

const POOL = Number(process.env.VITEST_POOL_ID ?? 0);
const NAMES = ['a', 'b'] as const;
type Name = (typeof NAMES)[number];
const ISSUES = 40;
/** The receiver's answer time: 40 deliveries claimed in one round take longer than the lease to send. */
const ANSWER_MS = 80;
const LEASE_MS = 1_500;
/** The request whose sender is killed before it hears the answer: after the first lease ran out. */
const KILL_AT = 25;

let s: TestServer | null = null;
const instances = new Map<Name, ServerProcess>();

afterAll(async () => {
  for (const p of instances.values()) await p.stop('SIGKILL');
  await s?.close();
});

it('two instances sending one outbox, one killed mid-send and restarted: each notification reaches the receiver once per recipient and channel', async () => {
  s = await startServer({ label: 'notify-instances' });
  const staff = await s.join('staff');
  const volunteer = await s.join('volunteer');

  // Who sent each request: every instance has its own public address, which the webhook's link carries.
  const requests: Array<{ key: string; from: Name }> = [];
  const kill: { victim?: Name; inFlight?: string; done?: Promise<void> } = {};
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const key = String(req.headers['x-sitewatch-key']);
      const from = new URL((JSON.parse(body) as { link: string }).link).hostname.split('.')[0] as Name;
      requests.push({ key, from });
      if (requests.length === KILL_AT && !kill.done) {
        Object.assign(kill, { victim: from, inFlight: key, done: instances.get(from)!.stop('SIGKILL') });
        return;
      }
      setTimeout(() => res.writeHead(200).end('ok'), ANSWER_MS);
    });
  });
  const hook = await listenOnLoopback(receiver);
  const put = await s.call('PUT', '/api/notify/channels', staff.token, {
    channel: 'webhook',
    config: { enabled: true, url: `${hook}/hook`, secret: 'instances-secret' },
  });
  expect(put.status).toBe(200);
  // Pushed through a server with no worker: the events wait in the outbox for the two instances.
  const ops = Array.from({ length: ISSUES }, () => issueCreate(volunteer));
  expect(await s.outcomes(volunteer.token, ops)).toEqual(ops.map(() => 'accepted'));

  for (const [i, name] of NAMES.entries()) {
    instances.set(
      name,
      serverProcess(testPort(4540 + 2 * POOL + i), {
        ...s.database.env,
        SITEWATCH_PUBLIC_URL: `http://${name}.instance.test`,
        SITEWATCH_NOTIFY_INTERVAL_MS: '50',
        SITEWATCH_NOTIFY_LEASE_MS: String(LEASE_MS),
        SITEWATCH_NOTIFY_SUMMARIES: '0',
      }),
    );
  }
  await Promise.all([...instances.values()].map((p) => p.start()));
  await expect.poll(() => kill.victim, { timeout: 30_000, message: 'an instance was killed mid-send' }).toBeDefined();
  await kill.done;
  await instances.get(kill.victim!)!.start();

  const webhookLog = async () =>
    (await s!.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/api/notify/deliveries?limit=200', staff.token)).body.deliveries.filter(
      (d) => d.channel === 'webhook',
    );
  await expect.poll(async () => (await webhookLog()).filter((d) => d.state === 'sent').length, { timeout: 60_000, interval: 200 }).toBe(ISSUES);
  for (const p of instances.values()) await p.stop();
  await closeServer(receiver);

  const keys = requests.map((r) => r.key);
  expect([...new Set(keys)].sort()).toEqual(ops.map((o) => `${o.id}:webhook`).sort());
  const repeated = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  expect(repeated.filter((k) => k !== kill.inFlight)).toEqual([]);
  // Both instances sent a share.
  expect(new Set(requests.map((r) => r.from))).toEqual(new Set(NAMES));
  const log = await webhookLog();
  expect(log).toHaveLength(ISSUES);
  expect(log.filter((d) => d.state !== 'sent')).toEqual([]);
  const by = (name: Name) => requests.filter((r) => r.from === name).length;
  console.log(
    `notify two instances: ${requests.length} requests for ${ISSUES} notifications (a ${by('a')}, b ${by('b')}; ${kill.victim} killed at request ${KILL_AT}; ${repeated.length} repeat, dropped by key)`,
  );
}, 120_000);
