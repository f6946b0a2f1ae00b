/**
 * The sync server over real HTTP, in-process: join, pull paging, push
 * idempotency and per-op rejection, auth, clock clamping, and how it answers
 * malformed input.
 *
 * Each describe block gets a fresh server and database, so seq numbers are
 * predictable. Each server has its own join limiter (10 attempts a minute per
 * address), so a block may join up to 10 times.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyEntityState,
  type ErrorBody,
  type IssueState,
  type Op,
  type JoinResponse,
  type OpOf,
  type PullResponse,
  type PushResponse,
  type Role,
  LIMITS,
  RULES_VERSION,
  applyOp,
  encodeStamp,
  stampWall,
} from '../../src/core';
import { signRescueOp } from '../../src/sync/rescue';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { type TestServer, fresh, makeOp, startServer as startHarness } from './harness';

/** A server with the default join limit (10 attempts a minute per address). */
const startServer = () => startHarness({ label: 'server' });

async function joinAs(s: TestServer, role: Role, name = `${role} tester`): Promise<JoinResponse> {
  const r = await s.tryJoin({ code: s.codes[role], name, deviceId: `dev-${role}` });
  expect(r.status).toBe(200);
  return r.body;
}

const push = (s: TestServer, token: string, ops: unknown[]): Promise<{ status: number; body: PushResponse }> => s.push(token, ops);

async function pull(s: TestServer, token: string, after = 0, limit?: number): Promise<PullResponse> {
  const r = await s.pull(token, after, limit);
  expect(r.status).toBe(200);
  return r.body;
}

/** Every op of the work, following the cursor page by page. */
const pullAll = (s: TestServer, token: string): Promise<PullResponse['ops']> => s.pullAll(token);

const stampNow = (offsetMs = 0) => encodeStamp({ wall: Date.now() + offsetMs, counter: 0, node: 'dev1' });

const freshId = fresh;

/** Ops of these tests come from device dev1, stamped now. */
const fromDev1 = (member: JoinResponse['member']) => ({ ...member, device: 'dev1' });

function issueCreate(member: JoinResponse['member'], overrides: Partial<OpOf<'issue.create'>> = {}): OpOf<'issue.create'> {
  const payload = { category: 'noise', description: 'drilling at 6 am', severity: 'medium', pointId: 'demo-point-1' } as const;
  return { ...makeOp(fromDev1(member), 'issue.create', 'issue', freshId('issue'), payload, { hlc: stampNow() }), ...overrides };
}

function issueComment(member: JoinResponse['member'], issueId: string, text: string): OpOf<'issue.comment'> {
  return makeOp(fromDev1(member), 'issue.comment', 'issue', issueId, { text }, { hlc: stampNow() });
}

function issueTransition(member: JoinResponse['member'], issueId: string, payload: OpOf<'issue.transition'>['payload']): OpOf<'issue.transition'> {
  return makeOp(fromDev1(member), 'issue.transition', 'issue', issueId, payload, { hlc: stampNow() });
}

async function expectHealthy(s: TestServer): Promise<void> {
  const res = await fetch(`${s.base}/api/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
}

describe('join', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('trades a valid invite code for a device token and a member', async () => {
    // Codes are normalized: lower case and the XXXX-XXXX dash are fine.
    const code = s.codes.liaison;
    const res = await fetch(`${s.base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase(), name: '  Wang Li  ', deviceId: 'dev-l' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as JoinResponse;
    // 32 random bytes as base64url: 43 characters, URL-safe alphabet.
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(body.member).toEqual({ id: expect.any(String), work: DEMO_WORK_ID, role: 'liaison', name: 'Wang Li' });
    expect(body.workName).not.toBe('');

    // The token works, and the join is in the log as a member.join op.
    const page = await pull(s, body.token);
    const joinOp = page.ops.find((o) => o.kind === 'member.join' && o.entityId === body.member.id);
    expect(joinOp).toMatchObject({ actor: 'system', payload: { name: 'Wang Li', role: 'liaison' } });
  });

  it('refuses an unknown code with 400 invalid_code', async () => {
    const res = await fetch(`${s.base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: 'ZZZZ-ZZZZ', name: 'Mallory', deviceId: 'dev-m' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('invalid_code');
  });
});

describe('pull', () => {
  let s: TestServer;
  let vol: JoinResponse;
  beforeAll(async () => {
    s = await startServer();
    vol = await joinAs(s, 'volunteer');
  });
  afterAll(() => s.close());

  it('returns the seeded ops in seq order, paged without gaps or repeats', async () => {
    const pages: PullResponse[] = [];
    let after = 0;
    for (let guard = 0; guard < 10; guard++) {
      const page = await pull(s, vol.token, after, 2);
      pages.push(page);
      after = page.cursor;
      if (!page.hasMore) break;
    }
    // Seed (work + 4 points + 2 checklist templates) and our own join: 8 ops, so exactly 4 pages of 2.
    expect(pages.map((p) => [p.ops.length, p.cursor, p.hasMore, p.remaining])).toEqual([
      [2, 2, true, 6],
      [2, 4, true, 4],
      [2, 6, true, 2],
      [2, 8, false, 0],
    ]);
    const ops = pages.flatMap((p) => p.ops);
    expect(ops.map((o) => o.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ops.map((o) => o.kind)).toEqual([
      'work.create',
      'point.create',
      'point.create',
      'point.create',
      'point.create',
      'template.create',
      'template.create',
      'member.join',
    ]);
    expect(new Set(ops.map((o) => o.id)).size).toBe(8);
    expect(ops[7]!.entityId).toBe(vol.member.id);

    // Past the end: an empty page that keeps the cursor where it was.
    const end = await pull(s, vol.token, 8, 2);
    expect(end).toMatchObject({ ops: [], cursor: 8, hasMore: false, remaining: 0 });
  });

  it('answers 401 without a token and with an unknown one', async () => {
    const noToken = await fetch(`${s.base}/api/sync/pull?after=0`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as ErrorBody).error.code).toBe('unauthorized');

    // Well-formed but never issued.
    const bogus = await fetch(`${s.base}/api/sync/pull?after=0`, {
      headers: { Authorization: `Bearer ${'A'.repeat(43)}` },
    });
    expect(bogus.status).toBe(401);

    const notBearer = await fetch(`${s.base}/api/sync/pull?after=0`, { headers: { Authorization: vol.token } });
    expect(notBearer.status).toBe(401);
  });

  it('asks for a reset (409) when the cursor is past anything the server has', async () => {
    const maxSeq = await s.store.maxSeq();
    const ok = await fetch(`${s.base}/api/sync/pull?after=${maxSeq}`, { headers: { Authorization: `Bearer ${vol.token}` } });
    expect(ok.status).toBe(200);
    const res = await fetch(`${s.base}/api/sync/pull?after=${maxSeq + 1}`, { headers: { Authorization: `Bearer ${vol.token}` } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.code).toBe('reset_required');
  });
});

describe('push', () => {
  let s: TestServer;
  let vol: JoinResponse;
  beforeAll(async () => {
    s = await startServer();
    vol = await joinAs(s, 'volunteer');
  });
  afterAll(() => s.close());

  it('is idempotent: the same batch twice gets the same answers and is stored once', async () => {
    const create = issueCreate(vol.member);
    const batch = [
      create,
      issueComment(vol.member, create.entityId, 'it started again'),
      // Only the liaison may acknowledge.
      issueTransition(vol.member, create.entityId, { to: 'acknowledged', plannedDate: '2099-01-10' }),
    ];
    const first = await push(s, vol.token, batch);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { id: batch[0]!.id, status: 'accepted', seq: expect.any(Number) },
      { id: batch[1]!.id, status: 'accepted', seq: expect.any(Number) },
      { id: batch[2]!.id, status: 'rejected', reason: expect.objectContaining({ code: 'forbidden_role' }) },
    ]);

    // A device whose connection dropped before the answer sends the batch again.
    const second = await push(s, vol.token, batch);
    expect(second.status).toBe(200);
    expect(second.body.results).toEqual(first.body.results);

    const ops = await pullAll(s, vol.token);
    const count = (id: string) => ops.filter((o) => o.id === id).length;
    expect(batch.map((op) => count(op.id))).toEqual([1, 1, 0]);
  });

  it('rejects one op with a reason and still accepts the ops behind it in the batch', async () => {
    const create = issueCreate(vol.member);
    const tooLong = issueCreate(vol.member, {});
    tooLong.payload.description = 'x'.repeat(2001);
    const batch = [issueComment(vol.member, 'no-such-issue', 'hello?'), tooLong, create, issueComment(vol.member, create.entityId, 'photo to follow')];
    const { status, body } = await push(s, vol.token, batch);
    expect(status).toBe(200);
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'accepted', 'accepted']);
    const [unknown, invalid] = body.results;
    expect(unknown).toMatchObject({ reason: { code: 'unknown_entity', message: expect.any(String) } });
    expect(invalid).toMatchObject({ reason: { code: 'invalid', message: expect.stringContaining('description') } });
  });

  it('rejects an op signed with another member (wrong_actor) or aimed at another work (not_member)', async () => {
    const impostor = issueCreate(vol.member, { actor: 'someone-else' });
    const otherWork = issueCreate(vol.member, { work: 'other-work' });
    const { body } = await push(s, vol.token, [impostor, otherWork]);
    expect(body.results).toEqual([
      { id: impostor.id, status: 'rejected', reason: expect.objectContaining({ code: 'wrong_actor' }) },
      { id: otherWork.id, status: 'rejected', reason: expect.objectContaining({ code: 'not_member' }) },
    ]);
    const ops = await pullAll(s, vol.token);
    expect(ops.some((o) => o.id === impostor.id || o.id === otherWork.id)).toBe(false);
  });

  it('clamps a stamp 5 hours in the future to at most a minute ahead', async () => {
    const before = Date.now();
    const op = issueCreate(vol.member, { hlc: stampNow(5 * 3_600_000) });
    const { body } = await push(s, vol.token, [op]);
    const after = Date.now();
    expect(body.results[0]).toMatchObject({ status: 'accepted' });

    const stored = (await pullAll(s, vol.token)).find((o) => o.id === op.id);
    expect(stored).toBeDefined();
    const wall = stampWall(stored!.hlc);
    expect(wall).toBeLessThanOrEqual(after + 60_000);
    expect(wall).toBeGreaterThanOrEqual(before + 60_000);
    expect(stored!.hlc.endsWith(':0000:dev1')).toBe(true);
  });

  it('keeps the order of edits from a device whose clock is hours fast (clamped stamps stay distinct)', async () => {
    const t0 = Date.now() + 5 * 3_600_000;
    const at = (ms: number) => encodeStamp({ wall: t0 + ms, counter: 0, node: 'fastdev' });
    const create = issueCreate(vol.member, { hlc: at(0) });
    const edit = (text: string, ms: number): OpOf<'issue.edit'> => ({
      id: freshId('op'),
      work: vol.member.work,
      entity: 'issue',
      entityId: create.entityId,
      kind: 'issue.edit',
      payload: { fields: { description: text } },
      actor: vol.member.id,
      device: 'fastdev',
      hlc: at(ms),
      v: RULES_VERSION,
    });
    const batch = [create, edit('first edit', 5), edit('second edit', 9)];
    const { body } = await push(s, vol.token, batch);
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const mine = (await pullAll(s, vol.token)).filter((o) => o.entityId === create.entityId);
    const stamps = mine.map((o) => o.hlc);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
    let state: AnyEntityState | undefined;
    for (const { seq: _seq, ...op } of mine) state = applyOp(state, op as Op);
    expect((state as IssueState).description).toBe('second edit');
  });

  it('applies a group of ops all or nothing: one refused op refuses its whole group, ops outside it still go', async () => {
    const group = freshId('group');
    const bad = issueCreate(vol.member, { group });
    const badComment = { ...issueComment(vol.member, bad.entityId, 'first comment'), group };
    // The volunteer may not acknowledge: this refuses the whole group.
    const badAck = { ...issueTransition(vol.member, bad.entityId, { to: 'acknowledged', plannedDate: '2099-12-01' }), group };
    const alone = issueCreate(vol.member);
    const good = freshId('group');
    const goodCreate = issueCreate(vol.member, { group: good });
    const goodComment = { ...issueComment(vol.member, goodCreate.entityId, 'photo to follow'), group: good };
    const batch = [bad, badComment, badAck, alone, goodCreate, goodComment];

    const first = await push(s, vol.token, batch);
    expect(first.body.results.map((r) => (r.status === 'rejected' ? r.reason.code : r.status))).toEqual([
      'group_failed',
      'group_failed',
      'forbidden_role',
      'accepted',
      'accepted',
      'accepted',
    ]);
    const again = await push(s, vol.token, batch);
    expect(again.body.results).toEqual(first.body.results);

    const ops = await pullAll(s, vol.token);
    expect(ops.filter((o) => o.entityId === bad.entityId)).toEqual([]);
    expect(ops.filter((o) => o.entityId === goodCreate.entityId).map((o) => o.kind)).toEqual(['issue.create', 'issue.comment']);
  });

  it('answers an op id sent twice in one request once, alike, also inside a group', async () => {
    const create = issueCreate(vol.member);
    const group = freshId('group');
    const grouped = issueCreate(vol.member, { group });
    const groupedComment = { ...issueComment(vol.member, grouped.entityId, 'twice'), group };
    const refused = issueTransition(vol.member, create.entityId, { to: 'verified' });
    const { status, body } = await push(s, vol.token, [create, create, grouped, groupedComment, groupedComment, refused, refused]);
    expect(status).toBe(200);
    const r = body.results;
    expect(r).toHaveLength(7);
    expect(r[1]).toEqual(r[0]);
    expect(r[4]).toEqual(r[3]);
    expect(r[6]).toEqual(r[5]);
    expect(r.map((x) => x.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'rejected']);
  });

  it('refuses a work.create whose entity id is not its own work id', async () => {
    const staff = await joinAs(s, 'staff', 'staff of two works');
    const otherWork = freshId('work');
    const ops = [
      {
        id: freshId('op'),
        work: staff.member.work,
        entity: 'work',
        entityId: otherWork,
        kind: 'work.create',
        payload: { name: 'x', compound: 'y', community: '', kind: 'other', contractor: '', startDate: null, endDate: null },
        actor: staff.member.id,
        device: 'dev-staff',
        hlc: stampNow(),
        v: RULES_VERSION,
      },
    ];
    const { body } = await push(s, staff.token, ops);
    // A work's entity id must be its own work id: a second work cannot be smuggled in.
    expect(body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'invalid' } });
  });

  it('never hands out the answer stored for an op id of another work', async () => {
    const foreign = { ...issueCreate(vol.member), work: 'another-work', actor: 'someone' };
    await s.store.transaction(async (tx) => void (await tx.appendOp(foreign, Date.now(), 0)));
    const mine = issueCreate(vol.member, { id: foreign.id });
    const { body } = await push(s, vol.token, [mine]);
    expect(body.results[0]).toEqual({ id: foreign.id, status: 'rejected', reason: { code: 'exists', message: expect.any(String) } });
  });

  it('stores markup in text as plain text and returns it verbatim', async () => {
    const description = '<script>alert("x")</script> & <img src=x onerror=alert(1)> 井盖 "quoted"';
    const op = issueCreate(vol.member, {});
    op.payload.description = description;
    const { body } = await push(s, vol.token, [op]);
    expect(body.results[0]).toMatchObject({ status: 'accepted' });
    const stored = (await pullAll(s, vol.token)).find((o) => o.id === op.id);
    expect(stored?.kind === 'issue.create' && stored.payload.description).toBe(description);
  });
});

describe('malformed input', () => {
  let s: TestServer;
  let vol: JoinResponse;
  beforeAll(async () => {
    s = await startServer();
    vol = await joinAs(s, 'volunteer');
  });
  afterAll(() => s.close());

  const pushRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${s.base}/api/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${vol.token}`, ...headers },
      body,
    });
  const pushBody = (body: unknown) => pushRaw(JSON.stringify(body));
  const validOp = () => issueCreate(vol.member);

  const cases: { name: string; send: () => Promise<Response>; status: number; code: string }[] = [
    { name: 'push without a token', send: () => pushRaw('{}', { Authorization: '' }), status: 401, code: 'unauthorized' },
    { name: 'wrong content type', send: () => pushRaw('{}', { 'Content-Type': 'text/plain' }), status: 415, code: 'unsupported_media_type' },
    { name: 'invalid JSON', send: () => pushRaw('{"clientVersion":1,"ops":['), status: 400, code: 'bad_request' },
    {
      name: 'body over 1 MB',
      send: () => pushBody({ clientVersion: 1, ops: [validOp()], pad: 'x'.repeat(1_000_001) }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'one op more than the limit',
      send: () => pushBody({ clientVersion: 1, ops: Array.from({ length: LIMITS.opsPerPush + 1 }, validOp) }),
      status: 400,
      code: 'bad_request',
    },
    { name: 'ops not an array', send: () => pushBody({ clientVersion: 1, ops: { 0: validOp() } }), status: 400, code: 'bad_request' },
    { name: 'empty ops', send: () => pushBody({ clientVersion: 1, ops: [] }), status: 400, code: 'bad_request' },
    { name: 'extra top-level key', send: () => pushBody({ clientVersion: 1, ops: [validOp()], admin: true }), status: 400, code: 'bad_request' },
    {
      name: "op id with '../'",
      send: () => pushBody({ clientVersion: 1, ops: [{ ...validOp(), id: '../etc/passwd' }] }),
      status: 400,
      code: 'bad_request',
    },
    { name: 'op that is not an object', send: () => pushBody({ clientVersion: 1, ops: [null] }), status: 400, code: 'bad_request' },
    { name: 'clientVersion 0', send: () => pushBody({ clientVersion: 0, ops: [validOp()] }), status: 400, code: 'bad_request' },
    {
      name: '100000 nested arrays',
      send: () => pushRaw(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      status: 400,
      code: 'bad_request',
    },
    { name: 'unclosed 100000 nested arrays', send: () => pushRaw('['.repeat(100_000)), status: 400, code: 'bad_request' },
    { name: 'unknown path', send: () => fetch(`${s.base}/api/nope`), status: 404, code: 'not_found' },
    { name: 'GET on push', send: () => fetch(`${s.base}/api/sync/push`), status: 405, code: 'method_not_allowed' },
    {
      name: 'pull with a non-numeric limit',
      send: () => fetch(`${s.base}/api/sync/pull?limit=ten`, { headers: { Authorization: `Bearer ${vol.token}` } }),
      status: 400,
      code: 'bad_request',
    },
    {
      name: 'pull with limit 0',
      send: () => fetch(`${s.base}/api/sync/pull?limit=0`, { headers: { Authorization: `Bearer ${vol.token}` } }),
      status: 400,
      code: 'bad_request',
    },
    {
      name: 'join with an extra key',
      send: () =>
        fetch(`${s.base}/api/join`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: s.codes.staff, name: 'x', deviceId: 'd', role: 'staff' }),
        }),
      status: 400,
      code: 'bad_request',
    },
    {
      name: 'join with a body over 4 KB',
      send: () =>
        fetch(`${s.base}/api/join`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: s.codes.staff, name: 'x'.repeat(5000), deviceId: 'd' }),
        }),
      status: 413,
      code: 'payload_too_large',
    },
  ];

  it.each(cases)('$name → $status $code, and the server lives on', async ({ send, status, code }) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(body).toEqual({ error: { code, message: expect.any(String) } });
    expect(body.error.message.length).toBeGreaterThan(0);
    await expectHealthy(s);
  });

  it('refuses a body over 1 MB sent in chunks without a length (413)', async () => {
    const url = new URL(`${s.base}/api/sync/push`);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${vol.token}`, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk); // 1.3 MB
      req.end();
    });
    expect(status).toBe(413);
    expect((JSON.parse(body) as ErrorBody).error.code).toBe('payload_too_large');
    await expectHealthy(s);
  });

  it('stored nothing from any of the malformed requests', async () => {
    // The requests are sent again here, so that the check holds whichever tests of the block ran before.
    const before = await pullAll(s, vol.token);
    for (const c of cases) await (await c.send()).arrayBuffer();
    const ops = await pullAll(s, vol.token);
    // None of the valid-looking ops inside refused requests got in; the log starts with the seed and our join.
    expect(ops).toEqual(before);
    expect(ops.slice(0, 8).map((o) => o.kind)).toEqual([
      'work.create',
      'point.create',
      'point.create',
      'point.create',
      'point.create',
      'template.create',
      'template.create',
      'member.join',
    ]);
  });

  it('rejects an op nested too deep to store on its own, and accepts the op beside it', async () => {
    const good = validOp();
    const { payload: _p, ...envelope } = validOp();
    const deep = `${JSON.stringify({ ...envelope, id: 'deep-op-1' }).slice(0, -1)},"payload":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const res = await pushRaw(`{"clientVersion":1,"ops":[${deep},${JSON.stringify(good)}]}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as PushResponse;
    expect(body.results).toEqual([
      { id: 'deep-op-1', status: 'rejected', reason: expect.objectContaining({ code: 'invalid' }) },
      { id: good.id, status: 'accepted', seq: expect.any(Number) },
    ]);
    await expectHealthy(s);
  });
});

describe('invite codes against guessing', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('allows 10 join attempts a minute per address, then answers 429 with Retry-After, even for a valid code', async () => {
    const attempt = (code: string) =>
      fetch(`${s.base}/api/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name: 'guesser', deviceId: 'dev-guess' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(`GUESS${String(i).padStart(3, '2')}`)).status);
    expect(statuses).toEqual(Array(10).fill(400));
    const blocked = await attempt(s.codes.volunteer);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as ErrorBody).error.code).toBe('rate_limited');
  });
});

describe('rescue import', () => {
  let s: TestServer;
  let vol: JoinResponse;
  let staff: JoinResponse;
  beforeAll(async () => {
    s = await startServer();
    vol = await joinAs(s, 'volunteer');
    staff = await joinAs(s, 'staff');
  });
  afterAll(() => s.close());

  /** A rescue request as staff send it: the ops of one member's device, each signed by that device's token. */
  const rescue = async (token: string, ops: Op[], author: JoinResponse = vol, device = 'dev-volunteer') => {
    const macs = await Promise.all(ops.map((op) => signRescueOp(author.token, author.member.id, device, op)));
    const res = await fetch(`${s.base}/api/sync/rescue`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientVersion: RULES_VERSION, member: author.member.id, device, ops, macs }),
    });
    return { status: res.status, body: (await res.json()) as PushResponse & ErrorBody };
  };

  it('is for staff only', async () => {
    const { status, body } = await rescue(vol.token, [issueCreate(vol.member)]);
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden');
  });

  it("judges each op with its author's role, and is idempotent with the author's own push", async () => {
    const create = issueCreate(vol.member);
    // The volunteer could not acknowledge; being imported by staff does not change that.
    const ack = issueTransition(vol.member, create.entityId, { to: 'acknowledged', plannedDate: '2099-12-01' });
    const first = await rescue(staff.token, [create, ack]);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => (r.status === 'rejected' ? r.reason.code : r.status))).toEqual(['accepted', 'forbidden_role']);
    // An op naming anyone else than the exporting member refuses the whole request, before anything is applied.
    const stranger = await rescue(staff.token, [issueCreate(vol.member), issueCreate(vol.member, { actor: 'not-a-member' })]);
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.code).toBe('rescue_wrong_author');
    // The volunteer's phone comes back online and pushes the same op: same answer, stored once.
    const mine = await push(s, vol.token, [create]);
    expect(mine.body.results[0]).toEqual(first.body.results[0]);
    const ops = await pullAll(s, vol.token);
    expect(ops.filter((o) => o.id === create.id)).toHaveLength(1);
    expect(ops.find((o) => o.id === create.id)?.actor).toBe(vol.member.id);
    // Who brought the file in is in the audit log, from which device, with what became of each op.
    const imports = (await s.store.listAudit()).filter((r) => r.action === 'rescue.import');
    expect(imports).toHaveLength(1);
    expect(imports[0]!.actor).toBe(staff.member.id);
    expect(JSON.parse(imports[0]!.detail)).toMatchObject({
      device: 'dev-staff',
      member: vol.member.id,
      from: 'dev-volunteer',
      ops: 2,
      accepted: 1,
      rejected: 1,
    });
  });
});

describe('membership over time', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer();
  });
  afterAll(() => s.close());

  it('a member who joins later gets the whole history; a removed member receives nothing more', async () => {
    const early = await joinAs(s, 'volunteer', 'early');
    const create = issueCreate(early.member);
    expect((await push(s, early.token, [create])).body.results[0]).toMatchObject({ status: 'accepted' });

    const late = await joinAs(s, 'liaison', 'late');
    const history = await pullAll(s, late.token);
    expect(history.map((o) => o.id)).toContain(create.id);
    expect(history[0]!.kind).toBe('work.create');

    await s.store.revokeMember(early.member.id, Date.now());
    const headers = { Authorization: `Bearer ${early.token}` };
    expect((await fetch(`${s.base}/api/sync/pull?after=0`, { headers })).status).toBe(401);
    expect((await push(s, early.token, [issueCreate(early.member)])).status).toBe(401);
    expect((await fetch(`${s.base}/api/sync/events`, { headers })).status).toBe(401);
    // The others carry on.
    expect((await pull(s, late.token, 0)).ops.length).toBeGreaterThan(0);
  });
});
