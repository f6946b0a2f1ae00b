/** Works: created by staff (through the server's admin endpoint or a seed); staff decide whether photo originals are uploaded. */
import * as v from 'valibot';
import { CONTACT_RETENTION_RANGE } from '../contact-privacy';
import { LIMITS, WORK_KINDS, type WorkKind } from '../domain';
import { reject } from '../rejection';
import { ResponseTargetsSchema, type ResponseTargets } from '../response-targets';
import { DateSchema, text } from '../schema-parts';
import { changeOp, createOp } from './define';

/** Fields work.originals and work.targets add to a work; each last writer wins by HLC. */
export interface WorkOriginals {
  uploadOriginals?: boolean;
  originalsStamp?: string;
  /** The stamp of the work.targets that set responseTargets (absent: set when the work was made, or never). */
  targetsStamp?: string;
  /** Who set them (the member of that work.targets), shown beside them. */
  targetsBy?: string;
  /** Days a resident's contact is kept once its issue is closed (absent: the default, retentionDaysOf). */
  contactRetentionDays?: number;
}

export interface WorkState extends WorkOriginals {
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

export const WorkCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  compound: text(LIMITS.name),
  community: text(LIMITS.name, false),
  kind: v.picklist(WORK_KINDS),
  contractor: text(LIMITS.name, false),
  startDate: v.nullable(DateSchema),
  endDate: v.nullable(DateSchema),
  /** Optional for works made before targets existed: readers use targetsOf(). */
  responseTargets: v.optional(ResponseTargetsSchema),
});

/** Whether the work's phones upload the originals of their photos (staff decide: they cost data and space). */
export const WorkOriginalsPayload = v.strictObject({ upload: v.boolean() });

export const workCreate = createOp({
  kind: 'work.create',
  entity: 'work',
  payload: WorkCreatePayload,
  check(op, _facts, { role }) {
    if (op.entityId !== op.work) return reject('invalid', 'a work is created with entityId equal to its work id');
    return role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`);
  },
  apply: (op): WorkState => ({ id: op.entityId, work: op.work, ...op.payload, createdAt: op.hlc }),
});

export const workOriginals = changeOp({
  kind: 'work.originals',
  entity: 'work',
  payload: WorkOriginalsPayload,
  check: (op, _work: WorkState, _facts, { role }) => (role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`)),
  apply(op, work) {
    if (work.originalsStamp !== undefined && op.hlc <= work.originalsStamp) return work;
    return { ...work, uploadOriginals: op.payload.upload, originalsStamp: op.hlc };
  },
});

/**
 * New response targets for a work: every issue's clocks are measured against them from then on (staff
 * only); with them, optionally, how many days residents' contacts are kept once their issue is closed
 * (absent: unchanged, so that a phone whose form predates the field never resets it).
 */
export const WorkTargetsPayload = v.strictObject({
  responseTargets: ResponseTargetsSchema,
  contactRetentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(CONTACT_RETENTION_RANGE.min), v.maxValue(CONTACT_RETENTION_RANGE.max))),
});

export const workTargets = changeOp({
  kind: 'work.targets',
  entity: 'work',
  payload: WorkTargetsPayload,
  check: (op, _work: WorkState, _facts, { role }) => (role === 'staff' ? null : reject('forbidden_role', `${role} may not ${op.kind}`)),
  apply(op, work) {
    // Both targets travel together (they are set in one form): the latest stamp wins, in any order of arrival.
    if (work.targetsStamp !== undefined && op.hlc <= work.targetsStamp) return work;
    const retention = op.payload.contactRetentionDays ?? work.contactRetentionDays;
    return {
      ...work,
      responseTargets: op.payload.responseTargets,
      targetsStamp: op.hlc,
      targetsBy: op.actor,
      ...(retention !== undefined && { contactRetentionDays: retention }),
    };
  },
});
