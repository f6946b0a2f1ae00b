/**
 * Checklist rules: template validation, answer validation, which
 * items are shown, what is missing before submit, which fails raise issues,
 * version pinning, who may do what, and how answers from two devices merge.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  type InspectionState,
  type Item,
  type Op,
  type OpOf,
  RULES_VERSION,
  SHIPPED_TEMPLATES,
  type TemplateBody,
  TemplateBodySchema,
  type TemplateState,
  answerProblem,
  applyOp,
  checkOp,
  factsFrom,
  encodeStamp,
  itemsRaisingIssues,
  moveItem,
  moveItemTo,
  parseOp,
  parseWith,
  shippedBody,
  submitProblems,
  visibleItemIds,
} from '../../src/core';
import { dropIndex } from '../../src/features/checklists/drag-reorder';

const T0 = 1_732_800_000_000;
const WORK = 'work-1';
const stamp = (wall: number, node = 'dev1', counter = 0) => encodeStamp({ wall, counter, node });
let n = 0;
const env = (actor: string, hlc: string, device = 'dev1') => ({ id: `op-${++n}`, work: WORK, actor, device, hlc, v: RULES_VERSION });

/** A small pipe-laying template: a condition, a range with a pass range, a choice with a failing option, a photo. */
const BODY: TemplateBody = {
  title: 'Pipe laying',
  lang: 'en',
  sections: [
    {
      id: 's1',
      title: 'Today',
      items: [
        {
          id: 'laid',
          kind: 'choice',
          label: 'Pipes laid today',
          required: true,
          options: [
            { id: 'yes', label: 'Yes' },
            { id: 'no', label: 'No' },
          ],
        },
        {
          id: 'depth',
          kind: 'number',
          label: 'Cover depth',
          required: true,
          unit: 'm',
          min: 0,
          max: 10,
          passMin: 0.7,
          passMax: null,
          raisesIssue: true,
          showIf: { itemId: 'laid', equals: 'yes' },
        },
        { id: 'joints', kind: 'check', label: 'Joints sealed', required: true, raisesIssue: true, issueCategory: 'sewage' },
        { id: 'fence', kind: 'check', label: 'Trench fenced', required: false },
      ],
    },
    {
      id: 's2',
      title: 'Proof',
      items: [
        {
          id: 'backfill',
          kind: 'choice',
          label: 'Backfill',
          required: false,
          options: [
            { id: 'sand', label: 'Sand' },
            { id: 'rubble', label: 'Rubble' },
          ],
          failOptions: ['rubble'],
          raisesIssue: true,
        },
        { id: 'photos', kind: 'photo', label: 'Photos', required: true, minPhotos: 2 },
        { id: 'note', kind: 'text', label: 'Remarks', required: false },
      ],
    },
  ],
};

const ans = (value: Answer['value'], photos: string[] = [], note = ''): Answer => ({ value, note, photos });
const item = (id: string) => BODY.sections.flatMap((s) => s.items).find((i) => i.id === id)!;
const parseBody = (body: unknown) => parseWith(TemplateBodySchema, body);
const withItems = (items: unknown[]) => ({ title: 'T', lang: 'en', sections: [{ id: 's', title: 'S', items }] });

describe('template validation', () => {
  it('accepts a well-formed template', () => {
    expect(parseBody(BODY)).toEqual({ ok: true, value: BODY });
  });

  it.each([
    [
      'duplicate item ids',
      withItems([
        { id: 'a', kind: 'check', label: 'A', required: true },
        { id: 'a', kind: 'text', label: 'B', required: false },
      ]),
      'item id "a" is used twice',
    ],
    [
      'duplicate item ids across sections',
      {
        title: 'T',
        lang: 'en',
        sections: [
          { id: 's1', title: 'S', items: [{ id: 'a', kind: 'check', label: 'A', required: true }] },
          { id: 's2', title: 'S', items: [{ id: 'a', kind: 'check', label: 'A', required: true }] },
        ],
      },
      'item id "a" is used twice',
    ],
    [
      'a condition on a later item',
      withItems([
        { id: 'a', kind: 'check', label: 'A', required: true, showIf: { itemId: 'b', equals: 'pass' } },
        { id: 'b', kind: 'check', label: 'B', required: true },
      ]),
      'not an earlier item',
    ],
    [
      'a condition on a number',
      withItems([
        { id: 'a', kind: 'number', label: 'A', required: true, unit: 'm', min: 0, max: 1 },
        { id: 'b', kind: 'check', label: 'B', required: true, showIf: { itemId: 'a', equals: '1' } },
      ]),
      'not a check or choice',
    ],
    [
      'a condition waiting for an impossible answer',
      withItems([
        { id: 'a', kind: 'check', label: 'A', required: true },
        { id: 'b', kind: 'check', label: 'B', required: true, showIf: { itemId: 'a', equals: 'yes' } },
      ]),
      'cannot have',
    ],
    [
      'min above max',
      withItems([{ id: 'a', kind: 'number', label: 'A', required: true, unit: 'm', min: 5, max: 1 }]),
      'smallest allowed value is above the largest',
    ],
    [
      'a pass range outside the allowed range',
      withItems([{ id: 'a', kind: 'number', label: 'A', required: true, unit: 'm', min: 0, max: 1, passMin: 2 }]),
      'pass range must lie within',
    ],
    [
      'a failing option that is not an option',
      withItems([
        {
          id: 'a',
          kind: 'choice',
          label: 'A',
          required: true,
          options: [
            { id: 'x', label: 'X' },
            { id: 'y', label: 'Y' },
          ],
          failOptions: ['z'],
        },
      ]),
      'not one of its options',
    ],
    ['raising an issue from an item that cannot fail', withItems([{ id: 'a', kind: 'text', label: 'A', required: true, raisesIssue: true }]), 'cannot fail'],
    ['an unknown kind', withItems([{ id: 'a', kind: 'slider', label: 'A', required: true }]), 'kind'],
    ['an empty label', withItems([{ id: 'a', kind: 'check', label: '  ', required: true }]), 'must not be empty'],
    ['a photo item needing 0 photos', withItems([{ id: 'a', kind: 'photo', label: 'A', required: true, minPhotos: 0 }]), 'minPhotos'],
    ['no items', withItems([]), 'at least one item'],
  ])('refuses %s, saying why', (_name, body, message) => {
    const r = parseBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('refuses a 10,000-item template with a clear message', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `i${i}`, kind: 'check', label: `Item ${i}`, required: false }));
    const r = parseBody(withItems(items));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('at most 500 items') });
    // Also when spread over sections, each below the per-section bound.
    const sections = Array.from({ length: 16 }, (_, s) => ({ id: `s${s}`, title: 'S', items: items.slice(s * 30, s * 30 + 30) }));
    const r2 = parseBody({ title: 'T', lang: 'en', sections });
    expect(r2.ok).toBe(true);
    const big = Array.from({ length: 40 }, (_, s) => ({ id: `s${s}`, title: 'S', items: items.slice(s * 15, s * 15 + 15) }));
    const r3 = parseBody({ title: 'T', lang: 'en', sections: big });
    expect(r3).toEqual({ ok: false, message: expect.stringContaining('at most 500 items (this one has 600)') });
  });

  it('every shipped template is valid in both languages, with the same ids in each', () => {
    expect(SHIPPED_TEMPLATES.length).toBeGreaterThanOrEqual(6);
    for (const t of SHIPPED_TEMPLATES) {
      const zh = parseBody(shippedBody(t, 'zh-CN'));
      const en = parseBody(shippedBody(t, 'en'));
      expect(zh.ok && en.ok, `${t.key}: ${!zh.ok ? zh.message : ''} ${!en.ok ? en.message : ''}`).toBe(true);
      const ids = (b: TemplateBody) => b.sections.flatMap((s) => s.items.map((i) => i.id));
      expect(ids(shippedBody(t, 'zh-CN'))).toEqual(ids(shippedBody(t, 'en')));
      expect(shippedBody(t, 'zh-CN').title).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('reordering items by drag and drop (the template editor on a phone)', () => {
  const ids = (b: TemplateBody) => b.sections[0]!.items.map((i) => i.id);

  it('the dropped row lands after the rows whose middle is above the finger, itself left out', () => {
    expect(dropIndex([10, 30, 50, 70], 1, 60)).toBe(2);
    expect(dropIndex([10, 30, 50, 70], 1, 5)).toBe(0);
    expect(dropIndex([10, 30, 50, 70], 1, 100)).toBe(3);
    expect(dropIndex([10, 30, 50, 70], 1, 35)).toBe(1);
  });

  it('moves an item several places at once, as far as it may go without passing what it depends on', () => {
    expect(moveItemTo(BODY, 'fence', 0)).toEqual({ body: expect.anything(), stopped: false });
    expect(ids(moveItemTo(BODY, 'fence', 0).body)).toEqual(['fence', 'laid', 'depth', 'joints']);
    expect(ids(moveItemTo(BODY, 'laid', 2).body)).toEqual(['laid', 'depth', 'joints', 'fence']);
    // "depth" is shown only after "laid": it stops right below it, and says it stopped.
    const depth = moveItemTo(BODY, 'depth', 0);
    expect(depth.stopped).toBe(true);
    expect(ids(depth.body)).toEqual(['laid', 'depth', 'joints', 'fence']);
    const joints = moveItemTo(BODY, 'joints', 0);
    expect([joints.stopped, ids(joints.body)]).toEqual([false, ['joints', 'laid', 'depth', 'fence']]);
    expect(parseBody(joints.body).ok).toBe(true);
  });
});

describe('reordering items with buttons (the template editor on a phone)', () => {
  const ids = (b: TemplateBody | null) => b?.sections.map((sec) => sec.items.map((i) => i.id));

  it('moves an item one place within its section, leaving the rest and the original body as they were', () => {
    const moved = moveItem(BODY, 'fence', -1);
    expect(ids(moved)).toEqual([
      ['laid', 'depth', 'fence', 'joints'],
      ['backfill', 'photos', 'note'],
    ]);
    expect(ids(moveItem(moved!, 'fence', 1))).toEqual(ids(BODY));
    expect(BODY.sections[0]!.items[3]!.id).toBe('fence');
    expect(parseBody(moved).ok).toBe(true);
  });

  it('does not move past the edge of its section', () => {
    expect(moveItem(BODY, 'laid', -1)).toBeNull();
    expect(moveItem(BODY, 'fence', 1)).toBeNull();
    expect(moveItem(BODY, 'backfill', -1)).toBeNull();
    expect(moveItem(BODY, 'nothing', 1)).toBeNull();
  });

  it('never puts an item before the item its condition reads (the saved template would be refused)', () => {
    expect(moveItem(BODY, 'depth', -1)).toBeNull();
    expect(moveItem(BODY, 'laid', 1)).toBeNull();
    // Moving the condition's item further down is refused too; moving an unrelated pair is fine.
    expect(ids(moveItem(BODY, 'joints', -1))).toEqual([
      ['laid', 'joints', 'depth', 'fence'],
      ['backfill', 'photos', 'note'],
    ]);
  });
});

describe('answers', () => {
  it.each([
    ['a check answered with a number', 'joints', ans(3), 'pass, fail or not applicable'],
    ['a check answered with "yes"', 'joints', ans('yes'), 'pass, fail or not applicable'],
    ['a number answered with text', 'depth', ans('deep'), 'takes a number'],
    ['a number below the allowed range', 'depth', ans(-1), 'between 0 and 10 m'],
    ['a number above the allowed range', 'depth', ans(10.5), 'between 0 and 10 m'],
    ['a choice that is not an option', 'laid', ans('maybe'), 'one of its options'],
    ['a photo item given a value', 'photos', ans('x'), 'takes photos'],
    ['a text item given a number', 'note', ans(5), 'takes text'],
  ])('refuses %s', (_name, id, a, message) => {
    expect(answerProblem(item(id), a)).toContain(message);
  });

  it.each([
    ['joints', ans('pass')],
    ['joints', ans('na')],
    ['depth', ans(0)],
    ['depth', ans(10)],
    ['laid', ans('no')],
    ['photos', ans(null, ['p1', 'p2'])],
    ['note', ans('all good')],
    ['joints', ans(null, [], 'only a note so far')],
  ])('accepts %s = %j', (id, a) => {
    expect(answerProblem(item(id), a)).toBeNull();
  });

  it('property: a number is accepted exactly when it lies in the allowed range', () => {
    const depth = item('depth');
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (x) => {
        expect(answerProblem(depth, ans(x)) === null).toBe(x >= 0 && x <= 10);
      }),
    );
  });
});

describe('shown items, what is missing, what raises issues', () => {
  it('hides an item until its condition holds, and then requires it', () => {
    expect(visibleItemIds(BODY, {}).has('depth')).toBe(false);
    expect(visibleItemIds(BODY, { laid: ans('no') }).has('depth')).toBe(false);
    expect(visibleItemIds(BODY, { laid: ans('yes') }).has('depth')).toBe(true);
    expect(submitProblems(BODY, { laid: ans('no'), joints: ans('pass'), photos: ans(null, ['a', 'b']) })).toEqual([]);
    expect(submitProblems(BODY, { laid: ans('yes'), joints: ans('pass'), photos: ans(null, ['a', 'b']) })).toEqual([
      { itemId: 'depth', reason: 'missing', message: '"Cover depth" is required' },
    ]);
  });

  it('a chain of conditions: an item whose source is hidden is hidden too', () => {
    const body: TemplateBody = {
      ...BODY,
      sections: [
        {
          id: 's',
          title: 'S',
          items: [
            { id: 'a', kind: 'check', label: 'A', required: true },
            { id: 'b', kind: 'check', label: 'B', required: true, showIf: { itemId: 'a', equals: 'fail' } },
            { id: 'c', kind: 'text', label: 'C', required: true, showIf: { itemId: 'b', equals: 'fail' } },
          ],
        },
      ],
    };
    // b was answered "fail" earlier, then a changed to pass: b is hidden, so c is too.
    expect([...visibleItemIds(body, { a: ans('pass'), b: ans('fail') })]).toEqual(['a']);
    expect([...visibleItemIds(body, { a: ans('fail'), b: ans('fail') })]).toEqual(['a', 'b', 'c']);
  });

  it('lists every required shown item not answered, in template order; a photo item needs its minimum count', () => {
    const problems = submitProblems(BODY, { photos: ans(null, ['only-one']) });
    expect(problems.map((p) => p.itemId)).toEqual(['laid', 'joints', 'photos']);
    expect(problems.every((p) => p.reason === 'missing')).toBe(true);
  });

  it('the pipe-laying checklist cannot be sent without its laying photos on a day pipes were laid', () => {
    const tpl = SHIPPED_TEMPLATES.find((t) => t.key === 'lib-pipe-laying')!;
    const body = shippedBody(tpl, 'zh-CN');
    const laid = submitProblems(body, { 'laid-today': ans('yes') });
    expect(laid.find((p) => p.itemId === 'laying-photos')?.reason).toBe('missing');
    expect(submitProblems(body, { 'laid-today': ans('yes'), 'laying-photos': ans(null, ['only-one']) }).some((p) => p.itemId === 'laying-photos')).toBe(true);
    expect(submitProblems(body, { 'laid-today': ans('yes'), 'laying-photos': ans(null, ['a', 'b']) }).some((p) => p.itemId === 'laying-photos')).toBe(false);
    // On a day without laying the photos are not asked for.
    expect(submitProblems(body, { 'laid-today': ans('no') }).some((p) => p.itemId === 'laying-photos')).toBe(false);
  });

  it('a note alone does not answer a required item; an invalid answer is listed as invalid', () => {
    const problems = submitProblems(BODY, { laid: ans('yes'), depth: ans(99), joints: ans(null, [], 'came back later'), photos: ans(null, ['a', 'b']) });
    expect(problems).toEqual([
      { itemId: 'depth', reason: 'invalid', message: '"Cover depth" must be between 0 and 10 m' },
      { itemId: 'joints', reason: 'missing', message: '"Joints sealed" is required' },
    ]);
  });

  it('raises issues for shown failed items marked so: a fail, a number outside its pass range, a failing option', () => {
    const answers = { laid: ans('yes'), depth: ans(0.5), joints: ans('fail'), fence: ans('fail'), backfill: ans('rubble') };
    expect(itemsRaisingIssues(BODY, answers).map((i) => i.id)).toEqual(['depth', 'joints', 'backfill']);
    // "fence" fails but is not marked; depth at the pass limit passes; a hidden depth raises nothing.
    expect(itemsRaisingIssues(BODY, { laid: ans('yes'), depth: ans(0.7), joints: ans('pass') })).toEqual([]);
    expect(itemsRaisingIssues(BODY, { laid: ans('no'), depth: ans(0.1), joints: ans('na') })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Ops: version pinning, roles, the server's submit check, merging answers
// ---------------------------------------------------------------------------

const STAFF = 'm-staff';
const VOL = 'm-vol';

function templateCreate(body: TemplateBody = BODY): OpOf<'template.create'> {
  return { ...env(STAFF, stamp(T0)), entity: 'template', entityId: 'tpl-1', kind: 'template.create', payload: { name: 'Pipe laying', body, basedOn: null } };
}
function revise(version: number, body: TemplateBody, hlc = stamp(T0 + 10)): OpOf<'template.revise'> {
  return { ...env(STAFF, hlc), entity: 'template', entityId: 'tpl-1', kind: 'template.revise', payload: { version, name: 'Pipe laying v' + version, body } };
}
function start(version = 1, actor = VOL): OpOf<'inspection.start'> {
  return {
    ...env(actor, stamp(T0 + 20)),
    entity: 'inspection',
    entityId: 'insp-1',
    kind: 'inspection.start',
    payload: { templateId: 'tpl-1', version, pointId: null },
  };
}
function answer(itemId: string, a: Answer | null, hlc: string, device = 'dev1', actor = VOL): OpOf<'inspection.answer'> {
  return { ...env(actor, hlc, device), entity: 'inspection', entityId: 'insp-1', kind: 'inspection.answer', payload: { itemId, answer: a } };
}
function submit(raised: Record<string, string> = {}): OpOf<'inspection.submit'> {
  return { ...env(VOL, stamp(T0 + 100_000)), entity: 'inspection', entityId: 'insp-1', kind: 'inspection.submit', payload: { raised } };
}

const template = applyOp(undefined, templateCreate()) as TemplateState;
/** The server's view: the work holds this template (or none). */
const facts = (t: TemplateState | null = template) => factsFrom({ rows: { template: t ? [t] : [] } });
const ctx = (actorRole: 'volunteer' | 'liaison' | 'staff', current: unknown, t: TemplateState | null = template) => ({
  actorRole,
  current: current as InspectionState,
  facts: facts(t),
});
const started = applyOp(undefined, start()) as InspectionState;
const fold = (ops: Op[], from: InspectionState = started) => ops.reduce((s, op) => applyOp(s, op) as InspectionState, from);

describe('template versions', () => {
  it('editing makes a new version; an inspection keeps the version it was started with', () => {
    const edited: TemplateBody = { ...BODY, sections: [{ ...BODY.sections[0]!, items: BODY.sections[0]!.items.slice(2) }] };
    expect(checkOp(revise(2, edited), ctx('staff', template))).toBeNull();
    const v2 = applyOp(template, revise(2, edited)) as TemplateState;
    expect(v2.versions.map((v) => v.version)).toEqual([1, 2]);
    // The inspection started on version 1 still answers version 1's items ("laid" is gone from v2).
    expect(started.version).toBe(1);
    expect(checkOp(answer('laid', ans('yes'), stamp(T0 + 30)), ctx('volunteer', started, v2))).toBeNull();
    // An inspection started on version 2 does not know "laid".
    const onV2 = applyOp(undefined, start(2)) as InspectionState;
    expect(checkOp(answer('laid', ans('yes'), stamp(T0 + 30)), ctx('volunteer', onV2, v2))).toMatchObject({ code: 'unknown_item' });
  });

  it('two offline edits of the same version: the second is refused as stale, not merged', () => {
    const v2 = applyOp(template, revise(2, BODY)) as TemplateState;
    expect(checkOp(revise(2, BODY, stamp(T0 + 11, 'dev2')), ctx('staff', v2))).toMatchObject({ code: 'stale_version', params: { latest: '2' } });
    expect(checkOp(revise(4, BODY), ctx('staff', v2))).toMatchObject({ code: 'stale_version' });
  });

  it('an inspection of a version the template does not have, or of an unknown template, is refused', () => {
    expect(checkOp(start(3), ctx('volunteer', undefined))).toMatchObject({ code: 'unknown_version' });
    expect(checkOp(start(1), ctx('volunteer', undefined, null))).toMatchObject({ code: 'unknown_template' });
  });
});

describe('who may do what', () => {
  it.each([
    ['volunteer', 'forbidden_role', null],
    ['liaison', 'forbidden_role', 'forbidden_role'],
    ['staff', null, null],
  ] as const)('%s: template.create → %s, inspection.start → %s', (role, tpl, insp) => {
    expect(checkOp(templateCreate(), ctx(role, undefined))?.code ?? null).toBe(tpl);
    expect(checkOp(start(1), ctx(role, undefined))?.code ?? null).toBe(insp);
  });
});

describe('submit', () => {
  const complete = [
    answer('laid', ans('no'), stamp(T0 + 30)),
    answer('joints', ans('pass'), stamp(T0 + 31)),
    answer('photos', ans(null, ['p1', 'p2']), stamp(T0 + 32)),
  ];

  it('is refused while a required shown item is unanswered, naming what is missing', () => {
    const partial = fold(complete.slice(0, 2));
    const r = checkOp(submit(), ctx('volunteer', partial));
    expect(r).toMatchObject({ code: 'incomplete', params: { items: 'photos' } });
    expect(r?.message).toContain('"Photos" is required');
  });

  it('is accepted when complete, and closes the inspection to further answers', () => {
    const full = fold(complete);
    expect(checkOp(submit(), ctx('volunteer', full))).toBeNull();
    const done = applyOp(full, submit()) as InspectionState;
    expect(done.status).toBe('submitted');
    expect(checkOp(answer('fence', ans('pass'), stamp(T0 + 200_000)), ctx('volunteer', done))).toMatchObject({ code: 'inspection_closed' });
    expect(checkOp(submit(), ctx('volunteer', done))).toMatchObject({ code: 'inspection_closed' });
  });

  it('must name one issue per failed raising item, no more, no fewer', () => {
    const failed = fold([...complete, answer('joints', ans('fail'), stamp(T0 + 40))]);
    expect(checkOp(submit(), ctx('volunteer', failed))).toMatchObject({ code: 'raised_mismatch' });
    expect(checkOp(submit({ joints: 'iss-1', fence: 'iss-2' }), ctx('volunteer', failed))).toMatchObject({ code: 'raised_mismatch' });
    expect(checkOp(submit({ joints: 'iss-1' }), ctx('volunteer', failed))).toBeNull();
  });

  it('an issue raised by an inspection must be the one its submit named', () => {
    const failed = fold([...complete, answer('joints', ans('fail'), stamp(T0 + 40))]);
    const done = applyOp(failed, submit({ joints: 'iss-1' })) as InspectionState;
    const issue = (id: string, itemId = 'joints'): OpOf<'issue.create'> => ({
      ...env(VOL, stamp(T0 + 100_001)),
      entity: 'issue',
      entityId: id,
      kind: 'issue.create',
      payload: { category: 'sewage', description: 'Joints sealed: fail', severity: 'medium', pointId: null, source: { inspectionId: 'insp-1', itemId } },
    });
    const c = (i: InspectionState | null) => ({
      actorRole: 'volunteer' as const,
      current: undefined,
      facts: factsFrom({ rows: { inspection: i ? [i] : [] } }),
    });
    expect(checkOp(issue('iss-1'), c(done))).toBeNull();
    expect(checkOp(issue('iss-2'), c(done))).toMatchObject({ code: 'raised_mismatch' });
    expect(checkOp(issue('iss-1', 'fence'), c(done))).toMatchObject({ code: 'raised_mismatch' });
    expect(checkOp(issue('iss-1'), c(null))).toMatchObject({ code: 'unknown_entity' });
    const created = applyOp(undefined, issue('iss-1'));
    expect(created).toMatchObject({ source: { inspectionId: 'insp-1', itemId: 'joints' } });
  });

  it('answers of the wrong type, out of range, or to an unknown item are refused with the reason', () => {
    expect(checkOp(answer('joints', ans(4), stamp(T0 + 50)), ctx('volunteer', started))).toMatchObject({
      code: 'invalid_answer',
      message: expect.stringContaining('pass, fail'),
    });
    expect(checkOp(answer('depth', ans(12), stamp(T0 + 50)), ctx('volunteer', started))).toMatchObject({
      code: 'invalid_answer',
      message: expect.stringContaining('between 0 and 10 m'),
    });
    expect(checkOp(answer('nope', ans('pass'), stamp(T0 + 50)), ctx('volunteer', started))).toMatchObject({ code: 'unknown_item' });
  });

  it('the op schema refuses an answer that is neither text, number nor null', () => {
    const op = answer('joints', ans('pass'), stamp(T0 + 50));
    expect(parseOp({ ...op, payload: { itemId: 'joints', answer: { value: true, note: '', photos: [] } } })).toMatchObject({ ok: false });
    expect(parseOp({ ...op, payload: { itemId: 'joints', answer: { value: 'pass', note: '', photos: [], extra: 1 } } })).toMatchObject({ ok: false });
    expect(parseOp(op)).toMatchObject({ ok: true });
  });
});

describe('merging answers from two devices', () => {
  const items = ['laid', 'joints', 'fence', 'backfill', 'note'] as const;
  const values: Record<(typeof items)[number], Answer['value'][]> = {
    laid: ['yes', 'no'],
    joints: ['pass', 'fail', 'na'],
    fence: ['pass', 'fail'],
    backfill: ['sand', 'rubble'],
    note: ['a', 'b', 'c'],
  };
  const arbAnswerOp = fc
    .record({
      item: fc.constantFrom(...items),
      pick: fc.nat(2),
      wall: fc.integer({ min: 1, max: 50 }),
      device: fc.constantFrom('phone-a', 'phone-b'),
    })
    .map(({ item: id, pick, wall, device }) => answer(id, ans(values[id][pick % values[id].length]!), stamp(T0 + 1000 + wall, device), device));

  it('property: any order of the same answer ops gives the same answers, and every op stays in the history', () => {
    fc.assert(
      fc.property(fc.array(arbAnswerOp, { maxLength: 30 }), fc.nat(), (ops, seed) => {
        const shuffled = [...ops].sort(
          (a, b) => ((a.id.length * 31 + seed + a.hlc.charCodeAt(20)) % 7) - ((b.id.length * 31 + seed + b.hlc.charCodeAt(20)) % 7),
        );
        const x = fold(ops);
        const y = fold(shuffled.reverse());
        expect(y.answers).toEqual(x.answers);
        expect(x.history).toHaveLength(ops.length + 1);
        expect(new Set(y.history.map((h) => h.op))).toEqual(new Set(x.history.map((h) => h.op)));
        // The winner per item is the op with the highest stamp for that item.
        for (const id of items) {
          const mine = ops.filter((o) => o.payload.itemId === id);
          if (mine.length === 0) expect(x.answers[id]).toBeUndefined();
          else
            expect(x.answers[id]!.at).toBe(
              mine
                .map((o) => o.hlc)
                .sort()
                .at(-1),
            );
        }
      }),
    );
  });

  it('two volunteers filling different items offline lose nothing; the same item resolves to the later stamp, the loser kept in history', () => {
    const a1 = answer('joints', ans('pass'), stamp(T0 + 2000, 'phone-a'), 'phone-a');
    const b1 = answer('fence', ans('fail'), stamp(T0 + 1500, 'phone-b'), 'phone-b', 'm-vol-2');
    const aSame = answer('backfill', ans('sand'), stamp(T0 + 3000, 'phone-a'), 'phone-a');
    const bSame = answer('backfill', ans('rubble'), stamp(T0 + 3000, 'phone-b'), 'phone-b', 'm-vol-2');
    for (const order of [
      [a1, b1, aSame, bSame],
      [bSame, b1, aSame, a1],
    ]) {
      const s = fold(order);
      expect(s.answers.joints?.value).toBe('pass');
      expect(s.answers.fence?.value).toBe('fail');
      // Same wall time: the stamp's device id breaks the tie ("phone-b" > "phone-a").
      expect(s.answers.backfill).toMatchObject({ value: 'rubble', by: 'm-vol-2' });
      expect(
        s.history
          .filter((h) => h.itemId === 'backfill')
          .map((h) => h.answer?.value)
          .sort(),
      ).toEqual(['rubble', 'sand']);
    }
  });

  it('clearing an answer is an answer too (a later clear wins over an earlier value)', () => {
    const s = fold([answer('joints', ans('fail'), stamp(T0 + 10)), answer('joints', null, stamp(T0 + 20))]);
    expect(s.answers.joints?.value).toBeNull();
    expect(submitProblems(template.versions[0]!.body, s.answers).map((p) => p.itemId)).toContain('joints');
  });
});

describe('items of every kind round-trip through the op schema', () => {
  it('a template.create with the shipped templates parses unchanged', () => {
    for (const t of SHIPPED_TEMPLATES) {
      const op = { ...templateCreate(shippedBody(t, 'en')), payload: { name: t.title[1], body: shippedBody(t, 'en'), basedOn: t.key } };
      const r = parseOp(op);
      expect(r.ok, t.key).toBe(true);
      if (r.ok) expect((r.value as OpOf<'template.create'>).payload.body).toEqual(shippedBody(t, 'en'));
    }
  });

  it('kinds have their fields', () => {
    const kinds = new Set(SHIPPED_TEMPLATES.flatMap((t) => shippedBody(t, 'en').sections.flatMap((s) => s.items.map((i: Item) => i.kind))));
    expect([...kinds].sort()).toEqual(['check', 'choice', 'number', 'photo', 'text']);
  });
});
