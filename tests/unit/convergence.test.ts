/**
 * Convergence under faults (property-based, fast-check): several simulated
 * devices run the real client sync code (src/sync: Dexie store on
 * fake-indexeddb, outbox, push/pull) against the real server (in-process,
 * SQLite on disk), with random ops by random roles and injected faults:
 * dropped requests, responses lost after the server committed, duplicated
 * requests, stale requests replayed out of order, long offline periods,
 * clocks hours off, server restarts (also in the middle of a push).
 *
 * After healing (network back, no faults, a few sync rounds) it checks that
 * every device holds exactly the server's state, that every op a device made
 * is on the server exactly once or was reported back to its author as
 * rejected, and that nothing is left pending.
 */
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, type IssueState, type Role, SEVERITIES, type StoredOp, availableTransitions } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, LocalRejection, type OpDraft, recordOps } from '../../src/sync/local';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestDatabase, testDatabase } from './test-db';
import { closeServer } from './loopback';

const ROLES_OF_DEVICES: Role[] = ['volunteer', 'volunteer', 'liaison', 'staff'];
const HOUR = 3_600_000;

type Fault = 'ok' | 'drop' | 'lose-response' | 'duplicate' | 'replay-stale' | 'restart';

type Action =
  | { t: 'create'; dev: number; category: number; severity: number; text: string }
  | { t: 'edit'; dev: number; pick: number; severity: number; text: string }
  | { t: 'transition'; dev: number; pick: number; choice: number; wild: number }
  | { t: 'comment'; dev: number; pick: number; text: string }
  | { t: 'sync'; dev: number; faults: Fault[] }
  | { t: 'offline'; dev: number; offline: boolean }
  | { t: 'skew'; dev: number; hours: number }
  | { t: 'restart' };

const dev = fc.integer({ min: 0, max: ROLES_OF_DEVICES.length - 1 });
const words = fc.string({ minLength: 1, maxLength: 12 }).map((s) => `${s.trim() || 'x'} 井`);
const fault = fc.constantFrom<Fault>('ok', 'ok', 'drop', 'lose-response', 'duplicate', 'replay-stale', 'restart');
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('create' as const), dev, category: fc.nat(), severity: fc.nat(), text: words }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('edit' as const), dev, pick: fc.nat(), severity: fc.nat(), text: words }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('transition' as const), dev, pick: fc.nat(), choice: fc.nat(), wild: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('comment' as const), dev, pick: fc.nat(), text: words }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('sync' as const), dev, faults: fc.array(fault, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('offline' as const), dev, offline: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('skew' as const), dev, hours: fc.integer({ min: -8, max: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
);

interface Totals {
  runs: number;
  opsTried: number;
  opsMade: number;
  faults: number;
  lost: number;
  duplicated: number;
}
const totals: Totals = { runs: 0, opsTried: 0, opsMade: 0, faults: 0, lost: 0, duplicated: 0 };

/** The server, restartable: a restart closes the store and opens the same database again. */
class TestServer {
  private store!: Store;
  private handler!: http.RequestListener;
  private readonly http = http.createServer((req, res) => this.handler(req, res));
  private database!: TestDatabase;
  base = '';

  async start(): Promise<void> {
    this.database = await testDatabase('conv');
    await this.open();
    await seedDemoIfEmpty(this.store);
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  private async open(): Promise<void> {
    this.store = await this.database.open();
    this.handler = createApp({ store: this.store, staticDir: '/nonexistent', joinAttemptsPerMinute: 1000 });
  }

  async restart(): Promise<void> {
    await this.store.close();
    await this.open();
  }

  get current(): Store {
    return this.store;
  }

  async invites(): Promise<Record<Role, string>> {
    const list = await this.store.listInvites(DEMO_WORK_ID);
    return Object.fromEntries(list.map((i) => [i.role, i.code])) as Record<Role, string>;
  }

  async close(): Promise<void> {
    await closeServer(this.http);
    await this.store.close();
    await this.database.drop();
  }
}

/** A phone's network: offline or not, and the faults to apply to its next requests. */
class FaultyNetwork {
  offline = false;
  faults: Fault[] = [];
  injected = 0;
  private readonly sent: Array<{ url: string; init: RequestInit }> = [];

  constructor(private readonly server: TestServer) {}

  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (this.offline) throw new TypeError('Failed to fetch (offline)');
    const f = this.faults.shift() ?? 'ok';
    if (f !== 'ok') this.injected++;
    const send = (u: string, i: RequestInit) => fetch(u, i);
    switch (f) {
      case 'drop':
        throw new TypeError('Failed to fetch (dropped)');
      case 'lose-response':
        await (await send(url, init)).text();
        throw new TypeError('Failed to fetch (response lost)');
      case 'duplicate':
        await (await send(url, init)).text();
        break;
      case 'replay-stale': {
        // An old request that was stuck in some queue arrives now, out of order.
        const old = this.sent[Math.floor(this.sent.length / 2)];
        if (old) await (await send(old.url, old.init)).text();
        break;
      }
      case 'restart':
        await this.server.restart();
        break;
      case 'ok':
        break;
    }
    this.sent.push({ url, init });
    return send(url, init);
  };
}

interface SimDevice extends Device {
  role: Role;
  membership: Membership;
  net: FaultyNetwork;
  skewMs: number;
  made: string[];
}

async function draftFor(d: SimDevice, a: Action): Promise<OpDraft | null> {
  const issues = (await d.db.issues.orderBy('id').toArray()) as IssueState[];
  const pick = (n: number) => (issues.length ? issues[n % issues.length]! : null);
  switch (a.t) {
    case 'create':
      return {
        kind: 'issue.create',
        entity: 'issue',
        entityId: newId(),
        payload: {
          category: ISSUE_CATEGORIES[a.category % ISSUE_CATEGORIES.length]!,
          description: a.text,
          severity: SEVERITIES[a.severity % SEVERITIES.length]!,
          pointId: a.category % 2 ? 'demo-point-1' : null,
        },
      };
    case 'edit': {
      const issue = pick(a.pick);
      if (!issue) return null;
      return {
        kind: 'issue.edit',
        entity: 'issue',
        entityId: issue.id,
        payload: { fields: a.severity % 2 ? { description: a.text } : { severity: SEVERITIES[a.severity % 3]!, description: a.text } },
      };
    }
    case 'transition': {
      const issue = pick(a.pick);
      if (!issue) return null;
      const rules = availableTransitions(issue.status, d.role);
      // Mostly moves the role may make from what it sees; sometimes any move at all.
      const to = rules.length && a.wild % 5 ? rules[a.choice % rules.length]!.to : ISSUE_STATUSES[a.choice % ISSUE_STATUSES.length]!;
      return {
        kind: 'issue.transition',
        entity: 'issue',
        entityId: issue.id,
        payload: { to, reason: 'reason', plannedDate: '2099-12-01' },
      };
    }
    case 'comment': {
      const issue = pick(a.pick);
      if (!issue) return null;
      return { kind: 'issue.comment', entity: 'issue', entityId: issue.id, payload: { text: a.text } };
    }
    default:
      return null;
  }
}

const stripSync = <T extends { syncPending?: boolean }>(rows: T[]) => rows.map(({ syncPending: _s, ...rest }) => rest);

async function runScenario(actions: Action[], seq: number): Promise<void> {
  const server = new TestServer();
  await server.start();
  const codes = await server.invites();
  const devices: SimDevice[] = [];
  try {
    for (const [i, role] of ROLES_OF_DEVICES.entries()) {
      const net = new FaultyNetwork(server);
      const api = createApi(server.base, net.fetch);
      const deviceId = `sim-${seq}-${i}`;
      const joined = await api.join({ code: codes[role], name: `${role} ${i}`, deviceId });
      const d: SimDevice = {
        db: new SitewatchDB(`conv-${seq}-${i}`),
        deviceId,
        role,
        net,
        skewMs: 0,
        made: [],
        now: () => Date.now() + d.skewMs,
        membership: {
          work: joined.member.work,
          workName: joined.workName,
          memberId: joined.member.id,
          name: joined.member.name,
          role,
          token: joined.token,
          joinedAt: Date.now(),
        },
      };
      devices.push(d);
    }
    const apiOf = (d: SimDevice) => createApi(server.base, d.net.fetch);
    const sync = (d: SimDevice) => syncWork(d, apiOf(d), d.membership).catch(() => undefined);

    for (const a of actions) {
      if (a.t === 'restart') {
        await server.restart();
        totals.faults++;
        continue;
      }
      const d = devices[a.dev]!;
      if (a.t === 'sync') {
        d.net.faults = [...a.faults];
        await sync(d);
        d.net.faults = [];
      } else if (a.t === 'offline') {
        d.net.offline = a.offline;
      } else if (a.t === 'skew') {
        d.skewMs = a.hours * HOUR;
      } else {
        const draft = await draftFor(d, a);
        if (!draft) continue;
        totals.opsTried++;
        try {
          // Some complaints are saved with a first comment: a group, all or nothing.
          const drafts: OpDraft[] =
            a.t === 'create' && a.severity % 3 === 0
              ? [draft, { kind: 'issue.comment', entity: 'issue', entityId: draft.entityId, payload: { text: `about ${a.text}` } }]
              : [draft];
          const ops = await recordOps(d, d.membership, drafts);
          d.made.push(...ops.map((op) => op.id));
        } catch (err) {
          // The rules refused it on the device already: nothing was saved, nothing to sync.
          if (!(err instanceof LocalRejection)) throw err;
        }
      }
    }

    // Heal: network back, no faults, clocks as they are; sync until nothing moves.
    for (const d of devices) {
      totals.faults += d.net.injected;
      d.net.offline = false;
      d.net.faults = [];
    }
    for (let round = 0; round < 3; round++) for (const d of devices) await syncWork(d, apiOf(d), d.membership);

    const page = await server.current.pull(DEMO_WORK_ID, 0, 1_000_000);
    const log = page.opsJson.map((j) => JSON.parse(j) as StoredOp);
    const inLog = new Map<string, number>();
    for (const op of log) inLog.set(op.id, (inLog.get(op.id) ?? 0) + 1);
    const duplicated = [...inLog.values()].filter((n) => n > 1).length;
    expect(duplicated).toBe(0);
    totals.duplicated += duplicated;

    const entities = await server.current.listEntities(DEMO_WORK_ID);
    const serverIssues = entities.filter((e) => e.type === 'issue').map((e) => e.state);
    const serverMembers = entities.filter((e) => e.type === 'member').map((e) => e.state);

    for (const d of devices) {
      totals.opsMade += d.made.length;
      const rejected = new Set((await d.db.rejected.toArray()).map((r) => r.id));
      const lost = d.made.filter((id) => !inLog.has(id) && !rejected.has(id));
      const both = d.made.filter((id) => inLog.has(id) && rejected.has(id));
      totals.lost += lost.length;
      expect(lost, `ops of device ${d.deviceId} neither on the server nor reported`).toEqual([]);
      expect(both, `ops of device ${d.deviceId} both accepted and reported rejected`).toEqual([]);
      expect(await d.db.outbox.count()).toBe(0);

      const views = await d.db.issues.orderBy('id').toArray();
      expect(views.every((v) => !v.syncPending)).toBe(true);
      expect(stripSync(views)).toEqual(serverIssues);
      expect(stripSync(await d.db.members.orderBy('id').toArray())).toEqual(serverMembers);
    }
  } finally {
    for (const d of devices) d.db.close();
    await server.close();
  }
}

afterAll(() => {
  console.log(
    `convergence: ${totals.runs} runs, ops tried ${totals.opsTried}, ops saved on devices ${totals.opsMade}, ` +
      `faults injected ${totals.faults}, lost ${totals.lost}, duplicated ${totals.duplicated}`,
  );
});

it('devices converge to the server state with nothing lost or duplicated, whatever the faults', async () => {
  let seq = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 60 }), async (actions) => {
      totals.runs++;
      await runScenario(actions, seq++);
    }),
    { numRuns: Number(process.env.CONVERGENCE_RUNS ?? 25), endOnFailure: true },
  );
  expect(totals.lost).toBe(0);
  expect(totals.duplicated).toBe(0);
  expect(totals.opsMade).toBeGreaterThan(0);
}, 240_000);
