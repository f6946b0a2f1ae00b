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
/** The statuses after which the retention period runs: nobody needs to call the resident back any more. */
export const RETENTION_CLOSED_STATUSES = ['verified', 'rejected', 'merged'] as const;
