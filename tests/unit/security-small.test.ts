/**
 * The smaller findings of an outside attack test, each fixed and kept fixed, on both stores:
 * staff logins that anyone could lock (point 5), an op chain that passed for intact with all its
 * links deleted (point 6), a works-a-day limit that reset with every new work (point 8), invite
 * codes in logged paths (point 10), a byte order mark and a foreign cursor accepted (point 12), and
 * the loose ends beside them (client aborts logged as failures, look-alike names).
 */
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GrantedMembership,
  type JoinResponse,
  type Op,
  type PullResponse,
  type PushResponse,
  type Role,
  RULES_VERSION,
  normalizeName,
} from '../../src/core';
import { codeFromFragment, inviteLink, inviteSheetPath } from '../../src/core/admin';
import { createStaff } from '../../sync-server/admin';
import { SIGNIN_FAILURES_PER_ADDRESS } from '../../sync-server/admin-routes';
import { createApp } from '../../sync-server/app';
import { expectedOpHeads } from '../../sync-server/audit-check';
import { loggedPath } from '../../sync-server/http';
import { migrationSql } from '../../sync-server/migrations';
import { parseExpectedLink, verifyOpChain } from '../../sync-server/op-chain';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type Member, type TestServer, fresh, issueCreate, newWorkRequest, startServer } from './harness';
import { closeServer, listenOnLoopback } from './loopback';
import { type TestDatabase, testDatabase } from './test-db';

let srv: TestServer;
let database: TestDatabase;
let store: Store;
let base = '';
let codes: Record<Role, string>;
const logged: string[] = [];
const APP = { joinAttemptsPerMinute: 100_000, trustProxy: true, log: (l: string) => void logged.push(l) };

/** Another server on the same store, behind the same (pretend) proxy. */
function app(s: Store) {
  return http.createServer(createApp({ store: s, staticDir: join(database.dir, 'none'), ...APP }));
}

/** Each test may speak from the address it names: the server trusts X-Forwarded-For. */
const call = <T>(method: string, path: string, token: string | null, body?: unknown, from = '10.0.0.1', at = base) =>
  srv.call<T>(method, path, token, body, { headers: { 'X-Forwarded-For': from }, base: at });
const joinWork = (code: string, name: string, deviceId = 'dev-a'): Promise<Member> => srv.join({ code }, name, deviceId);
const issueOp = (m: Member): Op => issueCreate(m);

async function push(m: Member, ...ops: Op[]): Promise<PushResponse> {
  const r = await srv.push(m.token, ops);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function createWork(by: Member, at = base): Promise<{ status: number; member: Member | null }> {
  const req = newWorkRequest();
  const r = await call<GrantedMembership>('POST', '/api/admin/works', by.token, req, '10.0.0.1', at);
  return {
    status: r.status,
    member:
      r.status === 200 ? { token: r.body.token, id: r.body.member.id, work: req.workId, role: 'staff', name: r.body.member.name, device: req.deviceId } : null,
  };
}

beforeAll(async () => {
  srv = await startServer({ label: 'security-small', headers: { 'X-Forwarded-For': '10.0.0.1' }, ...APP });
  ({ database, store, codes, base } = srv);
});

afterAll(() => srv.close());

describe('point 5: staff sign-in limits', () => {
  const signIn = (login: string, password: string, from: string) => call('POST', '/api/signin', null, { login, password, deviceId: fresh('desk') }, from);

  it('point 5: failing on purpose from other addresses does not lock a staff member out; their correct password gets through', async () => {
    await createStaff(store, { login: 'zhou5', name: '周老师', password: 'the right password', work: DEMO_WORK_ID });
    // One address hammering, then thirty more failing once each: 35 failures for the login.
    const hammer: number[] = [];
    for (let i = 0; i < 8; i++) hammer.push((await signIn('zhou5', `wrong guess ${i}`, '203.0.113.66')).status);
    expect(hammer).toEqual([...Array(SIGNIN_FAILURES_PER_ADDRESS).fill(401), 429, 429, 429]);
    for (let i = 0; i < 30; i++) expect((await signIn('zhou5', `wrong guess ${i}`, `198.51.100.${i + 1}`)).status).toBe(401);
    // The owner, from an address with no failures: in.
    expect((await signIn('ZHOU5', 'the right password', '10.0.0.7')).status).toBe(200);
    // The hammering address is stopped even with the right password; so is any address that failed for this login,
    // now that the login as a whole has had too many failures.
    expect((await signIn('zhou5', 'the right password', '203.0.113.66')).status).toBe(429);
    expect((await signIn('zhou5', 'the right password', '198.51.100.1')).status).toBe(429);
    // Other logins are not affected.
    await createStaff(store, { login: 'li5', name: '李老师', password: 'another right password', work: DEMO_WORK_ID });
    expect((await signIn('li5', 'another right password', '203.0.113.66')).status).toBe(200);
  });

  it('point 5: correct passwords never count against the limit', async () => {
    await createStaff(store, { login: 'wang5', name: '王老师', password: 'wang right password', work: DEMO_WORK_ID });
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await signIn('wang5', 'wang right password', '10.0.0.8')).status);
    expect(statuses).toEqual(Array(25).fill(200));
  });
});

describe('point 6: where op chains start', () => {
  it("point 6: deleting all of a work's links, or the record of where chains start, no longer passes as intact", async () => {
    const db = await testDatabase('security-small-chain');
    const s = await db.open();
    await seedDemoIfEmpty(s);
    const raw = await db.raw();
    try {
      expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: true, unchained: 0 });
      await raw.query('DELETE FROM op_chain WHERE work = $1', [DEMO_WORK_ID]);
      // Before: every op counted as "older than the chain", and the work as intact.
      expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: false, problem: expect.stringMatching(/no link/) });
      await raw.query('DELETE FROM op_chain_starts');
      expect(await verifyOpChain(s, DEMO_WORK_ID)).toMatchObject({ ok: false, problem: expect.stringMatching(/where op chains start/) });
    } finally {
      await raw.close();
      await s.close();
      await db.drop();
    }
  });

  it('point 6: a head noted earlier shows ops removed together with their links from the end', async () => {
    const db = await testDatabase('security-small-head');
    const s = await db.open();
    await seedDemoIfEmpty(s);
    const raw = await db.raw();
    try {
      const noted = await verifyOpChain(s, DEMO_WORK_ID);
      if (!noted.ok) throw new Error(noted.problem);
      const expected = parseExpectedLink(noted.head)!;
      expect(expected).not.toBeNull();
      expect(await verifyOpChain(s, DEMO_WORK_ID, expected)).toMatchObject({ ok: true });
      expect(expectedOpHeads([`${DEMO_WORK_ID}=${noted.head}`]).get(DEMO_WORK_ID)).toEqual(expected);
      expect(() => expectedOpHeads(['demo-work:12'])).toThrow(/<work>=<seq>:<hash>/);
      // The newest op and its link go: the shorter chain is consistent in itself, but not with the noted head.
      await raw.query('DELETE FROM ops WHERE seq = $1', [expected.seq]);
      await raw.query('DELETE FROM op_chain WHERE seq = $1', [expected.seq]);
      expect((await verifyOpChain(s, DEMO_WORK_ID)).ok).toBe(true);
      expect(await verifyOpChain(s, DEMO_WORK_ID, expected)).toMatchObject({ ok: false, problem: expect.stringMatching(/noted earlier is gone/) });
    } finally {
      await raw.close();
      await s.close();
      await db.drop();
    }
  });
});

describe('point 8: works a day per person', () => {
  it('point 8: the works-a-day limit follows the person through the works they create, not each new member', async () => {
    const root = await joinWork(codes.staff, '社区老周');
    // Each new work answers with a new member: create the next work with it, twenty times.
    let last = root;
    for (let i = 0; i < 20; i++) {
      const made = await createWork(last);
      expect(made.status, `work ${i + 1}`).toBe(200);
      last = made.member!;
    }
    // The twenty-first, from the newest member, the first one, or one in between: refused.
    expect((await createWork(last)).status).toBe(429);
    expect((await createWork(root)).status).toBe(429);
    // Another person is not affected.
    const other = await joinWork(codes.staff, '社区老李');
    expect((await createWork(other)).status).toBe(200);
  });

  it('point 8: members made before origins were stored get them from the audit log', async () => {
    const root = await joinWork(codes.staff, '社区老王');
    const chain = [root];
    for (let i = 0; i < 3; i++) chain.push((await createWork(chain.at(-1)!)).member!);
    const raw = await database.raw();
    try {
      const ids = chain.map((m) => m.id);
      await raw.query(`UPDATE members SET origin = NULL WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`, ids);
      // The data step of migration 006: each member made by creating a work points at its creator.
      const backfill = migrationSql(database.kind)[5]!.find((q) => q.startsWith('UPDATE members SET origin'))!;
      await raw.query(backfill);
      const rows = await raw.query<{ id: string; origin: string | null }>(
        `SELECT id, origin FROM members WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
        ids,
      );
      const origin = new Map(rows.map((r) => [r.id, r.origin]));
      expect(ids.map((id) => origin.get(id))).toEqual([null, ids[0], ids[1], ids[2]]);
    } finally {
      await raw.close();
    }
    // A fresh server (limits start over): the chain counts as one person, followed link by link.
    const other = app(store);
    const at = await listenOnLoopback(other);
    try {
      for (let i = 0; i < 20; i++) expect((await createWork(chain[i % 4]!, at)).status).toBe(200);
      expect((await createWork(chain[3]!, at)).status).toBe(429);
      expect((await createWork(chain[0]!, at)).status).toBe(429);
    } finally {
      await closeServer(other);
    }
  });
});

describe('point 10: invite codes stay out of paths and logs', () => {
  it('point 10: links and the printable sheet hold the code in the fragment; logged paths never show a code', async () => {
    const code = 'ABCD2345';
    expect(inviteLink('https://sw.example', code)).toBe('https://sw.example/join#code=ABCD2345');
    expect(inviteSheetPath('demo-work', code)).toBe('/w/demo-work/invite#ABCD2345');
    expect(codeFromFragment('#code=ABCD2345')).toBe(code);
    expect(codeFromFragment('#ABCD2345')).toBe(code);
    expect(codeFromFragment('')).toBe('');
    // Old printed sheets and links still reach the server this way: the log shows no code.
    logged.length = 0;
    for (const path of [`/w/demo-work/invites/${code}`, `/join?code=${code}`, `/w/demo-work/invite#${code}`]) await fetch(`${base}${path}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(logged).toHaveLength(3);
    for (const line of logged) expect(line).not.toContain(code);
    expect(logged[0]).toMatch(/^GET \/w\/demo-work\/invites\/… \d{3} /);
    expect(loggedPath('/w/x/invites/ABCD2345/?code=ABCD2345')).toBe('/w/x/invites/…/');
    expect(loggedPath('/api/admin/invites/rotate')).toBe('/api/admin/invites/rotate');
  });
});

describe('point 12: what the documents promise', () => {
  it('point 12: a body starting with a UTF-8 byte order mark is refused (400) and nothing is stored', async () => {
    const v = await joinWork(codes.volunteer, '王阿姨');
    const op = issueOp(v);
    const json = JSON.stringify({ clientVersion: RULES_VERSION, ops: [op] });
    // U+FEFF goes out as the bytes EF BB BF.
    expect(Buffer.from(`\uFEFF${json}`).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const r = await call('POST', '/api/sync/push', v.token, `\uFEFF${json}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/byte order mark/) });
    const pulled = await call<PullResponse>('GET', '/api/sync/pull?after=0&limit=1000', v.token);
    expect(pulled.body.ops.some((o) => o.id === op.id)).toBe(false);
    // The same body without the mark goes through.
    expect((await call<PushResponse>('POST', '/api/sync/push', v.token, json)).body.results[0]).toMatchObject({ status: 'accepted' });
  });

  it("point 12: a cursor taken from another work's log is refused with 409 reset_required", async () => {
    const staff = await joinWork(codes.staff, '社区老赵');
    const v = await joinWork(codes.volunteer, '李师傅');
    const [res] = (await push(v, issueOp(v))).results;
    if (res?.status !== 'accepted') throw new Error('not accepted');
    const other = (await createWork(staff)).member!;
    const opId = (await call<PullResponse>('GET', `/api/sync/pull?after=${res.seq - 1}&limit=1`, v.token)).body.ops[0]!.id;
    for (const query of [`after=${res.seq}&afterId=${opId}`, `after=${res.seq}`]) {
      const r = await call('GET', `/api/sync/pull?${query}`, other.token);
      expect(r.status, query).toBe(409);
      expect(r.body.error.code).toBe('reset_required');
    }
    // Its own cursor is fine, with or without the id.
    const own = await call<PullResponse>('GET', '/api/sync/pull?after=0', other.token);
    expect(own.status).toBe(200);
    expect((await call('GET', `/api/sync/pull?after=${own.body.cursor}&afterId=${own.body.cursorId}`, other.token)).status).toBe(200);
    expect((await call('GET', `/api/sync/pull?after=${own.body.cursor}`, other.token)).status).toBe(200);
  });
});

describe('also', () => {
  it('also: a client that hangs up mid-body is logged as one line, not as a server failure', async () => {
    const v = await joinWork(codes.volunteer, '赵阿姨');
    logged.length = 0;
    const { port } = new URL(base);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /api/sync/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${v.token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"clientVersion":`,
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    for (let i = 0; i < 50 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^POST \/api\/sync\/push client aborted/);
    expect(logged.join('\n')).not.toMatch(/error|\n\s+at /);
  });

  it('also: names are normalized alike on every side: no invisible characters, one space between words', async () => {
    expect(normalizeName('社区工作人员\u200B 周老师')).toBe('社区工作人员 周老师');
    expect(normalizeName('\u202E师老周\u202C  社区工作人员\u2060')).toBe('师老周 社区工作人员');
    expect(normalizeName(' 王\u3000阿姨\t')).toBe('王 阿姨');
    expect(normalizeName('Jose\u0301')).toBe('Jos\u00e9');
    expect(normalizeName('\u200B\u200D\uFEFF')).toBe('');
    const m = await call<JoinResponse>('POST', '/api/join', null, { code: codes.volunteer, name: '社区工作人员\u200B  周老师\u200F', deviceId: 'dev-n' });
    expect(m.status).toBe(200);
    expect(m.body.member.name).toBe('社区工作人员 周老师');
    const pulled = await call<PullResponse>('GET', '/api/sync/pull?after=0&limit=1000', m.body.token);
    expect(pulled.body.ops.find((o) => o.entityId === m.body.member.id)).toMatchObject({ kind: 'member.join', payload: { name: '社区工作人员 周老师' } });
    const invisible = await call('POST', '/api/join', null, { code: codes.volunteer, name: '\u200B\u2063', deviceId: 'dev-n' });
    expect(invisible.status).toBe(400);
    expect(invisible.body.error.message).toMatch(/^name: must not be empty/);
  });
});
