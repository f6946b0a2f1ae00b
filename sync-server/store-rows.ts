/**
 * Rows as both stores read them (op rows; the #7 tables' snake_case columns), and their mapping to
 * the store port's types: one definition for the SQLite and the PostgreSQL adapter.
 */
import type { Role } from '../src/core';
import type { AuditRow, Invite, MemberRow } from './store';

/**
 * An op row as a pull serves it: the stored JSON with the seq spliced in front,
 * without parsing and re-encoding it. The op chain hashes exactly this text.
 */
export const pulledOpJson = (seq: number, body: string): string => `{"seq":${seq},${body.slice(1)}`;

export type MemberDbRow = { id: string; work: string; name: string; role: Role; account_id: string | null; origin: string | null };
export type AuditDbRow = { seq: number; work: string; at: number; actor: string; action: string; detail: string; prev_hash: string; hash: string };

export const toMemberRow = (r: MemberDbRow): MemberRow => ({ id: r.id, work: r.work, name: r.name, role: r.role, accountId: r.account_id, origin: r.origin });
export const toAuditRow = (r: AuditDbRow): AuditRow => ({
  seq: r.seq,
  work: r.work,
  at: r.at,
  actor: r.actor,
  action: r.action,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The refused op as received, for the audit trail. A body JSON.stringify
 * cannot handle (nested too deep) must not turn a rejection into a 500 that
 * blocks the device's whole batch: it is recorded as unreadable instead.
 */
export function storableBody(body: unknown): string {
  try {
    return JSON.stringify(body) ?? 'null';
  } catch {
    return '{"unreadable":true}';
  }
}

/** A work's own op chain start, else the one for every work (the row '*'), from the rows of both. */
export function chainStart(rows: Array<{ work: string; seq: number }>, work: string): number | null {
  return (rows.find((r) => r.work === work) ?? rows.find((r) => r.work === '*'))?.seq ?? null;
}

export const toInvite = (r: { code: string; work: string; role: Role; expires_at: number | null }): Invite => ({
  code: r.code,
  work: r.work,
  role: r.role,
  expiresAt: r.expires_at,
});
