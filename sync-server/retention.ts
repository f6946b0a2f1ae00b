/**
 * Erasing residents' contacts: after the retention period (rounds the server runs by itself) and on
 * request (staff, POST /api/admin/contacts/erase). Either way a contact.erase made by the server blanks
 * the name and phone on the server's state and reaches every device that holds the contact (the same
 * op a resident's withdrawal makes), and the audit chain records who asked. The op log keeps the
 * original contact.add (its hash chain covers it): see docs/security.md, "Personal data".
 */
import { CONTACT_RETENTION_DAYS, type ContactEraseReason, type ContactState } from '../src/core';
import { acceptOrReject } from './apply';
import { audit } from './audit';
import type { Store, StoreTx } from './store';
import { systemOp } from './system-ops';

/** Contacts one round erases at most: each is its own small transaction; the next round takes the rest. */
export const RETENTION_ROUND = 100;

/**
 * Erases one contact of `work` inside the caller's transaction (locked on that work). False if it is
 * not there or erased already; the contact stops being held either way, so no round meets it again.
 */
export async function eraseContact(tx: StoreTx, work: string, contactId: string, reason: ContactEraseReason, actor: string, now: number): Promise<boolean> {
  const contact = (await tx.getEntity('contact', contactId)) as ContactState | undefined;
  if (!contact || contact.work !== work || contact.erased) {
    if (!contact || contact.work === work) await tx.releaseContact(contactId);
    return false;
  }
  const erase = systemOp<'contact.erase'>(
    { kind: 'contact.erase', entity: 'contact', entityId: contactId, work, payload: { shareWithContractor: contact.shareWithContractor, reason } },
    now,
  );
  const r = await acceptOrReject(tx, erase, 'system', now);
  if (r.status !== 'accepted') throw new Error(`contact.erase refused: ${r.reason.message}`);
  await tx.forgetReportContact(contactId);
  await audit(tx, { work, at: now, actor, action: 'contact.erase', detail: { contact: contactId, issue: contact.issueId, reason } });
  return true;
}

export interface RetentionRound {
  /** Contacts the round found due (some may have been erased meanwhile). */
  due: number;
  erased: number;
  /** The works whose devices should pull (the caller pokes them). */
  works: Set<string>;
}

/**
 * One bounded round: the contacts held whose issue was closed (verified, rejected or merged) and last
 * changed longer ago than its work's retention period (staff set it in the work's settings; default
 * `defaultDays`), at most `limit` of them. A comment after the close restarts the count: the period
 * runs from the issue's last change, which errs on keeping a little longer.
 */
export async function eraseExpiredContacts(
  store: Store,
  now = Date.now(),
  limit = RETENTION_ROUND,
  defaultDays = CONTACT_RETENTION_DAYS,
): Promise<RetentionRound> {
  const due = await store.contactsPastRetention(now, defaultDays, limit);
  const works = new Set<string>();
  let erased = 0;
  for (const { contactId, work } of due) {
    const done = await store.transaction((tx) => eraseContact(tx, work, contactId, 'retention', 'system', now), { work });
    if (done) {
      erased++;
      works.add(work);
    }
  }
  return { due: due.length, erased, works };
}

/** Runs rounds every `intervalMs` (and at once), until stopped; each round's works are poked. */
export function startRetention(store: Store, onErased: (work: string) => void, log: (line: string) => void, intervalMs = 3_600_000): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      // Round after round while a round comes back full: a backlog drains now, a little at a time.
      for (let round = 0; round < 50; round++) {
        const r = await eraseExpiredContacts(store);
        for (const w of r.works) onErased(w);
        if (r.erased > 0) log(`retention: erased ${r.erased} residents' contacts past their works' retention periods`);
        if (r.due < RETENTION_ROUND) break;
      }
    } catch (err) {
      log(`retention: a round failed (${err instanceof Error ? err.message : String(err)}); the next one tries again`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
