/**
 * Text and ids the stores and the rules must not trip over, on both stores (SERVER_TESTS):
 *
 * - point 11: a NUL or an unpaired UTF-16 surrogate in a caption (or any text) once made every
 *   status change of its work fail with 500 on PostgreSQL, for good (its JSON functions refuse
 *   \u0000 and lone surrogate escapes). Text is now normalised by the shared schemas (such
 *   characters become U+FFFD, on the device and on the server alike), both stores give back the
 *   same answers, and a value stored before that (or a refused op's raw body) cannot make later
 *   ops of a work fail.
 * - point 7: ids such as `constructor`, `toString` or `__proto__` are valid; an inspection whose
 *   items are named so is answered and submitted through the real device code and the server.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Answer,
  type InspectionState,
  type IssueState,
  type JoinResponse,
  type MemberInfo,
  type Op,
  type OpOf,
  type PhotoState,
  type PullResponse,
  type PushResponse,
  type Role,
  type TemplateBody,
  type TemplateState,
} from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { submitDrafts } from '../../src/features/checklists/submit';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOp, recordOps } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, fresh, makeOp, startServer } from './harness';

let srv: TestServer;
let store: Store;
let base = '';
let codes: Record<Role, string>;
let joined = 0;

beforeAll(async () => {
  srv = await startServer({ label: 'security-text', joinAttemptsPerMinute: 1000 });
  ({ store, base, codes } = srv);
});

afterAll(() => srv.close());

async function join(role: Role, name = `${role} ${++joined}`): Promise<JoinResponse> {
  const r = await srv.tryJoin({ code: codes[role], name, deviceId: `dev-text-${++joined}` });
  expect(r.status).toBe(200);
  return r.body;
}

async function push(token: string, ops: unknown[]): Promise<PushResponse> {
  const r = await srv.push(token, ops);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const pullAll = (token: string): Promise<PullResponse['ops']> => srv.pullAll(token);

const id = fresh;
function op<K extends Op['kind']>(m: JoinResponse['member'], kind: K, entityId: string, payload: OpOf<K>['payload']): OpOf<K> {
  return makeOp({ ...m, device: 'dev1' }, kind, kind.split('.')[0] as Op['entity'], entityId, payload);
}

const HASH = (c: string) => c.repeat(64);
const photo = (m: JoinResponse['member'], issueId: string, caption: string, phase: 'before' | 'after' = 'after') =>
  op(m, 'photo.add', id('photo'), {
    hash: HASH('a'),
    size: 100,
    thumbHash: HASH('b'),
    thumbSize: 10,
    width: 10,
    height: 10,
    takenAt: null,
    location: null,
    phase,
    caption,
    targetType: 'issue',
    targetId: issueId,
  });
const newIssue = (m: JoinResponse['member'], description = 'water on the road') =>
  op(m, 'issue.create', id('issue'), { category: 'other', description, severity: 'low', pointId: null });

/** Text with what the stores cannot all hold, and what the schemas keep it as. */
const HOSTILE: Array<[sent: string, kept: string]> = [
  ['a\u0000b', 'a\uFFFDb'],
  ['\ud800', '\uFFFD'],
  ['x\udfff\ud800y', 'x\uFFFD\uFFFDy'],
  ['lone high at the end \ud83d', 'lone high at the end \uFFFD'],
  ['pairs stay 🙂井盖', 'pairs stay 🙂井盖'],
  ['\u202eevil \u0001\u001f <script>', '\u202eevil \u0001\u001f <script>'],
];

describe('point 11: NUL and lone surrogates in text', () => {
  it("point 11: a caption holding NUL or a lone surrogate does not stop the work's status changes", async () => {
    const vol = await join('volunteer');
    const liaison = await join('liaison');
    const issue = newIssue(vol.member);
    const other = newIssue(vol.member);
    expect((await push(vol.token, [issue, other])).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    // The captions go on another issue's photo and on this issue's own "after" photo.
    expect((await push(vol.token, [photo(vol.member, other.entityId, 'nul \u0000 here')])).results[0]).toMatchObject({ status: 'accepted' });
    expect((await push(liaison.token, [photo(liaison.member, issue.entityId, 'lone \ud800 and \udc00')])).results[0]).toMatchObject({ status: 'accepted' });

    for (const to of ['acknowledged', 'in_progress', 'resolved'] as const) {
      const payload = to === 'acknowledged' ? { to, plannedDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) } : { to };
      const { results } = await push(liaison.token, [op(liaison.member, 'issue.transition', issue.entityId, payload)]);
      // "resolved" needs the after photo: it is counted although its caption held a lone surrogate.
      expect(results[0], to).toMatchObject({ status: 'accepted' });
    }
    const onOther = await push(liaison.token, [
      op(liaison.member, 'issue.transition', other.entityId, { to: 'acknowledged', plannedDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }),
    ]);
    expect(onOther.results[0]).toMatchObject({ status: 'accepted' });
  });

  it('point 11: both stores keep every text alike: NUL and lone surrogates as U+FFFD, the rest as sent', async () => {
    const vol = await join('volunteer');
    const issues = HOSTILE.map(([sent]) => newIssue(vol.member, `d ${sent}`));
    const comments = HOSTILE.map(([sent], k) => op(vol.member, 'issue.comment', issues[k]!.entityId, { text: sent }));
    const photos = HOSTILE.map(([sent], k) => photo(vol.member, issues[k]!.entityId, sent, 'before'));
    const all = [...issues, ...comments, ...photos];
    expect((await push(vol.token, all)).results.every((r) => r.status === 'accepted')).toBe(true);

    const pulled = new Map((await pullAll(vol.token)).map((o) => [o.id, o]));
    HOSTILE.forEach(([, kept], k) => {
      expect((pulled.get(issues[k]!.id) as OpOf<'issue.create'>).payload.description).toBe(`d ${kept}`);
      expect((pulled.get(comments[k]!.id) as OpOf<'issue.comment'>).payload.text).toBe(kept);
      expect((pulled.get(photos[k]!.id) as OpOf<'photo.add'>).payload.caption).toBe(kept);
    });
    // The materialized state says the same as the log.
    const states = await store.listEntities(vol.member.work);
    HOSTILE.forEach(([, kept], k) => {
      const issue = states.find((e) => e.type === 'issue' && e.state.id === issues[k]!.entityId)!.state as IssueState;
      expect([issue.description, issue.comments[0]!.text]).toEqual([`d ${kept}`, kept]);
      expect((states.find((e) => e.type === 'photo' && e.state.id === photos[k]!.entityId)!.state as PhotoState).caption).toBe(kept);
    });
    // A replay of the raw op gets its first answer, whatever its text.
    expect((await push(vol.token, [comments[0]])).results[0]).toMatchObject({ status: 'accepted' });
  });

  it("point 11: a member's name holding NUL or a lone surrogate is kept alike in the member list, the join answer and the op log", async () => {
    const staff = await join('staff');
    const sent = ' 周\u0000老师\ud800 ';
    const kept = '周\uFFFD老师\uFFFD';
    const vol = await join('volunteer', sent);
    expect(vol.member.name).toBe(kept);
    const res = await fetch(`${base}/api/admin/members`, { headers: { Authorization: `Bearer ${staff.token}` } });
    expect(res.status).toBe(200);
    const { members } = (await res.json()) as { members: MemberInfo[] };
    expect(members.find((m) => m.id === vol.member.id)?.name).toBe(kept);
    const joinOp = (await pullAll(staff.token)).find((o) => o.kind === 'member.join' && o.entityId === vol.member.id) as OpOf<'member.join'>;
    expect(joinOp.payload.name).toBe(kept);
  });

  it('point 11: a state stored before text was normalised (raw NUL, lone surrogates) does not make later ops of its work fail', async () => {
    const vol = await join('volunteer');
    const liaison = await join('liaison');
    const issue = newIssue(vol.member);
    expect((await push(vol.token, [issue])).results[0]).toMatchObject({ status: 'accepted' });
    // As an older server stored it: the photo's state with the caption as it came.
    const old = photo(vol.member, issue.entityId, '');
    const state: PhotoState = {
      ...old.payload,
      caption: 'old \u0000 \ud800 \\u0000 \udfff',
      id: old.entityId,
      work: old.work,
      author: vol.member.id,
      device: 'dev1',
      addedAt: old.hlc,
    };
    await store.transaction(async (tx) => tx.putEntity('photo', state));

    const plannedDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const payload of [{ to: 'acknowledged' as const, plannedDate }, { to: 'resolved' as const }]) {
      expect((await push(liaison.token, [op(liaison.member, 'issue.transition', issue.entityId, payload)])).results[0], payload.to).toMatchObject({
        status: 'accepted',
      });
    }
    const photos = (await store.listEntities(vol.member.work)).filter((e) => e.type === 'photo' && e.state.id === old.entityId);
    expect((photos[0]!.state as PhotoState).caption).toBe(state.caption);
  });

  it('point 11: a refused op with NUL and lone surrogates in its body and its device is recorded and answered, and later ops go through', async () => {
    const vol = await join('volunteer');
    const bad = { ...newIssue(vol.member, 'x'), device: 'dev\u0000\ud800', extra: 'nul \u0000 lone \udc00' };
    const first = await push(vol.token, [bad]);
    expect(first.results[0]).toMatchObject({ id: bad.id, status: 'rejected', reason: { code: 'invalid' } });
    // Answered again from what was stored.
    expect((await push(vol.token, [bad])).results[0]).toEqual(first.results[0]);
    const good = newIssue(vol.member);
    expect((await push(vol.token, [good])).results[0]).toMatchObject({ status: 'accepted' });
    const liaison = await join('liaison');
    const plannedDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await push(liaison.token, [op(liaison.member, 'issue.transition', good.entityId, { to: 'acknowledged', plannedDate })])).results[0]).toMatchObject({
      status: 'accepted',
    });
  });
});

// --- through the real device code -----------------------------------------------------------

interface Phone extends Device {
  m: Membership;
  sync: () => Promise<void>;
}

let phones = 0;
async function phone(role: Role, name: string): Promise<Phone> {
  const api = createApi(base);
  const deviceId = `phone-text-${++phones}`;
  const j = await api.join({ code: codes[role], name, deviceId });
  const m: Membership = { work: j.member.work, workName: j.workName, memberId: j.member.id, name, role, token: j.token, joinedAt: Date.now() };
  const d: Device = { db: new SitewatchDB(`text-${phones}-${Date.now()}`), deviceId, now: () => Date.now() };
  const p: Phone = { ...d, m, sync: () => syncWork(d, api, m) };
  await p.sync();
  return p;
}

describe('point 11 on the device', () => {
  it('point 11: the device saves its own text already normalised, so its view, the server and other devices agree', async () => {
    const a = await phone('volunteer', '孙阿姨');
    const b = await phone('staff', '周老师');
    const issueId = newId();
    await recordOp(a, a.m, {
      kind: 'issue.create',
      entity: 'issue',
      entityId: issueId,
      payload: { category: 'other', description: 'NUL \u0000 lone \ud800', severity: 'low', pointId: null },
    });
    const queued = (await a.db.outbox.toArray()).map((e) => e.op as OpOf<'issue.create'>);
    expect(queued.map((o) => o.payload.description)).toEqual(['NUL \uFFFD lone \uFFFD']);
    expect((await a.db.issues.get(issueId))?.description).toBe('NUL \uFFFD lone \uFFFD');
    await a.sync();
    await b.sync();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await a.db.rejected.count()).toBe(0);
    expect((await b.db.issues.get(issueId))?.description).toBe('NUL \uFFFD lone \uFFFD');
    expect((await a.db.issues.get(issueId))?.description).toBe('NUL \uFFFD lone \uFFFD');
  });
});

describe('point 7: ids named like Object.prototype members', () => {
  const ITEM_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'] as const;
  const body: TemplateBody = {
    title: 'Prototype names',
    lang: 'en',
    sections: [
      {
        id: 'constructor',
        title: 'S',
        items: [
          { id: 'constructor', kind: 'check', label: 'C', required: true, raisesIssue: true },
          {
            id: 'toString',
            kind: 'choice',
            label: 'T',
            required: true,
            options: [
              { id: 'valueOf', label: 'ok' },
              { id: '__proto__', label: 'bad' },
            ],
            failOptions: ['__proto__'],
            raisesIssue: true,
          },
          { id: '__proto__', kind: 'check', label: 'P', required: true, raisesIssue: true },
          { id: 'hasOwnProperty', kind: 'text', label: 'H', required: true, showIf: { itemId: 'constructor', equals: 'fail' } },
          { id: 'valueOf', kind: 'number', label: 'V', required: true, unit: 'm', min: 0, max: 10 },
        ],
      },
    ],
  };
  const answers: Record<(typeof ITEM_IDS)[number], Answer> = {
    constructor: { value: 'fail', note: '', photos: [] },
    toString: { value: '__proto__', note: '', photos: [] },
    // Computed: a literal `__proto__:` would set the prototype instead of the key.
    ['__proto__']: { value: 'fail', note: 'n', photos: [] },
    hasOwnProperty: { value: 'text', note: '', photos: [] },
    valueOf: { value: 3, note: '', photos: [] },
  };

  it('point 7: an inspection whose items are called constructor, toString, __proto__… is answered and submitted, and every device sees it whole', async () => {
    const staff = await phone('staff', '周老师');
    const vol = await phone('volunteer', '李师傅');
    const liaison = await phone('liaison', '王经理');
    const templateId = 'toString';
    await recordOp(staff, staff.m, {
      kind: 'template.create',
      entity: 'template',
      entityId: templateId,
      payload: { name: 'Prototype names', basedOn: null, body },
    });
    await staff.sync();
    await vol.sync();
    const inspectionId = 'constructor';
    await recordOp(vol, vol.m, { kind: 'inspection.start', entity: 'inspection', entityId: inspectionId, payload: { templateId, version: 1, pointId: null } });
    for (const itemId of ITEM_IDS) {
      await recordOp(vol, vol.m, { kind: 'inspection.answer', entity: 'inspection', entityId: inspectionId, payload: { itemId, answer: answers[itemId] } });
      const seen = (await vol.db.inspections.get(inspectionId))!;
      expect(Object.hasOwn(seen.answers, itemId), itemId).toBe(true);
    }
    const draft = (await vol.db.inspections.get(inspectionId))!;
    const version = (await vol.db.templates.get(templateId)) as TemplateState;
    const drafts = submitDrafts(draft, version.versions[0]!, newId);
    expect(Object.keys((drafts[0]!.payload as OpOf<'inspection.submit'>['payload']).raised).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    await recordOps(vol, vol.m, drafts);
    await vol.sync();
    expect(await vol.db.rejected.toArray()).toEqual([]);
    expect(await vol.db.outbox.count()).toBe(0);

    await liaison.sync();
    const seen = (await liaison.db.inspections.get(inspectionId)) as InspectionState;
    expect(seen.status).toBe('submitted');
    expect(Object.keys(seen.answers).sort()).toEqual([...ITEM_IDS].sort());
    for (const itemId of ITEM_IDS) expect(Object.hasOwn(seen.answers, itemId) && seen.answers[itemId]!.value).toBe(answers[itemId].value);
    expect(Object.keys(seen.raised).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    const raised = await liaison.db.issues.filter((i) => i.source?.inspectionId === inspectionId).toArray();
    expect(raised.map((i) => i.source!.itemId).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    for (const i of raised) expect(Object.hasOwn(seen.raised, i.source!.itemId) && seen.raised[i.source!.itemId]).toBe(i.id);

    // The server's state is the same.
    const onServer = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'inspection' && e.state.id === inspectionId)!.state as InspectionState;
    expect(onServer.status).toBe('submitted');
    expect(Object.keys(onServer.answers).sort()).toEqual([...ITEM_IDS].sort());
    expect(Object.keys(onServer.raised).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(onServer.raised)).toBe(Object.prototype);
  });
});
