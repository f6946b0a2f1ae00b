/**
 * The reducer: how an op changes an entity, and whether it may. The same code
 * runs on the device (optimistically, then again on top of pulled ops) and on
 * the server (authoritatively), so both sides reach the same state.
 *
 * Merge rules:
 * - editable fields: last writer wins per field, by HLC stamp;
 * - status: applied in server order; checkOp validates it against the machine;
 * - comments and history: accumulate (up to LIMITS.commentsPerIssue comments).
 *
 * Comments and history only ever grow: the server keeps them as rows apart
 * from the rest of the state (see growing-lists.ts), so the counts the rules
 * need are fields of the state itself.
 */
import { type IssueCategory, type IssueStatus, LIMITS, type Role, type Severity, type WorkKind } from './domain';
import type { Op, OpOf } from './ops';
import { SERVER_ONLY_KINDS } from './ops';
import type { ResponseTargets } from './response-targets';
// Site plans (#4)
import { type PlanState, type PointPlacement, type WorkOriginals, applyPlanAdd, applyPlanGeoref, applyPointPlace, applyWorkOriginals, checkPlanOp } from './plan-rules';
import {
  type ChecklistFacts,
  type InspectionState,
  type TemplateState,
  applyChecklistOp,
  checkChecklistOp,
  checkIssueSource,
  isChecklistOp,
} from './inspection';
import { OPEN_STATUSES, findTransition } from './status';

export interface WorkState extends WorkOriginals /* photo originals (#4) */ {
  id: string;
  work: string;
  name: string;
  compound: string;
  community: string;
  kind: WorkKind;
  contractor: string;
  startDate: string | null;
  endDate: string | null;
  responseTargets?: ResponseTargets;
  createdAt: string;
}

export interface PointState extends PointPlacement /* site plans (#4) */ {
  id: string;
  work: string;
  name: string;
  lat: number | null;
  lng: number | null;
  createdAt: string;
}

export interface MemberState {
  id: string;
  work: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface IssueHistoryEntry {
  op: string;
  kind: Op['kind'];
  actor: string;
  device: string;
  at: string;
  to?: IssueStatus;
  reason?: string;
  plannedDate?: string;
  fields?: string[];
  /** merge duplicates (#6): the issue this one was merged into. */
  into?: string;
}

export interface IssueComment {
  op: string;
  actor: string;
  at: string;
  text: string;
}

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
  /** Checklists (#5): the inspection item whose fail raised this issue. */
  source?: { inspectionId: string; itemId: string };
  /** issues (#6): residents affected ("me too" adds one); absent on issues made before it existed: read as 1. */
  affected?: number;
  /** merge duplicates (#6): set when staff merged this issue into another; its `affected` stays here and residentsAffected() adds it to the target. */
  mergedInto?: string;
}

export type EditableIssueField = 'category' | 'description' | 'severity' | 'pointId';

/** A photo as described by its op; the bytes live in the blob store under `hash`. */
export type PhotoState = OpOf<'photo.add'>['payload'] & {
  id: string;
  work: string;
  author: string;
  device: string;
  addedAt: string;
};

// issues (#6): a resident's contact; only staff (and the liaison, if the resident agreed) receive it.
export type ContactState = OpOf<'contact.add'>['payload'] & {
  id: string;
  work: string;
  addedBy: string;
  addedAt: string;
};

export interface EntityStates {
  work: WorkState;
  point: PointState;
  member: MemberState;
  issue: IssueState;
  photo: PhotoState;
  plan: PlanState; // site plans (#4)
  template: TemplateState;
  inspection: InspectionState;
  contact: ContactState;
}
export type AnyEntityState = EntityStates[keyof EntityStates];

/** Why an op was refused; `code` is stable (the app translates it), `message` is for logs. */
export interface Rejection {
  code:
    | 'invalid'
    | 'outdated_client'
    | 'not_member'
    | 'wrong_actor'
    | 'forbidden_role'
    | 'server_only'
    | 'exists'
    | 'unknown_entity'
    | 'unknown_point'
    | 'invalid_transition'
    | 'missing_reason'
    | 'missing_planned_date'
    | 'not_reporter'
    | 'group_failed'
    | 'missing_after_photo'
    | 'planned_date_past'
    // checklists (#5)
    | 'unknown_template'
    | 'unknown_version'
    | 'stale_version'
    | 'unknown_item'
    | 'invalid_answer'
    | 'incomplete'
    | 'inspection_closed'
    | 'raised_mismatch'
    // issues (#6): "me too" on an issue that is closed already
    | 'issue_closed'
    // an issue holds LIMITS.commentsPerIssue comments already; an inspection CHECKLIST_LIMITS.answersPerInspection answers
    | 'comment_limit'
    | 'answer_limit';
  message: string;
  /** e.g. the status the issue had when the op arrived. */
  params?: Record<string, string>;
}

/** Who is acting: a member's role, or the server itself (seeding, joins). */
export type Actor = Role | 'system';

export interface CheckContext {
  actorRole: Actor;
  /** The target entity as it stands before the op. */
  current: AnyEntityState | undefined;
  /** Ids of points that exist in the op's work (for references). */
  pointExists: (id: string) => boolean;
  /** Ids of issues that exist in the op's work; the device, which may not have them all, omits it. */
  issueExists?: (id: string) => boolean;
  /** "After" photos attached to the target issue (a fix counts only with one). */
  afterPhotos?: number;
  /** The acting side's date, YYYY-MM-DD, to refuse planned dates in the past. */
  today?: string;
  /** Site plans (#4): a plan of the op's work by id; the device may omit it (the server checks). */
  plan?: (id: string) => Pick<PlanState, 'width' | 'height'> | undefined;
  /** Checklists (#5): the template / source inspection the op concerns; absent when not known. */
  checklist?: ChecklistFacts;
  /** merge duplicates (#6): the status of an issue of the op's work (undefined: none there); may be omitted. */
  issueStatus?: (id: string) => IssueStatus | undefined;
}

function reject(code: Rejection['code'], message: string, params?: Record<string, string>): Rejection {
  return params ? { code, message, params } : { code, message };
}

/** Kinds that bring an entity into being (the others need it to exist). */
export const CREATE_KINDS: ReadonlySet<Op['kind']> = new Set([
  'work.create',
  'point.create',
  'member.join',
  'issue.create',
  'photo.add',
  'plan.add', // site plans (#4)
  'template.create', // checklists (#5)
  'inspection.start',
  'contact.add', // issues (#6)
]);

/** Whether an op may be applied; null when it may. Pure: the caller loads the context. */
export function checkOp(op: Op, ctx: CheckContext): Rejection | null {
  const { actorRole: role, current } = ctx;
  if (SERVER_ONLY_KINDS.has(op.kind) && role !== 'system') {
    return reject('server_only', `${op.kind} is made by the server only`);
  }
  const isCreate = CREATE_KINDS.has(op.kind);
  if (isCreate && current) return reject('exists', `${op.entity} ${op.entityId} already exists`);
  if (!isCreate && !current) return reject('unknown_entity', `${op.entity} ${op.entityId} does not exist`);
  if (role === 'system') return null;

  if (isChecklistOp(op)) return checkChecklistOp(op, role, current as TemplateState | InspectionState | undefined, ctx.checklist, ctx.pointExists);
  if (op.kind === 'work.create' && op.entityId !== op.work) {
    return reject('invalid', 'a work is created with entityId equal to its work id');
  }
  switch (op.kind) {
    case 'work.create':
    case 'point.create':
      return role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`);
    case 'member.join':
    case 'member.role': // server-only: refused above for every role
      return null;
    case 'issue.create':
      if (role === 'liaison') return reject('forbidden_role', 'the liaison does not report issues');
      if (op.payload.pointId !== null && !ctx.pointExists(op.payload.pointId)) {
        return reject('unknown_point', `point ${op.payload.pointId} does not exist in this work`);
      }
      return checkIssueSource(op, ctx.checklist);
    case 'issue.edit': {
      const issue = current as IssueState;
      if (role !== 'staff' && issue.reportedBy !== op.actor) {
        return reject('not_reporter', 'only the reporter or staff may edit an issue');
      }
      const pointId = op.payload.fields.pointId;
      if (pointId != null && !ctx.pointExists(pointId)) {
        return reject('unknown_point', `point ${pointId} does not exist in this work`);
      }
      return null;
    }
    case 'issue.transition': {
      const issue = current as IssueState;
      const t = findTransition(issue.status, op.payload.to, role);
      if (!t.ok) {
        return reject(t.code, `${role} may not move an issue from ${issue.status} to ${op.payload.to}`, {
          from: issue.status,
          to: op.payload.to,
        });
      }
      if (t.rule.needs === 'reason' && !op.payload.reason) return reject('missing_reason', 'a reason is required');
      if (t.rule.needs === 'plannedDate' && !op.payload.plannedDate) {
        return reject('missing_planned_date', 'a planned fix date is required');
      }
      if (op.payload.plannedDate && ctx.today && op.payload.plannedDate < ctx.today) {
        return reject('planned_date_past', `the planned date ${op.payload.plannedDate} is in the past`);
      }
      if (t.rule.needs === 'afterPhoto' && ctx.afterPhotos !== undefined && ctx.afterPhotos < 1) {
        return reject('missing_after_photo', 'a fix needs at least one "after" photo');
      }
      if (t.rule.needs === 'into') return checkMergeTarget(op.entityId, op.payload.into, ctx);
      return null;
    }
    case 'issue.comment': {
      const limit = LIMITS.commentsPerIssue;
      if (commentsOn(current as IssueState) >= limit) {
        return reject('comment_limit', `an issue holds at most ${limit} comments: report a new issue to go on`, { limit: String(limit) });
      }
      return null;
    }
    case 'photo.add': {
      const { targetType, targetId } = op.payload;
      if (targetType === 'point' && !ctx.pointExists(targetId)) {
        return reject('unknown_point', `point ${targetId} does not exist in this work`);
      }
      if (targetType === 'issue' && ctx.issueExists && !ctx.issueExists(targetId)) {
        return reject('unknown_entity', `issue ${targetId} does not exist in this work`);
      }
      return null;
    }
    // Site plans (#4)
    case 'plan.add':
    case 'plan.georef':
    case 'point.place':
    case 'work.originals':
      return checkPlanOp(op, role, current as PlanState | undefined, ctx.plan);
    // --- issues (#6) ---
    case 'issue.affect':
      if (role === 'liaison') return reject('forbidden_role', 'the liaison does not report issues');
      if (!OPEN_STATUSES.has((current as IssueState).status)) {
        return reject('issue_closed', `the issue is ${(current as IssueState).status}: report a new one`, { from: (current as IssueState).status });
      }
      return null;
    case 'contact.add':
      if (role === 'liaison') return reject('forbidden_role', 'the liaison does not record residents\' contacts');
      if (ctx.issueExists && !ctx.issueExists(op.payload.issueId)) {
        return reject('unknown_entity', `issue ${op.payload.issueId} does not exist in this work`);
      }
      return null;
  }
}

// merge duplicates (#6): the target must be another open issue of the same work.
function checkMergeTarget(self: string, into: string | undefined, ctx: CheckContext): Rejection | null {
  if (!into || into === self) return reject('invalid', 'into: missing, or the issue itself');
  if (ctx.issueExists && !ctx.issueExists(into)) return reject('unknown_entity', `issue ${into} does not exist in this work`);
  const status = ctx.issueStatus?.(into);
  return status && !OPEN_STATUSES.has(status) ? reject('issue_closed', `issue ${into} is ${status}`, { from: status }) : null;
}

/** How many comments an issue holds (states made before commentCount existed hold them all in `comments`). */
export function commentsOn(issue: Pick<IssueState, 'comments' | 'commentCount'>): number {
  return issue.commentCount ?? issue.comments.length;
}

function historyEntry(op: Op, extra: Partial<IssueHistoryEntry> = {}): IssueHistoryEntry {
  return { op: op.id, kind: op.kind, actor: op.actor, device: op.device, at: op.hlc, ...extra };
}

function maxStamp(a: string, b: string): string {
  return a > b ? a : b;
}

function applyIssueEdit(issue: IssueState, op: OpOf<'issue.edit'>): IssueState {
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
}

/**
 * Apply an op that has been accepted (or is being applied optimistically after
 * checkOp passed). Returns the new state; never mutates its input.
 */
export function applyOp(current: AnyEntityState | undefined, op: Op): AnyEntityState {
  switch (op.kind) {
    case 'work.create':
      return { id: op.entityId, work: op.work, ...op.payload, createdAt: op.hlc };
    case 'point.create':
      return { id: op.entityId, work: op.work, ...op.payload, createdAt: op.hlc };
    case 'member.join':
      return { id: op.entityId, work: op.work, ...op.payload, joinedAt: op.hlc };
    case 'issue.create':
      return {
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
      };
    case 'issue.edit':
      return applyIssueEdit(current as IssueState, op);
    case 'issue.transition': {
      const issue = current as IssueState;
      const { to, reason, plannedDate, into } = op.payload;
      const extra: Partial<IssueHistoryEntry> = { to };
      if (reason !== undefined) extra.reason = reason;
      if (plannedDate !== undefined) extra.plannedDate = plannedDate;
      if (into) extra.into = into; // merge duplicates (#6)
      return {
        ...issue,
        ...(into && { mergedInto: into }),
        status: to,
        plannedDate: plannedDate ?? issue.plannedDate,
        history: [...issue.history, historyEntry(op, extra)],
        updatedAt: maxStamp(issue.updatedAt, op.hlc),
      };
    }
    case 'issue.comment': {
      const issue = current as IssueState;
      return {
        ...issue,
        comments: [...issue.comments, { op: op.id, actor: op.actor, at: op.hlc, text: op.payload.text }],
        commentCount: commentsOn(issue) + 1,
        updatedAt: maxStamp(issue.updatedAt, op.hlc),
      };
    }
    case 'photo.add':
      return { ...op.payload, id: op.entityId, work: op.work, author: op.actor, device: op.device, addedAt: op.hlc };
    // Works, members and roles (#7).
    case 'member.role':
      return { ...(current as MemberState), role: op.payload.role };
    // Site plans (#4)
    case 'plan.add':
      return applyPlanAdd(op);
    case 'plan.georef':
      return applyPlanGeoref(current as PlanState, op);
    case 'point.place':
      return applyPointPlace(current as PointState, op);
    case 'work.originals':
      return applyWorkOriginals(current as WorkState, op);
    // --- issues (#6) ---
    case 'issue.affect': {
      const issue = current as IssueState;
      return {
        ...issue,
        affected: (issue.affected ?? 1) + 1,
        history: [...issue.history, historyEntry(op)],
        updatedAt: maxStamp(issue.updatedAt, op.hlc),
      };
    }
    case 'contact.add':
      return { ...op.payload, id: op.entityId, work: op.work, addedBy: op.actor, addedAt: op.hlc };
    // Checklists (#5): template.* and inspection.*
    default:
      return applyChecklistOp(current as TemplateState | InspectionState | undefined, op);
  }
}

/**
 * The day before `now` (UTC), YYYY-MM-DD: the earliest planned date accepted.
 * A day of slack, so that a phone in UTC+8 entering "today" is never refused
 * by a server in UTC, or the other way round.
 */
export function earliestPlannedDate(now: number): string {
  return new Date(now - 86_400_000).toISOString().slice(0, 10);
}
