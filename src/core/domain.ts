/**
 * Domain vocabulary shared by the app and the server. Adding a value here is
 * a protocol change: bump RULES_VERSION in version.ts.
 */

export const ROLES = ['volunteer', 'liaison', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export const WORK_KINDS = ['drainage', 'renovation', 'garage', 'greening', 'parking', 'other'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const ISSUE_CATEGORIES = ['noise', 'sewage', 'access', 'safety', 'dust', 'greenery', 'parking', 'other'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ISSUE_STATUSES = ['reported', 'acknowledged', 'in_progress', 'resolved', 'verified', 'disputed', 'reopened', 'rejected', 'merged'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

/** Entity types that ops target; each has its own table on both sides. */
export const ENTITY_TYPES = [
  'work',
  'point',
  'member',
  'issue',
  'photo',
  // Site plans
  'plan',
  // checklists: templates and the inspections walked with them
  'template',
  'inspection',
  // issues: a resident's name and phone, apart from the issue so that pulls can leave it out.
  'contact',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Ids are client-made UUIDs or short slugs (seeded demo data). The pattern
 * keeps ids safe to use in URLs, file names and SQL keys: no dots, no slashes.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Bounds on user text, enforced by the schemas on both sides. */
export const LIMITS = {
  name: 80,
  description: 2000,
  comment: 2000,
  reason: 500,
  caption: 200,
  // issues: a resident's contact.
  residentName: 40,
  phone: 20,
  opsPerPush: 500,
  pullPageMax: 1000,
  pushBodyBytes: 1_000_000,
  /**
   * Comments one issue may hold: each is kept for good and shown on every device, so an issue is not
   * a chat room that grows without end (a busy complaint gets dozens; this leaves room for hundreds).
   */
  commentsPerIssue: 3000,
} as const;
