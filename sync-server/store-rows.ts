/**
 * Rows as both stores read them (op rows; the administration tables' snake_case columns), and their mapping to
 * the store port's types: one definition for the SQLite and the PostgreSQL adapter.
 */
import { createHash } from 'node:crypto';
import type { Rejection, Role } from '../src/core';
import type { AuditRow, Invite, MemberRow } from './store';

/**
 * An op row as a pull serves it: the stored JSON with the seq spliced in front,
 * without parsing and re-encoding it. The op chain hashes exactly this text.
 */
export const pulledOpJson = (seq: number, body: string): string => `{"seq":${seq},${body.slice(1)}`;

export type MemberDbRow = { id: string; work: string; name: string; role: Role; account_id: string | null; created_by: string | null; origin: string | null };
export type AuditDbRow = { seq: number; work: string; at: number; actor: string; action: string; detail: string; prev_hash: string; hash: string };

export const toMemberRow = (r: MemberDbRow): MemberRow => ({
  id: r.id,
  work: r.work,
  name: r.name,
  role: r.role,
  accountId: r.account_id,
  createdBy: r.created_by,
  origin: r.origin,
});
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

/** A refused op longer than this (as JSON) is kept as its SHA-256, its length and this many first characters. */
export const REJECTED_BODY_CHARS = 2048;
/** A refusal's message is cut to this many characters (a schema's message may quote a whole field it refused). */
export const REJECTION_MESSAGE_CHARS = 500;

/** The first `max` characters of `text`, without splitting a surrogate pair. */
function head(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The refused op as received, for the audit trail, within REJECTED_BODY_CHARS and some: a refused
 * op is bounded only by the push (1 MB), and a refusal costs nothing to provoke, so it is kept whole
 * only when it is no bigger than ops the rules accept; a bigger one as
 * `{"truncated":true,"chars":…,"sha256":…,"head":…}` (the hash of its JSON text, and its start).
 * A body JSON.stringify cannot handle (nested too deep) must not turn a rejection into a 500 that
 * blocks the device's whole batch: it is recorded as unreadable instead.
 */
export function storableBody(body: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(body) ?? 'null';
  } catch {
    return '{"unreadable":true}';
  }
  if (json.length <= REJECTED_BODY_CHARS) return json;
  const sha256 = createHash('sha256').update(json).digest('hex');
  return JSON.stringify({ truncated: true, chars: json.length, sha256, head: head(json, REJECTED_BODY_CHARS) });
}

/**
 * A refusal as the author is told it and as it is stored (the same, so a repeated push answers
 * alike): its message within REJECTION_MESSAGE_CHARS. The code, which says why, is kept whole.
 */
export function boundedRejection(reason: Rejection): Rejection {
  if (reason.message.length <= REJECTION_MESSAGE_CHARS) return reason;
  return { ...reason, message: `${head(reason.message, REJECTION_MESSAGE_CHARS - 1)}…` };
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
