/**
 * Residents report by scanning a poster: the wire of the public endpoints under /api/resident/ and of
 * the staff's poster endpoints. A poster token lets anyone holding the poster report into its work
 * (it is printed, so it is no secret, but long and random so that no other work's can be guessed);
 * a follow token, handed back once with the receipt, lets the resident read their own report only.
 */
import * as v from 'valibot';
import { ISSUE_CATEGORIES, type IssueCategory, type IssueStatus, LIMITS } from './domain';
import type { DeclineReason } from './ops/issue';
import { PhoneSchema } from './ops/contact';
import { HASH_PATTERN } from './photos';
import { Pixels } from './ops/fields';
import { RESIDENT_ANSWERS, RESIDENT_LIMITS, type ResidentAnswer } from './resident-links';
import { IdSchema, text } from './schema-parts';

export * from './resident-links';

/** 32 random bytes in base64url: printed on a poster, or handed to the resident with the receipt. */
export const RESIDENT_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const TokenSchema = v.pipe(v.string(), v.regex(RESIDENT_TOKEN, 'must be a 43-character token'));

/** A photo as the page sends it: a JPEG (or PNG/WebP) in base64 and its thumbnail, both made on the phone. */
const Base64 = (maxBytes: number) =>
  v.pipe(v.string(), v.maxLength(Math.ceil(maxBytes / 3) * 4, `must be at most ${maxBytes} bytes`), v.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'));

export const ResidentPhotoSchema = v.strictObject({
  data: Base64(RESIDENT_LIMITS.photoBytes),
  thumb: Base64(RESIDENT_LIMITS.thumbBytes),
  width: Pixels,
  height: Pixels,
});

export const ResidentContactSchema = v.strictObject({
  name: text(LIMITS.residentName, false),
  phone: PhoneSchema,
  /** May the construction liaison see it too (staff always may). */
  shareWithContractor: v.boolean(),
  /** The resident ticked the consent text: nothing is kept without it. */
  consent: v.literal(true),
});

/** The page's id for a draft: random, at least 16 characters, so that nobody can guess another's. */
const ClientIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16-64 letters, digits, _ or -'));

/** A solved challenge (POST /api/resident/challenge): SHA-256(challenge:nonce) starts with the asked zero bits. */
export const ProofSchema = v.strictObject({
  challenge: TokenSchema,
  nonce: v.pipe(v.string(), v.regex(/^[0-9a-z]{1,16}$/, 'must be 1-16 digits or lowercase letters')),
});

export const ResidentReportRequestSchema = v.strictObject({
  poster: TokenSchema,
  /** Made by the page once per draft: a retried submit returns the first receipt. */
  clientId: ClientIdSchema,
  /** A small proof of work over a challenge the server issued (single use, expiring). */
  proof: ProofSchema,
  category: v.picklist(ISSUE_CATEGORIES),
  description: text(RESIDENT_LIMITS.description),
  photos: v.pipe(v.array(ResidentPhotoSchema), v.maxLength(RESIDENT_LIMITS.photos, `at most ${RESIDENT_LIMITS.photos} photos`)),
  contact: v.nullable(ResidentContactSchema),
  /** A field people never see: anything in it marks a robot. */
  website: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type ResidentReportRequest = v.InferOutput<typeof ResidentReportRequestSchema>;

export const PosterRequestSchema = v.strictObject({ poster: TokenSchema });
/** A challenge for a report's proof of work: asked for with an empty body. */
export const ChallengeRequestSchema = v.strictObject({});
export const FollowRequestSchema = v.strictObject({ follow: TokenSchema });
/** One photo of the followed report: its bytes or its thumbnail's, by hash. */
export const FollowPhotoSchema = v.strictObject({ follow: TokenSchema, hash: v.pipe(v.string(), v.regex(HASH_PATTERN, 'must be a SHA-256 hash')) });

export const FeedbackRequestSchema = v.strictObject({
  follow: TokenSchema,
  answer: v.picklist(RESIDENT_ANSWERS),
  comment: text(RESIDENT_LIMITS.feedbackComment, false),
});

/** Staff: a poster for the whole work (pointId null) or for one point. */
export const CreatePosterRequestSchema = v.strictObject({ pointId: v.nullable(IdSchema) });
export const PosterTokenRequestSchema = v.strictObject({ token: TokenSchema });

/** What the report page shows before the resident writes anything. */
export interface PosterView {
  workName: string;
  pointName: string | null;
  community: string;
  /** Hours within which someone answers (the work's acknowledge target). */
  responseHours: number;
  /** Days a contact is kept once the report is closed (the work's retention period): said in the consent text. */
  retentionDays: number;
}

/** A challenge to solve before sending a report: SHA-256(challenge:nonce) must start with `bits` zero bits. */
export interface ResidentChallenge {
  challenge: string;
  bits: number;
  /** Until when (ms) the server takes it, once. */
  expiresAt: number;
}

export interface ResidentReceipt {
  /** Short, for saying on the phone: JM-0042. Not a secret, and no key to anything. */
  ref: string;
  follow: string;
}

export interface ResidentStep {
  to: IssueStatus;
  at: number;
  /** The planned date the liaison gave, or the reason staff gave for declining. */
  plannedDate?: string;
  reason?: string;
  /** A volunteer declined the report, for this reason (the page says it in the resident's words). */
  declined?: DeclineReason;
}

export interface ResidentPhotoRef {
  hash: string;
  phase: 'before' | 'during' | 'after';
}

export interface ResidentFeedback {
  answer: ResidentAnswer;
  comment: string;
  at: number;
}

/** What the follow link shows: the report's own facts, never another resident's data or a comment. */
export interface ResidentFollowView {
  ref: string;
  category: IssueCategory;
  description: string;
  status: IssueStatus;
  reportedAt: number;
  plannedDate: string | null;
  steps: ResidentStep[];
  photos: ResidentPhotoRef[];
  feedback: ResidentFeedback | null;
  /** A volunteer took the report on (triage): it is a case of the work now. */
  accepted: boolean;
  /** Merged with the same problem reported before: where that one stands (its status and planned date). */
  merged: { status: IssueStatus; plannedDate: string | null } | null;
  /** Whether the server still holds the contact the resident left. */
  contactKept: boolean;
  /** The issue is fixed (or verified) and waits for the resident's word. */
  canAnswer: boolean;
  workName: string;
  responseHours: number;
}

/** A poster as staff list it. */
export interface PosterInfo {
  token: string;
  pointId: string | null;
  createdAt: number;
  revokedAt: number | null;
}
