/**
 * The log of administrative actions: invites made, rotated and expired,
 * joins, sign-ins, role changes, revocations, works created, rescue files imported. Each row carries
 * the hash of the row before it, so that editing or deleting a row breaks the
 * chain at that point; `npx tsx sync-server/audit-check.ts` verifies it.
 *
 * Removing rows from the END leaves a shorter chain that is still valid: the
 * check prints the head (count and last hash) so that an operator can note it
 * and compare later (docs/security.md §11).
 */
import { createHash } from 'node:crypto';
import type { AuditRow, StoreTx } from './store';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction =
  | 'work.create'
  | 'invite.create'
  | 'invite.rotate'
  | 'invite.expire'
  | 'work.create.retry'
  | 'member.join'
  | 'member.rejoin'
  | 'member.role'
  | 'member.revoke'
  | 'contact.erase'
  | 'device.revoke'
  | 'account.create'
  | 'account.link'
  | 'notify.channel'
  | 'notify.settings'
  | 'signin'
  | 'rescue.import'
  | 'poster.create'
  | 'poster.revoke'
  | 'resident.withdraw';

export interface AuditEntry {
  work: string;
  at: number;
  actor: string;
  action: AuditAction;
  /** Flat values; a list of flat records where an action touches many things (a rescue import's ops). */
  detail: Record<string, string | number | null | ReadonlyArray<Record<string, string | number | null>>>;
}

export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  // Length-prefixed fields: no two different rows can serialize alike.
  const fields = [String(row.seq), row.work, String(row.at), row.actor, row.action, row.detail, row.prevHash];
  return createHash('sha256')
    .update(fields.map((f) => `${f.length}:${f}`).join('|'))
    .digest('hex');
}

/** Appends an entry to the chain, inside the caller's transaction (so it commits with the action). */
export async function audit(tx: StoreTx, entry: AuditEntry): Promise<void> {
  const last = await tx.lastAudit();
  const base = {
    seq: (last?.seq ?? 0) + 1,
    work: entry.work,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    detail: JSON.stringify(entry.detail),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await tx.appendAudit({ ...base, hash: auditHash(base) });
}

export type ChainCheck = { ok: true; count: number; head: string } | { ok: false; count: number; seq: number; problem: string };

/** Verifies the whole chain: numbering without gaps, each link, each row's own hash. */
export function verifyChain(rows: AuditRow[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.seq !== i + 1) return { ok: false, count: rows.length, seq: row.seq, problem: `row ${i + 1} is missing (found ${row.seq} in its place)` };
    if (row.prevHash !== prev)
      return { ok: false, count: rows.length, seq: row.seq, problem: 'does not follow the row before it (a row was removed or changed)' };
    if (auditHash(row) !== row.hash) return { ok: false, count: rows.length, seq: row.seq, problem: 'its content was changed after it was written' };
    prev = row.hash;
  }
  return { ok: true, count: rows.length, head: prev };
}
