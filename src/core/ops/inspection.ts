/**
 * Inspections: a template walked by a volunteer (or staff) at a point.
 *
 * Merge rules:
 * - an inspection pins the template version it was started with, for good;
 * - answers: last writer wins per item, by HLC stamp, so answers to different
 *   items from two devices accumulate; every answer, winning or not, stays in
 *   the inspection's history;
 * - submit closes the inspection: later answers are refused (`inspection_closed`);
 * - discard (a draft started by mistake, at the wrong point or with the wrong
 *   checklist) closes it too, without a record: it leaves every list; its
 *   history stays, and the photos its answers took stay on the point's timeline.
 *   Whichever of submit and discard the server accepts first wins; the other is refused;
 * - an inspection takes at most CHECKLIST_LIMITS.answersPerInspection answers
 *   (`answer_limit`): the history keeps every one, and the server keeps that
 *   history as rows apart from the state (growing-lists.ts).
 */
import * as v from 'valibot';
import { type Answer, type Answers, AnswerSchema, CHECKLIST_LIMITS, answerProblem, answerTo, findItem, itemsRaisingIssues, submitProblems } from '../checklist';
import type { Role } from '../domain';
import { type Rejection, reject } from '../rejection';
import { IdSchema, idRecord } from '../schema-parts';
import { changeOp, createOp } from './define';
import { byId } from './lookups';
import type { PointState } from './point';
import { type TemplateState, type TemplateVersion, templateVersion } from './template';

export type AnswerEntry = Answer & { at: string; by: string; op: string };

export interface InspectionHistoryEntry {
  op: string;
  kind: `inspection.${string}`;
  actor: string;
  device: string;
  at: string;
  itemId?: string;
  answer?: Answer | null;
}

export interface InspectionState {
  id: string;
  work: string;
  templateId: string;
  version: number;
  pointId: string | null;
  status: 'draft' | 'submitted' | 'discarded';
  startedBy: string;
  startedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  /** Who discarded the draft and when (status `discarded`); absent otherwise. */
  discarded?: { by: string; at: string };
  /** The winning answer per item (a cleared answer stays as an entry with nothing in it). */
  answers: Record<string, AnswerEntry>;
  /** Issue id raised per failed item, set on submit. */
  raised: Record<string, string>;
  history: InspectionHistoryEntry[];
  /**
   * inspection.answer ops applied (each stays in `history`): absent on states made before it existed
   * (read answersIn()). Kept apart because the server's stored state leaves `history` out (growing-lists.ts).
   */
  answerCount?: number;
  updatedAt: string;
}

export const InspectionStartPayload = v.strictObject({
  templateId: IdSchema,
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CHECKLIST_LIMITS.versions)),
  pointId: v.nullable(IdSchema),
});

export const InspectionAnswerPayload = v.strictObject({
  itemId: IdSchema,
  /** null clears the item's answer. */
  answer: v.nullable(AnswerSchema),
});

export const InspectionSubmitPayload = v.strictObject({
  /** The issue raised for each failed item marked "a fail raises an issue" (created in the same group). */
  raised: idRecord(CHECKLIST_LIMITS.items),
});

/** Discards a draft: nothing to say beyond which inspection (the envelope's entityId). */
export const InspectionDiscardPayload = v.strictObject({});

/** How many answers an inspection took (states made before answerCount existed hold them all in `history`). */
export function answersIn(i: Pick<InspectionState, 'history' | 'answerCount'>): number {
  return i.answerCount ?? i.history.filter((h) => h.kind === 'inspection.answer').length;
}

/** The answers of an inspection as the rules read them. */
export function answersOf(i: InspectionState): Answers {
  return i.answers;
}

const INSPECTORS: readonly Role[] = ['volunteer', 'staff'];

function notInspector(kind: string, role: Role) {
  return INSPECTORS.includes(role) ? null : reject('forbidden_role', `${role} may not ${kind}: inspections are walked by volunteers and staff`);
}

function closed(i: InspectionState): Rejection {
  return i.status === 'discarded'
    ? reject('inspection_closed', 'this inspection was discarded; start a new one to record more')
    : reject('inspection_closed', 'this inspection was already submitted; start a new one to record more');
}

/** Whether an inspection is shown in lists and timelines (a discarded draft is not). */
export const isKeptInspection = (i: Pick<InspectionState, 'status'>): boolean => i.status !== 'discarded';

type InspectionHistoryOp = { id: string; kind: `inspection.${string}`; actor: string; device: string; hlc: string };

function historyEntry(op: InspectionHistoryOp, extra: Partial<InspectionHistoryEntry> = {}): InspectionHistoryEntry {
  return { op: op.id, kind: op.kind, actor: op.actor, device: op.device, at: op.hlc, ...extra };
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The template an inspection was started with: the device holds the templates of its work. */
const pinnedTemplate = (_op: unknown, i: InspectionState) => ({ template: byId<TemplateState>('template', i.templateId, 'held') });

/**
 * Whether an answer or a submit may touch the inspection: its refusal, or the
 * version it pinned (null when the template is not known here: the server checks).
 */
function draftVersion(
  kind: string,
  role: Role,
  i: InspectionState,
  template: TemplateState | null | undefined,
): { refused: Rejection } | { pinned: TemplateVersion | null } {
  const refused = notInspector(kind, role);
  if (refused) return { refused };
  if (i.status !== 'draft') return { refused: closed(i) };
  if (kind === 'inspection.answer' && answersIn(i) >= CHECKLIST_LIMITS.answersPerInspection) {
    const limit = CHECKLIST_LIMITS.answersPerInspection;
    return { refused: reject('answer_limit', `an inspection takes at most ${limit} answers: submit it and start a new one`, { limit: String(limit) }) };
  }
  if (template === undefined) return { pinned: null };
  const pinned = templateVersion(template, i.version);
  return pinned ? { pinned } : { refused: reject('unknown_version', `template ${i.templateId} version ${i.version} is not known`) };
}

export const inspectionStart = createOp({
  kind: 'inspection.start',
  entity: 'inspection',
  payload: InspectionStartPayload,
  facts: (op) => ({
    template: byId<TemplateState>('template', op.payload.templateId, 'held'),
    point: byId<PointState>('point', op.payload.pointId, 'server'),
  }),
  check(op, { template, point }, { role }) {
    const refused = notInspector(op.kind, role);
    if (refused) return refused;
    if (op.payload.pointId !== null && point === null) return reject('unknown_point', `point ${op.payload.pointId} does not exist in this work`);
    if (template === undefined) return null;
    if (!template) return reject('unknown_template', `template ${op.payload.templateId} does not exist in this work`);
    if (!templateVersion(template, op.payload.version)) {
      return reject('unknown_version', `template ${op.payload.templateId} has no version ${op.payload.version}`);
    }
    return null;
  },
  apply: (op): InspectionState => ({
    id: op.entityId,
    work: op.work,
    templateId: op.payload.templateId,
    version: op.payload.version,
    pointId: op.payload.pointId,
    status: 'draft',
    startedBy: op.actor,
    startedAt: op.hlc,
    submittedBy: null,
    submittedAt: null,
    answers: {},
    raised: {},
    history: [historyEntry(op)],
    answerCount: 0,
    updatedAt: op.hlc,
  }),
});

export const inspectionAnswer = changeOp({
  kind: 'inspection.answer',
  entity: 'inspection',
  payload: InspectionAnswerPayload,
  facts: pinnedTemplate,
  check(op, i: InspectionState, { template }, { role }) {
    const draft = draftVersion(op.kind, role, i, template);
    if ('refused' in draft) return draft.refused;
    if (!draft.pinned) return null;
    const item = findItem(draft.pinned.body, op.payload.itemId);
    if (!item) return reject('unknown_item', `item "${op.payload.itemId}" is not in version ${i.version} of this template`);
    const problem = op.payload.answer ? answerProblem(item, op.payload.answer) : null;
    return problem ? reject('invalid_answer', problem, { itemId: item.id }) : null;
  },
  apply(op, i) {
    const { itemId, answer } = op.payload;
    const prior = answerTo(i.answers, itemId);
    // Stamps from one device never repeat; the op id settles a tie between forged or replayed equal stamps.
    const wins = !prior || op.hlc > prior.at || (op.hlc === prior.at && op.id > prior.op);
    // A computed key defines an own property, even for the item id `__proto__` (a plain assignment would set the prototype).
    const answers = wins
      ? { ...i.answers, [itemId]: { ...(answer ?? { value: null, note: '', photos: [] }), at: op.hlc, by: op.actor, op: op.id } }
      : i.answers;
    return {
      ...i,
      answers,
      history: [...i.history, historyEntry(op, { itemId, answer })],
      answerCount: answersIn(i) + 1,
      updatedAt: later(i.updatedAt, op.hlc),
    };
  },
});

export const inspectionSubmit = changeOp({
  kind: 'inspection.submit',
  entity: 'inspection',
  payload: InspectionSubmitPayload,
  facts: pinnedTemplate,
  check(op, i: InspectionState, { template }, { role }) {
    const draft = draftVersion(op.kind, role, i, template);
    if ('refused' in draft) return draft.refused;
    if (!draft.pinned) return null;
    const body = draft.pinned.body;
    const problems = submitProblems(body, answersOf(i));
    if (problems.length > 0) {
      const list = problems
        .slice(0, 5)
        .map((p) => p.message)
        .join('; ');
      return reject('incomplete', `${problems.length} item(s) to complete before submitting: ${list}`, {
        items: problems.map((p) => p.itemId).join(','),
      });
    }
    const raising = itemsRaisingIssues(body, answersOf(i))
      .map((x) => x.id)
      .sort();
    const raised = Object.keys(op.payload.raised).sort();
    if (raising.join(',') !== raised.join(',')) {
      return reject(
        'raised_mismatch',
        `a submit must raise one issue for each failed item marked so (${raising.join(', ') || 'none'}), got ${raised.join(', ') || 'none'}`,
      );
    }
    if (new Set(Object.values(op.payload.raised)).size !== raised.length) return reject('raised_mismatch', 'each failed item raises its own issue');
    return null;
  },
  apply: (op, i): InspectionState => ({
    ...i,
    status: 'submitted',
    submittedBy: op.actor,
    submittedAt: op.hlc,
    raised: op.payload.raised,
    history: [...i.history, historyEntry(op)],
    updatedAt: later(i.updatedAt, op.hlc),
  }),
});

export const inspectionDiscard = changeOp({
  kind: 'inspection.discard',
  entity: 'inspection',
  payload: InspectionDiscardPayload,
  check(op, i: InspectionState, _facts, { role }) {
    const refused = notInspector(op.kind, role);
    if (refused) return refused;
    if (i.status !== 'draft') return closed(i);
    // Another volunteer's draft is their work in progress: only its author, or staff, may throw it away.
    if (role !== 'staff' && i.startedBy !== op.actor) return reject('not_author', 'only the one who started this draft, or staff, may discard it');
    return null;
  },
  apply: (op, i): InspectionState => ({
    ...i,
    status: 'discarded',
    discarded: { by: op.actor, at: op.hlc },
    history: [...i.history, historyEntry(op)],
    updatedAt: later(i.updatedAt, op.hlc),
  }),
});
