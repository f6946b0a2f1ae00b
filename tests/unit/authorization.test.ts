/**
 * Authorization over real HTTP, in-process: who may push which op, in which
 * work, with which device; who may read what. The expected answers come from
 * ONE table, MATRIX below, which mirrors the matrix in docs/security.md (§2):
 * change one, change the other.
 *
 * Every case is role × action × condition:
 *   - own work      op.work is the token's work, the target is in that work: MATRIX decides;
 *   - other work    op.work names another work (one the same person joined with another
 *                   token): rejected `not_member`, whatever the role and the kind;
 *   - other entity  op.work is the token's work but entityId is an entity of another work:
 *                   rejected `exists`, and the other work's entity is not touched;
 *   - revoked       the member was revoked (store.revokeMember): 401 revoked, nothing read;
 *   - expired       the device went unused past its role's idle period: 401 expired, nothing read.
 *
 * Then: photo bytes (BLOBS, docs/security.md §2.6: role × request × whose photo), reads (pull,
 * events, rescue), and bad input (forged actor, replayed invite, token in a query string).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyEntityState,
  type ErrorBody,
  type IssueStatus,
  type JoinResponse,
  type Op,
  type OpKind,
  type OpOf,
  type TemplateBody,
  type PullResponse,
  type PushResponse,
  type Rejection,
  type Role,
  ISSUE_STATUSES,
  OpSchema,
  ROLES,
  RULES_VERSION,
  TRANSITIONS,
  encodeStamp,
} from '../../src/core';
import { signRescueOp } from '../../src/sync/rescue';
import { acceptOrReject } from '../../sync-server/apply';
import { createApp } from '../../sync-server/app';
import { newInviteCode } from '../../sync-server/auth';
import type { BlobStore } from '../../sync-server/blob-store';
import { LiveHub } from '../../sync-server/live';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { systemOp } from '../../sync-server/system-ops';
import { solveProof } from './resident-proof';
import { type TestDatabase, testDatabase } from './test-db';
import { closeServer, listenOnLoopback } from './loopback';

// ---------------------------------------------------------------------------
// The documented matrix (docs/security.md §2.1). One row per action; one column per role.
// 'accepted', or the rejection code the push answers for that op; 'n/a' where the
// action cannot exist for that role (the liaison never reports, so has no own report).
// ---------------------------------------------------------------------------

type Outcome = 'accepted' | Rejection['code'] | 'n/a';
type Expect = Record<Role, Outcome>;

/** What the op acts on, in the token's own work. */
type Target =
  | { type: 'own-work' } // work.create with entityId = the token's work
  | { type: 'new' } // a create with a fresh entity id
  | { type: 'issue'; status: IssueStatus; reporter: 'self' | 'other' } // an existing issue in that status
  | { type: 'plan' } // site plans: the work's plan OWN_PLAN
  | { type: 'point' } // site plans: the work's point OWN_POINT
  // checklists: an existing template at version 1, or an inspection of it
  | { type: 'template' }
  | { type: 'inspection'; fill: 'empty' | 'complete' | 'submitted' }
  // photos: an existing photo of a point, added by the actor or another member, just now or two days ago
  | { type: 'photo'; author: 'self' | 'other'; age: 'fresh' | 'old' }
  // residents: an issue the server made from a poster's report (viaPoster), waiting for triage
  | { type: 'resident-report' };

interface Row {
  action: string;
  kind: OpKind;
  target: Target;
  /** For transitions: the move, and which of reason/plannedDate the op carries. */
  move?: { to: IssueStatus; reason: boolean; plannedDate: boolean; into?: MergeTarget };
  /**
   * Which point an issue.create / issue.edit references (site plans: which plan a point.place names;
   * photo.add: the work its target is in).
   */
  point?: 'own' | 'none' | 'other-work';
  /** photo.add: what the photo is attached to. */
  photoOn?: 'point' | 'issue';
  /** Checklists: which shape of the op the row sends (see checklistOp). */
  variant?: 'stale' | 'unknown-version' | 'other-work-template' | 'out-of-range' | 'unknown-item' | 'unnamed-source' | 'own-draft';
  /** issues: which issue a contact.add names. */
  contactIssue?: 'own' | 'other-work';
  /** residents: what an issue.triage decides. */
  triage?: 'accept' | 'decline';
  expect: Expect;
}

const all = (o: Outcome): Expect => ({ volunteer: o, liaison: o, staff: o });
const V = 'volunteer' as const;
const L = 'liaison' as const;
const S = 'staff' as const;
/** accepted for the listed roles, `otherwise` for the rest. */
const only = (roles: readonly Role[], otherwise: Outcome = 'forbidden_role'): Expect => ({
  volunteer: roles.includes(V) ? 'accepted' : otherwise,
  liaison: roles.includes(L) ? 'accepted' : otherwise,
  staff: roles.includes(S) ? 'accepted' : otherwise,
});

// --- merge duplicates ---
/** Which issue a merge names: an open one of this work, a rejected one, or one of work B. */
type MergeTarget = 'open' | 'closed' | 'other-work';
const MERGE_TARGET_TEXT: Record<MergeTarget, string> = { open: 'an open issue', closed: 'a rejected issue', 'other-work': 'an issue of another work' };
function mergeRow(from: IssueStatus, expect: Expect, into?: MergeTarget): Row {
  return {
    action: `issue.transition ${from} → merged (${into ? `into ${MERGE_TARGET_TEXT[into]}` : 'with nothing'})`,
    kind: 'issue.transition',
    target: { type: 'issue', status: from, reporter: 'other' },
    move: { to: 'merged', reason: false, plannedDate: false, ...(into ? { into } : {}) },
    expect,
  };
}
// --- end merge duplicates ---

/** residents: a fresh issue of work A as the server makes it from a poster's report. */
async function residentReport(): Promise<string> {
  const op = systemOp<'issue.create'>({
    kind: 'issue.create',
    entity: 'issue',
    entityId: fresh('report'),
    work: DEMO_WORK_ID,
    payload: { category: 'sewage', description: 'manhole overflowing', severity: 'medium', pointId: null, viaPoster: true },
  });
  const r = await store.transaction((tx) => acceptOrReject(tx, op, 'system', Date.now()), { work: DEMO_WORK_ID });
  expect(r.status).toBe('accepted');
  return op.entityId;
}

function move(from: IssueStatus, to: IssueStatus, expect: Expect, carries: { reason?: boolean; plannedDate?: boolean } = {}): Row {
  const reason = carries.reason ?? false;
  const plannedDate = carries.plannedDate ?? false;
  const extras = [reason && 'reason', plannedDate && 'plannedDate'].filter(Boolean).join(' + ');
  return {
    action: `issue.transition ${from} → ${to}${extras ? ` (with ${extras})` : ' (with nothing)'}`,
    kind: 'issue.transition',
    target: { type: 'issue', status: from, reporter: 'other' },
    move: { to, reason, plannedDate },
    expect,
  };
}

const MATRIX: Row[] = [
  // Works, points, members.
  { action: "work.create (entityId = the token's work)", kind: 'work.create', target: { type: 'own-work' }, expect: all('exists') },
  { action: 'point.create', kind: 'point.create', target: { type: 'new' }, expect: only([S]) },
  { action: 'point.update (rename and archive)', kind: 'point.update', target: { type: 'point' }, expect: only([S]) },
  { action: 'member.join', kind: 'member.join', target: { type: 'new' }, expect: all('server_only') },
  // Issues.
  { action: 'issue.create (point of this work)', kind: 'issue.create', target: { type: 'new' }, point: 'own', expect: only([V, S]) },
  { action: 'issue.create (no point)', kind: 'issue.create', target: { type: 'new' }, point: 'none', expect: only([V, S]) },
  {
    action: 'issue.create (point of another work)',
    kind: 'issue.create',
    target: { type: 'new' },
    point: 'other-work',
    expect: { volunteer: 'unknown_point', liaison: 'forbidden_role', staff: 'unknown_point' },
  },
  {
    action: 'issue.edit (own report)',
    kind: 'issue.edit',
    target: { type: 'issue', status: 'reported', reporter: 'self' },
    expect: { volunteer: 'accepted', liaison: 'n/a', staff: 'accepted' },
  },
  {
    action: "issue.edit (another member's report)",
    kind: 'issue.edit',
    target: { type: 'issue', status: 'reported', reporter: 'other' },
    expect: { volunteer: 'not_reporter', liaison: 'not_reporter', staff: 'accepted' },
  },
  {
    action: 'issue.edit (own report, pointId of another work)',
    kind: 'issue.edit',
    target: { type: 'issue', status: 'reported', reporter: 'self' },
    point: 'other-work',
    expect: { volunteer: 'unknown_point', liaison: 'n/a', staff: 'unknown_point' },
  },
  {
    action: 'issue.comment (own report)',
    kind: 'issue.comment',
    target: { type: 'issue', status: 'reported', reporter: 'self' },
    expect: { volunteer: 'accepted', liaison: 'n/a', staff: 'accepted' },
  },
  {
    action: "issue.comment (another member's report)",
    kind: 'issue.comment',
    target: { type: 'issue', status: 'reported', reporter: 'other' },
    expect: all('accepted'),
  },
  // Every move of the status machine, carrying what it needs.
  move('reported', 'acknowledged', only([L]), { plannedDate: true }),
  move('reported', 'disputed', only([L]), { reason: true }),
  move('reported', 'rejected', only([S]), { reason: true }),
  move('acknowledged', 'in_progress', only([L])),
  move('acknowledged', 'resolved', only([L])),
  move('acknowledged', 'disputed', only([L]), { reason: true }),
  move('acknowledged', 'rejected', only([S]), { reason: true }),
  move('in_progress', 'resolved', only([L])),
  move('in_progress', 'rejected', only([S]), { reason: true }),
  move('resolved', 'verified', only([V, S])),
  move('resolved', 'reopened', only([V, S]), { reason: true }),
  move('verified', 'reopened', only([V, S]), { reason: true }),
  move('disputed', 'acknowledged', only([L]), { plannedDate: true }),
  move('disputed', 'rejected', only([S]), { reason: true }),
  move('reopened', 'acknowledged', only([L]), { plannedDate: true }),
  move('reopened', 'in_progress', only([L])),
  move('reopened', 'disputed', only([L]), { reason: true }),
  move('reopened', 'rejected', only([S]), { reason: true }),
  move('rejected', 'reopened', only([S]), { reason: true }),
  // The same moves without what they need: the role is checked first, then the need.
  move('reported', 'acknowledged', { volunteer: 'forbidden_role', liaison: 'missing_planned_date', staff: 'forbidden_role' }),
  move('reported', 'disputed', { volunteer: 'forbidden_role', liaison: 'missing_reason', staff: 'forbidden_role' }),
  move('reported', 'rejected', { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'missing_reason' }),
  move('resolved', 'reopened', { volunteer: 'missing_reason', liaison: 'forbidden_role', staff: 'missing_reason' }),
  // Moves the machine does not have: refused for everyone, even with reason and date.
  move('reported', 'reported', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('reported', 'in_progress', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('reported', 'resolved', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('reported', 'verified', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('reported', 'reopened', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('acknowledged', 'verified', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('resolved', 'acknowledged', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('verified', 'resolved', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('disputed', 'resolved', all('invalid_transition'), { reason: true, plannedDate: true }),
  move('rejected', 'acknowledged', all('invalid_transition'), { reason: true, plannedDate: true }),
  // Works, members and roles: photos (any member, to a point or an issue of the work), role changes (server only).
  {
    action: 'photo.retract (own photo, added today)',
    kind: 'photo.retract',
    target: { type: 'photo', author: 'self', age: 'fresh' },
    expect: all('accepted'),
  },
  {
    action: "photo.retract (another member's photo)",
    kind: 'photo.retract',
    target: { type: 'photo', author: 'other', age: 'fresh' },
    expect: only([S], 'not_author'),
  },
  {
    action: 'photo.retract (own photo, added two days ago)',
    kind: 'photo.retract',
    target: { type: 'photo', author: 'self', age: 'old' },
    expect: only([S], 'retract_window'),
  },
  {
    action: 'photo.annotate (own photo)',
    kind: 'photo.annotate',
    target: { type: 'photo', author: 'self', age: 'old' },
    expect: all('accepted'),
  },
  {
    action: "photo.annotate (another member's photo)",
    kind: 'photo.annotate',
    target: { type: 'photo', author: 'other', age: 'fresh' },
    expect: only([S], 'not_author'),
  },
  { action: 'photo.add (point of this work)', kind: 'photo.add', target: { type: 'new' }, point: 'own', photoOn: 'point', expect: all('accepted') },
  { action: 'photo.add (issue of this work)', kind: 'photo.add', target: { type: 'new' }, point: 'own', photoOn: 'issue', expect: all('accepted') },
  {
    action: 'photo.add (point of another work)',
    kind: 'photo.add',
    target: { type: 'new' },
    point: 'other-work',
    photoOn: 'point',
    expect: all('unknown_point'),
  },
  {
    action: 'photo.add (issue of another work)',
    kind: 'photo.add',
    target: { type: 'new' },
    point: 'other-work',
    photoOn: 'issue',
    expect: all('unknown_entity'),
  },
  { action: 'member.role', kind: 'member.role', target: { type: 'new' }, expect: all('server_only') },
  // merge duplicates: staff merge an open issue into another open issue of the work; merged is final.
  // (The accepted rows come first: the status-machine check below takes the first row of each move.)
  mergeRow('reported', only([S]), 'open'),
  mergeRow('acknowledged', only([S]), 'open'),
  mergeRow('in_progress', only([S]), 'open'),
  mergeRow('disputed', only([S]), 'open'),
  mergeRow('reopened', only([S]), 'open'),
  mergeRow('reported', { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'invalid' }),
  mergeRow('reported', { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'issue_closed' }, 'closed'),
  mergeRow('reported', { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'unknown_entity' }, 'other-work'),
  mergeRow('resolved', all('invalid_transition'), 'open'),
  move('merged', 'reopened', all('invalid_transition'), { reason: true }),
  // --- end merge duplicates ---
  // Site plans: staff set them up; everyone reads them.
  { action: 'plan.add', kind: 'plan.add', target: { type: 'new' }, expect: only([S]) },
  { action: 'plan.georef (plan of this work)', kind: 'plan.georef', target: { type: 'plan' }, expect: only([S]) },
  { action: 'point.place (on a plan of this work)', kind: 'point.place', target: { type: 'point' }, point: 'own', expect: only([S]) },
  {
    action: 'point.place (on a plan of another work)',
    kind: 'point.place',
    target: { type: 'point' },
    point: 'other-work',
    expect: { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'unknown_entity' },
  },
  { action: "work.originals (the token's work)", kind: 'work.originals', target: { type: 'own-work' }, expect: only([S]) },
  { action: "work.targets (the token's work)", kind: 'work.targets', target: { type: 'own-work' }, expect: only([S]) },
  // --- checklists: templates by staff; inspections by volunteers and staff ---
  { action: 'template.create', kind: 'template.create', target: { type: 'new' }, expect: only([S]) },
  { action: 'template.revise (the next version)', kind: 'template.revise', target: { type: 'template' }, expect: only([S]) },
  {
    action: 'template.revise (not the next version)',
    kind: 'template.revise',
    target: { type: 'template' },
    variant: 'stale',
    expect: { volunteer: 'forbidden_role', liaison: 'forbidden_role', staff: 'stale_version' },
  },
  { action: 'inspection.start (a version the template has)', kind: 'inspection.start', target: { type: 'new' }, expect: only([V, S]) },
  {
    action: 'inspection.start (a version the template does not have)',
    kind: 'inspection.start',
    target: { type: 'new' },
    variant: 'unknown-version',
    expect: { volunteer: 'unknown_version', liaison: 'forbidden_role', staff: 'unknown_version' },
  },
  {
    action: 'inspection.start (a template of another work)',
    kind: 'inspection.start',
    target: { type: 'new' },
    variant: 'other-work-template',
    expect: { volunteer: 'unknown_template', liaison: 'forbidden_role', staff: 'unknown_template' },
  },
  { action: 'inspection.answer (valid)', kind: 'inspection.answer', target: { type: 'inspection', fill: 'empty' }, expect: only([V, S]) },
  {
    action: 'inspection.answer (number out of range)',
    kind: 'inspection.answer',
    target: { type: 'inspection', fill: 'empty' },
    variant: 'out-of-range',
    expect: { volunteer: 'invalid_answer', liaison: 'forbidden_role', staff: 'invalid_answer' },
  },
  {
    action: 'inspection.answer (unknown item)',
    kind: 'inspection.answer',
    target: { type: 'inspection', fill: 'empty' },
    variant: 'unknown-item',
    expect: { volunteer: 'unknown_item', liaison: 'forbidden_role', staff: 'unknown_item' },
  },
  {
    action: 'inspection.answer (submitted inspection)',
    kind: 'inspection.answer',
    target: { type: 'inspection', fill: 'submitted' },
    expect: { volunteer: 'inspection_closed', liaison: 'forbidden_role', staff: 'inspection_closed' },
  },
  { action: 'inspection.submit (complete)', kind: 'inspection.submit', target: { type: 'inspection', fill: 'complete' }, expect: only([V, S]) },
  {
    action: 'inspection.submit (a required item unanswered)',
    kind: 'inspection.submit',
    target: { type: 'inspection', fill: 'empty' },
    expect: { volunteer: 'incomplete', liaison: 'forbidden_role', staff: 'incomplete' },
  },
  {
    action: 'inspection.discard (a draft of their own)',
    kind: 'inspection.discard',
    target: { type: 'inspection', fill: 'empty' },
    variant: 'own-draft',
    expect: { volunteer: 'accepted', liaison: 'forbidden_role', staff: 'accepted' },
  },
  {
    action: 'inspection.discard (a draft another member started)',
    kind: 'inspection.discard',
    target: { type: 'inspection', fill: 'empty' },
    expect: { volunteer: 'not_author', liaison: 'forbidden_role', staff: 'accepted' },
  },
  {
    action: 'inspection.discard (submitted inspection)',
    kind: 'inspection.discard',
    target: { type: 'inspection', fill: 'submitted' },
    expect: { volunteer: 'inspection_closed', liaison: 'forbidden_role', staff: 'inspection_closed' },
  },
  {
    action: 'issue.create (source: an item its inspection did not raise)',
    kind: 'issue.create',
    target: { type: 'new' },
    variant: 'unnamed-source',
    expect: { volunteer: 'raised_mismatch', liaison: 'forbidden_role', staff: 'raised_mismatch' },
  },
  // --- end checklists ---
  // --- issues: "me too" and residents' contacts ---
  {
    action: 'issue.affect (open issue)',
    kind: 'issue.affect',
    target: { type: 'issue', status: 'reported', reporter: 'other' },
    expect: only([V, S]),
  },
  {
    action: 'issue.affect (verified issue)',
    kind: 'issue.affect',
    target: { type: 'issue', status: 'verified', reporter: 'other' },
    expect: { volunteer: 'issue_closed', liaison: 'forbidden_role', staff: 'issue_closed' },
  },
  { action: 'contact.add (issue of this work)', kind: 'contact.add', target: { type: 'new' }, contactIssue: 'own', expect: only([V, S]) },
  {
    action: 'contact.add (issue of another work)',
    kind: 'contact.add',
    target: { type: 'new' },
    contactIssue: 'other-work',
    expect: { volunteer: 'unknown_entity', liaison: 'forbidden_role', staff: 'unknown_entity' },
  },
  // A resident withdraws their contact through the follow link: the server makes the erase.
  { action: 'contact.erase', kind: 'contact.erase', target: { type: 'new' }, expect: all('server_only') },
  // --- residents: volunteers (and staff) triage a poster's report; only such a report is triaged ---
  { action: 'issue.triage accept (a resident report)', kind: 'issue.triage', target: { type: 'resident-report' }, triage: 'accept', expect: only([V, S]) },
  {
    action: 'issue.triage decline (a resident report)',
    kind: 'issue.triage',
    target: { type: 'resident-report' },
    triage: 'decline',
    expect: only([V, S]),
  },
  {
    action: 'issue.triage accept (an issue a member reported)',
    kind: 'issue.triage',
    target: { type: 'issue', status: 'reported', reporter: 'other' },
    triage: 'accept',
    expect: { volunteer: 'invalid', liaison: 'forbidden_role', staff: 'invalid' },
  },
];

/** Op kinds the schema has but this matrix does not cover yet (none: photo.add and member.role have their rows). */
const NOT_YET_IN_MATRIX: readonly string[] = [];

/** What every other condition answers, whatever the row and the role (docs/security.md §2.2). */
const CONDITIONS = {
  'own work': null, // MATRIX decides
  'other work': 'not_member',
  'other entity': 'exists',
  revoked: 'http 401 revoked',
  expired: 'http 401 expired',
} as const;
type Condition = keyof typeof CONDITIONS;

// ---------------------------------------------------------------------------
// Photo bytes (docs/security.md §2.6): every role alike; one row per request, one column per
// whose photo the hash is. 'status code' of the answer.
// ---------------------------------------------------------------------------

type BlobRequest = 'GET /api/blobs/<hash>/upload' | 'PUT /api/blobs/<hash>/upload' | 'GET /api/blobs/<hash>';
/**
 * Whose the bytes are: a photo of the token's work, one of its photos that another member of the work
 * has half uploaded (uploads are per device: the request goes to the device's own partial), a photo
 * only another work has, or bytes no photo names.
 */
const BLOB_OWNERS = ['a photo of this work', 'a photo another member is uploading', 'a photo of another work only', 'bytes no photo names'] as const;
type BlobOwner = (typeof BLOB_OWNERS)[number];
const BLOBS: Record<BlobRequest, Record<BlobOwner, string>> = {
  'GET /api/blobs/<hash>/upload': {
    'a photo of this work': '200',
    'a photo another member is uploading': '200',
    'a photo of another work only': '409 not_referenced',
    'bytes no photo names': '409 not_referenced',
  },
  'PUT /api/blobs/<hash>/upload': {
    'a photo of this work': '200',
    'a photo another member is uploading': '200',
    'a photo of another work only': '409 not_referenced',
    'bytes no photo names': '409 not_referenced',
  },
  'GET /api/blobs/<hash>': {
    'a photo of this work': '200',
    'a photo another member is uploading': '404 not_found',
    'a photo of another work only': '404 not_found',
    'bytes no photo names': '404 not_found',
  },
};
/** And for every request and every whose: a revoked or an expired device. */
const BLOB_CONDITIONS = { revoked: '401 revoked', expired: '401 expired' } as const;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------
// Server and members
// ---------------------------------------------------------------------------

const OTHER_WORK = 'other-work';
const OTHER_POINT = 'other-point-1';
const OWN_POINT = 'demo-point-1';
// Site plans
const OWN_PLAN = 'authz-plan-a';
const OTHER_PLAN = 'authz-plan-b';
const PLAN_HASH = createHash('sha256').update('a site plan').digest('hex');
const planAddPayload = { name: 'Site plan', hash: PLAN_HASH, size: 1000, width: 800, height: 600, controlPoints: null };
// checklists: work B's template and inspection, for "other entity" cases
const OTHER_TEMPLATE = 'other-template-1';
const OTHER_INSPECTION = 'other-inspection-1';
const MATRIX_TEMPLATE: TemplateBody = {
  title: 'Matrix',
  lang: 'en',
  sections: [
    {
      id: 's',
      title: 'S',
      items: [
        { id: 'joints', kind: 'check', label: 'Joints sealed', required: true, raisesIssue: true },
        { id: 'depth', kind: 'number', label: 'Depth', required: true, unit: 'm', min: 0, max: 10 },
      ],
    },
  ],
};

interface Member {
  token: string;
  id: string;
  work: string;
  role: Role;
}

let base = '';
let store: Store;
let hub: LiveHub;
let server: http.Server;
let database: TestDatabase;
let dir = '';
let codesA: Record<Role, string>;
let codesB: Record<Role, string>;
/** The members whose ops are judged (the "actor"), per role, in work A. */
const actors = {} as Record<Role, Member>;
/** Helpers that drive issues into a status, and report "another member's" issues. */
const helpers = {} as Record<Role, Member>;
/** Revoked members of work A, one per role. */
const revoked = {} as Record<Role, Member>;
/** members of work A whose device has not been seen for 400 days (past every role's idle period). */
const expired = {} as Record<Role, Member>;
/** The same roles in work B (the "other work"). */
const inB = {} as Record<Role, Member>;
let otherIssue = '';
/** issues: a resident's contact in work B, for "other entity" cases. */
let otherContact = '';
/** A photo of work B (photo.add rows). */
let otherPhoto = '';
/** bytes of a photo of work B, uploaded by B; and where the server keeps photo bytes. */
let otherPhotoBytes: Uint8Array<ArrayBuffer>;
let blobs: BlobStore;
/** Every op id that was pushed and must (or must not) be in work A's log. */
const mustBeStored = new Set<string>();
const mustNotBeStored = new Set<string>();
let bEntitiesBefore: Array<{ type: string; state: AnyEntityState }> = [];

let seq = 0;
const fresh = (prefix: string) => `${prefix}-${++seq}-${Date.now().toString(36)}`;
const stamp = () => encodeStamp({ wall: Date.now(), counter: seq % 1000, node: 'authz-dev' });

async function seedOtherWork(s: Store): Promise<Record<Role, string>> {
  const now = Date.now();
  const codes = {} as Record<Role, string>;
  await s.transaction(async (tx) => {
    const ops = [
      systemOp<'work.create'>({
        kind: 'work.create',
        entity: 'work',
        entityId: OTHER_WORK,
        work: OTHER_WORK,
        payload: { name: 'Other compound garage', compound: 'Other compound', community: '', kind: 'garage', contractor: '', startDate: null, endDate: null },
      }),
      systemOp<'point.create'>({
        kind: 'point.create',
        entity: 'point',
        entityId: OTHER_POINT,
        work: OTHER_WORK,
        payload: { name: 'Garage ramp', lat: null, lng: null },
      }),
      systemOp<'plan.add'>({ kind: 'plan.add', entity: 'plan', entityId: OTHER_PLAN, work: OTHER_WORK, payload: planAddPayload }),
      systemOp<'template.create'>({
        kind: 'template.create',
        entity: 'template',
        entityId: OTHER_TEMPLATE,
        work: OTHER_WORK,
        payload: { name: 'Other checklist', body: MATRIX_TEMPLATE, basedOn: null },
      }),
      systemOp<'inspection.start'>({
        kind: 'inspection.start',
        entity: 'inspection',
        entityId: OTHER_INSPECTION,
        work: OTHER_WORK,
        payload: { templateId: OTHER_TEMPLATE, version: 1, pointId: null },
      }),
    ];
    for (const op of ops) {
      const r = await acceptOrReject(tx, op, 'system', now);
      if (r.status !== 'accepted') throw new Error(`seeding the other work: ${r.reason.message}`);
    }
    for (const role of ROLES) {
      codes[role] = newInviteCode();
      await tx.addInvite({ code: codes[role], work: OTHER_WORK, role, expiresAt: null }, now);
    }
  });
  return codes;
}

async function joinWith(code: string, name: string, deviceId = 'authz-dev'): Promise<{ status: number; body: JoinResponse & ErrorBody }> {
  const res = await fetch(`${base}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name, deviceId }),
  });
  return { status: res.status, body: (await res.json()) as JoinResponse & ErrorBody };
}

async function joinAs(codes: Record<Role, string>, role: Role, name: string): Promise<Member> {
  const { status, body } = await joinWith(codes[role], name);
  expect(status).toBe(200);
  return { token: body.token, id: body.member.id, work: body.member.work, role: body.member.role };
}

async function pushAs(m: Member, ops: unknown[], path = '/api/sync/push'): Promise<{ status: number; body: PushResponse & ErrorBody }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${m.token}` },
    body: JSON.stringify({ clientVersion: RULES_VERSION, ops }),
  });
  return { status: res.status, body: (await res.json()) as PushResponse & ErrorBody };
}

/** Pushes one op and returns 'accepted', the rejection code, or 'http <status> <code>'. */
async function outcomeOf(m: Member, op: Op, path?: string): Promise<string> {
  const { status, body } = await pushAs(m, [op], path);
  if (status !== 200) return `http ${status} ${body.error.code}`;
  expect(body.results).toHaveLength(1);
  const r = body.results[0]!;
  expect(r.id).toBe(op.id);
  return r.status === 'accepted' ? 'accepted' : r.reason.code;
}

async function pullAll(m: Member, extraQuery = ''): Promise<PullResponse['ops']> {
  const ops: PullResponse['ops'] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${base}/api/sync/pull?after=${after}&limit=1000${extraQuery}`, { headers: { Authorization: `Bearer ${m.token}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as PullResponse;
    ops.push(...page.ops);
    after = page.cursor;
    if (!page.hasMore) return ops;
  }
}

function envelope(m: Member, entity: Op['entity'], entityId: string): Pick<Op, 'id' | 'work' | 'entity' | 'entityId' | 'actor' | 'device' | 'hlc' | 'v'> {
  return { id: fresh('op'), work: m.work, entity, entityId, actor: m.id, device: 'authz-dev', hlc: stamp(), v: RULES_VERSION };
}

/** issues: a resident's contact for an issue. */
function contactOp(m: Member, issueId: string, shareWithContractor = false): Op {
  return {
    ...envelope(m, 'contact', fresh('contact')),
    kind: 'contact.add',
    payload: { issueId, name: '李阿姨', phone: '138 0000 1234', shareWithContractor },
  } as Op;
}

function issueCreateOp(m: Member, pointId: string | null = OWN_POINT): Op {
  return {
    ...envelope(m, 'issue', fresh('issue')),
    kind: 'issue.create',
    payload: { category: 'noise', description: 'drilling before 7 am', severity: 'medium', pointId },
  } as Op;
}

function transitionOp(m: Member, issueId: string, to: IssueStatus, carries: { reason?: boolean; plannedDate?: boolean }): Op {
  const payload: { to: IssueStatus; reason?: string; plannedDate?: string } = { to };
  if (carries.reason) payload.reason = 'the joint meeting decided so';
  if (carries.plannedDate) payload.plannedDate = '2099-12-20';
  return { ...envelope(m, 'issue', issueId), kind: 'issue.transition', payload } as Op;
}

/** An "after" photo of the fix attached to an issue: a resolution needs one (the photo rule is tested apart). */
function afterPhotoOp(m: Member, issueId: string): Op {
  const hash = createHash('sha256').update(`after ${issueId}`).digest('hex');
  return {
    ...envelope(m, 'photo', fresh('photo')),
    kind: 'photo.add',
    payload: {
      hash,
      size: 1000,
      thumbHash: hash,
      thumbSize: 1000,
      width: 10,
      height: 10,
      takenAt: null,
      location: null,
      phase: 'after',
      caption: '',
      targetType: 'issue',
      targetId: issueId,
    },
  } as Op;
}

// --- Photo bytes ---

let photoN = 0;
function photoBytes(label: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`photo ${label} ${++photoN} ${Date.now()}`.repeat(50));
}
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A photo.add of `m`'s work naming these bytes (as display copy and thumbnail), pushed and accepted. */
async function recordPhoto(m: Member, bytes: Uint8Array, pointId = OWN_POINT): Promise<void> {
  const hash = sha256(bytes);
  const op = {
    ...envelope(m, 'photo', fresh('photo')),
    kind: 'photo.add',
    payload: {
      hash,
      size: bytes.length,
      thumbHash: hash,
      thumbSize: bytes.length,
      width: 10,
      height: 10,
      takenAt: null,
      location: null,
      phase: 'before',
      caption: '',
      targetType: 'point',
      targetId: pointId,
    },
  } as Op;
  expect(await outcomeOf(m, op)).toBe('accepted');
}

/** One request about these bytes by `m`: '<status>' for a success, '<status> <code>' for a refusal. */
async function blobAnswer(m: Member, request: BlobRequest, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = sha256(bytes);
  const headers = { Authorization: `Bearer ${m.token}` };
  const res =
    request === 'PUT /api/blobs/<hash>/upload'
      ? await fetch(`${base}/api/blobs/${hash}/upload?offset=0&total=${bytes.length}`, {
          method: 'PUT',
          headers: { ...headers, 'Content-Type': 'application/octet-stream' },
          body: bytes,
        })
      : await fetch(`${base}${request.slice(4).replace('<hash>', hash)}`, { headers });
  if (res.ok) {
    await res.arrayBuffer();
    return String(res.status);
  }
  return `${res.status} ${((await res.json()) as ErrorBody).error.code}`;
}

/** How the helpers bring a fresh issue into each status. */
const PATH: Record<Exclude<IssueStatus, 'merged'>, Array<{ by: Role; to: IssueStatus; reason?: boolean; plannedDate?: boolean }>> = {
  reported: [],
  acknowledged: [{ by: 'liaison', to: 'acknowledged', plannedDate: true }],
  in_progress: [
    { by: 'liaison', to: 'acknowledged', plannedDate: true },
    { by: 'liaison', to: 'in_progress' },
  ],
  resolved: [
    { by: 'liaison', to: 'acknowledged', plannedDate: true },
    { by: 'liaison', to: 'resolved' },
  ],
  verified: [
    { by: 'liaison', to: 'acknowledged', plannedDate: true },
    { by: 'liaison', to: 'resolved' },
    { by: 'volunteer', to: 'verified' },
  ],
  disputed: [{ by: 'liaison', to: 'disputed', reason: true }],
  reopened: [
    { by: 'liaison', to: 'acknowledged', plannedDate: true },
    { by: 'liaison', to: 'resolved' },
    { by: 'volunteer', to: 'reopened', reason: true },
  ],
  rejected: [{ by: 'staff', to: 'rejected', reason: true }],
};

/** A fresh issue of work A in `status`, reported by `reporter`. */
async function issueIn(status: IssueStatus, reporter: Member): Promise<string> {
  if (status === 'merged') return mergedIssue(reporter); // merge duplicates
  const create = issueCreateOp(reporter);
  expect(await outcomeOf(reporter, create)).toBe('accepted');
  for (const step of PATH[status]) {
    if (step.to === 'resolved') expect(await outcomeOf(helpers.liaison, afterPhotoOp(helpers.liaison, create.entityId))).toBe('accepted');
    const op = transitionOp(helpers[step.by], create.entityId, step.to, step);
    expect(await outcomeOf(helpers[step.by], op)).toBe('accepted');
  }
  return create.entityId;
}

// --- merge duplicates ---
/** A fresh issue of work A merged (by staff) into another fresh one. */
async function mergedIssue(reporter: Member): Promise<string> {
  const dup = await issueIn('reported', reporter);
  const op = transitionOp(helpers.staff, dup, 'merged', {}) as OpOf<'issue.transition'>;
  op.payload.into = await issueIn('reported', helpers.volunteer);
  expect(await outcomeOf(helpers.staff, op)).toBe('accepted');
  return dup;
}

/** The issue a merge row names (an id that exists nowhere when the op is never judged on its rules). */
async function mergeTargetFor(into: MergeTarget, prepare: boolean): Promise<string> {
  if (into === 'other-work') return otherIssue;
  if (!prepare) return fresh('issue');
  return issueIn(into === 'open' ? 'acknowledged' : 'rejected', helpers.volunteer);
}
// --- end merge duplicates ---

// --- checklists ---
async function accepted(m: Member, op: Op): Promise<void> {
  expect(await outcomeOf(m, op)).toBe('accepted');
}

/** A fresh template of work A at version 1, made by staff. */
async function templateIn(): Promise<string> {
  const op = {
    ...envelope(helpers.staff, 'template', fresh('tpl')),
    kind: 'template.create',
    payload: { name: 'Matrix checklist', body: MATRIX_TEMPLATE, basedOn: null },
  } as Op;
  await accepted(helpers.staff, op);
  return op.entityId;
}

const answerOp = (m: Member, inspectionId: string, itemId: string, value: string | number) =>
  ({ ...envelope(m, 'inspection', inspectionId), kind: 'inspection.answer', payload: { itemId, answer: { value, note: '', photos: [] } } }) as Op;

/** A fresh inspection of work A: nothing answered, all answered (passing), or submitted. */
async function inspectionIn(fill: 'empty' | 'complete' | 'submitted', starter?: Member): Promise<string> {
  const v = starter ?? helpers.volunteer;
  const start = {
    ...envelope(v, 'inspection', fresh('insp')),
    kind: 'inspection.start',
    payload: { templateId: await templateIn(), version: 1, pointId: OWN_POINT },
  } as Op;
  await accepted(v, start);
  if (fill !== 'empty') {
    await accepted(v, answerOp(v, start.entityId, 'joints', 'pass'));
    await accepted(v, answerOp(v, start.entityId, 'depth', 1.2));
  }
  if (fill === 'submitted') await accepted(v, { ...envelope(v, 'inspection', start.entityId), kind: 'inspection.submit', payload: { raised: {} } } as Op);
  return start.entityId;
}

/** The op of a checklist row (null for other kinds). */
async function checklistOp(row: Row, m: Member, prepare: boolean): Promise<Op | null> {
  switch (row.kind) {
    case 'template.create':
      return {
        ...envelope(m, 'template', fresh('tpl')),
        kind: 'template.create',
        payload: { name: 'New checklist', body: MATRIX_TEMPLATE, basedOn: null },
      } as Op;
    case 'template.revise': {
      const id = prepare ? await templateIn() : fresh('tpl');
      const version = row.variant === 'stale' ? 5 : 2;
      return { ...envelope(m, 'template', id), kind: 'template.revise', payload: { version, name: 'Edited checklist', body: MATRIX_TEMPLATE } } as Op;
    }
    case 'inspection.start': {
      const templateId = row.variant === 'other-work-template' ? OTHER_TEMPLATE : prepare ? await templateIn() : fresh('tpl');
      const version = row.variant === 'unknown-version' ? 9 : 1;
      return { ...envelope(m, 'inspection', fresh('insp')), kind: 'inspection.start', payload: { templateId, version, pointId: OWN_POINT } } as Op;
    }
    case 'inspection.discard': {
      const fill = row.target.type === 'inspection' ? row.target.fill : 'empty';
      // A volunteer's own draft: started by the acting member (staff start theirs too; liaisons cannot start one).
      const starter = row.variant === 'own-draft' && m.role !== 'liaison' ? m : undefined;
      const id = prepare ? await inspectionIn(fill, starter) : fresh('insp');
      return { ...envelope(m, 'inspection', id), kind: 'inspection.discard', payload: {} } as Op;
    }
    case 'inspection.answer':
    case 'inspection.submit': {
      const fill = row.target.type === 'inspection' ? row.target.fill : 'empty';
      const id = prepare ? await inspectionIn(fill) : fresh('insp');
      if (row.kind === 'inspection.submit') return { ...envelope(m, 'inspection', id), kind: 'inspection.submit', payload: { raised: {} } } as Op;
      if (row.variant === 'out-of-range') return answerOp(m, id, 'depth', 12);
      if (row.variant === 'unknown-item') return answerOp(m, id, 'no-such-item', 'pass');
      return answerOp(m, id, 'joints', 'fail');
    }
    case 'issue.create': {
      if (row.variant !== 'unnamed-source') return null;
      const inspectionId = prepare ? await inspectionIn('submitted') : fresh('insp');
      const op = issueCreateOp(m, OWN_POINT) as OpOf<'issue.create'>;
      return { ...op, payload: { ...op.payload, source: { inspectionId, itemId: 'joints' } } };
    }
    default:
      return null;
  }
}
// --- end checklists ---

/** The op a row describes, made by `m` in its own work (preparing the target issue if needed). */
async function opFor(row: Row, m: Member, prepare: boolean): Promise<Op> {
  const pointId = row.point === 'none' ? null : row.point === 'other-work' ? OTHER_POINT : OWN_POINT;
  const checklist = await checklistOp(row, m, prepare); // checklists
  if (checklist) return checklist;
  let issueId = fresh('issue');
  if (row.target.type === 'issue' && prepare) {
    issueId = await issueIn(row.target.status, row.target.reporter === 'self' ? m : helpers.volunteer);
  }
  switch (row.kind) {
    case 'work.create':
      return {
        ...envelope(m, 'work', m.work),
        kind: 'work.create',
        payload: { name: 'A second work', compound: 'Somewhere', community: '', kind: 'other', contractor: '', startDate: null, endDate: null },
      } as Op;
    case 'point.create':
      return { ...envelope(m, 'point', fresh('point')), kind: 'point.create', payload: { name: 'New point', lat: 29.8, lng: 121.5 } } as Op;
    case 'member.join':
      return { ...envelope(m, 'member', fresh('member')), kind: 'member.join', payload: { name: 'Self-made member', role: 'staff' } } as Op;
    case 'issue.create':
      return issueCreateOp(m, pointId);
    case 'issue.edit': {
      const fields = row.point === 'other-work' ? { pointId: OTHER_POINT } : { severity: 'high' as const, description: 'louder now' };
      return { ...envelope(m, 'issue', issueId), kind: 'issue.edit', payload: { fields } } as Op;
    }
    case 'issue.comment':
      return { ...envelope(m, 'issue', issueId), kind: 'issue.comment', payload: { text: 'seen again this morning' } } as Op;
    case 'issue.affect':
      return { ...envelope(m, 'issue', issueId), kind: 'issue.affect', payload: {} } as Op;
    case 'contact.add': {
      // issues: the contact names an issue of this work (reported by a helper), or one of work B.
      const target = row.contactIssue === 'other-work' || !prepare ? otherIssue : await issueIn('reported', helpers.volunteer);
      return contactOp(m, target);
    }

    case 'photo.add': {
      let targetId = row.point === 'other-work' ? OTHER_POINT : OWN_POINT;
      if (row.photoOn === 'issue') targetId = row.point === 'other-work' ? otherIssue : prepare ? await issueIn('reported', helpers.volunteer) : fresh('issue');
      const photo = afterPhotoOp(m, targetId);
      return { ...photo, payload: { ...(photo.payload as object), phase: 'before', targetType: row.photoOn ?? 'point', targetId } } as Op;
    }
    case 'member.role':
      return { ...envelope(m, 'member', m.id), kind: 'member.role', payload: { role: 'staff' } } as Op;
    case 'contact.erase':
      return { ...envelope(m, 'contact', fresh('contact')), kind: 'contact.erase', payload: { shareWithContractor: false, reason: 'withdrawn' } } as Op;
    case 'photo.retract':
    case 'photo.annotate': {
      let photoId = fresh('photo');
      if (row.target.type === 'photo' && prepare) {
        const author = row.target.author === 'self' ? m : helpers.volunteer;
        const add = afterPhotoOp(author, OWN_POINT);
        const added = { ...add, payload: { ...(add.payload as object), phase: 'before', targetType: 'point', targetId: OWN_POINT } } as Op;
        if (row.target.age === 'old') added.hlc = encodeStamp({ wall: Date.now() - 2 * DAY, counter: 0, node: 'authz-dev' });
        expect(await outcomeOf(author, added)).toBe('accepted');
        photoId = added.entityId;
      }
      if (row.kind === 'photo.annotate') {
        const shapes = [{ type: 'circle', at: { x: 0.5, y: 0.5 }, r: 0.1 }];
        return { ...envelope(m, 'photo', photoId), kind: 'photo.annotate', payload: { shapes } } as Op;
      }
      return { ...envelope(m, 'photo', photoId), kind: 'photo.retract', payload: { reason: 'taken at the wrong site' } } as Op;
    }
    case 'issue.transition':
      if (row.move!.to === 'resolved' && prepare && row.target.type === 'issue') {
        expect(await outcomeOf(helpers.liaison, afterPhotoOp(helpers.liaison, issueId))).toBe('accepted');
      }
      if (row.move!.into) {
        // merge duplicates
        const op = transitionOp(m, issueId, 'merged', {}) as OpOf<'issue.transition'>;
        op.payload.into = await mergeTargetFor(row.move!.into, prepare);
        return op;
      }
      return transitionOp(m, issueId, row.move!.to, row.move!);
    // Site plans
    case 'plan.add':
      return { ...envelope(m, 'plan', fresh('plan')), kind: 'plan.add', payload: planAddPayload } as Op;
    case 'plan.georef': {
      const controlPoints = [
        { plan: { x: 100, y: 500 }, geo: { lat: 29.8683, lng: 121.544 } },
        { plan: { x: 700, y: 100 }, geo: { lat: 29.8689, lng: 121.5452 } },
      ];
      return { ...envelope(m, 'plan', OWN_PLAN), kind: 'plan.georef', payload: { controlPoints } } as Op;
    }
    case 'work.originals':
      return { ...envelope(m, 'work', m.work), kind: 'work.originals', payload: { upload: true } } as Op;
    case 'work.targets':
      return { ...envelope(m, 'work', m.work), kind: 'work.targets', payload: { responseTargets: { acknowledgeHours: 12, resolveDays: 5 } } } as Op;
    case 'point.update':
      return { ...envelope(m, 'point', OWN_POINT), kind: 'point.update', payload: { name: '3号楼北侧主干道（东段）', archived: false } } as Op;
    case 'point.place': {
      const planId = row.point === 'other-work' ? OTHER_PLAN : OWN_PLAN;
      return { ...envelope(m, 'point', OWN_POINT), kind: 'point.place', payload: { place: { planId, x: 400, y: 300 } } } as Op;
    }
    case 'issue.triage': {
      // residents: the server makes the report (as resident-routes.ts does), then the member triages it
      if (row.target.type === 'resident-report' && prepare) issueId = await residentReport();
      const payload = row.triage === 'decline' ? { decision: 'decline', reason: 'not_enough_info', note: '请补充具体位置' } : { decision: 'accept' };
      return { ...envelope(m, 'issue', issueId), kind: 'issue.triage', payload } as Op;
    }
    default:
      throw new Error(`no builder for ${row.kind}: add one, and rows to MATRIX and docs/security.md`);
  }
}

/** The entity of work B that has the same type as the row's target. */
function otherEntityFor(row: Row): string {
  switch (row.kind) {
    case 'work.create':
      return OTHER_WORK;
    case 'point.create':
      return OTHER_POINT;
    case 'member.join':
    case 'member.role':
      return inB.volunteer.id;
    case 'photo.add':
    case 'photo.retract':
    case 'photo.annotate':
      return otherPhoto;
    // Site plans
    case 'plan.add':
    case 'plan.georef':
      return OTHER_PLAN;
    case 'point.place':
    case 'point.update':
      return OTHER_POINT;
    case 'work.originals':
    case 'work.targets':
      return OTHER_WORK;
    case 'template.create': // checklists
    case 'template.revise':
      return OTHER_TEMPLATE;
    case 'inspection.start':
    case 'inspection.answer':
    case 'inspection.submit':
    case 'inspection.discard':
      return OTHER_INSPECTION;
    case 'contact.add':
    case 'contact.erase':
      return otherContact;
    default:
      return otherIssue;
  }
}

beforeAll(async () => {
  database = await testDatabase('authz');
  dir = database.dir;
  store = await database.open();
  await seedDemoIfEmpty(store);
  codesA = Object.fromEntries((await store.listInvites(DEMO_WORK_ID)).map((i) => [i.role, i.code])) as Record<Role, string>;
  codesB = await seedOtherWork(store);
  // Site plans: a plan of work A for plan.georef and point.place.
  await store.transaction((tx) =>
    acceptOrReject(
      tx,
      systemOp<'plan.add'>({ kind: 'plan.add', entity: 'plan', entityId: OWN_PLAN, work: DEMO_WORK_ID, payload: planAddPayload }),
      'system',
      Date.now(),
    ),
  );
  hub = new LiveHub();
  blobs = database.blobStore(store);
  server = http.createServer(createApp({ store, staticDir: join(dir, 'no-static'), hub, joinAttemptsPerMinute: 100_000, blobs }));
  base = await listenOnLoopback(server);

  for (const role of ROLES) {
    actors[role] = await joinAs(codesA, role, `${role} actor`);
    helpers[role] = await joinAs(codesA, role, `${role} helper`);
    revoked[role] = await joinAs(codesA, role, `${role} revoked`);
    await store.revokeMember(revoked[role].id, Date.now());
    expired[role] = await joinAs(codesA, role, `${role} expired`);
    inB[role] = await joinAs(codesB, role, `${role} in B`);
  }
  // as if these devices had last synced 400 days ago.
  const raw = await database.raw();
  for (const role of ROLES) {
    await raw.query('UPDATE devices SET created_at = $1, last_seen_at = $2 WHERE member_id = $3', [
      Date.now() - 400 * DAY,
      Date.now() - 400 * DAY,
      expired[role].id,
    ]);
  }
  await raw.close();
  // An issue of work B, for "other entity" cases.
  const create = issueCreateOp(inB.volunteer, OTHER_POINT);
  expect(await outcomeOf(inB.volunteer, create)).toBe('accepted');
  otherIssue = create.entityId;
  const contact = contactOp(inB.volunteer, otherIssue);
  expect(await outcomeOf(inB.volunteer, contact)).toBe('accepted');
  otherContact = contact.entityId;
  const photoB = afterPhotoOp(inB.volunteer, otherIssue);
  expect(await outcomeOf(inB.volunteer, photoB)).toBe('accepted');
  otherPhoto = photoB.entityId;
  // a photo of work B whose bytes B uploaded, for the photo-bytes table.
  otherPhotoBytes = photoBytes('work B');
  await recordPhoto(inB.volunteer, otherPhotoBytes, OTHER_POINT);
  expect(await blobAnswer(inB.volunteer, 'PUT /api/blobs/<hash>/upload', otherPhotoBytes)).toBe('200');
  bEntitiesBefore = await store.listEntities(OTHER_WORK);
});

afterAll(async () => {
  hub.closeAll();
  await closeServer(server);
  await store.close();
  await database.drop();
});

// ---------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------

/** The rows of a markdown table between <!-- name:start --> and <!-- name:end --> in docs/security.md. */
function docTable(name: string): string[][] {
  const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
  const section = doc.split(`<!-- ${name}:start -->`)[1]?.split(`<!-- ${name}:end -->`)[0];
  if (section === undefined) throw new Error(`docs/security.md has no ${name} table`);
  return section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2) // header and separator
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/[`*]/g, '')),
    );
}

/** A count docs/security.md states in prose, marked <!-- count:name --> just before the number. */
function docCount(name: string): number {
  const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
  const m = new RegExp(`<!-- count:${name} -->([0-9,]+)`).exec(doc);
  if (!m) throw new Error(`docs/security.md states no ${name} count`);
  return Number(m[1]!.replace(/,/g, ''));
}

describe('the documented matrix is complete', () => {
  it('is exactly the matrix of docs/security.md §2.1, row for row', () => {
    const documented = docTable('matrix').map(([action, volunteer, liaison, staff]) => ({ action, volunteer, liaison, staff }));
    expect(documented).toEqual(MATRIX.map((r) => ({ action: r.action, ...r.expect })));
  });

  it('has the conditions of docs/security.md §2.2', () => {
    const documented = Object.fromEntries(docTable('conditions').map(([condition, answer]) => [condition, answer!.toLowerCase()]));
    expect(Object.keys(documented)).toEqual(Object.keys(CONDITIONS));
    for (const [condition, answer] of Object.entries(CONDITIONS)) {
      expect(documented[condition]!.startsWith(answer ?? 'as the matrix says'), condition).toBe(true);
    }
  });

  it('has a row for every move of the status machine (src/core/status.ts), with the same roles', () => {
    for (const from of ISSUE_STATUSES) {
      for (const rule of TRANSITIONS[from]) {
        const row = MATRIX.find(
          (r) =>
            r.kind === 'issue.transition' &&
            r.target.type === 'issue' &&
            r.target.status === from &&
            r.move?.to === rule.to &&
            r.move.reason === (rule.needs === 'reason') &&
            r.move.plannedDate === (rule.needs === 'plannedDate'),
        );
        expect(row, `${from} → ${rule.to}`).toBeDefined();
        for (const role of ROLES) expect(row!.expect[role], `${role}: ${from} → ${rule.to}`).toBe(rule.roles.includes(role) ? 'accepted' : 'forbidden_role');
      }
    }
    // and every row that claims a move is legal names a move the machine has
    for (const row of MATRIX.filter((r) => r.move && Object.values(r.expect).includes('accepted'))) {
      const from = (row.target as { status: IssueStatus }).status;
      expect(
        TRANSITIONS[from].some((t) => t.to === row.move!.to),
        row.action,
      ).toBe(true);
    }
  });

  it('covers every op kind of the schema (but those listed as pending) and every target status', () => {
    const kinds = new Set<string>(MATRIX.map((r) => r.kind));
    expect([...kinds].sort()).toEqual([
      'contact.add', // issues
      'contact.erase', // residents' reports: made by the server when a resident withdraws
      'inspection.answer', // checklists
      'inspection.discard',
      'inspection.start',
      'inspection.submit',
      'issue.affect', // issues
      'issue.comment',
      'issue.create',
      'issue.edit',
      'issue.transition',
      'issue.triage', // residents' reports: volunteers triage a poster's report
      'member.join',
      'member.role', // works, members and roles
      'photo.add',
      'photo.annotate',
      'photo.retract',
      'plan.add', // site plans
      'plan.georef',
      'point.create',
      'point.place',
      'point.update',
      'template.create',
      'template.revise',
      'work.create',
      'work.originals',
      'work.targets',
    ]);
    // A new op kind needs rows here and in docs/security.md before it ships.
    const schemaKinds = OpSchema.options.map((o) => o.entries.kind.literal as string);
    expect(schemaKinds.filter((k) => !kinds.has(k)).sort()).toEqual([...NOT_YET_IN_MATRIX].sort());
    const targets = new Set(MATRIX.flatMap((r) => (r.move ? [r.move.to] : [])));
    expect([...targets].sort()).toEqual([...ISSUE_STATUSES].sort());
  });
});

const CASES = MATRIX.flatMap((row) =>
  ROLES.flatMap((role) =>
    (Object.keys(CONDITIONS) as Condition[]).flatMap((condition) => {
      const own = row.expect[role];
      if (own === 'n/a') return [];
      const expected: string = condition === 'own work' ? own : CONDITIONS[condition];
      return [{ row, role, condition, expected, name: `${role} · ${row.action} · ${condition} → ${expected}` }];
    }),
  ),
);

describe('push: role × op kind × condition', () => {
  // Work B as the cases find it (other blocks, in any order, may have added to it before).
  beforeAll(async () => {
    bEntitiesBefore = await store.listEntities(OTHER_WORK);
  });

  it.each(CASES)('$name', async ({ row, role, condition, expected }) => {
    const m = condition === 'own work' || condition === 'other work' || condition === 'other entity' ? actors[role] : { revoked, expired }[condition][role];
    let op = await opFor(row, m, condition === 'own work');
    if (condition === 'other work') {
      // The person is a member of work B too (inB), but this token is work A's.
      op = { ...op, work: OTHER_WORK };
      if (row.kind === 'work.create') op = { ...op, entityId: OTHER_WORK };
    }
    if (condition === 'other entity') op = { ...op, entityId: otherEntityFor(row) };
    const got = await outcomeOf(m, op);
    expect(got).toBe(expected);
    (got === 'accepted' ? mustBeStored : mustNotBeStored).add(op.id);
  });

  // A check of what all the cases above stored together: it runs after them, in whatever order they ran.
  afterAll(async () => {
    // stored exactly the accepted ops in work A, and left work B untouched
    if (mustBeStored.size + mustNotBeStored.size === 0) return; // a filtered run (-t) ran no case
    if (mustBeStored.size + mustNotBeStored.size === CASES.length) {
      expect(mustBeStored.size).toBeGreaterThan(0);
      expect(mustNotBeStored.size).toBeGreaterThan(0);
    }
    const ids = new Set((await pullAll(actors.staff)).map((o) => o.id));
    for (const id of mustBeStored) expect(ids.has(id), id).toBe(true);
    for (const id of mustNotBeStored) expect(ids.has(id), id).toBe(false);
    const idsB = new Set((await pullAll(inB.staff)).map((o) => o.id));
    for (const id of [...mustBeStored, ...mustNotBeStored]) expect(idsB.has(id), id).toBe(false);
    expect(await store.listEntities(OTHER_WORK)).toEqual(bEntitiesBefore);
  });

  it('counts: the rows and cases docs/security.md §2.1 states are those of its table and of this file', () => {
    console.log(
      `authorization: ${CASES.length} matrix cases (${MATRIX.length} rows × ${ROLES.length} roles × ${Object.keys(CONDITIONS).length} conditions, n/a skipped)`,
    );
    const rows = docTable('matrix');
    const conditions = docTable('conditions').length;
    // Counted from the doc's own tables: every cell but n/a, under every condition.
    const documentedCases = rows.reduce((sum, [, ...cells]) => sum + cells.filter((c) => c !== 'n/a').length * conditions, 0);
    expect(docCount('matrix-rows')).toBe(rows.length);
    expect(docCount('matrix-cases')).toBe(documentedCases);
    expect(rows.length).toBe(MATRIX.length);
    expect(documentedCases).toBe(CASES.length);
  });
});

const BLOB_CASES = ROLES.flatMap((role) =>
  (Object.keys(BLOBS) as BlobRequest[]).flatMap((request) => [
    ...BLOB_OWNERS.map((owner) => ({ role, request, owner, device: 'valid' as const, expected: BLOBS[request][owner] })),
    ...(['revoked', 'expired'] as const).map((device) => ({
      role,
      request,
      owner: 'a photo of this work' as BlobOwner,
      device,
      expected: BLOB_CONDITIONS[device],
    })),
  ]),
).map((c) => ({ ...c, name: `${c.role} · ${c.request} · ${c.device === 'valid' ? c.owner : `${c.device} device`} → ${c.expected}` }));

describe('photo bytes: role × request × whose photo', () => {
  it('is exactly the table of docs/security.md §2.6', () => {
    const documented = docTable('blobs').map(([request, ...answers]) => [request, answers]);
    expect(documented).toEqual(Object.entries(BLOBS).map(([request, row]) => [request, BLOB_OWNERS.map((o) => row[o])]));
    const conditions = Object.fromEntries(docTable('blob-conditions').map(([device, answer]) => [device, answer]));
    expect(conditions).toEqual(BLOB_CONDITIONS);
  });

  it.each(BLOB_CASES)('$name', async ({ role, request, owner, device, expected }) => {
    const m = device === 'valid' ? actors[role] : { revoked, expired }[device][role];
    let bytes = photoBytes(`${role} ${request}`);
    if (owner === 'a photo of another work only') bytes = otherPhotoBytes;
    // A photo of this work is recorded by a valid member of it (the revoked and expired devices cannot push).
    if (owner === 'a photo of this work') await recordPhoto(actors[role], bytes);
    if (owner === 'a photo another member is uploading') {
      // Another member of the work (the same role's helper) has sent the first half: the request goes to the device's own upload.
      await recordPhoto(helpers[role], bytes);
      const half = await fetch(`${base}/api/blobs/${sha256(bytes)}/upload?offset=0&total=${bytes.length}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${helpers[role].token}`, 'Content-Type': 'application/octet-stream' },
        body: bytes.subarray(0, bytes.length >> 1),
      });
      expect(half.status).toBe(200);
      await half.arrayBuffer();
    }
    if (request === 'GET /api/blobs/<hash>' && owner === 'a photo of this work') {
      expect(await blobAnswer(actors[role], 'PUT /api/blobs/<hash>/upload', bytes)).toBe('200');
    }
    const before = await blobs.status(sha256(bytes));
    expect(await blobAnswer(m, request, bytes)).toBe(expected);
    // A refused upload stores nothing.
    if (request === 'PUT /api/blobs/<hash>/upload' && expected !== '200') expect(await blobs.status(sha256(bytes))).toEqual(before);
  });

  it('counts: the cases docs/security.md §2.6 states are those of its tables and of this file', () => {
    console.log(
      `authorization: ${BLOB_CASES.length} photo-bytes cases (${ROLES.length} roles × ${Object.keys(BLOBS).length} requests × ${BLOB_OWNERS.length + 2} owners and conditions)`,
    );
    const requests = docTable('blobs');
    const documentedCases = ROLES.length * requests.reduce((sum, [, ...answers]) => sum + answers.length + docTable('blob-conditions').length, 0);
    expect(docCount('blob-cases')).toBe(documentedCases);
    expect(documentedCases).toBe(BLOB_CASES.length);
  });
});

describe('no device can create a work', () => {
  it.each(ROLES)('%s: work.create with a new work id is not_member (the token decides the work)', async (role) => {
    const m = actors[role];
    const id = fresh('new-work');
    const op = {
      ...envelope(m, 'work', id),
      work: id,
      kind: 'work.create',
      payload: { name: 'New', compound: 'New', community: '', kind: 'other', contractor: '', startDate: null, endDate: null },
    } as Op;
    expect(await outcomeOf(m, op)).toBe('not_member');
  });
});

describe('creating a work again (its first answer was lost): only the member who created it', () => {
  // Every member here joined with the same device id ('authz-dev'), and the work's id is in the request:
  // neither proves anything, so only the creating member's own token gets a token back.
  const request = {
    workId: fresh('retried-work'),
    deviceId: 'authz-dev',
    name: '重试工程',
    compound: '小区',
    community: '',
    kind: 'other',
    contractor: '',
    startDate: null,
    endDate: null,
    responseTargets: { acknowledgeHours: 24, resolveDays: 7 },
  };
  const create = (m: Member) =>
    fetch(`${base}/api/admin/works`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${m.token}` },
      body: JSON.stringify(request),
    });
  let creatorMember = '';
  beforeAll(async () => {
    const first = await create(actors.staff);
    expect(first.status).toBe(200);
    creatorMember = ((await first.json()) as { member: { id: string } }).member.id;
  });

  it.each([
    ['the creator (staff of work A)', 200, () => actors.staff],
    ['another staff member of work A', 400, () => helpers.staff],
    ['staff of work B', 400, () => inB.staff],
    ['a volunteer of work A', 403, () => actors.volunteer],
    ['a liaison of work A', 403, () => actors.liaison],
    ['a revoked staff member of work A', 401, () => revoked.staff],
  ] as const)('%s: %i', async (_who, expected, requester) => {
    const res = await create(requester());
    expect(res.status).toBe(expected);
    const body = (await res.json()) as { member?: { id: string } };
    if (expected === 200) expect(body.member?.id).toBe(creatorMember);
    else expect(JSON.stringify(body)).not.toContain(creatorMember);
  });
});

// ---------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------

describe('reads', () => {
  it.each(ROLES)('%s pulls its own work, and only its own work', async (role) => {
    const ops = await pullAll(actors[role]);
    expect(ops.length).toBeGreaterThan(0);
    expect(new Set(ops.map((o) => o.work))).toEqual(new Set([DEMO_WORK_ID]));
  });

  it('a token of work A never reads work B: no work parameter, the token decides', async () => {
    const a = await pullAll(actors.volunteer, `&work=${OTHER_WORK}&workId=${OTHER_WORK}`);
    const b = await pullAll(inB.volunteer, `&work=${DEMO_WORK_ID}`);
    expect(new Set(a.map((o) => o.work))).toEqual(new Set([DEMO_WORK_ID]));
    expect(new Set(b.map((o) => o.work))).toEqual(new Set([OTHER_WORK]));
    const idsA = new Set(a.map((o) => o.id));
    expect(b.some((o) => idsA.has(o.id))).toBe(false);
    expect(b.map((o) => o.entityId)).toContain(otherIssue);
    expect(a.map((o) => o.entityId)).not.toContain(otherIssue);
  });

  it.each(ROLES)('revoked %s: push, pull, events and rescue all answer 401 revoked', async (role) => {
    const m = revoked[role];
    const headers = { Authorization: `Bearer ${m.token}` };
    for (const res of [
      await fetch(`${base}/api/sync/pull?after=0`, { headers }),
      await fetch(`${base}/api/sync/events`, { headers }),
      await fetch(`${base}/api/sync/push`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' }),
      await fetch(`${base}/api/sync/rescue`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' }),
    ]) {
      expect(res.status).toBe(401);
      // a revoked device is told so (code `revoked`, "您已被移出此工程"), not just "unauthorized".
      expect(((await res.json()) as ErrorBody).error.code).toBe('revoked');
    }
  });

  it('revocation takes effect on the next request', async () => {
    const m = await joinAs(codesA, 'volunteer', 'about to leave');
    const headers = { Authorization: `Bearer ${m.token}` };
    expect((await fetch(`${base}/api/sync/pull?after=0`, { headers })).status).toBe(200);
    await store.revokeMember(m.id, Date.now());
    expect((await fetch(`${base}/api/sync/pull?after=0`, { headers })).status).toBe(401);
  });

  async function openEvents(
    headers: Record<string, string>,
    path = '/api/sync/events',
  ): Promise<{ status: number; type: string | null; read: (until: RegExp) => Promise<string>; close: () => void; json?: ErrorBody }> {
    const ctrl = new AbortController();
    const res = await fetch(`${base}${path}`, { headers, signal: ctrl.signal });
    if (res.status !== 200)
      return { status: res.status, type: res.headers.get('content-type'), read: async () => '', close: () => {}, json: (await res.json()) as ErrorBody };
    const reader = res.body!.getReader();
    let text = '';
    const read = async (until: RegExp) => {
      while (!until.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text;
    };
    return { status: 200, type: res.headers.get('content-type'), read, close: () => ctrl.abort() };
  }

  it("events: a valid token gets its own work's stream, and only its own work's pokes", async () => {
    const a = await openEvents({ Authorization: `Bearer ${actors.volunteer.token}` });
    expect(a.status).toBe(200);
    expect(a.type).toMatch(/^text\/event-stream/);
    await a.read(/event: ready\ndata: \{"seq":\d+\}\n\n/);
    // A push to work B first, then one to work A: the first poke A's stream sees is A's.
    const inOther = issueCreateOp(inB.volunteer, OTHER_POINT);
    const { body: bRes } = await pushAs(inB.volunteer, [inOther]);
    const inOwn = issueCreateOp(actors.volunteer);
    const { body: aRes } = await pushAs(actors.volunteer, [inOwn]);
    const bSeq = bRes.results[0]!.status === 'accepted' ? bRes.results[0]!.seq : -1;
    const aSeq = aRes.results[0]!.status === 'accepted' ? aRes.results[0]!.seq : -1;
    const text = await a.read(/event: ops\n/);
    a.close();
    expect(text).toContain(`event: ops\ndata: {"seq":${aSeq}}`);
    expect(text).not.toContain(`{"seq":${bSeq}}`);
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown token', { Authorization: `Bearer ${'A'.repeat(43)}` }],
    ['lower-case bearer', { Authorization: 'bearer TOKEN' }],
    ['Basic auth', { Authorization: `Basic ${Buffer.from('staff:staff').toString('base64')}` }],
  ] as const)('events: %s → 401', async (_name, headers) => {
    const h: Record<string, string> = { ...headers };
    if (h.Authorization) h.Authorization = h.Authorization.replace('TOKEN', actors.volunteer.token);
    const e = await openEvents(h);
    expect(e.status).toBe(401);
    expect(e.json?.error.code).toBe('unauthorized');
  });

  it("rescue: staff only; signed ops judged with their author's role, in the staff member's own work only", async () => {
    for (const role of ['volunteer', 'liaison'] as const) {
      const { status, body } = await pushAs(actors[role], [issueCreateOp(actors[role])], '/api/sync/rescue');
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    }
    const issue = await issueIn('reported', helpers.volunteer);
    // Staff import what the author's own device signed (every member here joined on 'authz-dev').
    const imported = async (author: Member, op: Op) => {
      const macs = [await signRescueOp(author.token, author.id, 'authz-dev', op)];
      const res = await fetch(`${base}/api/sync/rescue`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${actors.staff.token}` },
        body: JSON.stringify({ clientVersion: RULES_VERSION, member: author.id, device: 'authz-dev', ops: [op], macs }),
      });
      const body = (await res.json()) as PushResponse & ErrorBody;
      if (res.status !== 200) return `http ${res.status} ${body.error.code}`;
      const r = body.results[0]!;
      return r.status === 'accepted' ? 'accepted' : r.reason.code;
    };
    // A volunteer's acknowledge stays forbidden when staff import it.
    expect(await imported(actors.volunteer, transitionOp(actors.volunteer, issue, 'acknowledged', { plannedDate: true }))).toBe('forbidden_role');
    // A liaison's acknowledge, imported by staff, is judged as the liaison's: accepted.
    const ack = transitionOp(actors.liaison, issue, 'acknowledged', { plannedDate: true });
    expect(await imported(actors.liaison, ack)).toBe('accepted');
    // An author of another work proves nothing here, whichever work its op names.
    expect(await imported(inB.volunteer, { ...issueCreateOp(inB.volunteer), work: DEMO_WORK_ID })).toBe('http 422 rescue_unproven');
    expect(await imported(inB.volunteer, issueCreateOp(inB.volunteer, OTHER_POINT))).toBe('http 422 rescue_unproven');
    // A revoked member's op can still be imported by staff (that is what rescue is for).
    const rescued = issueCreateOp(revoked.volunteer);
    expect(await imported(revoked.volunteer, rescued)).toBe('accepted');
  });
});

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

describe('bad input', () => {
  it("a volunteer forging the liaison's actor id is refused (wrong_actor) and nothing moves", async () => {
    const issue = await issueIn('reported', helpers.volunteer);
    const forged = { ...transitionOp(actors.liaison, issue, 'acknowledged', { plannedDate: true }) };
    expect(forged.actor).toBe(actors.liaison.id);
    expect(await outcomeOf(actors.volunteer, forged)).toBe('wrong_actor');
    // The same id stays refused, even from the liaison's own device (a rejection is final).
    expect(await outcomeOf(actors.liaison, forged)).toBe('wrong_actor');
    const state = (await store.listEntities(DEMO_WORK_ID)).find((e) => e.type === 'issue' && e.state.id === issue);
    expect(state?.state).toMatchObject({ status: 'reported' });
  });

  it.each(['system', 'server', DEMO_WORK_ID])('an op signed as "%s" is refused (wrong_actor)', async (actor) => {
    const op = { ...issueCreateOp(actors.staff), actor };
    expect(await outcomeOf(actors.staff, op)).toBe('wrong_actor');
  });

  it('staff cannot sign as another member in a push either (only rescue takes other authors)', async () => {
    expect(await outcomeOf(actors.staff, issueCreateOp(actors.volunteer))).toBe('wrong_actor');
  });

  it('a replayed invite is allowed by design: each join makes a new member with its own token', async () => {
    const first = await joinWith(codesA.liaison, 'Replay', 'same-device');
    const second = await joinWith(codesA.liaison, 'Replay', 'same-device');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.member.id).not.toBe(first.body.member.id);
    expect(second.body.token).not.toBe(first.body.token);
    expect(second.body.member.role).toBe('liaison');
    // Both tokens work; both joins are in the log as member.join ops made by the server.
    for (const r of [first, second]) {
      const res = await fetch(`${base}/api/sync/pull?after=0`, { headers: { Authorization: `Bearer ${r.body.token}` } });
      expect(res.status).toBe(200);
    }
    const joins = (await pullAll(actors.staff)).filter((o) => o.kind === 'member.join' && [first.body.member.id, second.body.member.id].includes(o.entityId));
    expect(joins).toHaveLength(2);
    expect(joins.every((o) => o.actor === 'system' && o.device === 'server')).toBe(true);
    // A code of work B gives a member of work B, never of work A.
    const b = await joinWith(codesB.staff, 'B staff');
    expect(b.body.member.work).toBe(OTHER_WORK);
  });

  it.each([
    ['pull', '/api/sync/pull?after=0&token=TOKEN', 'GET'],
    ['pull (access_token)', '/api/sync/pull?access_token=TOKEN', 'GET'],
    ['pull (authorization)', '/api/sync/pull?authorization=Bearer%20TOKEN', 'GET'],
    ['events', '/api/sync/events?token=TOKEN', 'GET'],
    ['push', '/api/sync/push?token=TOKEN', 'POST'],
    ['rescue', '/api/sync/rescue?token=TOKEN', 'POST'],
  ] as const)('a token in the query string is ignored: %s → 401', async (_name, path, method) => {
    const res = await fetch(`${base}${path.replace('TOKEN', actors.staff.token)}`, {
      method,
      headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
      body: method === 'POST' ? JSON.stringify({ clientVersion: RULES_VERSION, ops: [issueCreateOp(actors.staff)] }) : undefined,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized');
  });

  it.each([
    ['lower-case scheme', (t: string) => `bearer ${t}`],
    ['two spaces', (t: string) => `Bearer  ${t}`],
    ['token alone', (t: string) => t],
    ['token cut to 15 characters', (t: string) => `Bearer ${t.slice(0, 15)}`],
    ['token with a character outside base64url', (t: string) => `Bearer ${t.slice(0, 20)}.${t.slice(21)}`],
    ['two tokens joined by a comma', (t: string) => `Bearer ${t}, Bearer ${t}`],
    ['token of 129 characters', (t: string) => `Bearer ${t}${'A'.repeat(129 - t.length)}`],
  ])('a malformed Authorization header (%s) → 401', async (_name, make) => {
    const res = await fetch(`${base}/api/sync/pull?after=0`, { headers: { Authorization: make(actors.staff.token) } });
    expect(res.status).toBe(401);
  });
});

// ---------------------------------------------------------------------------
// The anonymous resident (docs/security.md §2.3): no token at all, a poster's token, or a report's
// follow token. What each opens, and what it never opens.
// ---------------------------------------------------------------------------

describe('the anonymous resident', () => {
  const PHONE = '139 8888 0001';
  // A 1x1 JPEG: a resident's photo.
  const JPEG = Buffer.from(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
    'base64',
  );
  const post = async <T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  };
  const reportThrough = async (poster: string, description: string, salt: string) => {
    const c = await post<{ challenge: string; bits: number }>('/api/resident/challenge', {});
    expect(c.status).toBe(200);
    const photo = Buffer.concat([JPEG, Buffer.from(salt)]).toString('base64');
    const r = await post<{ follow: string; ref: string }>('/api/resident/report', {
      poster,
      clientId: createHash('sha256').update(salt).digest('hex').slice(0, 32),
      proof: { challenge: c.body.challenge, nonce: solveProof(c.body.challenge, c.body.bits) },
      category: 'noise',
      description,
      photos: [{ data: photo, thumb: photo, width: 1, height: 1 }],
      contact: { name: '住户', phone: PHONE, shareWithContractor: false, consent: true },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { ...r.body, photoHash: createHash('sha256').update(Buffer.from(photo, 'base64')).digest('hex') };
  };
  let posterA = '';
  let mine: { follow: string; ref: string; photoHash: string };
  let theirs: { follow: string; ref: string; photoHash: string };

  beforeAll(async () => {
    posterA = (await post<{ token: string }>('/api/admin/posters', { pointId: null }, actors.staff.token)).body.token;
    const posterB = (await post<{ token: string }>('/api/admin/posters', { pointId: null }, inB.staff.token)).body.token;
    mine = await reportThrough(posterA, 'resident A: drilling at night', 'authz-a');
    theirs = await reportThrough(posterB, 'resident B: blocked garage ramp', 'authz-b');
  });

  it('with nothing: a challenge, and no member’s read or write', async () => {
    expect((await post('/api/resident/challenge', {})).status).toBe(200);
    expect((await fetch(`${base}/api/sync/pull?after=0`)).status).toBe(401);
    expect((await fetch(`${base}/api/blobs/${mine.photoHash}`)).status).toBe(401);
    expect((await post('/api/sync/push', { clientVersion: RULES_VERSION, ops: [] })).status).toBe(401);
    expect((await post('/api/admin/posters', { pointId: null })).status).toBe(401);
  });

  it('with a poster token: what the poster is for, and no report, issue or contact of its work', async () => {
    const shown = await post<Record<string, unknown>>('/api/resident/poster', { poster: posterA });
    expect(shown.status).toBe(200);
    expect(Object.keys(shown.body).sort()).toEqual(['community', 'pointName', 'responseHours', 'retentionDays', 'workName']);
    expect((await post('/api/resident/follow', { follow: posterA })).status).toBe(404);
    expect((await post('/api/resident/photo', { follow: posterA, hash: mine.photoHash })).status).toBe(404);
    expect((await fetch(`${base}/api/sync/pull?after=0`, { headers: { Authorization: `Bearer ${posterA}` } })).status).toBe(401);
  });

  it('with a follow token: its own report only, without comments or anyone’s phone; nothing of another report', async () => {
    // A member comments on the report: internal, never shown to the resident.
    const created = (await pullAll(actors.staff)).find(
      (o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === 'resident A: drilling at night',
    )!;
    const comment: Op = {
      ...envelope(actors.volunteer, 'issue', created.entityId),
      kind: 'issue.comment',
      payload: { text: 'internal: the foreman is Mr Wu' },
    } as Op;
    expect(await outcomeOf(actors.volunteer, comment)).toBe('accepted');

    const view = await post<Record<string, unknown>>('/api/resident/follow', { follow: mine.follow });
    expect(view.status).toBe(200);
    expect(view.body.ref).toBe(mine.ref);
    const text = JSON.stringify(view.body);
    expect(text).toContain('resident A: drilling at night');
    for (const hidden of [PHONE, '住户', 'internal: the foreman', 'resident B', actors.volunteer.id, 'volunteer actor']) expect(text).not.toContain(hidden);
    expect((await post('/api/resident/photo', { follow: mine.follow, hash: mine.photoHash })).status).toBe(200);
    // Another report's photo, another work's photo: not through this token.
    expect((await post('/api/resident/photo', { follow: mine.follow, hash: theirs.photoHash })).status).toBe(404);
    expect((await post('/api/resident/photo', { follow: mine.follow, hash: createHash('sha256').update(otherPhotoBytes).digest('hex') })).status).toBe(404);
    // The follow token is no member's token, and does not open the work's photo bytes.
    expect((await fetch(`${base}/api/sync/pull?after=0`, { headers: { Authorization: `Bearer ${mine.follow}` } })).status).toBe(401);
    expect((await fetch(`${base}/api/blobs/${mine.photoHash}`, { headers: { Authorization: `Bearer ${mine.follow}` } })).status).toBe(401);
    // Not fixed yet: no answer; a guessed token and the reference code open nothing.
    expect((await post('/api/resident/feedback', { follow: mine.follow, answer: 'solved', comment: '' })).status).toBe(400);
    expect((await post('/api/resident/follow', { follow: 'G'.repeat(43) })).status).toBe(404);
    expect((await post('/api/resident/follow', { follow: mine.ref })).status).toBe(400);
  });

  it('withdrawing through a follow token erases that report’s contact only', async () => {
    const w = await post<{ contactKept: boolean }>('/api/resident/withdraw', { follow: mine.follow });
    expect(w.status).toBe(200);
    expect(w.body.contactKept).toBe(false);
    expect((await post<{ contactKept: boolean }>('/api/resident/follow', { follow: theirs.follow })).body.contactKept).toBe(true);
    const contactsB = (await store.listEntities(OTHER_WORK)).filter((e) => e.type === 'contact');
    expect(JSON.stringify(contactsB)).toContain(PHONE);
  });
});
