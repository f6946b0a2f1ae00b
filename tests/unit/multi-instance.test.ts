/**
 * Two real server processes (tsx sync-server/main.ts) on two ports, sharing
 * one PostgreSQL schema (PostgreSQL only, see vitest.config.ts). Devices push
 * to one and pull from the other, concurrently; midway one instance is killed
 * with SIGKILL and its devices carry on against the survivor, as they would
 * behind a load balancer. Every device must end with every acknowledged op,
 * each exactly once, in seq order, and nothing acknowledged may be lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { type JoinResponse, type Op, type PullResponse, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { testPort } from '../ports';
import { testDatabase } from './test-db';

const database = await testDatabase('multiinstance');
const POOL = Number(process.env.VITEST_POOL_ID ?? 0);
const PORTS = [testPort(4420 + 2 * POOL), testPort(4421 + 2 * POOL)] as const;
const bases = PORTS.map((p) => `http://127.0.0.1:${p}`);
const children: Array<ChildProcess | null> = [null, null];

const DEVICES = 8;
const ROUNDS = 12;
const OPS_PER_PUSH = 10;

function start(i: 0 | 1): Promise<string> {
  // One process per instance (not the tsx CLI, whose child SIGKILL would orphan).
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    env: { ...process.env, ...database.env, PORT: String(PORTS[i]), HOST: '127.0.0.1', SITEWATCH_QUIET_LOG: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children[i] = child;
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${i} did not start:\n${out}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const code = /^\s+volunteer\s+\S+\s+\S+code=([A-Z0-9]+)/m.exec(out)?.[1];
      if (code) {
        clearTimeout(timer);
        resolve(code);
      }
    });
    child.once('exit', (code) => reject(new Error(`instance ${i} exited (${code}) before it started:\n${out}`)));
  });
}

function kill(i: 0 | 1): Promise<void> {
  const child = children[i];
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterAll(async () => {
  await kill(0);
  await kill(1);
  await database.drop();
});

interface Device {
  n: number;
  token: string;
  memberId: string;
  /** The instance it pushes to; it pulls from the other one. */
  pushTo: 0 | 1;
  cursor: number;
  pulled: Array<{ seq: number; id: string }>;
}

/** A request to instance `i`, or to the other one when `i` does not answer (what a load balancer does). */
async function request(i: 0 | 1, path: string, init: RequestInit, failovers: { n: number }): Promise<Response> {
  try {
    return await fetch(`${bases[i]}${path}`, init);
  } catch {
    failovers.n++;
    return fetch(`${bases[1 - i]}${path}`, init);
  }
}

it('devices pushing to one instance and pulling from the other converge, and carry on when one is killed', async () => {
  const code = await start(0);
  await start(1);
  const failovers = { n: 0 };

  // Photo bytes are shared: half uploaded through one instance, the rest through the other.
  const photo = new Uint8Array(300_000).map((_, i) => (i * 7) % 253);
  const photoHash = createHash('sha256').update(photo).digest('hex');

  const devices: Device[] = [];
  for (let n = 0; n < DEVICES; n++) {
    const pushTo = (n % 2) as 0 | 1;
    const res = await fetch(`${bases[pushTo]}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: `device ${n}`, deviceId: `mi-dev-${n}` }),
    });
    expect(res.status).toBe(200);
    const joined = (await res.json()) as JoinResponse;
    devices.push({ n, token: joined.token, memberId: joined.member.id, pushTo, cursor: 0, pulled: [] });
  }
  // The photo's record goes first: the server takes only bytes a record of the work names.
  const record = await fetch(`${bases[0]}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${devices[0]!.token}` },
    body: JSON.stringify({
      clientVersion: RULES_VERSION,
      ops: [
        {
          id: 'mi-photo-op',
          work: 'demo-work',
          entity: 'photo',
          entityId: 'mi-photo',
          kind: 'photo.add',
          actor: devices[0]!.memberId,
          device: 'mi-dev-0',
          hlc: encodeStamp({ wall: Date.now(), counter: 0, node: 'mi-dev-0' }),
          v: RULES_VERSION,
          payload: {
            hash: photoHash,
            size: photo.length,
            thumbHash: photoHash,
            thumbSize: photo.length,
            width: 800,
            height: 600,
            takenAt: null,
            location: null,
            phase: 'before',
            caption: '',
            targetType: 'point',
            targetId: 'demo-point-1',
          },
        },
      ],
    }),
  });
  expect(((await record.json()) as PushResponse).results[0]!.status).toBe('accepted');
  const put = (i: 0 | 1, from: number, to: number) =>
    fetch(`${bases[i]}/api/blobs/${photoHash}/upload?offset=${from}&total=${photo.length}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${devices[0]!.token}`, 'Content-Type': 'application/octet-stream' },
      body: photo.subarray(from, to),
    });
  expect(await (await put(1, 0, 150_000)).json()).toEqual({ received: 150_000, complete: false });
  expect(await (await put(0, 150_000, photo.length)).json()).toEqual({ received: photo.length, complete: true });
  const statusOnB = await fetch(`${bases[1]}/api/blobs/${photoHash}/upload`, { headers: { Authorization: `Bearer ${devices[0]!.token}` } });
  expect(await statusOnB.json()).toEqual({ received: photo.length, complete: true });

  const acknowledged = new Set<string>();
  let counter = 0;
  let done = 0;
  let killed = false;

  const pull = async (d: Device) => {
    for (;;) {
      const res = await request(
        (1 - d.pushTo) as 0 | 1,
        `/api/sync/pull?after=${d.cursor}&limit=40`,
        { headers: { Authorization: `Bearer ${d.token}` } },
        failovers,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      d.pulled.push(...page.ops.map((o) => ({ seq: o.seq, id: o.id })));
      d.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  };

  const run = async (d: Device) => {
    for (let round = 0; round < ROUNDS; round++) {
      const ops: Op[] = Array.from({ length: OPS_PER_PUSH }, () => {
        counter++;
        return {
          id: `mi-op-${d.n}-${counter}`,
          work: 'demo-work',
          entity: 'issue',
          entityId: `mi-issue-${counter}`,
          kind: 'issue.create',
          actor: d.memberId,
          device: `mi-dev-${d.n}`,
          hlc: encodeStamp({ wall: Date.now(), counter: counter % 1000, node: `mi-dev-${d.n}` }),
          v: RULES_VERSION,
          payload: { category: 'noise', description: `from device ${d.n}, round ${round}`, severity: 'low', pointId: null },
        };
      });
      const body = JSON.stringify({ clientVersion: RULES_VERSION, ops });
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${d.token}` }, body };
      // A push cut by the kill is sent again, to the survivor, with the same op ids.
      let res: Response;
      try {
        res = await request(d.pushTo, '/api/sync/push', init, failovers);
      } catch {
        failovers.n++;
        res = await fetch(`${bases[0]}/api/sync/push`, init);
      }
      expect(res.status).toBe(200);
      for (const r of ((await res.json()) as PushResponse).results) {
        expect(r.status).toBe('accepted');
        acknowledged.add(r.id);
      }
      await pull(d);
    }
    done++;
  };

  const killer = (async () => {
    // Kill instance 1 once a third of the rounds are done, in the middle of the load.
    while (acknowledged.size < (DEVICES * ROUNDS * OPS_PER_PUSH) / 3) await new Promise((r) => setTimeout(r, 5));
    await kill(1);
    killed = true;
  })();
  await Promise.all(devices.map(run));
  await killer;
  expect(killed).toBe(true);
  expect(done).toBe(DEVICES);

  // Everyone catches up (against the survivor) and holds the same log: every acknowledged op once, in seq order.
  for (const d of devices) await pull(d);
  const reference = devices[0]!.pulled;
  const ours = reference.filter((o) => o.id.startsWith('mi-op-'));
  expect(ours.map((o) => o.id).sort()).toEqual([...acknowledged].sort());
  expect(acknowledged.size).toBe(DEVICES * ROUNDS * OPS_PER_PUSH);
  for (const d of devices) {
    const seqs = d.pulled.map((o) => o.seq);
    expect(seqs.every((s, k) => k === 0 || s > seqs[k - 1]!)).toBe(true);
    expect(d.pulled).toEqual(reference);
  }
  expect(failovers.n).toBeGreaterThan(0);
  console.log(
    `multi-instance: ${DEVICES} devices, ${acknowledged.size} ops acknowledged, instance 2 killed mid-load, ` +
      `${failovers.n} requests failed over to the survivor, every device holds ${reference.length} ops once each`,
  );
}, 120_000);
