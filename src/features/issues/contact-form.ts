/** issues (#6): the resident's contact as typed in a form, checked before saving (the server checks it again). */
import { ContactAddPayload, LIMITS, parseWith } from '../../core';
import { t } from './messages';
import { newId } from '../../lib/ids';
import type { OpDraft } from '../../sync/local';

export interface ContactInput {
  name: string;
  phone: string;
  share: boolean;
}

export const EMPTY_CONTACT: ContactInput = { name: '', phone: '', share: false };

/** The contact.add draft for an issue; null when nothing was typed; an error message when it cannot be saved. */
export function contactDraft(c: ContactInput, issueId: string): { draft: OpDraft | null } | { error: string } {
  const name = c.name.trim();
  const phone = c.phone.trim();
  if (!name && !phone) return { draft: null };
  if (!name) return { error: t('contact.error.name') };
  if (name.length > LIMITS.residentName) return { error: t('input.tooLong', { field: t('contact.name'), n: name.length, max: LIMITS.residentName }) };
  const payload = { issueId, name, phone, shareWithContractor: c.share };
  if (!parseWith(ContactAddPayload, payload).ok) return { error: t('contact.error.phone') };
  return { draft: { kind: 'contact.add', entity: 'contact', entityId: newId(), payload } };
}
