/**
 * A resident's name and phone for an issue, and whether they agreed to share
 * them with the contractor. Its own entity: the server leaves contact ops out
 * of the pulls of everyone but staff (and the liaison, with consent).
 */
import * as v from 'valibot';
import { LIMITS } from '../domain';
import { reject } from '../rejection';
import { IdSchema, text } from '../schema-parts';
import { type OpFrom, changeOp, createOp } from './define';
import type { IssueState } from './issue';
import { byId } from './lookups';

/** Digits, spaces, +, - and parentheses: a phone number as people write it. */
export const PhoneSchema = v.pipe(
  v.string(),
  v.maxLength(LIMITS.phone, `must be at most ${LIMITS.phone} characters`),
  v.regex(/^([0-9+\-() ]*[0-9][0-9+\-() ]*)?$/, 'must be a phone number (digits, +, -, spaces) or empty'),
);

export const ContactAddPayload = v.strictObject({
  issueId: IdSchema,
  name: text(LIMITS.residentName),
  phone: PhoneSchema,
  shareWithContractor: v.boolean(),
});

/** A resident's contact; only staff (and the liaison, if the resident agreed) receive it. */
export type ContactState = OpFrom<'contact.add', 'contact', typeof ContactAddPayload>['payload'] & {
  id: string;
  work: string;
  addedBy: string;
  addedAt: string;
  /** The name and phone were erased (withdrawn, past the retention period, or on request): the contact existed, its content is gone. */
  erased?: { at: string; reason: ContactEraseReason };
};

/** withdrawn: by the resident, from their follow link; retention: the server's rounds, once the issue was closed long enough; request: staff, on someone's request. */
export const CONTACT_ERASE_REASONS = ['withdrawn', 'retention', 'request'] as const;
export type ContactEraseReason = (typeof CONTACT_ERASE_REASONS)[number];

/**
 * Erasing a contact's name and phone. `shareWithContractor` repeats the contact's own, so that the
 * server sends the erase to exactly the devices that received the contact (and no other device meets
 * an erase of a contact it never held).
 */
export const ContactErasePayload = v.strictObject({
  shareWithContractor: v.boolean(),
  reason: v.picklist(CONTACT_ERASE_REASONS),
});

export const contactAdd = createOp({
  kind: 'contact.add',
  entity: 'contact',
  payload: ContactAddPayload,
  facts: (op) => ({ issue: byId<IssueState>('issue', op.payload.issueId, 'server') }),
  check(op, facts, { role }) {
    if (role === 'liaison') return reject('forbidden_role', "the liaison does not record residents' contacts");
    if (facts.issue === null) return reject('unknown_entity', `issue ${op.payload.issueId} does not exist in this work`);
    return null;
  },
  apply: (op): ContactState => ({ ...op.payload, id: op.entityId, work: op.work, addedBy: op.actor, addedAt: op.hlc }),
});

/** Made by the server only (a resident withdrew, the retention period passed, or staff asked); it reaches every device that holds the contact. */
export const contactErase = changeOp({
  kind: 'contact.erase',
  entity: 'contact',
  payload: ContactErasePayload,
  serverOnly: true,
  check: (_op, _contact: ContactState) => null,
  apply: (op, contact): ContactState => ({ ...contact, name: '', phone: '', erased: { at: op.hlc, reason: op.payload.reason } }),
});
