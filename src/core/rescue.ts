/**
 * Signed rescue files: what the exporting device signs and the server checks, the same on both sides.
 *
 * A rescue file is carried by hand (a volunteer's phone, a USB stick, a WeChat chat) and imported by
 * staff, so nothing in it can be trusted for what it says about its authors. Each op is signed by the
 * device that made it: HMAC-SHA-256 keyed with SHA-256 of that device's token for the op's work. The
 * server keeps exactly that hash (it never keeps tokens), also after the token expired or staff
 * revoked it, so it can check the signature when the phone itself can no longer sync; nobody else
 * (no other member, not the staff who import) knows the key. One signature per op, not per file:
 * staff send a file in batches, and each batch must be checkable on its own.
 *
 * Not exported from the core index: the app shell does not need it (bundle budget).
 */
import * as v from 'valibot';
import { LIMITS } from './domain';
import { IdSchema } from './ops';

/** The rescue file format that carries signatures (1 had none). */
export const RESCUE_FILE_VERSION = 2;

/** A signature: HMAC-SHA-256, 64 lower-case hex digits. */
export const RESCUE_MAC_PATTERN = /^[0-9a-f]{64}$/;

/** How deep an op may nest to be signed (real ops nest 4 levels at most). */
const MAX_DEPTH = 32;

/**
 * JSON with object keys sorted at every level, so that signer and checker agree whatever order the
 * keys travelled in. Keys whose value is undefined are left out, as JSON.stringify does.
 * Throws a RangeError for values nested deeper than 32 levels (never a stack overflow).
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new RangeError(`nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((x) => canonicalJson(x === undefined ? null : x, depth + 1)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], depth + 1)}`).join(',')}}`;
}

/** The text a device signs for one op: the member and device it speaks for, then the op. */
export function rescueMacMessage(member: string, device: string, op: unknown): string {
  return `sitewatch-rescue/2\n${member}\n${device}\n${canonicalJson(op)}`;
}

/**
 * POST /api/sync/rescue: the ops of one member's device for the staff member's work, each with its
 * signature (macs[i] signs ops[i]). All or nothing: one op that is not the member's, or one signature
 * that does not verify, refuses the whole request before anything is applied.
 */
export const RescueRequestSchema = v.pipe(
  v.strictObject({
    clientVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
    /** The author every op must name as its actor. */
    member: IdSchema,
    /** The device that exported the file, whose token signed it. */
    device: IdSchema,
    ops: v.pipe(
      v.array(v.unknown()),
      v.minLength(1, 'must hold at least one op'),
      v.maxLength(LIMITS.opsPerPush, `must hold at most ${LIMITS.opsPerPush} ops`),
    ),
    macs: v.pipe(
      v.array(v.pipe(v.string(), v.regex(RESCUE_MAC_PATTERN, 'must be a signature (64 hex digits)'))),
      v.maxLength(LIMITS.opsPerPush, `must hold at most ${LIMITS.opsPerPush} signatures`),
    ),
  }),
  v.check((r) => r.macs.length === r.ops.length, 'macs must hold one signature per op'),
);
export type RescueRequest = v.InferOutput<typeof RescueRequestSchema>;
