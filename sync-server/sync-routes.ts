/** POST /api/sync/push, POST /api/sync/rescue and GET /api/sync/pull. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ID_PATTERN,
  IdSchema,
  LIMITS,
  MIN_RULES_VERSION,
  PushRequestSchema,
  type PushResponse,
  type Op,
  type PushResult,
  type MemberState,
  type Rejection,
  type Role,
  parseOp,
  parseWith,
} from '../src/core';
import { RescueRequestSchema, rescueMacMessage } from '../src/core/rescue';
import { judge, prefetchKeysOf } from './apply';
import { filterPage } from './private-ops';
import { audit } from './audit';
import { requireDevice } from './auth';
import { HttpError, readJson, sendJson, sendRawJson } from './http';
import type { AppContext } from './context';
import type { DeviceAuth, StoreTx } from './store';
import { boundedRejection } from './store-rows';

/**
 * Whose ops a request may carry: a device pushes its own member's ops only;
 * staff importing a rescue file push ops of another member of their work,
 * proved to come from that member's device, each judged with its author's role.
 */
type ActorPolicy = 'own' | 'any-member';

/**
 * How long a push runs before it lets the event loop serve other requests. It keeps the write lock
 * meanwhile (its ops commit together), but reads (another work's pull, authentication, photo bytes)
 * need no lock (SQLite reads on a connection of their own): with SQLite's synchronous calls, a 500-op
 * push would otherwise hold every other request of the process until it commits.
 */
const SLICE_MS = 1;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function handlePush(req: IncomingMessage, res: ServerResponse, ctx: AppContext): Promise<void> {
  const auth = await requireDevice(req, ctx);
  const parsed = parseWith(PushRequestSchema, await readJson(req, LIMITS.pushBodyBytes));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  requireRulesVersion(parsed.value.clientVersion);
  await acceptOps(res, ctx, auth, 'own', parsed.value.ops, null);
}

/**
 * Staff import a rescue file: the ops of one member's device, each signed by that device (see
 * src/core/rescue.ts). All of the request is proved before any of it is applied.
 */
export async function handleRescue(req: IncomingMessage, res: ServerResponse, ctx: AppContext): Promise<void> {
  const auth = await requireDevice(req, ctx);
  if (auth.role !== 'staff') {
    req.resume();
    throw new HttpError(403, 'forbidden', 'only community staff can import a rescue file: hand the file to them');
  }
  const body = await readJson(req, LIMITS.pushBodyBytes);
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && 'ops' in body && !('macs' in body)) {
    // What an app from before signed files sends: nothing in it proves who wrote the ops.
    throw new HttpError(400, 'rescue_unsigned', UNSIGNED_MESSAGE);
  }
  const parsed = parseWith(RescueRequestSchema, body);
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  requireRulesVersion(parsed.value.clientVersion);
  const { member, device, ops, macs } = parsed.value;
  await proveRescue(ctx, auth, member, device, ops, macs);
  await acceptOps(res, ctx, auth, 'any-member', ops, { member, device });
}

const UNSIGNED_MESSAGE =
  '这个救援文件没有签名，无法证明是谁记录的：请在那台手机上更新应用后重新导出；手机已丢失的话，文件里的记录无法证明，不能导入 / ' +
  'this rescue file is not signed, so nothing proves who recorded it: update the app on that phone and export again; ' +
  'if the phone is lost, nothing in the file can be proved and it cannot be imported';

function requireRulesVersion(clientVersion: number): void {
  if (clientVersion < MIN_RULES_VERSION) {
    throw new HttpError(426, 'outdated_client', `update the app: this server accepts rules version ${MIN_RULES_VERSION} or newer`);
  }
}

/**
 * Refuses the whole request (422) unless every op names `member` as its author and carries a valid
 * signature by one token of `member`'s device `device` in this work, revoked or expired ones included.
 * Work: at most RESCUE_KEYS_MAX HMACs to find the key (with the first op), then one per op.
 */
async function proveRescue(ctx: AppContext, auth: DeviceAuth, member: string, device: string, ops: unknown[], macs: string[]): Promise<void> {
  ops.forEach((raw, i) => {
    const actor = (raw as { actor?: unknown } | null)?.actor;
    if (actor !== member) {
      throw new HttpError(
        422,
        'rescue_wrong_author',
        `ops.${i}: names another author than the member who exported the file; a rescue file carries only its own device's records`,
      );
    }
  });
  const unproven = (why: string) =>
    new HttpError(422, 'rescue_unproven', `${why}: the file was changed, or was not exported by that member's phone; nothing of it was imported`);
  let messages: Buffer[];
  try {
    messages = ops.map((raw) => Buffer.from(rescueMacMessage(member, device, raw), 'utf8'));
  } catch {
    throw unproven('an op is nested too deep to be signed');
  }
  const keys = (await ctx.store.tokenHashesOfDevice(auth.work, member, device)).map((h) => Buffer.from(h, 'hex'));
  if (keys.length === 0) throw unproven('no such device of a member of this work');
  const key = keys.find((k) => macMatches(k, messages[0]!, macs[0]!));
  if (!key) throw unproven('ops.0: the signature does not match');
  for (let i = 1; i < ops.length; i++) {
    if (!macMatches(key, messages[i]!, macs[i]!)) throw unproven(`ops.${i}: the signature does not match`);
  }
}

function macMatches(key: Buffer, message: Buffer, macHex: string): boolean {
  const expected = createHmac('sha256', key).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(macHex, 'hex'));
}

/** Who signed the ops of a rescue request: recorded with each imported op in the audit chain. */
type Provenance = { member: string; device: string } | null;

async function acceptOps(res: ServerResponse, ctx: AppContext, auth: DeviceAuth, policy: ActorPolicy, ops: unknown[], from: Provenance): Promise<void> {
  const { store, hub } = ctx;
  // Every op needs a readable id to be answered (accepted or rejected) by it;
  // without one the request as a whole is refused and the device keeps its outbox.
  const ids = ops.map((raw, i) => {
    const id = parseWith(IdSchema, (raw as { id?: unknown } | null)?.id);
    if (!id.ok) throw new HttpError(400, 'bad_request', `ops.${i}.id: ${id.message}`);
    return id.value;
  });
  // An id sent twice in one request is handled once and answered twice alike.
  const firstIndex = new Map<string, number>();
  ids.forEach((id, i) => firstIndex.has(id) || firstIndex.set(id, i));
  const unique = [...firstIndex.values()];
  const uniqueOps = unique.map((i) => ops[i]);
  const uniqueIds = unique.map((i) => ids[i]!);
  const now = Date.now();
  // Each op read and checked once, before the transaction: what the ops will consult is then read in one query with the answers seen before.
  const checked = uniqueOps.map((raw, i) => precheck(auth, policy, raw as Record<string, unknown>, uniqueIds[i]!));
  const lookups = checked.flatMap((c) =>
    'op' in c ? [...prefetchKeysOf(c.op), ...(policy === 'any-member' ? [{ type: 'member' as const, id: c.op.actor }] : [])] : [],
  );
  const answered = await store.transaction(
    async (tx) => {
      const out = new Map<string, PushResult>();
      const seenBefore = await tx.findResults(uniqueIds, lookups);
      let sliceStart = performance.now();
      for (let i = 0; i < uniqueOps.length;) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn();
          sliceStart = performance.now();
        }
        // A run of neighbouring ops with the same group id is one unit; an op without a group is a unit alone.
        const group = groupOf(uniqueOps[i]);
        let end = i + 1;
        if (group) while (end < uniqueOps.length && groupOf(uniqueOps[end]) === group) end++;
        for (const r of await pushUnit(tx, auth, policy, checked.slice(i, end), uniqueIds.slice(i, end), seenBefore, now)) out.set(r.id, r);
        i = end;
      }
      if (from) {
        // The ops carry their authors' names; who brought them in, from which device, and what became
        // of each (ids and kinds, never payloads) are recorded here, in the same transaction.
        const count = (status: PushResult['status']) => [...out.values()].filter((r) => r.status === status).length;
        const items = uniqueOps.map((raw, k) => {
          const r = out.get(uniqueIds[k]!)!;
          const kind = (raw as { kind?: unknown }).kind;
          return {
            id: uniqueIds[k]!,
            kind: typeof kind === 'string' ? kind.slice(0, 40) : null,
            actor: from.member,
            ...(r.status === 'accepted' ? { seq: r.seq } : { refused: r.reason.code }),
          };
        });
        const detail = {
          device: auth.deviceId,
          member: from.member,
          from: from.device,
          ops: out.size,
          accepted: count('accepted'),
          rejected: count('rejected'),
          items,
        };
        await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'rescue.import', detail });
      }
      return out;
    },
    { work: auth.work },
  );
  const results = ids.map((id) => answered.get(id)!);
  const newest = Math.max(0, ...results.map((r) => (r.status === 'accepted' ? r.seq : 0)));
  if (newest > 0) hub.poke(auth.work, newest);
  // Events the push recorded are sent after its commit, never within it.
  if (newest > 0) ctx.notifier?.wake();
  const response: PushResponse = { results, serverTime: Date.now() };
  sendJson(res, 200, response);
}

function groupOf(raw: unknown): string | null {
  const g = (raw as { group?: unknown } | null)?.group;
  return typeof g === 'string' ? g : null;
}

type Refusal = { meta: { id: string; work: string; actor: string; device: string }; body: unknown; reason: Rejection };

/** Why an op that was sent can never be applied by this device, before looking at the rules; null if none. */
function precheck(auth: DeviceAuth, policy: ActorPolicy, raw: Record<string, unknown>, id: string): { op: Op } | Refusal {
  const meta = {
    id,
    work: auth.work,
    actor: auth.memberId,
    // Kept in a text column: an id as sent, else the token's device (never arbitrary text, which each store would keep differently).
    device: typeof raw.device === 'string' && ID_PATTERN.test(raw.device) ? raw.device : auth.deviceId,
  };
  const op = parseOp(raw);
  if (!op.ok) return { meta, body: raw, reason: { code: 'invalid', message: op.message } };
  if (op.value.work !== auth.work) {
    return { meta, body: raw, reason: { code: 'not_member', message: 'this device is not a member of that work' } };
  }
  if (policy === 'own' && op.value.actor !== auth.memberId) {
    return { meta, body: raw, reason: { code: 'wrong_actor', message: 'ops must be signed with the member this device joined as' } };
  }
  if (op.value.v < MIN_RULES_VERSION) {
    return { meta, body: raw, reason: { code: 'outdated_client', message: `made by an app older than rules version ${MIN_RULES_VERSION}` } };
  }
  return { op: op.value };
}

class GroupRefused extends Error {
  constructor(readonly refusals: Map<string, Refusal>) {
    super('group refused');
  }
}

/** The role an op is judged with: the pushing device's, or (rescue) its author's in this work. */
async function roleOf(tx: StoreTx, auth: DeviceAuth, policy: ActorPolicy, op: Op): Promise<Role | null> {
  if (policy === 'own') return auth.role;
  const member = (await tx.getEntity('member', op.actor)) as MemberState | undefined;
  return member && member.work === auth.work ? member.role : null;
}

/**
 * Applies one unit (an op, or a group of ops) all or nothing. Ops seen before
 * get their first answer again. If any op of a group is refused, the group's
 * writes are rolled back and every op of it is answered rejected: the refused
 * one with its reason, the others with group_failed.
 */
async function pushUnit(
  tx: StoreTx,
  auth: DeviceAuth,
  policy: ActorPolicy,
  checks: Array<{ op: Op } | Refusal>,
  ids: string[],
  seenBefore: Map<string, { work: string; result: PushResult }>,
  now: number,
): Promise<PushResult[]> {
  const answers: Array<PushResult | null> = [];
  const fresh: Array<{ index: number; checked: { op: Op } | Refusal }> = [];
  for (let k = 0; k < checks.length; k++) {
    const seen = seenBefore.get(ids[k]!) ?? null;
    if (seen && seen.work !== auth.work) {
      // Never reveal another work's answer; the id is simply taken.
      answers.push({ id: ids[k]!, status: 'rejected', reason: { code: 'exists', message: 'this op id is already used' } });
    } else {
      answers.push(seen?.result ?? null);
      if (!seen) fresh.push({ index: k, checked: checks[k]! });
    }
  }
  // A lone op needs no savepoint: judge() writes nothing when it refuses.
  const atomically = fresh.length > 1 ? <T>(fn: () => Promise<T>) => tx.savepoint(fn) : <T>(fn: () => Promise<T>) => fn();
  try {
    await atomically(async () => {
      const refusals = new Map<string, Refusal>();
      for (const { index, checked } of fresh) {
        if (!('op' in checked)) {
          refusals.set(ids[index]!, checked);
          continue;
        }
        const role = await roleOf(tx, auth, policy, checked.op);
        if (!role) {
          const reason: Rejection = { code: 'wrong_actor', message: 'the author of this op is not a member of this work' };
          refusals.set(ids[index]!, { meta: checked.op, body: checked.op, reason });
          continue;
        }
        const verdict = await judge(tx, checked.op, role, now);
        if (verdict.ok) answers[index] = { id: ids[index]!, status: 'accepted', seq: verdict.seq };
        else refusals.set(ids[index]!, { meta: verdict.op, body: verdict.op, reason: verdict.reason });
      }
      if (refusals.size > 0) throw new GroupRefused(refusals);
    });
  } catch (err) {
    if (!(err instanceof GroupRefused)) throw err;
    for (const { index, checked } of fresh) {
      const id = ids[index]!;
      const own = err.refusals.get(id);
      const refusal: Refusal = own ?? {
        meta: 'op' in checked ? checked.op : checked.meta,
        body: 'op' in checked ? checked.op : checked.body,
        reason: { code: 'group_failed', message: 'another change made together with this one was refused, so none of them was applied' },
      };
      // The author is told what is stored, so a repeated push of the id answers alike.
      const reason = boundedRejection(refusal.reason);
      await tx.recordRejection(refusal.meta, refusal.body, reason, now);
      answers[index] = { id, status: 'rejected', reason };
    }
  }
  return answers as PushResult[];
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw new HttpError(400, 'bad_request', `${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new HttpError(400, 'bad_request', `${name} must be between ${min} and ${max}`);
  return n;
}

export async function handlePull(req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL): Promise<void> {
  const { store } = ctx;
  const auth = await requireDevice(req, ctx);
  const after = intParam(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, 'limit', 500, 1, LIMITS.pullPageMax);
  const afterId = url.searchParams.get('afterId');
  if (afterId !== null && !ID_PATTERN.test(afterId)) throw new HttpError(400, 'bad_request', 'afterId must be an op id');
  if (after > 0) {
    // The cursor must name an op of this work's log (every cursor a pull hands out does): after a wipe
    // or a restore from an older backup, seq numbers are missing or reused for other ops, and a cursor
    // copied from another work's log names an op of that work.
    const op = await store.opAt(after);
    const known = op !== null && op.work === auth.work && (afterId === null || op.id === afterId);
    if (!known) {
      throw new HttpError(409, 'reset_required', 'this server does not know your sync position: keep pending work and download again');
    }
  }
  const page = await store.pull(auth.work, after, limit);
  // issues: residents' contacts only for those who may read them; cursorId names the op at the cursor.
  const visible = filterPage(auth.role, page.opsJson);
  const cursorId = visible.lastId ? `,"cursorId":${JSON.stringify(visible.lastId)}` : '';
  const json = `{"ops":[${visible.opsJson.join(',')}],"cursor":${page.lastSeq}${cursorId},"hasMore":${page.hasMore},"remaining":${page.remaining},"serverTime":${Date.now()}}`;
  sendRawJson(res, 200, json);
}
