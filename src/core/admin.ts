/**
 * Administration of works: the requests staff send to set up a work,
 * invite people, manage members and sign in. Each is a schema, validated on the
 * server; answers are types the app relies on. Pure: shared by app and server.
 */
import * as v from 'valibot';
import { ROLES, type Role } from './domain';
import { WorkCreatePayload } from './ops';
import { ResponseTargetsSchema } from './response-targets';
import { IdSchema } from './schema-parts';

export const ADMIN_LIMITS = {
  /** Invite codes a work may have open at once: enough for every role and a few spares. */
  openInvitesPerWork: 20,
  inviteDaysMax: 365,
  inviteDaysDefault: 30,
  loginMax: 40,
  passwordMin: 10,
  passwordMax: 200,
  /** Works one person may create per day (a typo loop must not fill the server). */
  worksPerAccountPerDay: 20,
} as const;

export const CreateWorkRequestSchema = v.strictObject({
  /** Made on the device, so that a retried request creates the work once. */
  workId: IdSchema,
  deviceId: IdSchema,
  // The fields of the work.create op the server makes from it; a new work states its targets.
  ...WorkCreatePayload.entries,
  responseTargets: ResponseTargetsSchema,
});
export type CreateWorkRequest = v.InferOutput<typeof CreateWorkRequestSchema>;

export const CreateInviteRequestSchema = v.strictObject({
  role: v.picklist(ROLES),
  /** Days until the code stops working; null: never (until rotated or expired). */
  days: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(ADMIN_LIMITS.inviteDaysMax))),
});
export type CreateInviteRequest = v.InferOutput<typeof CreateInviteRequestSchema>;

export const InviteCodeRequestSchema = v.strictObject({
  code: v.pipe(v.string(), v.regex(/^[23456789A-HJKMNP-Z]{8}$/, 'must be an 8-character invite code')),
});

export const RoleChangeRequestSchema = v.strictObject({ memberId: IdSchema, role: v.picklist(ROLES) });
export const RevokeMemberRequestSchema = v.strictObject({ memberId: IdSchema });
/** Staff erase a resident's name and phone on request (a contact.erase made by the server, audited). */
export const EraseContactRequestSchema = v.strictObject({ contactId: IdSchema });
export const RevokeDeviceRequestSchema = v.strictObject({ memberId: IdSchema, deviceId: IdSchema });

export const LoginSchema = v.pipe(v.string(), v.regex(/^[a-z0-9_.-]{2,40}$/, 'must be 2-40 lower-case letters, digits, _ . or -'));

export const SignInRequestSchema = v.strictObject({
  login: v.pipe(v.string(), v.maxLength(ADMIN_LIMITS.loginMax, `must be at most ${ADMIN_LIMITS.loginMax} characters`)),
  password: v.pipe(v.string(), v.maxLength(ADMIN_LIMITS.passwordMax, `must be at most ${ADMIN_LIMITS.passwordMax} characters`)),
  deviceId: IdSchema,
});
export type SignInRequest = v.InferOutput<typeof SignInRequestSchema>;

export interface InviteInfo {
  code: string;
  role: Role;
  /** ms since epoch; null: does not expire. */
  expiresAt: number | null;
  createdAt: number;
}

export interface DeviceInfo {
  deviceId: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  /** The User-Agent the device joined or signed in with (cut short), to name the phone; null if unknown. */
  userAgent: string | null;
}

export interface MemberInfo {
  id: string;
  name: string;
  role: Role;
  joinedAt: number;
  /** Staff removed the member from the work (all its devices are revoked). */
  removed: boolean;
  devices: DeviceInfo[];
}

/** One work's membership handed to a device: what /api/join gives, for several works at once. */
export interface GrantedMembership {
  token: string;
  member: { id: string; work: string; role: Role; name: string };
  workName: string;
}

export interface SignInResponse {
  account: { id: string; name: string };
  memberships: GrantedMembership[];
  serverTime: number;
}

export function isInviteOpen(invite: { expiresAt: number | null }, now: number): boolean {
  return invite.expiresAt === null || invite.expiresAt > now;
}

/** When an invite made now for `days` stops working. */
export function inviteExpiry(now: number, days: number | null): number | null {
  return days === null ? null : now + days * 86_400_000;
}

/**
 * The link in an invite's QR code: the join page with the code filled in. The code rides in the
 * fragment, which browsers never send: it stays out of server and proxy logs. (Links printed before,
 * `/join?code=…`, still work.)
 */
export function inviteLink(origin: string, code: string): string {
  return `${origin}/join#code=${encodeURIComponent(code)}`;
}

/** The printable sheet of one invite, in the app: the code in the fragment, for the same reason. */
export function inviteSheetPath(work: string, code: string): string {
  return `/w/${encodeURIComponent(work)}/invite#${encodeURIComponent(code)}`;
}

export { codeFromFragment } from './invite-code';
