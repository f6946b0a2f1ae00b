/**
 * Residents report by scanning a poster: the first endpoints open to anyone.
 *
 *   POST /api/resident/poster    what the poster is for (work, point, the response promise)
 *   POST /api/resident/challenge a proof-of-work challenge, solved by the page before it sends a report
 *   POST /api/resident/report    a report with up to 3 photos and an optional contact → a receipt
 *   POST /api/resident/follow    the report's status, by its follow token
 *   POST /api/resident/feedback  the resident's word on the fix (solved / partly / not)
 *   POST /api/resident/photo     the bytes of one photo of the followed report
 *   POST /api/resident/withdraw  the resident takes back their name and phone
 *
 * Tokens travel in bodies only (never in a URL the server would log). A report becomes an issue of the
 * work through the normal op path, authored by the work's resident identity (a member of role
 * volunteer made with its first poster), so it is judged by the same rules as any volunteer's report
 * and reaches every device like one; the contact is a contact.add, read by staff (and the liaison
 * with consent) only. Nothing is stored until every part of the report is accepted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as v from 'valibot';
import {
  type ContactState,
  type IssueState,
  type IssueStatus,
  type Op,
  type OpOf,
  type PointState,
  type WorkState,
  parseWith,
  retentionDaysOf,
  stampWall,
  targetsOf,
} from '../src/core';
import {
  ChallengeRequestSchema,
  FeedbackRequestSchema,
  FollowPhotoSchema,
  FollowRequestSchema,
  PosterRequestSchema,
  RESIDENT_LIMITS,
  ResidentReportRequestSchema,
  type PosterView,
  type ResidentAnswer,
  type ResidentChallenge,
  type ResidentFeedback,
  type ResidentFollowView,
  type ResidentPhotoRef,
  type ResidentReceipt,
  type ResidentReportRequest,
  leadingZeroBits,
  proofMessage,
  residentRef,
} from '../src/core/resident';
import { acceptOrReject } from './apply';
import { audit } from './audit';
import { hashToken, newId, newToken } from './auth';
import type { AppContext } from './context';
import { HttpError, clientAddress, readJson, sendJson } from './http';
import { RateLimiter } from './rate-limit';
import type { PosterRow, ReportRow, Store, StoreTx } from './store';
import { systemOp } from './system-ops';

type Route = (req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL) => Promise<void>;

/** The device name on the resident's ops: the report page, not a member's phone. */
const RESIDENT_DEVICE = 'resident-page';
const SMALL_BODY = 4096;
/** History lines read for a follow page: an issue's status moves are few; comments are never shown. */
const ENTRIES_READ = 500;
const PHOTOS_SHOWN = 30;

interface Limits {
  challengesPerAddress: RateLimiter;
  reportsPerAddress: RateLimiter;
  reportsPerPoster: RateLimiter;
  followPerAddress: RateLimiter;
}
const limitsOf = new WeakMap<AppContext, Limits>();
function limits(ctx: AppContext): Limits {
  let l = limitsOf.get(ctx);
  if (!l) {
    l = {
      challengesPerAddress: new RateLimiter(RESIDENT_LIMITS.challengesPerAddressPerMinute, 60_000),
      reportsPerAddress: new RateLimiter(RESIDENT_LIMITS.reportsPerAddressPerHour, 3_600_000),
      reportsPerPoster: new RateLimiter(RESIDENT_LIMITS.reportsPerPosterPerHour, 3_600_000),
      followPerAddress: new RateLimiter(RESIDENT_LIMITS.followPerAddressPerMinute, 60_000),
    };
    limitsOf.set(ctx, l);
  }
  return l;
}

function throttle(req: IncomingMessage, limiter: RateLimiter, key: string): void {
  const wait = limiter.take(key);
  if (wait <= 0) return;
  req.resume();
  throw new HttpError(429, 'rate_limited', `提交太频繁，请 ${Math.ceil(wait / 60)} 分钟后再试 / too many reports from here: try again in ${wait} s`, {
    'Retry-After': String(wait),
  });
}

async function body<S extends v.GenericSchema>(req: IncomingMessage, schema: S, maxBytes = SMALL_BODY): Promise<v.InferOutput<S>> {
  const parsed = parseWith(schema, await readJson(req, maxBytes));
  if (!parsed.ok) throw new HttpError(400, 'bad_request', parsed.message);
  return parsed.value;
}

const gone = () => new HttpError(404, 'not_found', '这张海报的二维码已停用，请联系社区 / this poster is no longer in use: please contact the community');

async function openPoster(store: Store, token: string): Promise<PosterRow> {
  const poster = await store.findPoster(token);
  if (!poster || poster.revokedAt !== null) throw gone();
  return poster;
}

const posterInfo: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).followPerAddress, clientAddress(req, ctx.trustProxy));
  const { poster: token } = await body(req, PosterRequestSchema);
  const poster = await openPoster(ctx.store, token);
  const work = (await ctx.store.readEntity('work', poster.work, poster.work, 0)) as WorkState | undefined;
  const point = poster.pointId ? ((await ctx.store.readEntity('point', poster.pointId, poster.work, 0)) as PointState | undefined) : undefined;
  const view: PosterView = {
    workName: work?.name ?? '',
    pointName: point?.name ?? null,
    community: work?.community ?? '',
    responseHours: targetsOf(work).acknowledgeHours,
    retentionDays: retentionDaysOf(work),
  };
  sendJson(res, 200, view);
};

// --- the proof of work ------------------------------------------------------------------------

/** Expired challenges one issue deletes at most: the table stays small without a sweeper of its own. */
const CHALLENGES_DROPPED = 20;

const challengeRoute: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).challengesPerAddress, clientAddress(req, ctx.trustProxy));
  await body(req, ChallengeRequestSchema);
  const now = Date.now();
  const challenge: ResidentChallenge = {
    challenge: randomBytes(32).toString('base64url'),
    bits: RESIDENT_LIMITS.proofBits,
    expiresAt: now + RESIDENT_LIMITS.challengeMs,
  };
  await ctx.store.addChallenge(challenge.challenge, challenge.expiresAt, now, CHALLENGES_DROPPED);
  sendJson(res, 200, challenge);
};

/**
 * The report's proof: one hash to check, then the challenge is used up (whatever comes of the report:
 * the page asks for a new one for each submit). Refused when the hash falls short, or the challenge
 * is unknown, used or expired.
 */
async function checkProof(ctx: AppContext, proof: ResidentReportRequest['proof'], now: number): Promise<void> {
  const hash = createHash('sha256').update(proofMessage(proof.challenge, proof.nonce)).digest();
  if (leadingZeroBits(hash) < RESIDENT_LIMITS.proofBits || !(await ctx.store.spendChallenge(proof.challenge, now))) {
    throw new HttpError(403, 'proof_failed', "页面校验没有通过，请再点一次提交 / the page's check did not pass: submit again");
  }
}

// --- a report ---------------------------------------------------------------------------------

type Picture = { bytes: Buffer; hash: string };

/** JPEG, PNG or WebP by their first bytes: what a phone's canvas makes. Anything else is refused. */
function isPicture(b: Buffer): boolean {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return true;
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return true;
  return b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
}

function picture(base64: string, maxBytes: number, n: number): Picture {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length > maxBytes) {
    throw new HttpError(413, 'payload_too_large', `照片 ${n} 太大 / photo ${n} is larger than ${maxBytes} bytes: take it again`);
  }
  if (!isPicture(bytes)) {
    throw new HttpError(415, 'unsupported_media_type', `第 ${n} 张不是照片，请换一张 / photo ${n} is not a picture (JPEG, PNG or WebP): choose another`);
  }
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Midnight in China (UTC+8, no daylight saving) at or before `now`: the daily cap's day. */
export function chinaDayStart(now: number): number {
  const offset = 8 * 3_600_000;
  return Math.floor((now + offset) / 86_400_000) * 86_400_000 - offset;
}

async function store(ctx: AppContext, pic: Picture): Promise<void> {
  const r = await ctx.blobs.append(pic.hash, `resident:${pic.hash.slice(0, 16)}`, 0, pic.bytes, pic.bytes.length);
  if (!r.ok) throw new Error(`a resident's photo could not be stored: ${r.reason}`);
}

function residentOp<K extends Op['kind']>(memberId: string, body: Pick<OpOf<K>, 'kind' | 'entity' | 'entityId' | 'payload' | 'work'>, now: number): Op {
  return { ...systemOp<K>(body, now), actor: memberId, device: RESIDENT_DEVICE };
}

async function accept(tx: StoreTx, op: Op, now: number, role: 'volunteer' | 'system' = 'volunteer'): Promise<void> {
  const r = await acceptOrReject(tx, op, role, now);
  if (r.status !== 'accepted') throw new HttpError(400, 'bad_request', `报告未能保存 / the report cannot be saved: ${r.reason.message}`);
}

async function writeReport(
  tx: StoreTx,
  ctx: AppContext,
  poster: PosterRow,
  r: ResidentReportRequest,
  pictures: Array<{ photo: Picture; thumb: Picture; width: number; height: number }>,
  clientKey: string,
  followHash: string,
  now: number,
): Promise<ResidentReceipt & { number: number }> {
  const work = poster.work;
  const sent = await tx.reportsSince(work, chinaDayStart(now));
  if (sent >= RESIDENT_LIMITS.reportsPerWorkPerDay) {
    const w = (await tx.getEntity('work', work)) as WorkState | undefined;
    const who = w?.community ? `「${w.community}」` : '';
    throw new HttpError(
      429,
      'too_many_reports',
      `今天这里的反映太多了，请直接打电话给社区${who} / this work has taken too many reports today: please call the community${who ? ` (${w?.community})` : ''}`,
    );
  }
  const number = await tx.nextReportNumber(work);
  const issueId = newId();
  const pointExists = poster.pointId !== null && (await tx.getEntity('point', poster.pointId))?.work === work;
  await accept(
    tx,
    residentOp<'issue.create'>(
      poster.memberId,
      {
        kind: 'issue.create',
        entity: 'issue',
        entityId: issueId,
        work,
        payload: { category: r.category, description: r.description, severity: 'medium', pointId: pointExists ? poster.pointId : null, viaPoster: true },
      },
      now,
    ),
    now,
    // Only the server may mark an issue as a poster's report (the rule refuses it from any device): it
    // is judged as the system's, having been checked here (the poster, its point, the daily cap).
    'system',
  );
  for (const p of pictures) {
    const payload = {
      hash: p.photo.hash,
      size: p.photo.bytes.length,
      thumbHash: p.thumb.hash,
      thumbSize: p.thumb.bytes.length,
      width: p.width,
      height: p.height,
      takenAt: now,
      location: null,
      phase: 'before' as const,
      caption: '',
      targetType: 'issue' as const,
      targetId: issueId,
    };
    await accept(tx, residentOp<'photo.add'>(poster.memberId, { kind: 'photo.add', entity: 'photo', entityId: newId(), work, payload }, now), now);
    for (const pic of [p.photo, p.thumb]) {
      if (!(await tx.chargeBlob(pic.hash, work, pic.bytes.length, ctx.workQuotaBytes, now))) {
        throw new HttpError(
          507,
          'quota_exceeded',
          '照片存储已满，请不带照片再提交，或联系社区 / the work has no room for photos: send the report without photos, or call the community',
        );
      }
    }
  }
  let contactId: string | null = null;
  if (r.contact && (r.contact.name.trim() || r.contact.phone.trim())) {
    contactId = newId();
    const { name, phone, shareWithContractor } = r.contact;
    await accept(
      tx,
      residentOp<'contact.add'>(
        poster.memberId,
        { kind: 'contact.add', entity: 'contact', entityId: contactId, work, payload: { issueId, name, phone, shareWithContractor } },
        now,
      ),
      now,
    );
  }
  await tx.addReport({ issueId, work, poster: poster.token, number, clientKey, followHash, contactId, createdAt: now });
  return { ref: residentRef(number), follow: '', number };
}

const report: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).reportsPerAddress, clientAddress(req, ctx.trustProxy));
  const r = await body(req, ResidentReportRequestSchema, RESIDENT_LIMITS.reportBodyBytes);
  const follow = newToken();
  // A robot filled the field people never see: it hears the usual answer, and nothing is kept.
  if (r.website) return sendJson(res, 200, { ref: residentRef(0), follow } satisfies ResidentReceipt);
  await checkProof(ctx, r.proof, Date.now());
  const poster = await openPoster(ctx.store, r.poster);
  const clientKey = hashToken(`${r.poster}\n${r.clientId}`);
  const pictures = r.photos.map((p, i) => ({
    photo: picture(p.data, RESIDENT_LIMITS.photoBytes, i + 1),
    thumb: picture(p.thumb, RESIDENT_LIMITS.thumbBytes, i + 1),
    width: p.width,
    height: p.height,
  }));
  const followHash = hashToken(follow);
  // A retry of a report already taken (the first answer was lost): the same receipt, with a new follow
  // token (the first one was never seen, and only its hash is kept). It costs the poster nothing.
  const again = await ctx.store.transaction(async (tx) => {
    const first = await tx.reportByClient(clientKey);
    if (first) await tx.setFollowHash(clientKey, followHash);
    return first;
  });
  if (again) return sendJson(res, 200, { ref: residentRef(again.number), follow } satisfies ResidentReceipt);
  throttle(req, limits(ctx).reportsPerPoster, poster.token);
  for (const p of pictures) for (const pic of [p.photo, p.thumb]) await store(ctx, pic);
  const now = Date.now();
  const done = await ctx.store.transaction((tx) => writeReport(tx, ctx, poster, r, pictures, clientKey, followHash, now), { work: poster.work });
  ctx.hub.poke(poster.work, await ctx.store.maxSeq());
  sendJson(res, 200, { ref: done.ref, follow } satisfies ResidentReceipt);
};

// --- following it -----------------------------------------------------------------------------

async function followed(req: IncomingMessage, ctx: AppContext, follow: string): Promise<{ row: ReportRow; issue: IssueState }> {
  const row = await ctx.store.reportByFollow(hashToken(follow));
  const issue = row ? ((await ctx.store.readEntity('issue', row.issueId, row.work, ENTRIES_READ)) as IssueState | undefined) : undefined;
  if (!row || !issue) {
    req.resume();
    throw new HttpError(404, 'not_found', '找不到这条反映，请检查链接 / no report for this link: check that it was copied whole');
  }
  return { row, issue };
}

/** Status moves only: the reasons residents may read are a decline's and a dispute's (said to them), never a comment. */
const SAID_TO_RESIDENT = new Set(['rejected', 'disputed']);

async function followView(ctx: AppContext, row: ReportRow, issue: IssueState): Promise<ResidentFollowView> {
  const work = (await ctx.store.readEntity('work', row.work, row.work, 0)) as WorkState | undefined;
  const photos = (await ctx.store.photosOfIssue(row.work, row.issueId, PHOTOS_SHOWN)) as Array<{ hash: string; phase: ResidentPhotoRef['phase'] }>;
  const feedback = row.feedback ? (JSON.parse(row.feedback) as ResidentFeedback) : null;
  // Merged into another open issue: the resident follows that one's progress (its status only: its
  // description and photos may be another resident's).
  const merged = issue.mergedInto ? ((await ctx.store.readEntity('issue', issue.mergedInto, row.work, 0)) as IssueState | undefined) : undefined;
  return {
    ref: residentRef(row.number),
    category: issue.category,
    description: issue.description,
    status: issue.status,
    reportedAt: row.createdAt,
    plannedDate: issue.plannedDate,
    steps: issue.history
      .filter((h) => h.to !== undefined)
      .map((h) => ({
        to: h.to!,
        at: stampWall(h.at),
        ...(h.plannedDate !== undefined && { plannedDate: h.plannedDate }),
        ...(h.reason !== undefined && SAID_TO_RESIDENT.has(h.to!) && { reason: h.reason }),
        ...(h.declined !== undefined && { declined: h.declined }),
      })),
    photos: photos.map((p) => ({ hash: p.hash, phase: p.phase })),
    feedback,
    accepted: issue.triage?.decision === 'accept',
    merged: merged ? { status: merged.status, plannedDate: merged.plannedDate } : null,
    contactKept: row.contactId !== null && row.withdrawnAt === null,
    canAnswer: feedback === null && (issue.status === 'resolved' || issue.status === 'verified'),
    workName: work?.name ?? '',
    responseHours: targetsOf(work).acknowledgeHours,
  };
}

const followRoute: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).followPerAddress, clientAddress(req, ctx.trustProxy));
  const { follow } = await body(req, FollowRequestSchema);
  const { row, issue } = await followed(req, ctx, follow);
  sendJson(res, 200, await followView(ctx, row, issue));
};

const ANSWER_WORDS: Record<ResidentAnswer, string> = { solved: '已解决', partly: '部分解决', not: '未解决' };

const feedbackRoute: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).followPerAddress, clientAddress(req, ctx.trustProxy));
  const { follow, answer, comment } = await body(req, FeedbackRequestSchema);
  const { row } = await followed(req, ctx, follow);
  const now = Date.now();
  await ctx.store.transaction(
    async (tx) => {
      // Read again inside the transaction: the answer and the move it makes are judged on one state.
      const issue = (await tx.getEntity('issue', row.issueId)) as IssueState | undefined;
      if (!issue || row.feedback !== null) throw new HttpError(400, 'bad_request', '您已经回复过了 / you have answered already');
      if (issue.status !== 'resolved' && issue.status !== 'verified') {
        throw new HttpError(400, 'bad_request', '这条反映还没有修好，修好后再回复 / the report is not marked fixed yet: answer once it is');
      }
      const resident = await tx.residentMember(row.work);
      if (!resident) throw new Error(`work ${row.work} has reports but no resident member`);
      const reason = `居民反馈：${ANSWER_WORDS[answer]}${comment.trim() ? `：${comment.trim()}` : ''}`.slice(0, 500);
      const to: IssueStatus | null = answer === 'solved' ? (issue.status === 'resolved' ? 'verified' : null) : 'reopened';
      if (to) {
        const payload = to === 'reopened' ? { to, reason } : { to };
        await accept(
          tx,
          residentOp<'issue.transition'>(resident, { kind: 'issue.transition', entity: 'issue', entityId: issue.id, work: row.work, payload }, now),
          now,
        );
      }
      await tx.setFeedback(row.issueId, JSON.stringify({ answer, comment, at: now } satisfies ResidentFeedback));
    },
    { work: row.work },
  );
  ctx.hub.poke(row.work, await ctx.store.maxSeq());
  const again = await followed(req, ctx, follow);
  sendJson(res, 200, await followView(ctx, again.row, again.issue));
};

const photoRoute: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).followPerAddress, clientAddress(req, ctx.trustProxy));
  const { follow, hash } = await body(req, FollowPhotoSchema);
  const { row } = await followed(req, ctx, follow);
  const photos = (await ctx.store.photosOfIssue(row.work, row.issueId, PHOTOS_SHOWN)) as Array<{ hash: string; thumbHash: string }>;
  const blob = photos.some((p) => p.hash === hash || p.thumbHash === hash) ? await ctx.blobs.read(hash) : null;
  if (!blob) throw new HttpError(404, 'not_found', '照片还没上传 / this photo is not there yet');
  res.writeHead(200, {
    'Content-Type': 'image/jpeg',
    'Content-Length': blob.size,
    'Cache-Control': 'private, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
  });
  blob.stream.pipe(res);
};

/**
 * The resident takes back their name and phone: a contact.erase (made by the server) blanks them on
 * the server's state and on every device that holds them, and the audit chain records it. The op
 * log keeps the original contact.add (its hash chain covers it): see docs/security.md.
 */
const withdrawRoute: Route = async (req, res, ctx) => {
  throttle(req, limits(ctx).followPerAddress, clientAddress(req, ctx.trustProxy));
  const { follow } = await body(req, FollowRequestSchema);
  const { row, issue } = await followed(req, ctx, follow);
  const now = Date.now();
  const contactId = row.contactId;
  if (contactId !== null && row.withdrawnAt === null) {
    await ctx.store.transaction(
      async (tx) => {
        const contact = (await tx.getEntity('contact', contactId)) as ContactState | undefined;
        if (contact && !contact.erased) {
          const erase = systemOp<'contact.erase'>(
            {
              kind: 'contact.erase',
              entity: 'contact',
              entityId: contactId,
              work: row.work,
              payload: { shareWithContractor: contact.shareWithContractor, reason: 'withdrawn' },
            },
            now,
          );
          const r = await acceptOrReject(tx, erase, 'system', now);
          if (r.status !== 'accepted') throw new Error(`contact.erase refused: ${r.reason.message}`);
        }
        await tx.setWithdrawn(row.issueId, now);
        await audit(tx, { work: row.work, at: now, actor: 'resident', action: 'resident.withdraw', detail: { issue: row.issueId, contact: contactId } });
      },
      { work: row.work },
    );
    ctx.hub.poke(row.work, await ctx.store.maxSeq());
  }
  const again = await ctx.store.reportByFollow(hashToken(follow));
  sendJson(res, 200, await followView(ctx, again ?? row, issue));
};

export const RESIDENT_ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/api/resident/poster': { POST: posterInfo },
  '/api/resident/challenge': { POST: challengeRoute },
  '/api/resident/report': { POST: report },
  '/api/resident/follow': { POST: followRoute },
  '/api/resident/feedback': { POST: feedbackRoute },
  '/api/resident/photo': { POST: photoRoute },
  '/api/resident/withdraw': { POST: withdrawRoute },
};
