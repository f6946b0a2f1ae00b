/**
 * Device tokens: 256 random bits handed to a device when it joins; the server
 * keeps only their SHA-256, so a leaked database does not leak tokens.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { INVITE_ALPHABET } from '../src/core';
import type { DeviceAuth, Store } from './store';
import { HttpError } from './http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newId(): string {
  return randomUUID();
}

export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

export async function requireDevice(req: IncomingMessage, store: Store): Promise<DeviceAuth> {
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (!m) throw new HttpError(401, 'unauthorized', 'sign in: send the device token as "Authorization: Bearer <token>"');
  const tokenHash = hashToken(m[1]!);
  const auth = await store.authenticate(tokenHash);
  if (!auth) {
    // #7: a device staff removed is told so in words (and stops syncing); any other token is simply unknown.
    if (await store.isRevokedToken(tokenHash)) {
      throw new HttpError(401, 'revoked', '您已被移出此工程 / you were removed from this work: keep your unsent records by exporting them in Settings');
    }
    throw new HttpError(401, 'unauthorized', 'this device is not (or no longer) a member of the work; join again');
  }
  await noteSeen(store, tokenHash);
  return auth;
}

// --- Works, members and roles (#7) ---

/** When each token last wrote its "last seen" (a write per request would cost a disk sync each). */
const lastTouched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

async function noteSeen(store: Store, tokenHash: string, now = Date.now()): Promise<void> {
  if (now - (lastTouched.get(tokenHash) ?? 0) < TOUCH_EVERY_MS) return;
  if (lastTouched.size > 50_000) lastTouched.clear();
  lastTouched.set(tokenHash, now);
  await store.touchDevice(tokenHash, now);
}

/** A device of a staff member: the work it administers is the token's work. */
export async function requireStaff(req: IncomingMessage, store: Store): Promise<DeviceAuth> {
  const auth = await requireDevice(req, store);
  if (auth.role !== 'staff') {
    req.resume();
    throw new HttpError(403, 'forbidden', 'only community staff of this work can do this: ask them');
  }
  return auth;
}
