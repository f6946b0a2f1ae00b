/**
 * Staff make and stop the QR posters residents report through (resident-routes.ts).
 *
 *   GET  /api/admin/posters          the work's posters, open and stopped
 *   POST /api/admin/posters          a new poster, for the whole work or one point
 *   POST /api/admin/posters/revoke   stop a poster: its code reports nothing any more
 *
 * The first poster of a work also makes the work's resident identity: a member of role volunteer,
 * named so that every device shows who reported ("居民扫码"), which authors every report from the
 * work's posters. It has no device and cannot sign in.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as v from 'valibot';
import { type PointState, parseWith } from '../src/core';
import { CreatePosterRequestSchema, type PosterInfo, PosterTokenRequestSchema, RESIDENT_LIMITS } from '../src/core/resident';
import { acceptOrReject } from './apply';
import { audit } from './audit';
import { newId, newToken, requireStaff } from './auth';
import type { AppContext } from './context';
import { HttpError, readJson, sendJson } from './http';
import type { PosterRow, StoreTx } from './store';
import { systemOp } from './system-ops';

type Route = (req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL) => Promise<void>;

/** The resident identity's name on every device. */
export const RESIDENT_MEMBER_NAME = '居民扫码';

async function body<S extends v.GenericSchema>(req: IncomingMessage, schema: S): Promise<v.InferOutput<S>> {
  const parsed = parseWith(schema, await readJson(req, 1024));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  return parsed.value;
}

const info = (p: PosterRow): PosterInfo => ({ token: p.token, pointId: p.pointId, createdAt: p.createdAt, revokedAt: p.revokedAt });

async function residentMemberOf(tx: StoreTx, work: string, now: number): Promise<string> {
  const known = await tx.residentMember(work);
  if (known) return known;
  const memberId = newId();
  await tx.addMemberOnly({ memberId, work, name: RESIDENT_MEMBER_NAME, role: 'volunteer', now });
  const join = systemOp<'member.join'>(
    { kind: 'member.join', entity: 'member', entityId: memberId, work, payload: { name: RESIDENT_MEMBER_NAME, role: 'volunteer' } },
    now,
  );
  const r = await acceptOrReject(tx, join, 'system', now);
  if (r.status !== 'accepted') throw new Error(`the resident member cannot join: ${r.reason.message}`);
  return memberId;
}

const listPosters: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const posters = await ctx.store.listPosters(auth.work, RESIDENT_LIMITS.postersPerWork * 2);
  sendJson(res, 200, { posters: posters.map(info) });
};

const createPoster: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { pointId } = await body(req, CreatePosterRequestSchema);
  const now = Date.now();
  const poster = await ctx.store.transaction(
    async (tx) => {
      if (pointId !== null) {
        const point = (await tx.getEntity('point', pointId)) as PointState | undefined;
        if (!point || point.work !== auth.work) throw new HttpError(404, 'not_found', 'no such point in this work');
      }
      if ((await tx.countOpenPosters(auth.work)) >= RESIDENT_LIMITS.postersPerWork) {
        throw new HttpError(400, 'bad_request', `this work has ${RESIDENT_LIMITS.postersPerWork} posters in use already: stop some first`);
      }
      const row: PosterRow = {
        token: newToken(),
        work: auth.work,
        pointId,
        memberId: await residentMemberOf(tx, auth.work, now),
        createdAt: now,
        revokedAt: null,
      };
      await tx.addPoster(row);
      await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'poster.create', detail: { point: pointId } });
      return row;
    },
    { work: auth.work },
  );
  ctx.hub.poke(auth.work, await ctx.store.maxSeq());
  sendJson(res, 200, info(poster));
};

const revokePoster: Route = async (req, res, ctx) => {
  const auth = await requireStaff(req, ctx);
  const { token } = await body(req, PosterTokenRequestSchema);
  const now = Date.now();
  await ctx.store.transaction(
    async (tx) => {
      if (!(await tx.revokePoster(token, auth.work, now))) throw new HttpError(404, 'not_found', 'no poster in use with this code in this work');
      await audit(tx, { work: auth.work, at: now, actor: auth.memberId, action: 'poster.revoke', detail: { poster: token.slice(0, 6) } });
    },
    { work: auth.work },
  );
  sendJson(res, 200, { ok: true });
};

export const POSTER_ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/api/admin/posters': { GET: listPosters, POST: createPoster },
  '/api/admin/posters/revoke': { POST: revokePoster },
};
