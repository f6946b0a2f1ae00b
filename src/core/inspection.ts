/**
 * Templates and inspections as entities (issue #5): who may change them, and
 * how an op changes them. Called from checkOp / applyOp in reducer.ts.
 *
 * Merge rules:
 * - a template is a list of immutable versions; an edit appends version n+1
 *   and is refused (`stale_version`) if someone else appended n+1 first, so
 *   two offline edits never silently merge into one;
 * - an inspection pins the version it was started with, for good;
 * - answers: last writer wins per item, by HLC stamp, so answers to different
 *   items from two devices accumulate; every answer, winning or not, stays in
 *   the inspection's history;
 * - submit closes the inspection: later answers are refused (`inspection_closed`);
 * - an inspection takes at most CHECKLIST_LIMITS.answersPerInspection answers
 *   (`answer_limit`): the history keeps every one, and the server keeps that
 *   history as rows apart from the state (growing-lists.ts).
 */
import { type Answer, type Answers, CHECKLIST_LIMITS, type TemplateBody, answerProblem, answerTo, findItem, itemsRaisingIssues, submitProblems } from './checklist';
import type { Role } from './domain';
import type { Op, OpOf } from './ops';
import type { Rejection } from './reducer';
import { ownValue } from './schema-parts';

export interface TemplateVersion {
  version: number;
  name: string;
  body: TemplateBody;
  at: string;
  by: string;
}

export interface TemplateState {
  id: string;
  work: string;
  /** The shipped template (or another template) this one was copied from. */
  basedOn: string | null;
  versions: TemplateVersion[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type AnswerEntry = Answer & { at: string; by: string; op: string };

export interface InspectionHistoryEntry {
  op: string;
  kind: Op['kind'];
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
  status: 'draft' | 'submitted';
  startedBy: string;
  startedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
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

export const TEMPLATE_KINDS = ['template.create', 'template.revise'] as const;
export const INSPECTION_KINDS = ['inspection.start', 'inspection.answer', 'inspection.submit'] as const;
export type ChecklistOp = OpOf<(typeof TEMPLATE_KINDS)[number] | (typeof INSPECTION_KINDS)[number]>;

export function isChecklistOp(op: Op): op is ChecklistOp {
  return (TEMPLATE_KINDS as readonly string[]).includes(op.kind) || (INSPECTION_KINDS as readonly string[]).includes(op.kind);
}

/**
 * What the checklist rules need beyond the target entity, loaded by the caller
 * (server: from its store; device: from its views). Absent: not known, the
 * check is left to the server.
 */
export interface ChecklistFacts {
  /** The template an inspection op concerns (start: the one it names; others: the inspection's). */
  template: TemplateState | null;
  /** For issue.create with a source: the inspection it names. */
  sourceInspection: InspectionState | null;
}

export function templateVersion(t: TemplateState | null | undefined, version: number): TemplateVersion | undefined {
  return t?.versions.find((x) => x.version === version);
}

export function latestVersion(t: TemplateState): TemplateVersion {
  return t.versions[t.versions.length - 1]!;
}

/** The answers of an inspection as the rules read them. */
export function answersOf(i: InspectionState): Answers {
  return i.answers;
}

function reject(code: Rejection['code'], message: string, params?: Record<string, string>): Rejection {
  return params ? { code, message, params } : { code, message };
}

const INSPECTORS: readonly Role[] = ['volunteer', 'staff'];

export function checkChecklistOp(
  op: ChecklistOp,
  role: Role,
  current: TemplateState | InspectionState | undefined,
  facts: ChecklistFacts | undefined,
  pointExists: (id: string) => boolean,
): Rejection | null {
  if (op.kind === 'template.create' || op.kind === 'template.revise') {
    if (role !== 'staff') return reject('forbidden_role', `${role} may not ${op.kind}: templates are written by community staff`);
    if (op.kind === 'template.revise') {
      const t = current as TemplateState;
      const next = latestVersion(t).version + 1;
      if (op.payload.version !== next) {
        return reject('stale_version', `template ${t.id} is at version ${next - 1}: open it again and redo the edit`, { latest: String(next - 1) });
      }
      if (t.versions.length >= CHECKLIST_LIMITS.versions) return reject('invalid', `a template keeps at most ${CHECKLIST_LIMITS.versions} versions: copy it instead`);
    }
    return null;
  }
  if (!INSPECTORS.includes(role)) return reject('forbidden_role', `${role} may not ${op.kind}: inspections are walked by volunteers and staff`);
  if (op.kind === 'inspection.start') {
    if (op.payload.pointId !== null && !pointExists(op.payload.pointId)) {
      return reject('unknown_point', `point ${op.payload.pointId} does not exist in this work`);
    }
    if (!facts) return null;
    if (!facts.template) return reject('unknown_template', `template ${op.payload.templateId} does not exist in this work`);
    if (!templateVersion(facts.template, op.payload.version)) {
      return reject('unknown_version', `template ${op.payload.templateId} has no version ${op.payload.version}`);
    }
    return null;
  }
  const inspection = current as InspectionState;
  if (inspection.status !== 'draft') return reject('inspection_closed', 'this inspection was already submitted; start a new one to record more');
  if (op.kind === 'inspection.answer' && answersIn(inspection) >= CHECKLIST_LIMITS.answersPerInspection) {
    const limit = CHECKLIST_LIMITS.answersPerInspection;
    return reject('answer_limit', `an inspection takes at most ${limit} answers: submit it and start a new one`, { limit: String(limit) });
  }
  if (!facts) return null;
  const pinned = templateVersion(facts.template, inspection.version);
  if (!pinned) return reject('unknown_version', `template ${inspection.templateId} version ${inspection.version} is not known`);
  if (op.kind === 'inspection.answer') {
    const item = findItem(pinned.body, op.payload.itemId);
    if (!item) return reject('unknown_item', `item "${op.payload.itemId}" is not in version ${inspection.version} of this template`);
    const problem = op.payload.answer ? answerProblem(item, op.payload.answer) : null;
    return problem ? reject('invalid_answer', problem, { itemId: item.id }) : null;
  }
  // inspection.submit
  const problems = submitProblems(pinned.body, answersOf(inspection));
  if (problems.length > 0) {
    const list = problems.slice(0, 5).map((p) => p.message).join('; ');
    return reject('incomplete', `${problems.length} item(s) to complete before submitting: ${list}`, {
      items: problems.map((p) => p.itemId).join(','),
    });
  }
  const raising = itemsRaisingIssues(pinned.body, answersOf(inspection)).map((i) => i.id).sort();
  const raised = Object.keys(op.payload.raised).sort();
  if (raising.join(',') !== raised.join(',')) {
    return reject('raised_mismatch', `a submit must raise one issue for each failed item marked so (${raising.join(', ') || 'none'}), got ${raised.join(', ') || 'none'}`);
  }
  if (new Set(Object.values(op.payload.raised)).size !== raised.length) return reject('raised_mismatch', 'each failed item raises its own issue');
  return null;
}

/** An issue raised by an inspection must be the one its submit named for that item. */
export function checkIssueSource(op: OpOf<'issue.create'>, facts: ChecklistFacts | undefined): Rejection | null {
  const source = op.payload.source;
  if (!source || !facts) return null;
  const i = facts.sourceInspection;
  if (!i) return reject('unknown_entity', `inspection ${source.inspectionId} does not exist in this work`);
  if (ownValue(i.raised, source.itemId) !== op.entityId) {
    return reject('raised_mismatch', `the submit of inspection ${i.id} did not name this issue for item "${source.itemId}"`);
  }
  return null;
}

/** How many answers an inspection took (states made before answerCount existed hold them all in `history`). */
export function answersIn(i: Pick<InspectionState, 'history' | 'answerCount'>): number {
  return i.answerCount ?? i.history.filter((h) => h.kind === 'inspection.answer').length;
}

function historyEntry(op: Op, extra: Partial<InspectionHistoryEntry> = {}): InspectionHistoryEntry {
  return { op: op.id, kind: op.kind, actor: op.actor, device: op.device, at: op.hlc, ...extra };
}

const later = (a: string, b: string) => (a > b ? a : b);

export function applyChecklistOp(current: TemplateState | InspectionState | undefined, op: ChecklistOp): TemplateState | InspectionState {
  switch (op.kind) {
    case 'template.create':
      return {
        id: op.entityId,
        work: op.work,
        basedOn: op.payload.basedOn,
        versions: [{ version: 1, name: op.payload.name, body: op.payload.body, at: op.hlc, by: op.actor }],
        createdBy: op.actor,
        createdAt: op.hlc,
        updatedAt: op.hlc,
      };
    case 'template.revise': {
      const t = current as TemplateState;
      if (templateVersion(t, op.payload.version)) return t;
      const v = { version: op.payload.version, name: op.payload.name, body: op.payload.body, at: op.hlc, by: op.actor };
      return { ...t, versions: [...t.versions, v], updatedAt: later(t.updatedAt, op.hlc) };
    }
    case 'inspection.start':
      return {
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
      };
    case 'inspection.answer': {
      const i = current as InspectionState;
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
    }
    case 'inspection.submit': {
      const i = current as InspectionState;
      return {
        ...i,
        status: 'submitted',
        submittedBy: op.actor,
        submittedAt: op.hlc,
        raised: op.payload.raised,
        history: [...i.history, historyEntry(op)],
        updatedAt: later(i.updatedAt, op.hlc),
      };
    }
  }
}
