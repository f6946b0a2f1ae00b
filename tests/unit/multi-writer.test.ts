/**
 * Several writers, one log: a pull cursor must never skip an op that commits
 * late (docs/sync-protocol.md, "Several instances"). On PostgreSQL the two
 * writers are two stores (two connection pools, as two instances have); on
 * SQLite, which is one process by design, two servers share one store.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type JoinResponse, type Op, type OpOf, type PullResponse, type PushResponse, RULES_VERSION, encodeStamp } from '../../src/core';
import { createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestDatabase, testDatabase } from './test-db';
import { closeServer } from './loopback';

let database: TestDatabase;
let stores: [Store, Store];
const servers: http.Server[] = [];
const bases: string[] = [];
let counter = 0;

function issueOp(actor: string, device: string, tag: string): OpOf<'issue.create'> {
  counter++;
  return {
    id: `mw-${tag}-${counter}`,
    work: DEMO_WORK_ID,
    entity: 'issue',
    entityId: `mw-issue-${tag}-${counter}`,
    kind: 'issue.create',
    actor,
    device,
    hlc: encodeStamp({ wall: Date.now(), counter: counter % 1000, node: device }),
    v: RULES_VERSION,
    payload: { category: 'noise', description: `multi-writer ${tag} ${counter}`, severity: 'low', pointId: null },
  };
}

beforeAll(async () => {
  database = await testDatabase('multiwriter');
  const first = await database.open();
  await seedDemoIfEmpty(first);
  stores = [first, database.kind === 'postgres' ? await database.open() : first];
  for (const store of stores) {
    const server = http.createServer(createApp({ store, staticDir: '/nonexistent', joinAttemptsPerMinute: 1000 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    bases.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
});

afterAll(async () => {
  for (const s of servers) {
    await closeServer(s);
  }
  await stores[0].close();
  if (stores[1] !== stores[0]) await stores[1].close();
  await database.drop();
});

async function pullAll(store: Store, after: number): Promise<Array<{ seq: number; id: string }>> {
  const out: Array<{ seq: number; id: string }> = [];
  let cursor = after;
  for (;;) {
    const page = await store.pull(DEMO_WORK_ID, cursor, 1000);
    out.push(...page.opsJson.map((j) => JSON.parse(j) as { seq: number; id: string }).map(({ seq, id }) => ({ seq, id })));
    cursor = page.lastSeq;
    if (!page.hasMore) return out;
  }
}

it('an op that took its seq first but commits last is not skipped by a cursor that moved on meanwhile', async () => {
  const [a, b] = stores;
  const start = await a.maxSeq();
  let appended!: () => void;
  const hasAppended = new Promise<void>((r) => (appended = r));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));

  // Writer A appends, then dawdles before committing (a slow request, a GC pause).
  const slow = a.transaction(
    async (tx) => {
      const { seq } = await tx.appendOp(issueOp('system', 'slow', 'slow') as Op, Date.now(), 0);
      appended();
      await gate;
      return seq;
    },
    { work: DEMO_WORK_ID },
  );
  await hasAppended;
  // Writer B, on the other instance, appends meanwhile and would commit first if nothing ordered them.
  // Both write one work, as pushes do: writers of one work take turns (other works' writers would not wait).
  const fast = b.transaction(async (tx) => (await tx.appendOp(issueOp('system', 'fast', 'fast') as Op, Date.now(), 0)).seq, { work: DEMO_WORK_ID });
  await new Promise((r) => setTimeout(r, 200));
  // A device pulls now and moves its cursor to whatever it saw. (On SQLite the pull waits behind the
  // open transaction: then it saw nothing yet, which is just as safe.)
  const early = pullAll(b, start);
  const seenEarly = (await Promise.race([early, new Promise<null>((r) => setTimeout(() => r(null), 300))])) ?? [];
  const cursor = seenEarly.length ? seenEarly[seenEarly.length - 1]!.seq : start;
  release();
  const [slowSeq, fastSeq] = await Promise.all([slow, fast, early]);

  const seenLater = await pullAll(a, cursor);
  const seen = [...seenEarly, ...seenLater].map((o) => o.seq);
  expect(seen).toContain(slowSeq);
  expect(seen).toContain(fastSeq);
  // Seq order is commit order: the late committer holds the lower number only if it also committed first.
  expect(slowSeq).toBeLessThan(fastSeq);
});

it('devices pushing to both instances while others pull from both see every op once, in seq order', async () => {
  const code = (await stores[0].listInvites(DEMO_WORK_ID)).find((i) => i.role === 'volunteer')!.code;
  const join = async (i: number) =>
    (await (
      await fetch(`${bases[i % 2]}/api/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name: `writer ${i}`, deviceId: `mw-dev-${i}` }),
      })
    ).json()) as JoinResponse;
  const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(join));
  const start = await stores[0].maxSeq();
  const acknowledged = new Set<string>();
  let writing = true;

  const write = async (w: JoinResponse, i: number) => {
    for (let round = 0; round < 12; round++) {
      const ops = Array.from({ length: 8 }, () => issueOp(w.member.id, `mw-dev-${i}`, `w${i}`));
      const res = await fetch(`${bases[(i + round) % 2]}/api/sync/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${w.token}` },
        body: JSON.stringify({ clientVersion: RULES_VERSION, ops }),
      });
      expect(res.status).toBe(200);
      for (const r of ((await res.json()) as PushResponse).results) {
        expect(r.status).toBe('accepted');
        acknowledged.add(r.id);
      }
    }
  };
  // Readers pull with a cursor, alternating between the instances, the way a device behind a load balancer would.
  const read = async (r: number) => {
    const seen: Array<{ seq: number; id: string }> = [];
    let cursor = start;
    let k = r;
    const step = async () => {
      const res = await fetch(`${bases[k++ % 2]}/api/sync/pull?after=${cursor}&limit=50`, {
        headers: { Authorization: `Bearer ${writers[r]!.token}` },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as PullResponse;
      seen.push(...page.ops.map((o) => ({ seq: o.seq, id: o.id })));
      cursor = page.cursor;
      return page.hasMore;
    };
    while (writing) await step();
    while (await step());
    return seen;
  };

  const readers = [read(0), read(1), read(2)];
  await Promise.all(writers.map(write));
  writing = false;
  const log = await pullAll(stores[0], start);
  expect(
    log
      .filter((o) => o.id.startsWith('mw-w'))
      .map((o) => o.id)
      .sort(),
  ).toEqual([...acknowledged].sort());
  for (const seen of await Promise.all(readers)) {
    const seqs = seen.map((o) => o.seq);
    // Strictly increasing: nothing twice, nothing out of order...
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    // ...and nothing skipped: what the reader collected page by page is the whole log.
    expect(seen).toEqual(log);
  }
  expect(acknowledged.size).toBe(6 * 12 * 8);
});
