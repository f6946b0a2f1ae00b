/**
 * Two notification workers on one store (two instances), on both stores, with slow providers: a round
 * that outlives its lease. The other worker takes over the rows whose lease ran out; the first one then
 * sends none of them again (each message's rows are leased afresh just before it goes, only if still
 * its own), and an outcome it records late never overwrites what the other recorded. The clock is
 * injected: each send moves it on instead of taking time.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DeliveryLogEntry } from '../../src/core/notify';
import type { ChannelAdapter, SendResult } from '../../sync-server/notify/channels';
import { Notifier } from '../../sync-server/notify/notifier';
import { type Member, type TestServer, issueCreate, startServer } from './harness';

const LEASE_MS = 60_000;
let s: TestServer;
let staff: Member;
let volunteer: Member;
let clock = Date.now();
const sent: Array<{ by: 'a' | 'b'; key: string }> = [];
const logged: string[] = [];

/** A webhook stand-in: records who sent what, runs `during` (while the send is under way), answers `result`. */
function provider(by: 'a' | 'b', during: (nth: number) => Promise<SendResult | void> = async () => {}): ChannelAdapter<'webhook'> {
  let nth = 0;
  return {
    async send(_config, msg) {
      sent.push({ by, key: msg.key });
      return (await during(++nth)) ?? { ok: true };
    },
  };
}

const worker = (adapter: ChannelAdapter<'webhook'>) =>
  new Notifier({
    store: s.store,
    baseUrl: 'https://sitewatch.example.cn',
    now: () => clock,
    leaseMs: LEASE_MS,
    batchWindowMs: 0,
    summaries: false,
    adapters: { webhook: adapter },
    log: (line) => logged.push(line),
  });

const webhookLog = async () =>
  (await s.call<{ deliveries: DeliveryLogEntry[] }>('GET', '/api/notify/deliveries?limit=200', staff.token)).body.deliveries.filter(
    (d) => d.channel === 'webhook',
  );

beforeAll(async () => {
  s = await startServer({ label: 'notify-lease' });
  staff = await s.join('staff');
  volunteer = await s.join('volunteer');
  const put = await s.call('PUT', '/api/notify/channels', staff.token, {
    channel: 'webhook',
    config: { enabled: true, url: 'http://127.0.0.1:9/hook', secret: 'lease-secret-1234' },
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await s.close();
});

it('a round that outlives its lease leaves the rows another instance took over to it: each message goes once', async () => {
  const ops = Array.from({ length: 6 }, () => issueCreate(volunteer));
  expect(await s.outcomes(volunteer.token, ops)).toEqual(ops.map(() => 'accepted'));
  sent.length = 0;
  const b = worker(provider('b'));
  // Each of a's sends takes 0.6 of the lease; during its second, the lease of the rows it claimed but
  // has not reached yet runs out, and b's round takes them.
  const a = worker(
    provider('a', async (nth) => {
      clock += 0.6 * LEASE_MS;
      if (nth === 2) await b.tick();
    }),
  );
  await a.tick();
  clock += 2 * LEASE_MS;
  await a.drain();
  await b.drain();

  const keys = sent.map((x) => x.key);
  expect([...keys].sort()).toEqual(ops.map((o) => `${o.id}:webhook`).sort());
  expect(sent.filter((x) => x.by === 'a')).toHaveLength(2);
  expect(sent.filter((x) => x.by === 'b')).toHaveLength(4);
  // a found each of the four taken over when it came to send it.
  expect(logged.filter((l) => l.includes('were taken over by another instance'))).toHaveLength(4);
  const log = await webhookLog();
  expect(log.filter((d) => d.state !== 'sent' || d.attempts !== 1)).toEqual([]);
});

it('an outcome recorded after the lease ran out does not overwrite the one the instance that took over recorded', async () => {
  const op = issueCreate(volunteer);
  expect(await s.outcomes(volunteer.token, [op])).toEqual(['accepted']);
  sent.length = 0;
  logged.length = 0;
  const b = worker(provider('b'));
  // a's one send hangs past its lease: b takes the row over and sends it; then a's send fails.
  const a = worker(
    provider('a', async () => {
      clock += 1.5 * LEASE_MS;
      await b.tick();
      return { ok: false, permanent: false, error: 'no answer within 10 s' };
    }),
  );
  await a.tick();
  // Much later: had a's failure been recorded, the row would be due again now.
  clock += 10 * LEASE_MS;
  await a.drain();
  await b.drain();

  // Twice, once by each (a's try outlived its lease: the key lets the receiver drop one), never a third time.
  expect(sent).toEqual([
    { by: 'a', key: `${op.id}:webhook` },
    { by: 'b', key: `${op.id}:webhook` },
  ]);
  const entry = (await webhookLog()).find((d) => d.issue === op.entityId)!;
  expect(entry).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
  expect(logged.some((l) => l.includes('were taken over while being sent'))).toBe(true);
});
