/**
 * A fresh device pulling a log of several pages: the app asks for the next page while it stores the one
 * before, so the server's work and the transfer overlap the device's writes. Every page must still be
 * asked once, from the cursor the page before it left, and a page asked ahead must not be used when the
 * stored cursor moved elsewhere meanwhile (a reset).
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PullResponse, type Role } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import type { Membership } from '../../src/lib/settings';
import { ApiError, type SyncApi, createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import type { Device } from '../../src/sync/local';
import { type TestServer, issueCreate, startServer } from './harness';

/** Issues in the work: with the seed and the joins, three pages of at most 1000 ops. */
const ISSUES = 2100;

let srv: TestServer;
let lastSeq = 0;
let n = 0;

beforeAll(async () => {
  srv = await startServer({ label: 'pull-pages', joinAttemptsPerMinute: 100 });
  const volunteer = await srv.join('volunteer');
  const ops = Array.from({ length: ISSUES }, () => issueCreate(volunteer));
  for (let at = 0; at < ops.length; at += 500) {
    const outcomes = await srv.outcomes(volunteer.token, ops.slice(at, at + 500));
    expect(outcomes.every((o) => o === 'accepted')).toBe(true);
  }
  lastSeq = await srv.store.maxSeq();
});

afterAll(() => srv.close());

interface Asked {
  after: number;
  afterId: string | null;
  answer: PullResponse | null;
}

/** A freshly joined device, and an API that records every pull it sends (and may fail one). */
async function freshDevice(
  role: Role,
  failPull?: (k: number) => ApiError | null,
): Promise<{ device: Device; api: SyncApi; member: Membership; asked: Asked[] }> {
  const api = createApi(srv.base);
  const deviceId = `pages-${role}-${++n}`;
  const j = await api.join({ code: srv.codes[role], name: deviceId, deviceId });
  const member: Membership = { work: j.member.work, workName: j.workName, memberId: j.member.id, name: j.member.name, role, token: j.token, joinedAt: 0 };
  const asked: Asked[] = [];
  const counting: SyncApi = {
    ...api,
    async pull(token, after, afterId, limit) {
      const entry: Asked = { after, afterId, answer: null };
      asked.push(entry);
      const failure = failPull?.(asked.length);
      if (failure) throw failure;
      entry.answer = await api.pull(token, after, afterId, limit);
      return entry.answer;
    },
  };
  return { device: { db: new SitewatchDB(deviceId), deviceId, now: () => Date.now() }, api: counting, member, asked };
}

async function expectWholeLog(device: Device, work: string): Promise<void> {
  expect(await device.db.issues.where('work').equals(work).count()).toBe(ISSUES);
  const state = await device.db.syncState.get(work);
  expect(state?.cursor).toBeGreaterThanOrEqual(lastSeq);
  expect(state?.phase).toBe('idle');
  expect(state?.error).toBeNull();
}

it('a fresh device gets the whole log, asking each page once from the cursor the page before it left', async () => {
  const { device, api, member, asked } = await freshDevice('liaison');
  await syncWork(device, api, member);
  await expectWholeLog(device, member.work);

  expect(asked).toHaveLength(3); // 1000 + 1000 + the rest: nothing asked past the end
  expect(asked[0]).toMatchObject({ after: 0, afterId: null });
  for (let k = 1; k < asked.length; k++) {
    const before = asked[k - 1]!.answer!;
    expect(asked[k]!.after).toBe(before.cursor);
    expect(asked[k]!.afterId).toBe(before.cursorId ?? before.ops.at(-1)!.id);
  }
  expect(asked.at(-1)!.answer!.hasMore).toBe(false);
  // The progress shown while pulling counted every op once.
  const seen = asked.reduce((sum, a) => sum + a.answer!.ops.length, 0);
  expect(new Set(asked.flatMap((a) => a.answer!.ops.map((o) => o.id))).size).toBe(seen);
});

it('a page asked ahead is dropped when the server wants a reset: the device downloads again from the start', async () => {
  // The second request (the page asked while the first was stored) answers that the cursor is unknown.
  const reset = (k: number) => (k === 2 ? new ApiError('reset_required', 'this server does not know your sync position', 409) : null);
  const { device, api, member, asked } = await freshDevice('staff', reset);
  await syncWork(device, api, member);
  await expectWholeLog(device, member.work);

  expect(asked[2]).toMatchObject({ after: 0, afterId: null }); // started again from nothing after the reset
  expect(asked).toHaveLength(5); // the first page, the refused one, then the three pages again
});
