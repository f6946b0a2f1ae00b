/**
 * issues: who may hold a resident's contact (name and phone). Staff always;
 * the construction liaison only if the resident agreed to share it with the
 * contractor; volunteers never, not even the one who wrote it down (their
 * device drops it once the server has it). The server applies this to every
 * pull; the device applies it to what it keeps.
 */
import type { Role } from './domain';

export function mayReadContact(role: Role, contact: { shareWithContractor: boolean }): boolean {
  return role === 'staff' || (role === 'liaison' && contact.shareWithContractor);
}

/** The op kinds about a resident's contact: never sent to a device that may not read it (an erase goes where the contact went). */
export const PRIVATE_KINDS: ReadonlySet<string> = new Set(['contact.add', 'contact.erase']);

/**
 * How long a resident's name and phone are kept once their issue is closed (verified, rejected or
 * merged): then the server erases them (sync-server/retention.ts), on every device too.
 */
export const CONTACT_RETENTION_DAYS = 90;
/** The range staff may set a work's retention period in (work.targets): a day to two years. */
export const CONTACT_RETENTION_RANGE = { min: 1, max: 730 } as const;

/** The work's own retention period (staff set it in the work's settings), else the default. */
export function retentionDaysOf(work: { contactRetentionDays?: number } | undefined): number {
  return work?.contactRetentionDays ?? CONTACT_RETENTION_DAYS;
}
/** The statuses after which the retention period runs: nobody needs to call the resident back any more. */
export const RETENTION_CLOSED_STATUSES = ['verified', 'rejected', 'merged'] as const;

/** "王小明" → "王**": enough to recognise at a meeting, not enough to look up. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? chars.join('') : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

/** "138 0013 8000" → "138****8000". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 7 ? '*'.repeat(digits.length) : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

// A mainland mobile number (11 digits from 13x to 19x, maybe +86 ahead, maybe in groups) or a landline with
// its area code (0574-87654321): not a date (2026-12-04), a count or an amount.
const PHONE_IN_TEXT = /(?<!\d)(?:(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}[\s-]?\d{7,8})(?!\d)/g;

/**
 * Every phone number written in a free text (a resident's description, a caption, a note) masked as a
 * contact's is. Prints and exports leave the app, where its privacy rules no longer reach: a number a
 * resident typed into their report must not go further than their contact does.
 */
export function maskPhones(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => maskPhone(m.replace(/^\+?86[\s-]?/, '')));
}
