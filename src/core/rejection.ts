/**
 * Why an op was refused, and who may be acting. Its own module so that the op
 * definitions (src/core/ops/) and the reducer can both use it without
 * importing each other.
 */
import type { Role } from './domain';

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
    // checklists
    | 'unknown_template'
    | 'unknown_version'
    | 'stale_version'
    | 'unknown_item'
    | 'invalid_answer'
    | 'incomplete'
    | 'inspection_closed'
    | 'raised_mismatch'
    // "me too" on an issue that is closed already
    | 'issue_closed'
    // an issue holds LIMITS.commentsPerIssue comments already; an inspection CHECKLIST_LIMITS.answersPerInspection answers
    | 'comment_limit'
    | 'answer_limit'
    // photos: retracted or drawn on by someone other than its author or staff; retracted by its author after a day
    | 'not_author'
    | 'retract_window'
    // a resident report another volunteer triaged first
    | 'already_triaged';
  message: string;
  /** e.g. the status the issue had when the op arrived. */
  params?: Record<string, string>;
}

/** Who is acting: a member's role, or the server itself (seeding, joins). */
export type Actor = Role | 'system';

export function reject(code: Rejection['code'], message: string, params?: Record<string, string>): Rejection {
  return params ? { code, message, params } : { code, message };
}
