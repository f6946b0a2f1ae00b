/**
 * Issues: a resident's complaint or a failed inspection item, its edits, its
 * status moves (checked against the machine in status.ts), comments and "me too".
 *
 * Merge rules: editable fields are last writer wins per field by HLC stamp;
 * status moves apply in server order; comments and history accumulate (up to
 * LIMITS.commentsPerIssue comments).
 *
 * Comments and history only ever grow: the server keeps them as rows apart
 * from the rest of the state (see growing-lists.ts), so the counts the rules
 * need are fields of the state itself.
 */
import * as v from 'valibot';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, LIMITS, SEVERITIES, type IssueCategory, type IssueStatus, type Severity } from '../domain';
import { type Rejection, reject } from '../rejection';
import { DateSchema, IdSchema, ownValue, text } from '../schema-parts';
import { OPEN_STATUSES, findTransition } from '../status';
import { type Located, LocatedSchema } from './fields';
import { changeOp, createOp } from './define';
import { type VoiceNote, VoiceNoteSchema } from './fields';
import type { InspectionState } from './inspection';
import { afterPhotos, byId } from './lookups';
import type { PointState } from './point';

export interface IssueHistoryEntry {
  op: string;
  kind: `issue.${string}`;
  actor: string;
  device: string;
  at: string;
  to?: IssueStatus;
  reason?: string;
  plannedDate?: string;
  fields?: string[];
  /** The issue this one was merged into. */
  into?: string;
  /** A resident report's triage: what the volunteer decided, and for a decline, why (the resident reads it). */
  triage?: TriageDecision;
  declined?: DeclineReason;
}

export interface IssueComment {
  op: string;
  actor: string;
  at: string;
  text: string;
  /** A voice note said instead of (or with) the text; its bytes travel as a blob, like a photo's. */
  voice?: VoiceNote;
}

export type EditableIssueField = 'category' | 'description' | 'severity' | 'pointId';

export interface IssueState {
  id: string;
  work: string;
  category: IssueCategory;
  description: string;
  severity: Severity;
  pointId: string | null;
  status: IssueStatus;
  plannedDate: string | null;
  reportedBy: string;
  reportedAt: string;
  /** HLC stamp of the last write to each editable field (LWW per field). */
  fieldStamps: Record<EditableIssueField, string>;
  history: IssueHistoryEntry[];
  comments: IssueComment[];
  /**
   * How many comments the issue holds: absent on states made before it existed (read commentsOn()).
   * Kept apart from `comments` because the server's stored state leaves that list out (growing-lists.ts).
   */
  commentCount?: number;
  updatedAt: string;
  /** The inspection item whose fail raised this issue. */
  source?: { inspectionId: string; itemId: string };
  /** Where it was reported (issue.create's `location`): absent or null when only its point says where. */
  location?: Located | null;
  /** Residents affected ("me too" adds one); absent on issues made before it existed: read as 1. */
  affected?: number;
  /** Set when staff merged this issue into another; its `affected` stays here and residentsAffected() adds it to the target. */
  mergedInto?: string;
  /** A resident reported it by scanning a poster (the server made it): it waits for a volunteer's triage. */
  viaPoster?: true;
  /** The triage of a resident report, once a volunteer or staff member made it. */
  triage?: { decision: TriageDecision; by: string; at: string; declined?: DeclineReason };
  /**
   * The issue's short number in its work (shown "#142"), given by the server in the order it accepted the
   * creations: absent until the device has pulled the accepted create back, and on issues made before it existed.
   */
  number?: number;
}

/** What a volunteer does with a resident's report: take it on, fold it into an open issue, or decline it. */
export const TRIAGE_DECISIONS = ['accept', 'merge', 'decline'] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];
/** Why a report is declined, in words the resident reads on their follow page. */
export const DECLINE_REASONS = ['out_of_scope', 'duplicate', 'not_enough_info'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Far above any work's count of issues; bounds what a stored op may claim. */
export const ISSUE_NUMBER_MAX = 2_147_483_647;

export const IssueCreatePayload = v.strictObject({
  category: v.picklist(ISSUE_CATEGORIES),
  description: text(LIMITS.description),
  severity: v.picklist(SEVERITIES),
  pointId: v.nullable(IdSchema),
  /** The inspection item whose fail raised this issue. */
  source: v.optional(v.strictObject({ inspectionId: IdSchema, itemId: IdSchema })),
  /** A resident's report from a poster: only the server makes it (resident-routes.ts). */
  viaPoster: v.optional(v.literal(true)),
  /**
   * Where the trouble is when it is at no point (or beside one): tapped on the site plan or the phone's
   * position, WGS-84 like every stored coordinate. Absent on issues made before it existed.
   */
  location: v.optional(v.nullable(LocatedSchema)),
  /**
   * The issue's short number in its work: only the server writes it, into the op it accepted (a device
   * learns it by pulling); a device that sends one is refused (server_only), so no number is taken from a client.
   */
  number: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(ISSUE_NUMBER_MAX))),
});

/** Editable issue fields: merged last-writer-wins per field by HLC. */
export const IssueEditPayload = v.strictObject({
  fields: v.pipe(
    v.strictObject({
      category: v.optional(v.picklist(ISSUE_CATEGORIES)),
      description: v.optional(text(LIMITS.description)),
      severity: v.optional(v.picklist(SEVERITIES)),
      pointId: v.optional(v.nullable(IdSchema)),
    }),
    v.check((f) => Object.keys(f).length > 0, 'must change at least one field'),
  ),
});

export const IssueTransitionPayload = v.pipe(
  v.strictObject({
    to: v.picklist(ISSUE_STATUSES),
    reason: v.optional(text(LIMITS.reason)),
    plannedDate: v.optional(DateSchema),
    /** For to=merged: the issue of the same work this one is merged into (the rule requires it). */
    into: v.optional(IdSchema),
  }),
  v.check((p) => p.into === undefined || p.to === 'merged', 'into is only for to=merged'),
);

// Voice notes go on comments and on checklist answers: their schema lives with the other shared fields.
export { VOICE_LIMITS, VOICE_TYPES, VoiceNoteSchema, type VoiceNote } from './fields';

/** A comment: words, a voice note, or both (one of them at least: the rule refuses neither as `invalid`). */
export const IssueCommentPayload = v.strictObject({
  text: text(LIMITS.comment, false),
  voice: v.optional(VoiceNoteSchema),
});

/**
 * A volunteer's (or staff's) triage of a resident report. A merge folds it into another open issue of
 * the work (whose residents then count this one's: residentsAffected); a decline rejects it with a reason
 * the resident reads, and a note said to them.
 */
export const IssueTriagePayload = v.pipe(
  v.strictObject({
    decision: v.picklist(TRIAGE_DECISIONS),
    /** A merge's target: another open issue of the work. */
    into: v.optional(IdSchema),
    /** A decline's reason, and a note said to the resident (may be empty). */
    reason: v.optional(v.picklist(DECLINE_REASONS)),
    note: v.optional(text(LIMITS.reason, false)),
  }),
  v.check((p) => (p.decision === 'merge') === (p.into !== undefined), 'into: needed by a merge, and only by it'),
  v.check((p) => (p.decision === 'decline') === (p.reason !== undefined), 'reason: needed by a decline, and only by it'),
  v.check((p) => p.note === undefined || p.decision === 'decline', 'note: only for a decline'),
);

/** Another resident is affected by an open issue ("me too"): the count grows; their contact travels apart (contact.add). */
export const IssueAffectPayload = v.strictObject({});

type IssueHistoryOp = { id: string; kind: `issue.${string}`; actor: string; device: string; hlc: string };

function historyEntry(op: IssueHistoryOp, extra: Partial<IssueHistoryEntry> = {}): IssueHistoryEntry {
  return { op: op.id, kind: op.kind, actor: op.actor, device: op.device, at: op.hlc, ...extra };
}

/** How many comments an issue holds (states made before commentCount existed hold them all in `comments`). */
export function commentsOn(issue: Pick<IssueState, 'comments' | 'commentCount'>): number {
  return issue.commentCount ?? issue.comments.length;
}

function maxStamp(a: string, b: string): string {
  return a > b ? a : b;
}

function unknownPoint(id: string): Rejection {
  return reject('unknown_point', `point ${id} does not exist in this work`);
}

export const issueCreate = createOp({
  kind: 'issue.create',
  entity: 'issue',
  payload: IssueCreatePayload,
  facts: (op) => ({
    point: byId<PointState>('point', op.payload.pointId, 'server'),
    // An issue raised by an inspection: the device holds the inspections of its work.
    source: byId<InspectionState>('inspection', op.payload.source?.inspectionId, 'held'),
  }),
  check(op, facts, { role }) {
    if (role === 'liaison') return reject('forbidden_role', 'the liaison does not report issues');
    // The server makes a poster's report itself (as the system, whose ops skip this check): no device may.
    if (op.payload.viaPoster) return reject('server_only', 'a resident report from a poster is made by the server only');
    if (op.payload.number !== undefined) return reject('server_only', "an issue's number is given by the server only");
    if (op.payload.pointId !== null && facts.point === null) return unknownPoint(op.payload.pointId);
    // An issue raised by an inspection must be the one its submit named for that item.
    const source = op.payload.source;
    if (!source || facts.source === undefined) return null;
    const i = facts.source;
    if (!i) return reject('unknown_entity', `inspection ${source.inspectionId} does not exist in this work`);
    if (ownValue(i.raised, source.itemId) !== op.entityId) {
      return reject('raised_mismatch', `the submit of inspection ${i.id} did not name this issue for item "${source.itemId}"`);
    }
    return null;
  },
  apply: (op): IssueState => ({
    id: op.entityId,
    work: op.work,
    ...op.payload,
    status: 'reported',
    plannedDate: null,
    reportedBy: op.actor,
    reportedAt: op.hlc,
    fieldStamps: { category: op.hlc, description: op.hlc, severity: op.hlc, pointId: op.hlc },
    history: [historyEntry(op, { to: 'reported' })],
    comments: [],
    commentCount: 0,
    updatedAt: op.hlc,
    affected: 1,
  }),
});

export const issueEdit = changeOp({
  kind: 'issue.edit',
  entity: 'issue',
  payload: IssueEditPayload,
  facts: (op) => ({ point: byId<PointState>('point', op.payload.fields.pointId, 'server') }),
  check(op, issue: IssueState, facts, { role }) {
    if (role !== 'staff' && issue.reportedBy !== op.actor) return reject('not_reporter', 'only the reporter or staff may edit an issue');
    const pointId = op.payload.fields.pointId;
    if (pointId != null && facts.point === null) return unknownPoint(pointId);
    return null;
  },
  apply(op, issue) {
    const next: IssueState = { ...issue, fieldStamps: { ...issue.fieldStamps } };
    const changed: EditableIssueField[] = [];
    const f = op.payload.fields;
    // Assign each field only if this op's stamp is newer than the field's last write.
    const take = <K extends EditableIssueField>(field: K, value: IssueState[K] | undefined) => {
      if (value === undefined || op.hlc <= next.fieldStamps[field]) return;
      next[field] = value;
      next.fieldStamps[field] = op.hlc;
      changed.push(field);
    };
    take('category', f.category);
    take('description', f.description);
    take('severity', f.severity);
    take('pointId', f.pointId);
    next.history = [...issue.history, historyEntry(op, { fields: changed })];
    next.updatedAt = maxStamp(issue.updatedAt, op.hlc);
    return next;
  },
});

export const issueTransition = changeOp({
  kind: 'issue.transition',
  entity: 'issue',
  payload: IssueTransitionPayload,
  facts: (op) => ({
    // A fix counts only with an "after" photo; the device counts the photos it holds.
    afterPhotos: afterPhotos(op.entityId, 'held'),
    // A merge's target: the device knows the status of the issues it holds (the server checks again).
    into: byId<IssueState>('issue', op.payload.into, 'maybe'),
  }),
  check(op, issue: IssueState, facts, { role, today }) {
    const { to, reason, plannedDate, into } = op.payload;
    const t = findTransition(issue.status, to, role);
    if (!t.ok) return reject(t.code, `${role} may not move an issue from ${issue.status} to ${to}`, { from: issue.status, to });
    if (t.rule.needs === 'reason' && !reason) return reject('missing_reason', 'a reason is required');
    if (t.rule.needs === 'plannedDate' && !plannedDate) return reject('missing_planned_date', 'a planned fix date is required');
    if (plannedDate && today && plannedDate < today) return reject('planned_date_past', `the planned date ${plannedDate} is in the past`);
    if (t.rule.needs === 'afterPhoto' && facts.afterPhotos !== undefined && facts.afterPhotos < 1) {
      return reject('missing_after_photo', 'a fix needs at least one "after" photo');
    }
    if (t.rule.needs !== 'into') return null;
    // A merge: the target must be another open issue of the same work.
    if (!into || into === op.entityId) return reject('invalid', 'into: missing, or the issue itself');
    if (facts.into === null) return reject('unknown_entity', `issue ${into} does not exist in this work`);
    const status = facts.into?.status;
    return status && !OPEN_STATUSES.has(status) ? reject('issue_closed', `issue ${into} is ${status}`, { from: status }) : null;
  },
  apply(op, issue) {
    const { to, reason, plannedDate, into } = op.payload;
    const extra: Partial<IssueHistoryEntry> = { to };
    if (reason !== undefined) extra.reason = reason;
    if (plannedDate !== undefined) extra.plannedDate = plannedDate;
    if (into) extra.into = into;
    return {
      ...issue,
      ...(into && { mergedInto: into }),
      status: to,
      plannedDate: plannedDate ?? issue.plannedDate,
      history: [...issue.history, historyEntry(op, extra)],
      updatedAt: maxStamp(issue.updatedAt, op.hlc),
    };
  },
});

export const issueComment = changeOp({
  kind: 'issue.comment',
  entity: 'issue',
  payload: IssueCommentPayload,
  check(op, issue: IssueState) {
    if (!op.payload.text.trim() && !op.payload.voice) return reject('invalid', 'a comment needs words or a voice note');
    const limit = LIMITS.commentsPerIssue;
    if (commentsOn(issue) >= limit)
      return reject('comment_limit', `an issue holds at most ${limit} comments: report a new issue to go on`, { limit: String(limit) });
    return null;
  },
  apply: (op, issue) => ({
    ...issue,
    comments: [...issue.comments, { op: op.id, actor: op.actor, at: op.hlc, text: op.payload.text, ...(op.payload.voice ? { voice: op.payload.voice } : {}) }],
    commentCount: commentsOn(issue) + 1,
    updatedAt: maxStamp(issue.updatedAt, op.hlc),
  }),
});

export const issueAffect = changeOp({
  kind: 'issue.affect',
  entity: 'issue',
  payload: IssueAffectPayload,
  check(_op, issue: IssueState, _facts, { role }) {
    if (role === 'liaison') return reject('forbidden_role', 'the liaison does not report issues');
    if (!OPEN_STATUSES.has(issue.status)) return reject('issue_closed', `the issue is ${issue.status}: report a new one`, { from: issue.status });
    return null;
  },
  apply: (op, issue) => ({
    ...issue,
    affected: (issue.affected ?? 1) + 1,
    history: [...issue.history, historyEntry(op)],
    updatedAt: maxStamp(issue.updatedAt, op.hlc),
  }),
});

/** Where a resident report can still be merged or declined: open, and not waiting for a verification of its fix. */
const TRIAGE_STATUSES: ReadonlySet<IssueStatus> = new Set(['reported', 'acknowledged', 'in_progress', 'disputed', 'reopened']);

export const issueTriage = changeOp({
  kind: 'issue.triage',
  entity: 'issue',
  payload: IssueTriagePayload,
  facts: (op) => ({ into: byId<IssueState>('issue', op.payload.into, 'maybe') }),
  check(op, issue: IssueState, facts, { role }) {
    if (role === 'liaison') return reject('forbidden_role', "the liaison does not triage residents' reports");
    if (!issue.viaPoster) return reject('invalid', 'only a resident report from a poster is triaged');
    // Two volunteers offline may both triage it: the first to reach the server decides.
    if (issue.triage) return reject('already_triaged', `the report was triaged already (${issue.triage.decision})`, { decision: issue.triage.decision });
    const p = op.payload;
    if (p.decision === 'accept') return null;
    if (!TRIAGE_STATUSES.has(issue.status)) return reject('invalid_transition', `a ${issue.status} report is not merged or declined`, { from: issue.status });
    if (p.decision === 'decline') return null;
    if (!p.into || p.into === op.entityId) return reject('invalid', 'into: the issue itself');
    if (facts.into === null) return reject('unknown_entity', `issue ${p.into} does not exist in this work`);
    const status = facts.into?.status;
    return status && !OPEN_STATUSES.has(status) ? reject('issue_closed', `issue ${p.into} is ${status}`, { from: status }) : null;
  },
  apply(op, issue): IssueState {
    const p = op.payload;
    const base = { decision: p.decision, by: op.actor, at: op.hlc };
    const at = maxStamp(issue.updatedAt, op.hlc);
    if (p.decision === 'accept') {
      return { ...issue, triage: base, history: [...issue.history, historyEntry(op, { triage: 'accept' })], updatedAt: at };
    }
    if (p.decision === 'merge' && p.into) {
      const entry = historyEntry(op, { triage: 'merge', to: 'merged', into: p.into });
      return { ...issue, triage: base, status: 'merged', mergedInto: p.into, history: [...issue.history, entry], updatedAt: at };
    }
    const declined = p.reason ?? 'out_of_scope';
    const note = p.note?.trim() ?? '';
    const entry = historyEntry(op, { triage: 'decline', to: 'rejected', declined, ...(note && { reason: note }) });
    return { ...issue, triage: { ...base, declined }, status: 'rejected', history: [...issue.history, entry], updatedAt: at };
  },
});
