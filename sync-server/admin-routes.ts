/**
 * Works, members and roles: what community staff do from their device.
 *
 *   POST /api/admin/works            create a work (the creator becomes its staff member)
 *   GET  /api/admin/invites          the work's invite codes, open and closed
 *   POST /api/admin/invites          a new code for a role, with an expiry
 *   POST /api/admin/invites/rotate   expire a code and make a new one for the same role
 *   POST /api/admin/invites/expire   expire a code now
 *   GET  /api/admin/members          members, their devices and when each was last seen
 *   POST /api/admin/members/role     change a member's role (from their next request on)
 *   POST /api/admin/members/revoke   remove a member: every device of theirs is refused
 *   POST /api/admin/devices/revoke   refuse one device of a member
 *   POST /api/signin                 a staff account's password → a token for each of its works
 *
 * Every admin endpoint acts on the work of the staff device's token, never on
 * a work named in the request. Every action is written to the audit chain in
 * the same transaction as the action itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { type GrantedMembership, type InviteInfo, type SignInResponse, type WorkState, normalizeName, parseWith } from '../src/core';
import {
  ADMIN_LIMITS,
  CreateInviteRequestSchema,
  CreateWorkRequestSchema,
  InviteCodeRequestSchema,
  RevokeDeviceRequestSchema,
  RevokeMemberRequestSchema,
  EraseContactRequestSchema,
  RoleChangeRequestSchema,
  SignInRequestSchema,
  inviteExpiry,
  isInviteOpen,
} from '../src/core/admin';
import { acceptOrReject } from './apply';
import type { AppContext } from './context';
import { audit } from './audit';
import { hashToken, newId, newInviteCode, newToken, requireStaff } from './auth';
import { HttpError, clientAddress, readJson, sendJson, userAgentOf } from './http';
import { verifyPassword } from './passwords';
import { eraseContact } from './retention';
import { FailureCounter, RateLimiter } from './rate-limit';
import type { DeviceAuth, MemberRow, StoreTx } from './store';
import { systemOp } from './system-ops';

type Route = (req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL) => Promise<void>;

const BODY_BYTES = 4096;

async function body<S extends v.GenericSchema>(req: IncomingMessage, schema: S): Promise<v.InferOutput<S>> {
  const parsed = parseWith(schema, await readJson(req, BODY_BYTES));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  return parsed.value;
}

/**
 * Wrong passwords allowed within 15 minutes: per login and address, and per login from any address.
 * The second one only stops addresses that have failed for that login already, so that no one can
 * lock a staff member out by failing on purpose: a correct password from a clean address gets through.
 */
export const SIGNIN_FAILURES_PER_ADDRESS = 5;
export const SIGNIN_FAILURES_PER_LOGIN = 20;
const SIGNIN_WINDOW_MS = 15 * 60_000;

/** Limits that live as long as the app (per process; enough for one server or sticky sessions). */
interface Limits {
  /** Works created per person (personOf), not per member: each new work answers with a new member. */
  worksPerPerson: RateLimiter;
  /** Wrong passwords per login, and per login and address (correct ones never count: see signIn). */
  signInFailuresPerLogin: FailureCounter;
  signInFailuresPerAddress: FailureCounter;
}
const limitsOf = new WeakMap<AppContext, Limits>();
function limits(ctx: AppContext): Limits {
  let l = limitsOf.get(ctx);
  if (!l) {
    l = {
      worksPerPerson: new RateLimiter(ADMIN_LIMITS.worksPerAccountPerDay, 86_400_000),
      signInFailuresPerLogin: new FailureCounter(SIGNIN_FAILURES_PER_LOGIN, SIGNIN_WINDOW_MS),
      signInFailuresPerAddress: new FailureCounter(SIGNIN_FAILURES_PER_ADDRESS, SIGNIN_WINDOW_MS),
    };
    limitsOf.set(ctx, l);
  }
  return l;
}

function throttled(wait: number): HttpError {
  return new HttpError(429, 'rate_limited', `too many attempts: try again in ${wait} s`, { 'Retry-After': String(wait) });
}

/** The member the request names, which must belong to the staff device's work (else: not found, nothing revealed). */
async function memberOfWork(tx: StoreTx, auth: DeviceAuth, memberId: string) {
  const m = await tx.getMember(memberId);
  if (!m || m.work !== auth.work) throw new HttpError(404, 'not_found', 'no such member in this work');
  return m;
}

/**
 * The work's resident identity (居民扫码) authors every report from its posters: it is nobody's account,
 * so staff neither see it among the members nor change its role or remove it (its reports would then be
 * judged as someone else's, or refused).
 */
async function notTheResidents(tx: StoreTx, auth: DeviceAuth, memberId: string, what: string): Promise<void> {
  if ((await tx.residentMember(auth.work)) === memberId) {
    throw new HttpError(400, 'bad_request', `居民扫码 is the posters' reporter, not a person: you cannot ${what} it`);
  }
}

function notYourself(auth: DeviceAuth, memberId: string, what: string): void {
  // Staff could lock the work out of its last administrator; another staff member must do it.
  if (memberId === auth.memberId) throw new HttpError(400, 'bad_request', `you cannot ${what} yourself: ask another staff member`);
}

/** How far personOf follows origins (members made before migration 006 point at their direct creator). */
const ORIGIN_HOPS = 32;

/**
 * The person behind a member, for per-person limits: its account if it has one, else the member at the
 * root of its creation chain (a member made by creating a work is its creator's person). Also returns
 * the root member, which a member made from this one records as its origin.
 */
async function personOf(tx: StoreTx, memberId: string): Promise<{ key: string; root: string }> {
  let m = await tx.getMember(memberId);
  if (!m) return { key: `member:${memberId}`, root: memberId };
  const accountId = m.accountId;
  for (let hops = 0; m.origin && hops < ORIGIN_HOPS; hops++) {
    const up: MemberRow | null = await tx.getMember(m.origin);
    if (!up) return { key: accountId ? `account:${accountId}` : `member:${m.origin}`, root: m.origin };
    m = up;
  }
  return { key: accountId ? `account:${accountId}` : `member:${m.id}`, root: m.id };
}

const createWork: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const person = await ctx.store.transaction((tx) => personOf(tx, auth.memberId));
  const wait = limits(ctx).worksPerPerson.take(person.key);
  if (wait > 0) {
    req.resume();
    throw throttled(wait);
  }
  const w = await body(req, CreateWorkRequestSchema);
  const now = Date.now();
  const token = newToken();
  const memberId = newId();
  const granted = await ctx.store.transaction(async (tx): Promise<GrantedMembership> => {
    const existing = (await tx.getEntity('work', w.workId)) as WorkState | undefined;
    if (existing) {
      // A retry (the first answer was lost on the way) is recognised by the token that asks: only the
      // member whose request created this work gets a fresh token for the staff member it made there.
      // Ids in the request prove nothing: work and device ids are seen by every member in pulls.
      const made = existing.work === w.workId ? await tx.memberCreatedBy(w.workId, auth.memberId) : null;
      if (!made || made.role !== 'staff') throw new HttpError(400, 'bad_request', 'a work with this id exists already: try again');
      await tx.addDevice(made.id, w.deviceId, hashToken(token), now, userAgentOf(req));
      await audit(tx, {
        work: w.workId,
        at: now,
        actor: auth.memberId,
        action: 'work.create.retry',
        detail: { fromWork: auth.work, member: made.id, device: w.deviceId },
      });
      return { token, member: { id: made.id, work: w.workId, role: 'staff', name: made.name }, workName: existing.name };
    }
    const creator = await tx.getMember(auth.memberId);
    const name = normalizeName(creator?.name ?? '') || 'staff';
    const { workId, deviceId, ...payload } = w;
    // The creation is the new work's first op, signed by the staff member it makes.
    const create = {
      ...systemOp<'work.create'>({ kind: 'work.create', entity: 'work', entityId: workId, work: workId, payload }, now),
      actor: memberId,
      device: deviceId,
    };
    const join = systemOp<'member.join'>({ kind: 'member.join', entity: 'member', entityId: memberId, work: workId, payload: { name, role: 'staff' } }, now);
    for (const [op, role] of [
      [create, 'staff'],
      [join, 'system'],
    ] as const) {
      const r = await acceptOrReject(tx, op, role, now);
      if (r.status !== 'accepted') throw new HttpError(400, 'bad_request', `the work cannot be created: ${r.reason.message}`);
    }
    await tx.addMember({ memberId, work: workId, name, role: 'staff', deviceId, tokenHash: hashToken(token), now, userAgent: userAgentOf(req) });
    // The same person, in a new work: one account across works when they sign in with a password.
    if (creator?.accountId) await tx.setMemberAccount(memberId, creator.accountId);
    // Who asked (a retry is recognised by this), and the person behind it (the per-person limits follow it).
    await tx.setMemberCreator(memberId, auth.memberId);
    await tx.setMemberOrigin(memberId, person.root);
    await audit(tx, {
      work: workId,
      at: now,
      actor: auth.memberId,
      action: 'work.create',
      detail: { name: payload.name, fromWork: auth.work, member: memberId, device: deviceId },
    });
    return { token, member: { id: memberId, work: workId, role: 'staff', name }, workName: payload.name };
  });
  sendJson(res, 200, granted);
};

const listInvites: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  sendJson(res, 200, { invites: await ctx.store.listInviteInfo(auth.work), serverTime: Date.now() });
};

async function addInvite(tx: StoreTx, auth: DeviceAuth, role: InviteInfo['role'], expiresAt: number | null, now: number): Promise<InviteInfo> {
  if ((await tx.countOpenInvites(auth.work, now)) >= ADMIN_LIMITS.openInvitesPerWork) {
    throw new HttpError(400, 'bad_request', `this work has ${ADMIN_LIMITS.openInvitesPerWork} open invite codes already: expire some first`);
  }
  const invite = { code: newInviteCode(), work: auth.work, role, expiresAt };
  await tx.addInvite(invite, now);
  return { code: invite.code, role, expiresAt, createdAt: now };
}

const createInvite: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { role, days } = await body(req, CreateInviteRequestSchema);
  const now = Date.now();
  const invite = await ctx.store.transaction(async (tx) => {
    const made = await addInvite(tx, auth, role, inviteExpiry(now, days), now);
    await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'invite.create', detail: { code: made.code, role, expiresAt: made.expiresAt } });
    return made;
  });
  sendJson(res, 200, invite);
};

/** The staff work's invite with this code; a code of another work is "not found". */
async function ownInvite(ctx: AppContext, auth: DeviceAuth, code: string): Promise<InviteInfo> {
  const found = (await ctx.store.listInviteInfo(auth.work)).find((i) => i.code === code);
  if (!found) throw new HttpError(404, 'not_found', 'no such invite code in this work');
  return found;
}

const rotateInvite: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { code } = await body(req, InviteCodeRequestSchema);
  const old = await ownInvite(ctx, auth, code);
  const now = Date.now();
  const invite = await ctx.store.transaction(async (tx) => {
    await tx.expireInvite(code, now - 1);
    // The new code lasts as long as the old one was meant to.
    const made = await addInvite(tx, auth, old.role, old.expiresAt === null ? null : now + Math.max(86_400_000, old.expiresAt - old.createdAt), now);
    await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'invite.rotate', detail: { old: code, code: made.code, role: old.role } });
    return made;
  });
  sendJson(res, 200, invite);
};

const expireInvite: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { code } = await body(req, InviteCodeRequestSchema);
  const old = await ownInvite(ctx, auth, code);
  const now = Date.now();
  if (isInviteOpen(old, now)) {
    await ctx.store.transaction(async (tx) => {
      await tx.expireInvite(code, now - 1);
      await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'invite.expire', detail: { code, role: old.role } });
    });
  }
  sendJson(res, 200, { ...old, expiresAt: isInviteOpen(old, now) ? now - 1 : old.expiresAt });
};

const listMembers: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const [members, resident] = await Promise.all([ctx.store.listMembers(auth.work), ctx.store.residentMemberOf(auth.work)]);
  sendJson(res, 200, { members: members.filter((m) => m.id !== resident), serverTime: Date.now() });
};

const changeRole: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { memberId, role } = await body(req, RoleChangeRequestSchema);
  notYourself(auth, memberId, 'change the role of');
  const now = Date.now();
  const seq = await ctx.store.transaction(async (tx) => {
    const m = await memberOfWork(tx, auth, memberId);
    await notTheResidents(tx, auth, memberId, 'change the role of');
    if (m.role === role) return 0;
    await tx.setMemberRole(memberId, role);
    // An op as well, so that every device's list of members (and rescue imports) see the new role.
    const op = systemOp<'member.role'>({ kind: 'member.role', entity: 'member', entityId: memberId, work: auth.work, payload: { role } }, now);
    const r = await acceptOrReject(tx, op, 'system', now);
    if (r.status !== 'accepted') throw new Error(`member.role refused: ${r.reason.message}`);
    await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'member.role', detail: { member: memberId, from: m.role, to: role } });
    return r.seq;
  });
  if (seq > 0) ctx.hub.poke(auth.work, seq);
  sendJson(res, 200, { memberId, role });
};

const revokeMember: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { memberId } = await body(req, RevokeMemberRequestSchema);
  notYourself(auth, memberId, 'remove');
  const now = Date.now();
  const devices = await ctx.store.transaction(async (tx) => {
    const m = await memberOfWork(tx, auth, memberId);
    await notTheResidents(tx, auth, memberId, 'remove');
    const n = await tx.revokeDevices(memberId, null, now);
    await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'member.revoke', detail: { member: memberId, name: m.name, devices: n } });
    return n;
  });
  sendJson(res, 200, { memberId, devicesRevoked: devices });
};

/** Staff erase a resident's contact on their request: everywhere, at once, audited as this staff member's act. */
const eraseContactRoute: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { contactId } = await body(req, EraseContactRequestSchema);
  const now = Date.now();
  const erased = await ctx.store.transaction(
    async (tx) => {
      const contact = await tx.getEntity('contact', contactId);
      if (!contact || contact.work !== auth.work) throw new HttpError(404, 'not_found', 'no such contact in this work');
      return eraseContact(tx, auth.work, contactId, 'request', auth.memberId, now);
    },
    { work: auth.work },
  );
  if (erased) ctx.hub.poke(auth.work, await ctx.store.maxSeq());
  sendJson(res, 200, { contactId, erased });
};

const revokeDevice: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { memberId, deviceId } = await body(req, RevokeDeviceRequestSchema);
  if (memberId === auth.memberId && deviceId === auth.deviceId) notYourself(auth, memberId, 'revoke this device of');
  const now = Date.now();
  const n = await ctx.store.transaction(async (tx) => {
    await memberOfWork(tx, auth, memberId);
    const changed = await tx.revokeDevices(memberId, deviceId, now);
    if (changed === 0) throw new HttpError(404, 'not_found', 'this member has no such device (or it is revoked already)');
    await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'device.revoke', detail: { member: memberId, device: deviceId } });
    return changed;
  });
  sendJson(res, 200, { memberId, deviceId, devicesRevoked: n });
};

const signIn: Route = async (req, res, ctx) => {
  const address = clientAddress(req, ctx.trustProxy);
  const wait = ctx.joinLimiter.take(address);
  if (wait > 0) {
    req.resume();
    throw throttled(wait);
  }
  const { login, password, deviceId } = await body(req, SignInRequestSchema);
  const { signInFailuresPerLogin: perLogin, signInFailuresPerAddress: perAddress } = limits(ctx);
  const loginKey = login.toLowerCase();
  const pairKey = `${loginKey}\n${address}`;
  // Only failures count, and the whole-login limit applies only to an address that has failed for this
  // login itself: guessing from many addresses stays slow, while the owner's correct password still works.
  const wrongHere = perAddress.count(pairKey) > 0;
  const byLogin = Math.max(perAddress.wait(pairKey), wrongHere ? perLogin.wait(loginKey) : 0);
  if (byLogin > 0) throw throttled(byLogin);
  // Counted as a failure until the password is verified, so that parallel guesses see each other.
  perAddress.fail(pairKey);
  perLogin.fail(loginKey);
  const account = await ctx.store.findAccount(loginKey);
  // Same work whether or not the login exists: the answer time does not tell.
  const ok = await verifyPassword(password, account?.passwordHash ?? null);
  if (!account || !ok) throw new HttpError(401, 'unauthorized', 'the login or the password is wrong: check both and try again');
  perAddress.forgive(pairKey);
  perLogin.forgive(loginKey);
  const members = await ctx.store.membersOfAccount(account.id);
  const now = Date.now();
  const memberships = await ctx.store.transaction(async (tx) => {
    const out: GrantedMembership[] = [];
    for (const m of members) {
      const token = newToken();
      await tx.addDevice(m.id, deviceId, hashToken(token), now, userAgentOf(req));
      const work = (await tx.getEntity('work', m.work)) as WorkState | undefined;
      out.push({ token, member: { id: m.id, work: m.work, role: m.role, name: m.name }, workName: work?.name ?? '' });
      await audit(tx, { work: m.work, at: now, actor: account.id, action: 'signin', detail: { member: m.id, device: deviceId } });
    }
    return out;
  });
  const answer: SignInResponse = { account: { id: account.id, name: account.name }, memberships, serverTime: Date.now() };
  sendJson(res, 200, answer);
};

export const ADMIN_ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/api/admin/works': { POST: createWork },
  '/api/admin/invites': { GET: listInvites, POST: createInvite },
  '/api/admin/invites/rotate': { POST: rotateInvite },
  '/api/admin/invites/expire': { POST: expireInvite },
  '/api/admin/members': { GET: listMembers },
  '/api/admin/members/role': { POST: changeRole },
  '/api/admin/members/revoke': { POST: revokeMember },
  '/api/admin/devices/revoke': { POST: revokeDevice },
  '/api/admin/contacts/erase': { POST: eraseContactRoute },
  '/api/signin': { POST: signIn },
};
