/**
 * Ids that are also names of Object.prototype's members (`constructor`, `toString`, `__proto__`…)
 * are valid ids (^[A-Za-z0-9_-]{1,64}$), so every rule that looks an id up must find only what
 * was put there. Templates, items, options, inspections, answers and issues named so go through
 * the op schema, the reducer and the checklist rules, with a JSON round trip at every step (as
 * the stores and the wire do), and must behave as if they were called `a`, `b`, `c`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyEntityState,
  type Answer,
  type CheckContext,
  type InspectionState,
  type IssueState,
  type Item,
  type Op,
  RULES_VERSION,
  type TemplateBody,
  type TemplateState,
  applyOp,
  checkOp,
  encodeStamp,
  factsFrom,
  itemsRaisingIssues,
  parseOp,
  submitProblems,
  visibleItemIds,
} from '../../src/core';
import { submitDrafts } from '../../src/features/checklists/submit';

/** Valid ids that a plain `obj[id]` would find on Object.prototype. */
export const PROTOTYPE_IDS = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'prototype',
] as const;

/** The test's own own-key lookup (not the code under test's). */
const own = <T>(r: Record<string, T>, key: string): T | undefined => (Object.hasOwn(r, key) ? r[key] : undefined);

const WORK = 'work-1';
const STAFF = 'm-staff';
const VOL = 'm-vol';
const T0 = 1_732_800_000_000;
let n = 0;
let clock = 0;

/** An op as a device makes it, after the trip through JSON and the server's schema. */
function made(actor: string, fields: Pick<Op, 'entity' | 'entityId' | 'kind' | 'payload'>): Op {
  const raw = {
    id: `op-${++n}`,
    work: WORK,
    actor,
    device: 'dev1',
    hlc: encodeStamp({ wall: T0 + ++clock, counter: 0, node: 'dev1' }),
    v: RULES_VERSION,
    ...fields,
  };
  const parsed = parseOp(JSON.parse(JSON.stringify(raw)));
  if (!parsed.ok) throw new Error(`op refused by the schema: ${parsed.message}`);
  expect(parsed.value).toEqual(JSON.parse(JSON.stringify(raw)));
  return parsed.value;
}

/** checkOp must let it through; then the state is applied and stored (a JSON round trip). */
function accept(current: AnyEntityState | undefined, op: Op, ctx: Partial<CheckContext>): AnyEntityState {
  const rejection = checkOp(op, { actorRole: op.actor === STAFF ? 'staff' : 'volunteer', current, ...ctx });
  expect(rejection, `${op.kind} ${op.entityId}`).toBeNull();
  return JSON.parse(JSON.stringify(applyOp(current, op))) as AnyEntityState;
}

/** A valid answer for each kind; `fail` picks the failing value where there is one. */
function answerFor(item: Item, fail: boolean): Answer {
  switch (item.kind) {
    case 'check':
      return { value: fail ? 'fail' : 'pass', note: '', photos: [] };
    case 'choice':
      return { value: fail && item.failOptions?.length ? item.failOptions[0]! : item.options[0]!.id, note: '', photos: [] };
    case 'text':
      return { value: 'ok', note: '', photos: [] };
    case 'number':
      return { value: item.min, note: '', photos: [] };
    case 'photo':
      return { value: null, note: '', photos: Array.from({ length: item.minPhotos }, (_, k) => PROTOTYPE_IDS[k % PROTOTYPE_IDS.length]!) };
  }
}

/** Items named by the given ids: checks (failing ones raise issues), choices whose options are named alike, a condition, a photo. */
function itemsNamed(ids: readonly string[], kinds: readonly number[]): Item[] {
  return ids.map((id, k): Item => {
    const kind = kinds[k % kinds.length]! % 4;
    if (kind === 0) return { id, kind: 'check', label: `check ${id}`, required: true, raisesIssue: true };
    if (kind === 1)
      return {
        id,
        kind: 'choice',
        label: `choice ${id}`,
        required: true,
        options: [
          { id: 'constructor', label: 'a' },
          { id: '__proto__', label: 'b' },
        ],
        failOptions: ['__proto__'],
        raisesIssue: true,
      };
    if (kind === 2) return { id, kind: 'photo', label: `photo ${id}`, required: true, minPhotos: 1 };
    return { id, kind: 'text', label: `text ${id}`, required: true };
  });
}

const arbIds = fc.uniqueArray(fc.oneof(fc.constantFrom(...PROTOTYPE_IDS), fc.constantFrom('a', 'b', 'c', 'item-1')), { minLength: 1, maxLength: 8 });

describe('ids named like Object.prototype members', () => {
  it('point 7: an accepted answer to an item called constructor, toString, __proto__… never vanishes, and the inspection can be submitted', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(
        arbIds,
        fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.constantFrom(...PROTOTYPE_IDS),
        fc.constantFrom(...PROTOTYPE_IDS),
        (ids, kinds, fails, templateId, inspectionId) => {
          // A conditional item shown only once the first item (a check) fails.
          const items = itemsNamed(ids, [0, ...kinds.slice(1)]);
          const conditional: Item = {
            id: ids.includes('valueOf') ? 'cond' : 'valueOf',
            kind: 'check',
            label: 'conditional',
            required: true,
            showIf: { itemId: ids[0]!, equals: 'fail' },
          };
          const body: TemplateBody = { title: 'T', lang: 'en', sections: [{ id: 'toString', title: 'S', items: [...items, conditional] }] };

          const template = accept(
            undefined,
            made(STAFF, { entity: 'template', entityId: templateId, kind: 'template.create', payload: { name: 'T', basedOn: null, body } }),
            {},
          ) as TemplateState;
          const checklist = factsFrom({ rows: { template: [template] } });
          let insp = accept(
            undefined,
            made(VOL, {
              entity: 'inspection',
              entityId: inspectionId,
              kind: 'inspection.start',
              payload: { templateId, version: 1, pointId: 'hasOwnProperty' },
            }),
            { facts: checklist },
          ) as InspectionState;

          // Nothing answered: every required shown item is missing, none is taken for answered.
          expect(submitProblems(body, insp.answers).map((p) => p.itemId)).toEqual(items.map((i) => i.id));
          expect([...visibleItemIds(body, insp.answers)]).toEqual(items.map((i) => i.id));

          const all = [...items, conditional];
          for (const [k, item] of all.entries()) {
            if (!visibleItemIds(body, insp.answers).has(item.id)) continue;
            const a = answerFor(item, fails[k % fails.length]!);
            const op = made(VOL, { entity: 'inspection', entityId: inspectionId, kind: 'inspection.answer', payload: { itemId: item.id, answer: a } });
            insp = accept(insp, op, { facts: checklist }) as InspectionState;
            // The answer is there, as the item's own entry.
            expect(own(insp.answers, item.id)).toMatchObject({ ...a, op: op.id });
          }
          expect(Object.keys(insp.answers).sort()).toEqual(
            all
              .filter((i) => own(insp.answers, i.id))
              .map((i) => i.id)
              .sort(),
          );
          expect(submitProblems(body, insp.answers)).toEqual([]);

          // The device's submit names one issue per failed raising item; the schema keeps every key.
          let issueNo = 0;
          const issueIds = [...PROTOTYPE_IDS, 'i1', 'i2', 'i3'];
          const drafts = submitDrafts(insp, { version: 1, name: 'T', body, at: '', by: STAFF }, () => issueIds[issueNo++]!);
          const raising = itemsRaisingIssues(body, insp.answers).map((i) => i.id);
          const submit = made(VOL, drafts[0]!);
          expect(Object.keys((submit as Extract<Op, { kind: 'inspection.submit' }>).payload.raised).sort()).toEqual([...raising].sort());
          const done = accept(insp, submit, { facts: checklist }) as InspectionState;
          expect(done.status).toBe('submitted');

          // Each raised issue is accepted as the one the submit named, then lives as an issue with that id.
          for (const draft of drafts.slice(1)) {
            const create = made(VOL, draft);
            const issue = accept(undefined, create, { facts: factsFrom({ rows: { inspection: [done] } }) }) as IssueState;
            const comment = made(VOL, { entity: 'issue', entityId: issue.id, kind: 'issue.comment', payload: { text: 'seen' } });
            expect((accept(issue, comment, {}) as IssueState).comments).toHaveLength(1);
          }
          expect(drafts).toHaveLength(raising.length + 1);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('point 7: a raised record keyed by __proto__ or constructor keeps those keys through the op schema', () => {
    const raised = JSON.parse('{"__proto__":"iss-1","constructor":"iss-2","toString":"iss-3"}') as Record<string, string>;
    const op = {
      id: 'op-x',
      work: WORK,
      actor: VOL,
      device: 'dev1',
      hlc: encodeStamp({ wall: T0, counter: 0, node: 'dev1' }),
      v: RULES_VERSION,
      entity: 'inspection',
      entityId: 'insp',
      kind: 'inspection.submit',
      payload: { raised },
    };
    const parsed = parseOp(op);
    expect(parsed.ok && Object.entries((parsed.value as Extract<Op, { kind: 'inspection.submit' }>).payload.raised)).toEqual(Object.entries(raised));
    // Still strict: only ids, at most 500 entries, a plain object.
    for (const bad of [{ 'a b': 'x' }, { a: 'x y' }, { a: 1 }, ['x'], 'x', null, Object.fromEntries(Array.from({ length: 501 }, (_, k) => [`k${k}`, 'v']))]) {
      expect(parseOp({ ...op, payload: { raised: bad } }).ok).toBe(false);
    }
  });
});
