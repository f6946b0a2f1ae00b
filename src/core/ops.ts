/**
 * The op: every change a user makes, as it travels between device and server.
 * Each kind is defined once, with its rule, in its entity's file under ops/;
 * the wire schema is derived from those definitions (ops/registry.ts) and the
 * types from the schema, so the app, the server and the tests cannot disagree.
 */
import * as v from 'valibot';
import { type Op, OpSchema, schemaOfKind } from './ops/registry';

export { IdSchema } from './schema-parts';
export { OP_DEFINITIONS, OpSchema, SERVER_ONLY_KINDS, type Op, type OpKind, type OpOf } from './ops/registry';
export { WorkCreatePayload, WorkOriginalsPayload, WorkTargetsPayload } from './ops/work';
export { PointCreatePayload, PointPlacePayload, PointUpdatePayload } from './ops/point';
export { MemberJoinPayload, MemberRolePayload } from './ops/member';
export { IssueAffectPayload, IssueCommentPayload, IssueCreatePayload, IssueEditPayload, IssueTransitionPayload, IssueTriagePayload } from './ops/issue';
export { AnnotationShape, PhotoAddPayload, PhotoAnnotatePayload, PhotoRetractPayload } from './ops/photo';
export { PlanAddPayload, PlanGeorefPayload } from './ops/plan';
export { TemplateCreatePayload, TemplateRevisePayload } from './ops/template';
export { InspectionAnswerPayload, InspectionDiscardPayload, InspectionStartPayload, InspectionSubmitPayload } from './ops/inspection';
export { ContactAddPayload } from './ops/contact';

/** An op as the server stored it: with its place in the work's log. */
export type StoredOp = Op & { seq: number };

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
 * v.variant tries its options in order and builds an issue for every option
 * whose kind does not match before it reaches the right one; going straight to
 * the kind's own schema gives the same result and the same messages at a
 * fraction of the cost (the server parses every op it receives).
 */
export function parseOp(input: unknown): ParseResult<Op> {
  const kind = typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  const own = typeof kind === 'string' ? schemaOfKind(kind) : undefined;
  // An unknown or missing kind goes through the variant, for its message listing the kinds.
  return own ? parseWith(own, input) : parseWith(OpSchema, input);
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
 * The blobs an op names (a photo's display copy, thumbnail and original; a plan's image; the voice note of a comment
 * or of a checklist answer). Once the server accepts the op, the op's work may read them, and its devices may upload
 * them: the server takes bytes only for a hash an accepted op of the uploader's work names, at the size named.
 */
export function blobRefsOf(op: Op): BlobRef[] {
  if (op.kind === 'photo.add') {
    const p = op.payload;
    return [{ hash: p.hash, size: p.size }, { hash: p.thumbHash, size: p.thumbSize }, ...(p.original ? [p.original] : [])];
  }
  if (op.kind === 'plan.add') return [{ hash: op.payload.hash, size: op.payload.size }];
  if (op.kind === 'issue.comment' && op.payload.voice) return [{ hash: op.payload.voice.hash, size: op.payload.voice.size }];
  if (op.kind === 'inspection.answer' && op.payload.answer?.voice) return [{ hash: op.payload.answer.voice.hash, size: op.payload.answer.voice.size }];
  return [];
}
