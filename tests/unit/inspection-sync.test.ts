/**
 * Inspections through the real client sync code (Dexie on fake-indexeddb,
 * outbox, push/pull) and the real server (in-process, SQLite): two volunteers
 * fill one inspection offline and merge without loss; the server enforces the
 * same submit rules as the device; a submit raises its issues all or nothing,
 * and the liaison's device receives them linked to the inspection item.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, type InspectionState, type Op, RULES_VERSION, type Role, type TemplateState, encodeStamp, templateVersion } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { submitDrafts } from '../../src/features/checklists/submit';
import { newId } from '../../src/lib/ids';
import { sha256Hex } from '../../src/lib/sha256';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, LocalRejection, recordOp, recordOps } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, startServer } from './harness';

let srv: TestServer;
let store: Store;
let base = '';
let codes: Record<Role, string>;
let devices = 0;

interface Phone extends Device {
  m: Membership;
  sync: () => Promise<void>;
}

async function phone(role: Role, name: string, clockOffset = 0): Promise<Phone> {
  const api = createApi(base);
  const deviceId = `phone-${++devices}`;
  const joined = await api.join({ code: codes[role], name, deviceId });
  const m: Membership = {
    work: joined.member.work,
    workName: joined.workName,
    memberId: joined.member.id,
    name,
    role,
    token: joined.token,
    joinedAt: Date.now(),
  };
  const d: Device = { db: new SitewatchDB(`insp-${devices}-${Date.now()}`), deviceId, now: () => Date.now() + clockOffset };
  const p: Phone = { ...d, m, sync: () => syncWork(d, api, m) };
  await p.sync();
  return p;
}

const answer = (value: Answer['value'], photos: string[] = [], note = ''): Answer => ({ value, note, photos });
const answerDraft = (inspectionId: string, itemId: string, a: Answer | null) => ({
  kind: 'inspection.answer' as const,
  entity: 'inspection' as const,
  entityId: inspectionId,
  payload: { itemId, answer: a },
});

beforeAll(async () => {
  srv = await startServer({ label: 'inspection-sync', joinAttemptsPerMinute: 1000 });
  ({ store, base, codes } = srv);
});

afterAll(() => srv.close());

describe('an inspection walked by two volunteers', () => {
  it('merges answers to different items without loss; the same item goes to the later stamp, the other stays in history', async () => {
    const a = await phone('volunteer', '孙阿姨');
    const b = await phone('volunteer', '李师傅', 5_000); // b's clock runs 5 s ahead: its answer to the shared item is later
    const template = (await a.db.templates.get('demo-template-site-order')) as TemplateState;
    expect(template.versions[0]!.body.sections.length).toBeGreaterThan(0);
    const id = newId();
    await recordOp(a, a.m, {
      kind: 'inspection.start',
      entity: 'inspection',
      entityId: id,
      payload: { templateId: template.id, version: 1, pointId: 'demo-point-1' },
    });
    await a.sync();
    await b.sync();
    expect(await b.db.inspections.get(id)).toMatchObject({ status: 'draft', version: 1 });

    // Both offline: different items, and one item on both.
    await recordOp(a, a.m, answerDraft(id, 'start-hour', answer(7.5)));
    await recordOp(a, a.m, answerDraft(id, 'dust-cover', answer('pass')));
    await recordOp(b, b.m, answerDraft(id, 'fencing', answer('fail', [], '3号楼南侧围挡缺了两块')));
    await recordOp(a, a.m, answerDraft(id, 'access', answer('pass')));
    await recordOp(b, b.m, answerDraft(id, 'access', answer('fail', [], '5号楼门口被钢管挡住')));
    for (const p of [a, b, a, b]) await p.sync();

    const seenA = (await a.db.inspections.get(id)) as InspectionState;
    const seenB = (await b.db.inspections.get(id)) as InspectionState;
    const values = (s: InspectionState) => Object.fromEntries(Object.entries(s.answers).map(([k, v]) => [k, v.value]));
    expect(values(seenA)).toEqual({ 'start-hour': 7.5, 'dust-cover': 'pass', fencing: 'fail', access: 'fail' });
    expect(values(seenB)).toEqual(values(seenA));
    expect(seenA.answers.access?.by).toBe(b.m.memberId);
    // The losing answer is kept in the history, on both devices and on the server.
    const accessHistory = (s: InspectionState) =>
      s.history
        .filter((h) => h.itemId === 'access')
        .map((h) => h.answer?.value)
        .sort();
    expect(accessHistory(seenA)).toEqual(['fail', 'pass']);
    expect(accessHistory(seenB)).toEqual(['fail', 'pass']);
    const onServer = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'inspection' && e.state.id === id)!.state as InspectionState;
    expect(values(onServer)).toEqual(values(seenA));
    expect(await a.db.outbox.count()).toBe(0);
    expect(await b.db.outbox.count()).toBe(0);
  });
});

describe('submit', () => {
  it('the device refuses a submit with a required item missing; the server refuses it too, with the reason', async () => {
    const v = await phone('volunteer', '王阿姨');
    const id = newId();
    await recordOp(v, v.m, {
      kind: 'inspection.start',
      entity: 'inspection',
      entityId: id,
      payload: { templateId: 'demo-template-pipes', version: 1, pointId: 'demo-point-3' },
    });
    await recordOp(v, v.m, answerDraft(id, 'laid-today', answer('yes')));
    const submit = { kind: 'inspection.submit' as const, entity: 'inspection' as const, entityId: id, payload: { raised: {} } };
    const local = await recordOp(v, v.m, submit).catch((e: unknown) => e);
    expect(local).toBeInstanceOf(LocalRejection);
    expect((local as LocalRejection).rejection).toMatchObject({ code: 'incomplete', message: expect.stringContaining('"管线类别" is required') });
    await v.sync();

    // A device that skipped its own check (an old or modified app) is refused by the server alike.
    const forged: Op = {
      ...submit,
      id: newId(),
      work: DEMO_WORK_ID,
      actor: v.m.memberId,
      device: v.deviceId,
      hlc: encodeStamp({ wall: Date.now(), counter: 0, node: v.deviceId }),
      v: RULES_VERSION,
    };
    const res = await createApi(base).push(v.m.token, [forged]);
    expect(res.results[0]).toMatchObject({
      status: 'rejected',
      reason: { code: 'incomplete', message: expect.stringContaining('to complete before submitting') },
    });
  });

  it('a complete submit raises one issue per failed item marked so, all together; the liaison receives them linked to the item', async () => {
    const v = await phone('volunteer', '赵阿姨');
    const liaison = await phone('liaison', '施工队吴工');
    const id = newId();
    await recordOp(v, v.m, {
      kind: 'inspection.start',
      entity: 'inspection',
      entityId: id,
      payload: { templateId: 'demo-template-pipes', version: 1, pointId: 'demo-point-3' },
    });
    const answers: Array<[string, Answer]> = [
      ['laid-today', answer('yes')],
      ['line', answer('sewage')],
      ['depth', answer(0.5, [], '检查井旁覆土太浅')], // below 0.7 m: fails, raises
      ['slope', answer(4)],
      ['laying-photos', answer(null, [newId(), newId()])], // pipes were laid today: their photos are required
      ['joints', answer('pass')],
      ['trench-guard', answer('pass')],
      ['backfill', answer('sand')],
    ];
    for (const [item, a] of answers) await recordOp(v, v.m, answerDraft(id, item, a));
    // A failed item the inspector spoke about: the voice note's bytes are kept with the answer.
    const bytes = new TextEncoder().encode('a recorder would make this').buffer;
    const voice = { hash: await sha256Hex(bytes), size: bytes.byteLength, durationMs: 4_000, type: 'audio/webm' as const };
    await recordOps(v, v.m, [answerDraft(id, 'separation', { ...answer('fail'), voice })], [{ hash: voice.hash, display: bytes }]); // raises
    const inspection = (await v.db.inspections.get(id)) as InspectionState;
    const template = (await v.db.templates.get('demo-template-pipes')) as TemplateState;
    const drafts = submitDrafts(inspection, templateVersion(template, 1)!, newId);
    expect(drafts.map((d) => d.kind)).toEqual(['inspection.submit', 'issue.create', 'issue.create', 'issue.comment']);
    await recordOps(v, v.m, drafts);
    await v.sync();
    await liaison.sync();

    const raised = await liaison.db.issues.filter((i) => i.source?.inspectionId === id).toArray();
    expect(raised.map((i) => i.source!.itemId).sort()).toEqual(['depth', 'separation']);
    expect(raised.find((i) => i.source!.itemId === 'depth')).toMatchObject({
      category: 'safety',
      pointId: 'demo-point-3',
      status: 'reported',
      description: expect.stringContaining('0.5 米 — 检查井旁覆土太浅'),
    });
    expect(raised.find((i) => i.source!.itemId === 'separation')).toMatchObject({ category: 'sewage', severity: 'high' });
    // Its voice note came with it, as the issue's first comment, and its bytes reached the server.
    expect(raised.find((i) => i.source!.itemId === 'separation')!.comments).toMatchObject([{ text: '', voice }]);
    expect(new Uint8Array(await createApi(base).getBlob(liaison.m.token, voice.hash))).toEqual(new Uint8Array(bytes));
    expect(await liaison.db.inspections.get(id)).toMatchObject({
      status: 'submitted',
      raised: Object.fromEntries(raised.map((i) => [i.source!.itemId, i.id])),
    });
  });

  it('all or nothing: a submit whose raised issue is refused leaves the inspection a draft', async () => {
    const v = await phone('volunteer', '钱师傅');
    const id = newId();
    await recordOp(v, v.m, {
      kind: 'inspection.start',
      entity: 'inspection',
      entityId: id,
      payload: { templateId: 'demo-template-pipes', version: 1, pointId: null },
    });
    for (const [item, a] of [
      ['laid-today', answer('no')],
      ['joints', answer('fail')],
      ['separation', answer('pass')],
      ['trench-guard', answer('pass')],
    ] as const) {
      await recordOp(v, v.m, answerDraft(id, item, a));
    }
    await v.sync();
    const inspection = (await v.db.inspections.get(id)) as InspectionState;
    const template = (await v.db.templates.get('demo-template-pipes')) as TemplateState;
    const [submit, issue] = submitDrafts(inspection, templateVersion(template, 1)!, newId);
    const env = (k: number) => ({
      id: newId(),
      work: DEMO_WORK_ID,
      actor: v.m.memberId,
      device: v.deviceId,
      hlc: encodeStamp({ wall: Date.now(), counter: k, node: v.deviceId }),
      v: RULES_VERSION,
      group: 'g-1',
    });
    // The issue names another point of no work: refused, so the submit is undone with it.
    const bad = { ...issue!, payload: { ...(issue!.payload as object), pointId: 'no-such-point' } };
    const res = await createApi(base).push(v.m.token, [{ ...submit!, ...env(0) } as Op, { ...bad, ...env(1) } as Op]);
    expect(res.results.map((r) => (r.status === 'rejected' ? r.reason.code : r.status))).toEqual(['group_failed', 'unknown_point']);
    const onServer = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'inspection' && e.state.id === id)!.state as InspectionState;
    expect(onServer.status).toBe('draft');
  });
});

describe('bad input, refused by the server with a clear message', () => {
  const body = (items: unknown[]) => ({ title: 'T', lang: 'en', sections: [{ id: 's', title: 'S', items }] });
  const check = (id: string) => ({ id, kind: 'check', label: `Item ${id}`, required: false });

  async function pushAsStaff(ops: unknown[]): Promise<{ status: number; json: unknown }> {
    const staff = await phone('staff', `staff ${devices}`);
    const stamped = ops.map((o, k) => ({
      id: newId(),
      work: DEMO_WORK_ID,
      actor: staff.m.memberId,
      device: staff.deviceId,
      hlc: encodeStamp({ wall: Date.now(), counter: k, node: staff.deviceId }),
      v: RULES_VERSION,
      ...(o as object),
    }));
    const res = await fetch(`${base}/api/sync/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${staff.m.token}` },
      body: JSON.stringify({ clientVersion: RULES_VERSION, ops: stamped }),
    });
    return { status: res.status, json: await res.json() };
  }
  const create = (b: unknown) => ({ entity: 'template', entityId: newId(), kind: 'template.create', payload: { name: 'Bad', body: b, basedOn: null } });

  it('a template with duplicate item ids', async () => {
    const { status, json } = await pushAsStaff([create(body([check('a'), check('a')]))]);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      results: [{ status: 'rejected', reason: { code: 'invalid', message: expect.stringContaining('item id "a" is used twice') } }],
    });
  });

  it('a 10,000-item template (about 600 KB, under the request limit) is refused for its size in items, and not stored', async () => {
    const items = Array.from({ length: 10_000 }, (_, k) => check(`i${k}`));
    const { status, json } = await pushAsStaff([create(body(items))]);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      results: [{ status: 'rejected', reason: { code: 'invalid', message: expect.stringContaining('a template has at most 500 items') } }],
    });
    const stored = (await store.listEntities(DEMO_WORK_ID)).filter((e) => e.type === 'template');
    expect(stored.map((e) => e.state.id).sort()).toEqual(['demo-template-pipes', 'demo-template-site-order']);
    // Below the request size limit, the item limit answers.
    const { json: small } = await pushAsStaff([
      create({
        title: 'T',
        lang: 'en',
        sections: Array.from({ length: 11 }, (_, s) => ({ id: `s${s}`, title: 'S', items: items.slice(s * 50, s * 50 + 50) })),
      }),
    ]);
    expect(small).toMatchObject({
      results: [{ status: 'rejected', reason: { code: 'invalid', message: expect.stringContaining('at most 500 items (this one has 550)') } }],
    });
  });

  it('an answer of the wrong type, out of range, or to an unknown item', async () => {
    const v = await phone('volunteer', '周阿姨');
    const id = newId();
    await recordOp(v, v.m, {
      kind: 'inspection.start',
      entity: 'inspection',
      entityId: id,
      payload: { templateId: 'demo-template-pipes', version: 1, pointId: null },
    });
    await v.sync();
    const env = (k: number) => ({
      id: newId(),
      work: DEMO_WORK_ID,
      actor: v.m.memberId,
      device: v.deviceId,
      hlc: encodeStamp({ wall: Date.now(), counter: k, node: v.deviceId }),
      v: RULES_VERSION,
    });
    const ops = [
      { ...answerDraft(id, 'joints', answer(1)), ...env(0) },
      { ...answerDraft(id, 'depth', answer(11)), ...env(1) },
      { ...answerDraft(id, 'no-such-item', answer('pass')), ...env(2) },
      { ...answerDraft(id, 'joints', { value: true, note: '', photos: [] } as unknown as Answer), ...env(3) },
    ] as Op[];
    const res = await createApi(base).push(v.m.token, ops);
    expect(res.results.map((r) => (r.status === 'rejected' ? [r.reason.code, r.reason.message] : r.status))).toEqual([
      ['invalid_answer', expect.stringContaining('pass, fail or not applicable')],
      ['invalid_answer', expect.stringContaining('must be between 0 and 10 米')],
      ['unknown_item', expect.stringContaining('"no-such-item" is not in version 1')],
      ['invalid', expect.stringContaining('payload.answer.value')],
    ]);
  });
});
