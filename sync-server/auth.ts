/**
 * Device tokens: 256 random bits handed to a device when it joins; the server
 * keeps only their SHA-256, so a leaked database does not leak tokens.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { INVITE_ALPHABET, ROLES, type Role, uuidV7 } from '../src/core';
import type { DeviceAuth, Store } from './store';
import { HttpError } from './http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Members and accounts the server makes: time-ordered, as the devices' ids are (src/core/ids.ts). */
export function newId(): string {
  return uuidV7(randomBytes(16), Date.now());
}

export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

const DAY_MS = 86_400_000;

/**
 * How long a device token lives unused. Sliding: every request renews it, so a device that syncs
 * is never cut off; a lost or abandoned phone's token dies on its own.
 * - Staff, 30 days: their token administers the work, and they sign in again with their password.
 * - Volunteers and liaisons, 180 days: a work lasts months, they may be away for weeks without signal,
 *   and they have no password. They rejoin with an invite code and keep their membership and their
 *   unsent records (join-route.ts, "renew").
 * Overridable per role with SITEWATCH_TOKEN_IDLE_DAYS_<ROLE> (main.ts).
 */
export const TOKEN_IDLE_DAYS: Readonly<Record<Role, number>> = { volunteer: 180, liaison: 180, staff: 30 };

/** The idle periods, with SITEWATCH_TOKEN_IDLE_DAYS_VOLUNTEER / _LIAISON / _STAFF (days, fractions allowed) in place of the defaults. */
export function tokenIdleDaysFromEnv(env: NodeJS.ProcessEnv): Record<Role, number> {
  const days = { ...TOKEN_IDLE_DAYS };
  for (const role of ROLES) {
    const raw = env[`SITEWATCH_TOKEN_IDLE_DAYS_${role.toUpperCase()}`];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!(n > 0)) throw new Error(`SITEWATCH_TOKEN_IDLE_DAYS_${role.toUpperCase()} must be a positive number of days`);
    days[role] = n;
  }
  return days;
}

/** How this server judges tokens: one per app, so that a test can move its clock. */
export interface TokenRules {
  idleDays: Readonly<Record<Role, number>>;
  now: () => number;
  /** When each token last wrote its "last seen" (a write per request would cost a disk sync each). */
  touched: Map<string, number>;
}

export function tokenRules(idleDays: Readonly<Record<Role, number>> = TOKEN_IDLE_DAYS, now: () => number = Date.now): TokenRules {
  return { idleDays, now, touched: new Map() };
}

/** What requireDevice needs: the store, and the token rules. */
export interface AuthContext {
  store: Store;
  tokens: TokenRules;
}

function expired(role: Role, idleDays: number): HttpError {
  const days = Math.round(idleDays * 10) / 10;
  const [zh, en] =
    role === 'staff'
      ? ['请用密码重新登录', 'sign in again with your password']
      : ['请向社区工作人员要邀请码，重新扫码加入', 'join again with an invite code from the community staff'];
  return new HttpError(
    401,
    'expired',
    `此设备超过 ${days} 天没有同步，登录已过期：${zh}；未发送的记录仍在手机上，回来后会发送，也可以在设置里导出 / ` +
      `this device has not synced for over ${days} days, so its sign-in expired: ${en}; ` +
      'unsent records stay on the device, go out once you are back, and can be exported in Settings',
  );
}

export async function requireDevice(req: IncomingMessage, { store, tokens }: AuthContext): Promise<DeviceAuth> {
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError(401, 'unauthorized', 'sign in: send the device token as "Authorization: Bearer <token>"');
  const tokenHash = hashToken(m[1]!);
  const device = await store.authenticate(tokenHash);
  if (!device) {
    // a device staff removed is told so in words (and stops syncing); any other token is simply unknown.
    if (await store.isRevokedToken(tokenHash)) {
      throw new HttpError(401, 'revoked', '您已被移出此工程 / you were removed from this work: keep your unsent records by exporting them in Settings');
    }
    throw new HttpError(401, 'unauthorized', 'this device is not (or no longer) a member of the work; join again');
  }
  // judged on the stored "last seen", so it holds on every instance; an expired request renews nothing.
  const now = tokens.now();
  const idleDays = tokens.idleDays[device.role];
  if (now - device.lastSeenAt > idleDays * DAY_MS) throw expired(device.role, idleDays);
  await noteSeen(store, tokens, tokenHash, now);
  const { lastSeenAt: _, ...auth } = device;
  return auth;
}

// --- Works, members and roles ---

const TOUCH_EVERY_MS = 60_000;

async function noteSeen(store: Store, tokens: TokenRules, tokenHash: string, now: number): Promise<void> {
  const last = tokens.touched.get(tokenHash);
  if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
  if (tokens.touched.size > 50_000) tokens.touched.clear();
  tokens.touched.set(tokenHash, now);
  await store.touchDevice(tokenHash, now);
}

/** A device of a staff member: the work it administers is the token's work. */
export async function requireStaff(req: IncomingMessage, ctx: AuthContext): Promise<DeviceAuth> {
  const auth = await requireDevice(req, ctx);
  if (auth.role !== 'staff') {
    req.resume();
    throw new HttpError(403, 'forbidden', 'only community staff of this work can do this: ask them');
  }
  return auth;
}
