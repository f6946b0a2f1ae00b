/** POST /api/join: trade an invite code and a display name for a device token. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JoinRequestSchema, type JoinResponse, type WorkState, normalizeInviteCode, parseWith } from '../src/core';
import { acceptOrReject } from './apply';
import { hashToken, newId, newToken } from './auth';
import { HttpError, clientAddress, readJson, sendJson, userAgentOf } from './http';
import type { AppContext } from './context';
import type { LiveHub } from './live';
import type { Invite, Store } from './store';
import { systemOp } from './system-ops';
import { audit } from './audit';

export async function handleJoin(req: IncomingMessage, res: ServerResponse, { store, hub, joinLimiter, trustProxy, tokens }: AppContext): Promise<void> {
  const wait = joinLimiter.take(clientAddress(req, trustProxy));
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'rate_limited', `too many attempts: try again in ${wait} s`, { 'Retry-After': String(wait) });
  }
  const parsed = parseWith(JoinRequestSchema, await readJson(req, 4096));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  const { code, name, deviceId } = parsed.value;
  const invite = await store.findInvite(normalizeInviteCode(code));
  const now = tokens.now();
  if (!invite || (invite.expiresAt !== null && invite.expiresAt < now)) {
    throw new HttpError(400, 'invalid_code', 'this invite code is not valid: check it, or ask the community staff for a new one');
  }
  const token = newToken();
  const renewing = await memberToRenew(store, parsed.value.renew ?? [], invite);
  const device = { deviceId, userAgent: userAgentOf(req) };
  const body = renewing
    ? await rejoin(store, renewing, invite, device, token, now)
    : await joinAsNewMember(store, hub, invite, name.trim(), device, token, now);
  sendJson(res, 200, body);
}

/** The joining device: its id, and the User-Agent it joined with (staff see the phone's model). */
type JoiningDevice = { deviceId: string; userAgent: string | null };

async function joinAsNewMember(
  store: Store,
  hub: LiveHub,
  invite: Invite,
  name: string,
  device: JoiningDevice,
  token: string,
  now: number,
): Promise<JoinResponse> {
  const memberId = newId();
  const { deviceId, userAgent } = device;
  const joined = await store.transaction(async (tx) => {
    await tx.addMember({ memberId, work: invite.work, name, role: invite.role, deviceId, tokenHash: hashToken(token), now, userAgent });
    const op = systemOp<'member.join'>({
      kind: 'member.join',
      entity: 'member',
      entityId: memberId,
      work: invite.work,
      payload: { name, role: invite.role },
    });
    const result = await acceptOrReject(tx, op, 'system', now);
    if (result.status !== 'accepted') throw new Error(`member.join refused: ${result.reason.message}`);
    await audit(tx, {
      work: invite.work,
      at: now,
      actor: memberId,
      action: 'member.join',
      detail: { code: invite.code, role: invite.role, name, device: deviceId },
    });
    return { work: (await tx.getEntity('work', invite.work)) as WorkState | undefined, seq: result.seq };
  });
  hub.poke(invite.work, joined.seq);
  return { token, member: { id: memberId, work: invite.work, role: invite.role, name }, workName: joined.work?.name ?? '', serverTime: Date.now() };
}

// --- Works, members and roles: rejoining after a token expired ---

/**
 * The member whose expired token the device sent along, if it is of the invite's work and role. A
 * revoked token never counts (a removed member stays removed); an unknown one is ignored.
 */
async function memberToRenew(store: Store, tokens: string[], invite: Invite): Promise<string | null> {
  for (const t of tokens) {
    const device = await store.authenticate(hashToken(t));
    if (device && device.work === invite.work && device.role === invite.role) return device.memberId;
  }
  return null;
}

/** A new token for an existing member: its name and role stay, and nothing enters the op log. */
async function rejoin(store: Store, memberId: string, invite: Invite, device: JoiningDevice, token: string, now: number): Promise<JoinResponse> {
  const { deviceId, userAgent } = device;
  return store.transaction(async (tx) => {
    const member = (await tx.getMember(memberId))!;
    await tx.addDevice(memberId, deviceId, hashToken(token), now, userAgent);
    await audit(tx, {
      work: invite.work,
      at: now,
      actor: memberId,
      action: 'member.rejoin',
      detail: { code: invite.code, role: member.role, name: member.name, device: deviceId },
    });
    const work = (await tx.getEntity('work', invite.work)) as WorkState | undefined;
    return { token, member: { id: memberId, work: invite.work, role: member.role, name: member.name }, workName: work?.name ?? '', serverTime: Date.now() };
  });
}
