/** POST /api/sync/push and GET /api/sync/pull. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  IdSchema,
  LIMITS,
  MIN_RULES_VERSION,
  PushRequestSchema,
  type PushResponse,
  type PushResult,
  parseOp,
  parseWith,
} from '../src/core';
import { acceptOrReject } from './apply';
import { requireDevice } from './auth';
import { HttpError, readJson, sendJson, sendRawJson } from './http';
import type { AppContext } from './app';

export async function handlePush(req: IncomingMessage, res: ServerResponse, { store, hub }: AppContext): Promise<void> {
  const auth = await requireDevice(req, store);
  const parsed = parseWith(PushRequestSchema, await readJson(req, LIMITS.pushBodyBytes));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  const { clientVersion, ops } = parsed.value;
  if (clientVersion < MIN_RULES_VERSION) {
    throw new HttpError(426, 'outdated_client', `update the app: this server accepts rules version ${MIN_RULES_VERSION} or newer`);
  }
  // Every op needs a readable id to be answered (accepted or rejected) by it;
  // without one the request as a whole is refused and the device keeps its outbox.
  const ids = ops.map((raw, i) => {
    const id = parseWith(IdSchema, (raw as { id?: unknown } | null)?.id);
    if (!id.ok) throw new HttpError(400, 'bad_request', `ops.${i}.id: ${id.message}`);
    return id.value;
  });
  const now = Date.now();
  const results = await store.transaction(async (tx) => {
    const out: PushResult[] = [];
    for (let i = 0; i < ops.length; i++) {
      const id = ids[i]!;
      const seen = await tx.findResult(id);
      if (seen) {
        out.push(seen);
        continue;
      }
      const raw = ops[i] as Record<string, unknown>;
      const meta = {
        id,
        work: auth.work,
        actor: auth.memberId,
        device: typeof raw.device === 'string' ? raw.device.slice(0, 64) : auth.deviceId,
      };
      const op = parseOp(raw);
      let result: PushResult;
      if (!op.ok) {
        const reason = { code: 'invalid' as const, message: op.message };
        await tx.recordRejection(meta, raw, reason, now);
        result = { id, status: 'rejected', reason };
      } else if (op.value.work !== auth.work) {
        const reason = { code: 'not_member' as const, message: 'this device is not a member of that work' };
        await tx.recordRejection(meta, raw, reason, now);
        result = { id, status: 'rejected', reason };
      } else if (op.value.actor !== auth.memberId) {
        const reason = { code: 'wrong_actor' as const, message: 'ops must be signed with the member this device joined as' };
        await tx.recordRejection(meta, raw, reason, now);
        result = { id, status: 'rejected', reason };
      } else if (op.value.v < MIN_RULES_VERSION) {
        const reason = { code: 'outdated_client' as const, message: `made by an app older than rules version ${MIN_RULES_VERSION}` };
        await tx.recordRejection(meta, raw, reason, now);
        result = { id, status: 'rejected', reason };
      } else {
        result = await acceptOrReject(tx, op.value, auth.role, now);
      }
      out.push(result);
    }
    return out;
  });
  const newest = Math.max(0, ...results.map((r) => (r.status === 'accepted' ? r.seq : 0)));
  if (newest > 0) hub.poke(auth.work, newest);
  const body: PushResponse = { results, serverTime: Date.now() };
  sendJson(res, 200, body);
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw new HttpError(400, 'bad_request', `${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new HttpError(400, 'bad_request', `${name} must be between ${min} and ${max}`);
  return n;
}

export async function handlePull(req: IncomingMessage, res: ServerResponse, { store }: AppContext, url: URL): Promise<void> {
  const auth = await requireDevice(req, store);
  const after = intParam(url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(url, 'limit', 500, 1, LIMITS.pullPageMax);
  if (after > 0 && after > (await store.maxSeq())) {
    // The device has seen ops this server never had (wiped or restored server).
    throw new HttpError(409, 'reset_required', 'this server does not know your sync position: keep pending work and download again');
  }
  const page = await store.pull(auth.work, after, limit);
  const json = `{"ops":[${page.opsJson.join(',')}],"cursor":${page.lastSeq},"hasMore":${page.hasMore},"serverTime":${Date.now()}}`;
  sendRawJson(res, 200, json);
}
