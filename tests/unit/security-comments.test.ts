/**
 * Issue 13, point 2: one member must not be able to freeze writes for
 * everybody. An issue's comments and history (an inspection's answers) are
 * kept as rows apart from the entity's stored head, so a comment's write does
 * not grow with the issue's past; an issue takes at most
 * LIMITS.commentsPerIssue comments and an inspection
 * CHECKLIST_LIMITS.answersPerInspection answers, with a refusal the app says
 * in both languages; reads never queue behind a write transaction.
 *
 * Runs on both stores (listed in SERVER_TESTS in vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyEntityState,
  CHECKLIST_LIMITS,
  type EntityType,
  type InspectionState,
  type IssueState,
  type JoinResponse,
  LIMITS,
  type Op,
  type OpOf,
  type PullResponse,
  type PushResponse,
  type Role,
  applyOp,
  checkOp,
} from '../../src/core';
import { refusals } from '../../src/i18n/refusals';
import { en } from '../../src/i18n/refusals.en';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store, StoreTx } from '../../sync-server/store';
import { type TestServer, makeOp, startServer } from './harness';

let srv: TestServer;
/** The store itself, past the measuring wrapper the app is given. */
let store: Store;

/** Bytes of entity state written per entity, by the last push (what a write costs, whatever the store). */
const written = new Map<string, number>();
/** Entity reads per entity, by the last push. */
const reads = new Map<string, number>();

/** The store, except that it notes how many bytes each putEntity writes. */
function measuring(inner: Store): Store {
  const wrap = (tx: StoreTx): StoreTx =>
    Object.assign(Object.create(tx) as StoreTx, {
      getEntity(type: EntityType, id: string) {
        reads.set(`${type}:${id}`, (reads.get(`${type}:${id}`) ?? 0) + 1);
        return tx.getEntity(type, id);
      },
      putEntity(type: EntityType, state: AnyEntityState) {
        written.set(`${type}:${state.id}`, (written.get(`${type}:${state.id}`) ?? 0) + JSON.stringify(state).length);
        return tx.putEntity(type, state);
      },
    });
  return { ...inner, transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))) };
}

beforeAll(async () => {
  srv = await startServer({ label: 'security-comments', joinAttemptsPerMinute: 1000, wrapStore: measuring });
  store = srv.opened;
});

afterAll(() => srv.close());

let joins = 0;
async function join(role: Role): Promise<JoinResponse> {
  const r = await srv.tryJoin({ code: srv.codes[role], name: `${role} ${++joins}`, deviceId: `dev-${role}-${joins}` });
  expect(r.status).toBe(200);
  return r.body;
}

async function push(token: string, ops: Op[]): Promise<PushResponse> {
  written.clear();
  reads.clear();
  const r = await srv.push(token, ops);
  expect(r.status).toBe(200);
  return r.body;
}

/** Pushes in requests of at most LIMITS.opsPerPush ops; every op must be accepted. */
async function pushAllAccepted(token: string, ops: Op[]): Promise<void> {
  for (let i = 0; i < ops.length; i += LIMITS.opsPerPush) {
    const { results } = await push(token, ops.slice(i, i + LIMITS.opsPerPush));
    expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
  }
}

const pullAll = (token: string): Promise<PullResponse['ops']> => srv.pullAll(token);

function op<K extends Op['kind']>(m: JoinResponse['member'], kind: K, entity: EntityType, entityId: string, payload: OpOf<K>['payload']): Op {
  return makeOp({ ...m, device: `dev-${m.id}` }, kind, entity, entityId, payload);
}

const newIssue = (m: JoinResponse['member'], id: string) =>
  op(m, 'issue.create', 'issue', id, { category: 'sewage', description: '3号楼门口污水外溢', severity: 'high', pointId: null });
const comment = (m: JoinResponse['member'], issue: string, i: number) =>
  op(m, 'issue.comment', 'issue', issue, { text: `第 ${i} 条留言：今天又冒了，味道很大，请尽快处理。` });
const comments = (m: JoinResponse['member'], issue: string, from: number, count: number) =>
  Array.from({ length: count }, (_, k) => comment(m, issue, from + k));

async function stored<T extends AnyEntityState>(type: EntityType, id: string): Promise<T> {
  return (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === type && e.state.id === id)!.state as T;
}

describe("point 2: an issue's comments and history", () => {
  it('point 2: a comment writes as few bytes to an issue holding 600 comments as to a fresh one', async () => {
    const me = await join('volunteer');
    await pushAllAccepted(me.token, [newIssue(me.member, 'grow-1')]);
    await pushAllAccepted(me.token, [comment(me.member, 'grow-1', 0)]);
    const fresh = written.get('issue:grow-1')!;
    expect(fresh).toBeGreaterThan(0);

    await pushAllAccepted(me.token, comments(me.member, 'grow-1', 1, 600));
    await pushAllAccepted(me.token, [comment(me.member, 'grow-1', 601)]);
    const after600 = written.get('issue:grow-1')!;
    // The stored state holds a count, not the comments: a few more digits at most (before: about 100 KB).
    expect(after600).toBeLessThanOrEqual(fresh + 16);

    // Nothing is lost: the issue as a whole has every comment, in order, and its history.
    const issue = await stored<IssueState>('issue', 'grow-1');
    expect(issue.comments).toHaveLength(602);
    expect(issue.comments.map((c) => c.text.split('：')[0])).toEqual(Array.from({ length: 602 }, (_, i) => `第 ${i} 条留言`));
    expect(issue.commentCount).toBe(602);
    expect(issue.history.map((h) => h.kind)).toEqual(['issue.create']);

    // And a device folding the pulled ops with the shared reducer reaches the same state.
    const liaison = await join('liaison');
    let onDevice: AnyEntityState | undefined;
    for (const { seq: _seq, ...o } of await pullAll(liaison.token)) if (o.entityId === 'grow-1') onDevice = applyOp(onDevice, o as Op);
    expect(onDevice).toEqual(issue);
  });

  it(`point 2: an issue takes ${LIMITS.commentsPerIssue} comments; the next is refused with comment_limit, said in both languages, and status changes still go through`, async () => {
    const me = await join('volunteer');
    await pushAllAccepted(me.token, [newIssue(me.member, 'full-1'), ...comments(me.member, 'full-1', 0, LIMITS.commentsPerIssue - 1)]);
    const { results } = await push(me.token, [
      comment(me.member, 'full-1', LIMITS.commentsPerIssue - 1),
      comment(me.member, 'full-1', LIMITS.commentsPerIssue),
    ]);
    expect(results[0]!.status).toBe('accepted');
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'comment_limit', params: { limit: String(LIMITS.commentsPerIssue) } } });

    const issue = await stored<IssueState>('issue', 'full-1');
    expect(issue.comments).toHaveLength(LIMITS.commentsPerIssue);
    expect(issue.commentCount).toBe(LIMITS.commentsPerIssue);
    // The device's own check (the same rules) refuses it before it is even queued.
    expect(checkOp(comment(me.member, 'full-1', 0), { actorRole: 'volunteer', current: issue })?.code).toBe('comment_limit');

    const liaison = await join('liaison');
    const ack = op(liaison.member, 'issue.transition', 'issue', 'full-1', { to: 'acknowledged', plannedDate: '2099-01-01' });
    expect((await push(liaison.token, [ack])).results[0]!.status).toBe('accepted');

    expect(en['rejected.reason.comment_limit']).toContain('{limit}');
    expect(refusals.zh['rejected.reason.comment_limit']).toContain('{limit}');
    expect(refusals.zh['rejected.reason.comment_limit']).toMatch(/留言/);
  });

  it('point 2: an issue stored whole before comments were kept apart keeps every comment, and is stored as a head from its next op on', async () => {
    const me = await join('volunteer');
    await pushAllAccepted(me.token, [newIssue(me.member, 'legacy-1'), ...comments(me.member, 'legacy-1', 0, 3)]);
    const whole = await stored<IssueState>('issue', 'legacy-1');
    // As the server stored it before: the whole state in the row, no count, no entries apart.
    const { commentCount: _count, ...old } = whole;
    const raw = await srv.database.raw();
    try {
      await raw.query('UPDATE entities SET state = $1 WHERE type = $2 AND id = $3', [JSON.stringify(old), 'issue', 'legacy-1']);
      await raw.query('DELETE FROM entity_entries WHERE type = $1 AND id = $2', ['issue', 'legacy-1']);
      expect(await stored<IssueState>('issue', 'legacy-1')).toEqual(old);

      await pushAllAccepted(me.token, [comment(me.member, 'legacy-1', 3)]);
      const issue = await stored<IssueState>('issue', 'legacy-1');
      expect(issue.comments.map((c) => c.text.split('：')[0])).toEqual(['第 0 条留言', '第 1 条留言', '第 2 条留言', '第 3 条留言']);
      expect(issue.history).toEqual(whole.history);
      expect(issue.commentCount).toBe(4);
      const [row] = await raw.query<{ state: string }>('SELECT state FROM entities WHERE type = $1 AND id = $2', ['issue', 'legacy-1']);
      expect(JSON.parse(row!.state)).toMatchObject({ comments: [], history: [], commentCount: 4 });
    } finally {
      await raw.close();
    }
  });
});

describe("point 2: an inspection's answers", () => {
  it(`point 2: an inspection takes ${CHECKLIST_LIMITS.answersPerInspection} answers, each written as a head of the same size, a push reading its template once; the next is refused with answer_limit`, async () => {
    const me = await join('volunteer');
    const start = op(me.member, 'inspection.start', 'inspection', 'insp-full', { templateId: 'demo-template-site-order', version: 1, pointId: null });
    const answer = (i: number) =>
      op(me.member, 'inspection.answer', 'inspection', 'insp-full', { itemId: 'start-hour', answer: { value: 6 + (i % 12), note: `第 ${i} 次`, photos: [] } });
    await pushAllAccepted(me.token, [start, answer(0)]);
    const first = written.get('inspection:insp-full')!;
    await pushAllAccepted(
      me.token,
      Array.from({ length: CHECKLIST_LIMITS.answersPerInspection - 2 }, (_, i) => answer(i + 1)),
    );
    const { results } = await push(me.token, [answer(CHECKLIST_LIMITS.answersPerInspection - 1), answer(CHECKLIST_LIMITS.answersPerInspection)]);
    expect(results[0]!.status).toBe('accepted');
    expect(written.get('inspection:insp-full')!).toBeLessThanOrEqual(first + 16);
    // The template (up to 200 versions) is read once per push, not once per answer.
    expect(reads.get('template:demo-template-site-order')).toBe(1);
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { code: 'answer_limit', params: { limit: String(CHECKLIST_LIMITS.answersPerInspection) } },
    });

    const inspection = await stored<InspectionState>('inspection', 'insp-full');
    expect(inspection.answerCount).toBe(CHECKLIST_LIMITS.answersPerInspection);
    expect(inspection.history).toHaveLength(CHECKLIST_LIMITS.answersPerInspection + 1);
    expect(inspection.answers['start-hour']!.note).toBe(`第 ${CHECKLIST_LIMITS.answersPerInspection - 1} 次`);
    expect(en['rejected.reason.answer_limit']).toContain('{limit}');
    expect(refusals.zh['rejected.reason.answer_limit']).toContain('{limit}');
  });
});

describe('point 2: reads while a write transaction is open', () => {
  it('point 2: pull, authentication and blob references answer while another request holds the write lock', async () => {
    const me = await join('volunteer');
    const before = await store.maxSeq();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const writing = store.transaction(async (tx) => {
      await tx.appendOp(newIssue(me.member, 'uncommitted-1'), Date.now(), 0);
      started();
      await held;
    });
    await inside;
    const timeout = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 3000));
    try {
      const reads = Promise.all([
        store.pull(DEMO_WORK_ID, before, 1000),
        store.authenticate('no-such-token'),
        store.blobRef('0'.repeat(64), DEMO_WORK_ID),
        store.maxSeq(),
      ]);
      const answer = await Promise.race([reads, timeout]);
      expect(answer).not.toBe('waited');
      const [page] = answer as Awaited<typeof reads>;
      // What the open transaction wrote is not seen before it commits.
      expect(page.opsJson.some((j) => j.includes('uncommitted-1'))).toBe(false);
    } finally {
      release();
      await writing;
    }
    expect((await store.pull(DEMO_WORK_ID, before, 1000)).opsJson.some((j) => j.includes('uncommitted-1'))).toBe(true);
  });
});
