/**
 * The op: every change a user makes, as it travels between device and server.
 * Each wire shape is defined once as a runtime schema (valibot) and its type is
 * derived from it, so the app, the server and the tests cannot disagree.
 */
import * as v from 'valibot';
import {
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  LIMITS,
  ROLES,
  SEVERITIES,
  WORK_KINDS,
} from './domain';
import { AnswerSchema, CHECKLIST_LIMITS, TemplateBodySchema } from './checklist';
import { isStamp } from './hlc';
import { HASH_PATTERN, LOCATION_SOURCES, MAX_BLOB_BYTES, PHASES, PHOTO_TARGETS } from './photos';
import { ResponseTargetsSchema } from './response-targets';
import { DateSchema, IdSchema, idRecord, text } from './schema-parts';
import { personName } from './names';

export { IdSchema };

const StampSchema = v.pipe(v.string(), v.check(isStamp, 'must be a hybrid logical clock stamp'));

const Latitude = v.pipe(v.number(), v.minValue(-90), v.maxValue(90));
const Longitude = v.pipe(v.number(), v.minValue(-180), v.maxValue(180));

const envelope = {
  id: IdSchema,
  work: IdSchema,
  entityId: IdSchema,
  actor: IdSchema,
  device: IdSchema,
  hlc: StampSchema,
  /** RULES_VERSION of the app that made the op. */
  v: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
  /**
   * Ops made together (a complaint and its first comment) share a group id and
   * travel next to each other in one push; the server applies the group all or
   * nothing.
   */
  group: v.optional(IdSchema),
};

export const WorkCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  compound: text(LIMITS.name),
  community: text(LIMITS.name, false),
  kind: v.picklist(WORK_KINDS),
  contractor: text(LIMITS.name, false),
  startDate: v.nullable(DateSchema),
  endDate: v.nullable(DateSchema),
  /** Optional for works made before targets existed: readers use targetsOf(). */
  responseTargets: v.optional(ResponseTargetsSchema),
});

export const PointCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  lat: v.nullable(Latitude),
  lng: v.nullable(Longitude),
});

export const MemberJoinPayload = v.strictObject({
  name: personName(LIMITS.name),
  role: v.picklist(ROLES),
});

// Works, members and roles (#7): staff change a member's role through the server (admin endpoint).
export const MemberRolePayload = v.strictObject({
  role: v.picklist(ROLES),
});

export const IssueCreatePayload = v.strictObject({
  category: v.picklist(ISSUE_CATEGORIES),
  description: text(LIMITS.description),
  severity: v.picklist(SEVERITIES),
  pointId: v.nullable(IdSchema),
  /** Checklists (#5): the inspection item whose fail raised this issue. */
  source: v.optional(v.strictObject({ inspectionId: IdSchema, itemId: IdSchema })),
});

/** Editable issue fields: merged last-writer-wins per field by HLC. */
export const IssueEditPayload = v.strictObject({
  fields: v.pipe(
    v.strictObject({
      category: v.optional(v.picklist(ISSUE_CATEGORIES)),
      description: v.optional(text(LIMITS.description)),
      severity: v.optional(v.picklist(SEVERITIES)),
      pointId: v.optional(v.nullable(IdSchema)),
    }),
    v.check((f) => Object.keys(f).length > 0, 'must change at least one field'),
  ),
});

export const IssueTransitionPayload = v.pipe(
  v.strictObject({
    to: v.picklist(ISSUE_STATUSES),
    reason: v.optional(text(LIMITS.reason)),
    plannedDate: v.optional(DateSchema),
    // merge duplicates (#6): the issue of the same work this one is merged into (checkOp requires it for 'merged').
    into: v.optional(IdSchema),
  }),
  v.check((p) => p.into === undefined || p.to === 'merged', 'into is only for to=merged'),
);

export const IssueCommentPayload = v.strictObject({
  text: text(LIMITS.comment),
});

const HashSchema = v.pipe(v.string(), v.regex(HASH_PATTERN, 'must be a SHA-256 in lower-case hex'));
const ByteSize = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BLOB_BYTES));
const Pixels = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

export const PhotoAddPayload = v.strictObject({
  hash: HashSchema,
  size: ByteSize,
  thumbHash: HashSchema,
  thumbSize: ByteSize,
  width: Pixels,
  height: Pixels,
  /** When the photo was taken (device clock or EXIF), ms since epoch; null if unknown. */
  takenAt: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  location: v.nullable(
    v.strictObject({
      lat: Latitude,
      lng: Longitude,
      accuracy: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000))),
      source: v.picklist(LOCATION_SOURCES),
    }),
  ),
  phase: v.picklist(PHASES),
  caption: text(LIMITS.caption, false),
  targetType: v.picklist(PHOTO_TARGETS),
  targetId: IdSchema,
  /** The file as taken, kept on the phone; uploaded only if the work asks for originals (#4). */
  original: v.optional(v.strictObject({ hash: HashSchema, size: ByteSize })),
});

// --- Site plans (#4): a plan image of the work, its two control points, points placed on it. ---
const PlanPixelSchema = v.strictObject({
  x: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100_000)),
  y: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100_000)),
});
const ControlPointSchema = v.strictObject({ plan: PlanPixelSchema, geo: v.strictObject({ lat: Latitude, lng: Longitude }) });
/** Two spots found both on the plan and on the ground; null while the plan is not pinned to GPS. */
const ControlPointsSchema = v.nullable(v.strictTuple([ControlPointSchema, ControlPointSchema]));

export const PlanAddPayload = v.strictObject({
  name: text(LIMITS.name),
  /** The plan image's bytes travel as a blob, like a photo's display copy. */
  hash: HashSchema,
  size: ByteSize,
  width: Pixels,
  height: Pixels,
  controlPoints: ControlPointsSchema,
});

export const PlanGeorefPayload = v.strictObject({ controlPoints: ControlPointsSchema });

/** A point's spot on a plan (image pixels), or null to take it off the plan. */
export const PointPlacePayload = v.strictObject({
  place: v.nullable(v.strictObject({ planId: IdSchema, x: PlanPixelSchema.entries.x, y: PlanPixelSchema.entries.y })),
});
/** Whether the work's phones upload the originals of their photos (staff decide: they cost data and space). */
export const WorkOriginalsPayload = v.strictObject({ upload: v.boolean() });
// --- end site plans ---
// --- checklists (#5): templates by staff, inspections walked by volunteers ---
export const TemplateCreatePayload = v.strictObject({
  name: text(LIMITS.name),
  body: TemplateBodySchema,
  /** The shipped template (or another template of the work) this one was copied from. */
  basedOn: v.nullable(IdSchema),
});

export const TemplateRevisePayload = v.strictObject({
  /** The version this edit makes: the latest + 1 (refused as stale otherwise). */
  version: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(CHECKLIST_LIMITS.versions)),
  name: text(LIMITS.name),
  body: TemplateBodySchema,
});

export const InspectionStartPayload = v.strictObject({
  templateId: IdSchema,
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CHECKLIST_LIMITS.versions)),
  pointId: v.nullable(IdSchema),
});

export const InspectionAnswerPayload = v.strictObject({
  itemId: IdSchema,
  /** null clears the item's answer. */
  answer: v.nullable(AnswerSchema),
});

export const InspectionSubmitPayload = v.strictObject({
  /** The issue raised for each failed item marked "a fail raises an issue" (created in the same group). */
  raised: idRecord(CHECKLIST_LIMITS.items),
});

const checklistOps = [
  v.strictObject({ ...envelope, entity: v.literal('template'), kind: v.literal('template.create'), payload: TemplateCreatePayload }),
  v.strictObject({ ...envelope, entity: v.literal('template'), kind: v.literal('template.revise'), payload: TemplateRevisePayload }),
  v.strictObject({ ...envelope, entity: v.literal('inspection'), kind: v.literal('inspection.start'), payload: InspectionStartPayload }),
  v.strictObject({ ...envelope, entity: v.literal('inspection'), kind: v.literal('inspection.answer'), payload: InspectionAnswerPayload }),
  v.strictObject({ ...envelope, entity: v.literal('inspection'), kind: v.literal('inspection.submit'), payload: InspectionSubmitPayload }),
] as const;
// --- end checklists ---
// --- issues (#6): "me too" and residents' contacts ---------------------------------------
/** Another resident is affected by an open issue ("me too"): the count grows; their contact travels apart (contact.add). */
export const IssueAffectPayload = v.strictObject({});

/** Digits, spaces, +, - and parentheses: a phone number as people write it. */
const PhoneSchema = v.pipe(
  v.string(),
  v.maxLength(LIMITS.phone, `must be at most ${LIMITS.phone} characters`),
  v.regex(/^([0-9+\-() ]*[0-9][0-9+\-() ]*)?$/, 'must be a phone number (digits, +, -, spaces) or empty'),
);

/**
 * A resident's name and phone for an issue, and whether they agreed to share
 * them with the contractor. Its own entity: the server leaves contact ops out
 * of the pulls of everyone but staff (and the liaison, with consent).
 */
export const ContactAddPayload = v.strictObject({
  issueId: IdSchema,
  name: text(LIMITS.residentName),
  phone: PhoneSchema,
  shareWithContractor: v.boolean(),
});
// --- end issues (#6) -----------------------------------------------------------------------

export const OpSchema = v.variant('kind', [
  v.strictObject({ ...envelope, entity: v.literal('work'), kind: v.literal('work.create'), payload: WorkCreatePayload }),
  v.strictObject({ ...envelope, entity: v.literal('point'), kind: v.literal('point.create'), payload: PointCreatePayload }),
  v.strictObject({ ...envelope, entity: v.literal('member'), kind: v.literal('member.join'), payload: MemberJoinPayload }),
  v.strictObject({ ...envelope, entity: v.literal('issue'), kind: v.literal('issue.create'), payload: IssueCreatePayload }),
  v.strictObject({ ...envelope, entity: v.literal('issue'), kind: v.literal('issue.edit'), payload: IssueEditPayload }),
  v.strictObject({
    ...envelope,
    entity: v.literal('issue'),
    kind: v.literal('issue.transition'),
    payload: IssueTransitionPayload,
  }),
  v.strictObject({ ...envelope, entity: v.literal('issue'), kind: v.literal('issue.comment'), payload: IssueCommentPayload }),
  v.strictObject({ ...envelope, entity: v.literal('photo'), kind: v.literal('photo.add'), payload: PhotoAddPayload }),
  // Works, members and roles (#7).
  v.strictObject({ ...envelope, entity: v.literal('member'), kind: v.literal('member.role'), payload: MemberRolePayload }),
  // Site plans (#4)
  v.strictObject({ ...envelope, entity: v.literal('plan'), kind: v.literal('plan.add'), payload: PlanAddPayload }),
  v.strictObject({ ...envelope, entity: v.literal('plan'), kind: v.literal('plan.georef'), payload: PlanGeorefPayload }),
  v.strictObject({ ...envelope, entity: v.literal('point'), kind: v.literal('point.place'), payload: PointPlacePayload }),
  v.strictObject({ ...envelope, entity: v.literal('work'), kind: v.literal('work.originals'), payload: WorkOriginalsPayload }),
  ...checklistOps,
  // issues (#6)
  v.strictObject({ ...envelope, entity: v.literal('issue'), kind: v.literal('issue.affect'), payload: IssueAffectPayload }),
  v.strictObject({ ...envelope, entity: v.literal('contact'), kind: v.literal('contact.add'), payload: ContactAddPayload }),
]);

export type Op = v.InferOutput<typeof OpSchema>;
export type OpKind = Op['kind'];
export type OpOf<K extends OpKind> = Extract<Op, { kind: K }>;

/** An op as the server stored it: with its place in the work's log. */
export type StoredOp = Op & { seq: number };

/**
 * Kinds only the server may author (joining goes through the invite endpoint,
 * a role change through the staff's member endpoint, #7).
 */
export const SERVER_ONLY_KINDS: ReadonlySet<OpKind> = new Set(['member.join', 'member.role']);

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validate unknown input against a schema, with a message a developer can act on. */
export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const r = v.safeParse(schema, input, { abortPipeEarly: true });
  if (r.success) return { ok: true, value: r.output };
  const issue = r.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

/**
 * Each kind's own schema. v.variant tries its options in order and builds an
 * issue for every option whose kind does not match before it reaches the right
 * one; going straight to that option gives the same result and the same
 * messages at a fraction of the cost (the server parses every op it receives).
 */
const SCHEMA_OF_KIND: ReadonlyMap<string, v.GenericSchema<unknown, Op>> = new Map(
  OpSchema.options.map((schema) => [schema.entries.kind.literal, schema as v.GenericSchema<unknown, Op>]),
);

export function parseOp(input: unknown): ParseResult<Op> {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  // An unknown or missing kind goes through the variant, for its message listing the kinds.
  return parseWith((typeof kind === 'string' && SCHEMA_OF_KIND.get(kind)) || OpSchema, input);
}

export function entityKey(entity: string, id: string): string {
  return `${entity}:${id}`;
}

/** Bytes that travel apart from an op: a blob's hash and the size the op declares for it. */
export interface BlobRef {
  hash: string;
  size: number;
}

/**
 * The blobs an op names (a photo's display copy, thumbnail and original; a plan's image). Once the
 * server accepts the op, the op's work may read them, and its devices may upload them (#7): the
 * server takes bytes only for a hash an accepted op of the uploader's work names, at the size named.
 */
export function blobRefsOf(op: Op): BlobRef[] {
  if (op.kind === 'photo.add') {
    const p = op.payload;
    return [{ hash: p.hash, size: p.size }, { hash: p.thumbHash, size: p.thumbSize }, ...(p.original ? [p.original] : [])];
  }
  if (op.kind === 'plan.add') return [{ hash: op.payload.hash, size: op.payload.size }];
  return [];
}
