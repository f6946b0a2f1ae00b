/**
 * Wire messages of the sync API (see docs/sync-protocol.md). Requests are
 * schemas, validated on the server; responses are types the app relies on.
 */
import * as v from 'valibot';
import { IdSchema, type StoredOp } from './ops';
import type { Rejection } from './rejection';
import { LIMITS, ROLES, type Role } from './domain';
import { personName } from './schema-parts';

export const API_PREFIX = '/api';

export const JoinRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.maxLength(32, 'must be at most 32 characters')),
  /** Normalized (names.ts): no invisible characters, one space between words. */
  name: personName(LIMITS.name),
  deviceId: IdSchema,
  /**
   * this device's tokens that expired. One of the invite's work and role gives the membership back
   * (the same member, so its unsent records still go through) instead of making a new member.
   */
  renew: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, 'must be a device token'))), v.maxLength(10))),
});
export type JoinRequest = v.InferOutput<typeof JoinRequestSchema>;

export interface JoinResponse {
  token: string;
  member: { id: string; work: string; role: Role; name: string };
  workName: string;
  serverTime: number;
}

export const PushRequestSchema = v.strictObject({
  /** RULES_VERSION of the app. */
  clientVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Ops are validated one by one, so one bad op is rejected without blocking the others. */
  ops: v.pipe(v.array(v.unknown()), v.minLength(1, 'must hold at least one op'), v.maxLength(LIMITS.opsPerPush, `must hold at most ${LIMITS.opsPerPush} ops`)),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

export type PushResult = { id: string; status: 'accepted'; seq: number } | { id: string; status: 'rejected'; reason: Rejection };

export interface PushResponse {
  results: PushResult[];
  serverTime: number;
}

export interface PullResponse {
  ops: StoredOp[];
  /** The seq of the last op in `ops`, or the request's `after` when none. */
  cursor: number;
  /**
   * issues: the id of the op at `cursor` when the page had any (an op the device may not see,
   * such as a resident's contact, can be the last one): the device's next `afterId`.
   */
  cursorId?: string;
  hasMore: boolean;
  /** How many ops of the work come after this page: for a progress bar. */
  remaining: number;
  serverTime: number;
}

export interface VersionResponse {
  protocol: number;
  rulesVersion: number;
  minRulesVersion: number;
  serverTime: number;
}

export const ERROR_CODES = [
  'bad_request',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'rate_limited',
  'outdated_client',
  'reset_required',
  'invalid_code',
  'offset_mismatch',
  'hash_mismatch',
  'internal',
  // Works, members and roles: this device's membership was revoked by staff.
  'revoked',
  // the token went unused too long (rejoin with an invite, or sign in); photo bytes no op of the work
  // names; a work's photo storage is full.
  'expired',
  'not_referenced',
  'quota_exceeded',
  // A rescue import that proves nothing (src/core/rescue.ts): a file of the old, unsigned format; an op
  // of another author than the member who exported it; a signature that does not verify.
  'rescue_unsigned',
  'rescue_wrong_author',
  'rescue_unproven',
  // A work took its day's share of residents' reports from posters: they are asked to call instead.
  'too_many_reports',
  // A resident's report without a valid proof of work (the hash falls short, or its challenge is
  // unknown, used or expired): the page asks for a new challenge and sends again.
  'proof_failed',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export { INVITE_ALPHABET, formatInviteCode, normalizeInviteCode } from './invite-code';
