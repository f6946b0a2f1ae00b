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
  const auth = await store.authenticate(hashToken(m[1]!));
  if (!auth) throw new HttpError(401, 'unauthorized', 'this device is not (or no longer) a member of the work; join again');
  return auth;
}
