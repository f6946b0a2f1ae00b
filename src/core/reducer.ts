/**
 * The reducer: how an op changes an entity, and whether it may. The same code
 * runs on the device (optimistically, then again on top of pulled ops) and on
 * the server (authoritatively), so both sides reach the same state.
 *
 * Each kind's rule and change live with its schema in its entity's file under
 * ops/; checkOp and applyOp (ops/registry.ts) dispatch to them. This module is
 * the public face of those pieces.
 */
export { type Actor, type Rejection } from './rejection';
export { type AnyEntityState, type CheckContext, CREATE_KINDS, type EntityStates, applyOp, checkOp, lookupsBeforeReading, lookupsOf } from './ops/registry';
export { AfterPhotosLookup, ByIdLookup, type DevicePolicy, type FactSource, type Lookup, NO_FACTS, factsFrom, lookupKey, mapFacts } from './ops/lookups';
export type { WorkOriginals, WorkState } from './ops/work';
export { type PointPlacement, type PointState, isActivePoint } from './ops/point';
export type { MemberState } from './ops/member';
export {
  DECLINE_REASONS,
  type DeclineReason,
  type EditableIssueField,
  type IssueComment,
  type IssueHistoryEntry,
  type IssueState,
  TRIAGE_DECISIONS,
  type TriageDecision,
  VOICE_LIMITS,
  VOICE_TYPES,
  type VoiceNote,
  commentsOn,
} from './ops/issue';
export { ANNOTATION_LIMITS, type PhotoState, RETRACT_WINDOW_MS, isShown, provesFix } from './ops/photo';
export { CONTACT_ERASE_REASONS, type ContactEraseReason, type ContactState } from './ops/contact';
export { type PlanPlace, type PlanState, planGeoref } from './ops/plan';
export { type TemplateState, type TemplateVersion, latestVersion, templateVersion } from './ops/template';
export { type AnswerEntry, type InspectionHistoryEntry, type InspectionState, answersIn, answersOf, isKeptInspection } from './ops/inspection';

/**
 * The day before `now` (UTC), YYYY-MM-DD: the earliest planned date accepted.
 * A day of slack, so that a phone in UTC+8 entering "today" is never refused
 * by a server in UTC, or the other way round.
 */
export function earliestPlannedDate(now: number): string {
  return new Date(now - 86_400_000).toISOString().slice(0, 10);
}
