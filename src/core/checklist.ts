/**
 * Checklist templates and the rules of filling one in. Pure: used
 * by the app (what to show, what is missing) and by the server (the same
 * checks, authoritative).
 *
 * A template is a list of sections of items. Item kinds:
 * - check: pass / fail / not applicable;
 * - number: a measurement with a unit and an allowed range (answers outside
 *   it are refused as typing errors) and, optionally, a pass range (answers
 *   inside the allowed range but outside the pass range count as a fail);
 * - text; choice (one option; some options may count as a fail);
 * - photo: at least `minPhotos` photos.
 * Any item may be required, carry a hint, be shown only when an earlier check
 * or choice item has a given answer, and be marked "a fail raises an issue".
 */
import * as v from 'valibot';
import { ISSUE_CATEGORIES, SEVERITIES } from './domain';
import { FreeString, IdSchema as Id, ownValue, text } from './schema-parts';
import { VoiceNoteSchema } from './ops/fields';

export const CHECKLIST_LIMITS = {
  /** Items in one template, over all sections: a 300-item template is the largest seen in practice. */
  items: 500,
  sections: 50,
  options: 20,
  label: 200,
  hint: 500,
  note: 1000,
  text: 2000,
  unit: 20,
  photos: 20,
  title: 80,
  /** Versions kept per template (each edit is a version; inspections pin one). */
  versions: 200,
  /**
   * Answers (inspection.answer ops) one inspection may take: each stays in its history for good.
   * Ten per item of the largest template allowed: far more than any walk needs.
   */
  answersPerInspection: 5000,
} as const;

export const ITEM_KINDS = ['check', 'number', 'text', 'choice', 'photo'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const CHECK_VALUES = ['pass', 'fail', 'na'] as const;
export type CheckValue = (typeof CHECK_VALUES)[number];
export const TEMPLATE_LANGS = ['zh-CN', 'en'] as const;

const Finite = v.pipe(v.number(), v.finite('must be a finite number'), v.minValue(-1e9), v.maxValue(1e9));

const common = {
  id: Id,
  label: text(CHECKLIST_LIMITS.label),
  hint: v.optional(text(CHECKLIST_LIMITS.hint, false)),
  required: v.boolean(),
  /** Shown only when the earlier check or choice item `itemId` has the answer `equals`. */
  showIf: v.optional(v.strictObject({ itemId: Id, equals: v.pipe(FreeString, v.maxLength(64)) })),
  /** A fail raises an issue on submit, of this category and severity. */
  raisesIssue: v.optional(v.boolean()),
  issueCategory: v.optional(v.picklist(ISSUE_CATEGORIES)),
  issueSeverity: v.optional(v.picklist(SEVERITIES)),
};

export const ItemSchema = v.variant('kind', [
  v.strictObject({ ...common, kind: v.literal('check') }),
  v.strictObject({
    ...common,
    kind: v.literal('number'),
    unit: text(CHECKLIST_LIMITS.unit, false),
    min: Finite,
    max: Finite,
    passMin: v.optional(v.nullable(Finite)),
    passMax: v.optional(v.nullable(Finite)),
  }),
  v.strictObject({ ...common, kind: v.literal('text') }),
  v.strictObject({
    ...common,
    kind: v.literal('choice'),
    options: v.pipe(
      v.array(v.strictObject({ id: Id, label: text(CHECKLIST_LIMITS.label) })),
      v.minLength(2, 'must offer at least 2 options'),
      v.maxLength(CHECKLIST_LIMITS.options, `must offer at most ${CHECKLIST_LIMITS.options} options`),
    ),
    failOptions: v.optional(v.pipe(v.array(Id), v.maxLength(CHECKLIST_LIMITS.options))),
  }),
  v.strictObject({
    ...common,
    kind: v.literal('photo'),
    minPhotos: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CHECKLIST_LIMITS.photos)),
  }),
]);
export type Item = v.InferOutput<typeof ItemSchema>;

const SectionSchema = v.strictObject({
  id: Id,
  title: text(CHECKLIST_LIMITS.title),
  // Bounded here too, so that a 10,000-item section is refused before each item is read.
  items: v.pipe(v.array(v.unknown()), v.maxLength(CHECKLIST_LIMITS.items, `a template has at most ${CHECKLIST_LIMITS.items} items`), v.array(ItemSchema)),
});

/** The content of one template version (what staff edit). */
export const TemplateBodySchema = v.pipe(
  v.strictObject({
    title: text(CHECKLIST_LIMITS.title),
    lang: v.picklist(TEMPLATE_LANGS),
    sections: v.pipe(
      v.array(SectionSchema),
      v.minLength(1, 'must have at least one section'),
      v.maxLength(CHECKLIST_LIMITS.sections, `must have at most ${CHECKLIST_LIMITS.sections} sections`),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = templateProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);
export type TemplateBody = v.InferOutput<typeof TemplateBodySchema>;

/** One answer to one item: a value by kind (null: not decided yet), a note, photo ids and maybe a voice note. */
export const AnswerSchema = v.strictObject({
  value: v.nullable(v.union([v.pipe(FreeString, v.maxLength(CHECKLIST_LIMITS.text, `must be at most ${CHECKLIST_LIMITS.text} characters`)), Finite])),
  note: text(CHECKLIST_LIMITS.note, false),
  photos: v.pipe(v.array(Id), v.maxLength(CHECKLIST_LIMITS.photos, `at most ${CHECKLIST_LIMITS.photos} photos per item`)),
  /** Said instead of (or with) the note; its bytes are a blob the answer names, as a comment's are. */
  voice: v.optional(VoiceNoteSchema),
});
export type Answer = v.InferOutput<typeof AnswerSchema>;

export function allItems(body: TemplateBody): Item[] {
  return body.sections.flatMap((s) => s.items);
}

/** The answers a condition can name: check values and choice option ids. */
function conditionValues(item: Item): readonly string[] | null {
  if (item.kind === 'check') return CHECK_VALUES;
  if (item.kind === 'choice') return item.options.map((o) => o.id);
  return null;
}

/** Whether a fail of this item is possible at all (so "raises an issue" means something). */
export function canFail(item: Item): boolean {
  switch (item.kind) {
    case 'check':
      return true;
    case 'number':
      return item.passMin != null || item.passMax != null;
    case 'choice':
      return (item.failOptions?.length ?? 0) > 0;
    default:
      return false;
  }
}

/** The first structural problem of a template (beyond field types), or null. */
export function templateProblem(body: TemplateBody): string | null {
  const items = allItems(body);
  if (items.length === 0) return 'a template needs at least one item';
  if (items.length > CHECKLIST_LIMITS.items) return `a template has at most ${CHECKLIST_LIMITS.items} items (this one has ${items.length})`;
  const sections = new Set<string>();
  for (const s of body.sections) {
    if (sections.has(s.id)) return `section id "${s.id}" is used twice`;
    sections.add(s.id);
  }
  const seen = new Map<string, Item>();
  for (const item of items) {
    if (seen.has(item.id)) return `item id "${item.id}" is used twice`;
    if (item.showIf) {
      const source = seen.get(item.showIf.itemId);
      if (!source) return `item "${item.id}" is shown only after "${item.showIf.itemId}", which is not an earlier item`;
      const values = conditionValues(source);
      if (!values) return `item "${item.id}" depends on "${source.id}", which is not a check or choice item`;
      if (!values.includes(item.showIf.equals)) return `item "${item.id}" waits for the answer "${item.showIf.equals}", which "${source.id}" cannot have`;
    }
    if (item.kind === 'number') {
      if (item.min > item.max) return `item "${item.id}": the smallest allowed value is above the largest`;
      for (const p of [item.passMin, item.passMax]) {
        if (p != null && (p < item.min || p > item.max)) return `item "${item.id}": the pass range must lie within the allowed range`;
      }
      if (item.passMin != null && item.passMax != null && item.passMin > item.passMax) return `item "${item.id}": the pass range is empty`;
    }
    if (item.kind === 'choice') {
      const ids = item.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length) return `item "${item.id}": an option id is used twice`;
      const unknown = item.failOptions?.find((f) => !ids.includes(f));
      if (unknown) return `item "${item.id}": the failing option "${unknown}" is not one of its options`;
    }
    if (item.raisesIssue && !canFail(item)) return `item "${item.id}" raises an issue on a fail, but cannot fail`;
    seen.set(item.id, item);
  }
  return null;
}

/**
 * The body with an item moved one place up (-1) or down (+1) within its section, or null when it cannot
 * move: at the section's edge, or the move would put an item before the item its condition reads (a
 * condition looks back, never forward: templateProblem refuses it). Buttons on a phone, not dragging.
 */
export function moveItem(body: TemplateBody, itemId: string, delta: -1 | 1): TemplateBody | null {
  const si = body.sections.findIndex((s) => s.items.some((i) => i.id === itemId));
  if (si < 0) return null;
  const items = body.sections[si]!.items;
  const ii = items.findIndex((i) => i.id === itemId);
  const other = items[ii + delta];
  if (!other) return null;
  const [first, second] = delta < 0 ? [items[ii]!, other] : [other, items[ii]!];
  // After the swap `first` stands before `second`: it must not be the one that reads `second`'s answer.
  if (first.showIf?.itemId === second.id) return null;
  const moved = [...items];
  moved[ii] = other;
  moved[ii + delta] = items[ii]!;
  return { ...body, sections: body.sections.map((s, k) => (k === si ? { ...s, items: moved } : s)) };
}

/**
 * The item moved to place `index` of its section (a drag and drop), one step at a time by moveItem's rule:
 * it stops early rather than pass an item it depends on (or that depends on it). `stopped` says so.
 */
export function moveItemTo(body: TemplateBody, itemId: string, index: number): { body: TemplateBody; stopped: boolean } {
  let at = body.sections.flatMap((s) => s.items.map((i, k) => [i.id, k] as const)).find(([id]) => id === itemId)?.[1];
  if (at === undefined) return { body, stopped: true };
  let current = body;
  while (at !== index) {
    const delta = index < at ? -1 : 1;
    const next = moveItem(current, itemId, delta);
    if (!next) return { body: current, stopped: true };
    current = next;
    at += delta;
  }
  return { body: current, stopped: false };
}

/** Why an answer is not valid for the item, or null. */
export function answerProblem(item: Item, answer: Answer): string | null {
  const { value } = answer;
  if (value !== null) {
    switch (item.kind) {
      case 'check':
        if (!(CHECK_VALUES as readonly unknown[]).includes(value)) return `"${item.label}" takes pass, fail or not applicable`;
        break;
      case 'number':
        if (typeof value !== 'number') return `"${item.label}" takes a number`;
        if (value < item.min || value > item.max) return `"${item.label}" must be between ${item.min} and ${item.max}${item.unit ? ` ${item.unit}` : ''}`;
        break;
      case 'text':
        if (typeof value !== 'string') return `"${item.label}" takes text`;
        break;
      case 'choice':
        if (typeof value !== 'string' || !item.options.some((o) => o.id === value)) return `"${item.label}" takes one of its options`;
        break;
      case 'photo':
        return `"${item.label}" takes photos, not a value`;
    }
  }
  return null;
}

/** Whether an item counts as answered (for "required"). */
export function isAnswered(item: Item, answer: Answer | undefined): boolean {
  if (!answer) return false;
  switch (item.kind) {
    case 'photo':
      return answer.photos.length >= item.minPhotos;
    case 'text':
      return typeof answer.value === 'string' && answer.value.trim().length > 0;
    default:
      return answer.value !== null;
  }
}

/** Whether an answered item failed. */
export function isFailed(item: Item, answer: Answer | undefined): boolean {
  const value = answer?.value;
  if (value === null || value === undefined) return false;
  switch (item.kind) {
    case 'check':
      return value === 'fail';
    case 'number':
      return typeof value === 'number' && ((item.passMin != null && value < item.passMin) || (item.passMax != null && value > item.passMax));
    case 'choice':
      return typeof value === 'string' && (item.failOptions ?? []).includes(value);
    default:
      return false;
  }
}

export type Answers = Readonly<Record<string, Answer | undefined>>;

/** The answer to an item, if any: an own-key lookup, item ids such as `constructor` being valid. */
export function answerTo<A extends Answer>(answers: Readonly<Record<string, A | undefined>>, itemId: string): A | undefined {
  return ownValue(answers, itemId);
}

/**
 * Ids of the items shown with these answers, in template order. An item is
 * shown when it has no condition, or its source is shown and has the answer
 * the condition waits for (sources come earlier, so one pass suffices).
 */
export function visibleItemIds(body: TemplateBody, answers: Answers): Set<string> {
  const shown = new Set<string>();
  for (const item of allItems(body)) {
    const c = item.showIf;
    if (!c || (shown.has(c.itemId) && answerTo(answers, c.itemId)?.value === c.equals)) shown.add(item.id);
  }
  return shown;
}

export interface SubmitProblem {
  itemId: string;
  reason: 'missing' | 'invalid';
  message: string;
}

/** What stands in the way of submitting: required shown items unanswered, shown answers invalid. */
export function submitProblems(body: TemplateBody, answers: Answers): SubmitProblem[] {
  const shown = visibleItemIds(body, answers);
  const out: SubmitProblem[] = [];
  for (const item of allItems(body)) {
    if (!shown.has(item.id)) continue;
    const a = answerTo(answers, item.id);
    const invalid = a ? answerProblem(item, a) : null;
    if (invalid) out.push({ itemId: item.id, reason: 'invalid', message: invalid });
    else if (item.required && !isAnswered(item, a)) out.push({ itemId: item.id, reason: 'missing', message: `"${item.label}" is required` });
  }
  return out;
}

/** Shown items that failed and are marked "a fail raises an issue": each becomes an issue on submit. */
export function itemsRaisingIssues(body: TemplateBody, answers: Answers): Item[] {
  const shown = visibleItemIds(body, answers);
  return allItems(body).filter((i) => i.raisesIssue && shown.has(i.id) && isFailed(i, answerTo(answers, i.id)));
}

export function findItem(body: TemplateBody, itemId: string): Item | undefined {
  for (const s of body.sections) for (const i of s.items) if (i.id === itemId) return i;
  return undefined;
}
