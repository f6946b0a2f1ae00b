/** POST /api/join: trade an invite code and a display name for a device token. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JoinRequestSchema, type JoinResponse, type WorkState, normalizeInviteCode, parseWith } from '../src/core';
import { acceptOrReject } from './apply';
import { hashToken, newId, newToken } from './auth';
import { HttpError, clientAddress, readJson, sendJson } from './http';
import type { AppContext } from './app';
import { systemOp } from './system-ops';
import { audit } from './audit';

export async function handleJoin(req: IncomingMessage, res: ServerResponse, { store, hub, joinLimiter, trustProxy }: AppContext): Promise<void> {
  const wait = joinLimiter.take(clientAddress(req, trustProxy));
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'rate_limited', `too many attempts: try again in ${wait} s`, { 'Retry-After': String(wait) });
  }
  const parsed = parseWith(JoinRequestSchema, await readJson(req, 4096));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  const { code, name, deviceId } = parsed.value;
  const invite = await store.findInvite(normalizeInviteCode(code));
  const now = Date.now();
  if (!invite || (invite.expiresAt !== null && invite.expiresAt < now)) {
    throw new HttpError(400, 'invalid_code', 'this invite code is not valid: check it, or ask the community staff for a new one');
  }
  const token = newToken();
  const memberId = newId();
  const trimmed = name.trim();
  const joined = await store.transaction(async (tx) => {
    await tx.addMember({ memberId, work: invite.work, name: trimmed, role: invite.role, deviceId, tokenHash: hashToken(token), now });
    const op = systemOp<'member.join'>({
      kind: 'member.join',
      entity: 'member',
      entityId: memberId,
      work: invite.work,
      payload: { name: trimmed, role: invite.role },
    });
    const result = await acceptOrReject(tx, op, 'system', now);
    if (result.status !== 'accepted') throw new Error(`member.join refused: ${result.reason.message}`);
    await audit(tx, { work: invite.work, at: now, actor: memberId, action: 'member.join', detail: { code: invite.code, role: invite.role, name: trimmed, device: deviceId } }); // #7
    return { work: (await tx.getEntity('work', invite.work)) as WorkState | undefined, seq: result.seq };
  });
  hub.poke(invite.work, joined.seq);
  const work = joined.work;
  const body: JoinResponse = {
    token,
    member: { id: memberId, work: invite.work, role: invite.role, name: trimmed },
    workName: work?.name ?? '',
    serverTime: Date.now(),
  };
  sendJson(res, 200, body);
}
