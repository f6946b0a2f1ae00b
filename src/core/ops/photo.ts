/**
 * Photos: described by photo.add, hidden (never deleted) by photo.retract; the bytes travel apart as
 * content-addressed blobs and stay on the server for audit.
 */
import * as v from 'valibot';
import { LIMITS } from '../domain';
import { PHASES, PHOTO_TARGETS } from '../photos';
import { stampWall } from '../hlc';
import { reject } from '../rejection';
import { IdSchema, text } from '../schema-parts';
import { type OpFrom, changeOp, createOp } from './define';
import { ByteSize, HashSchema, Pixels, LocatedSchema } from './fields';
import type { IssueState } from './issue';
import { byId } from './lookups';
import type { PointState } from './point';

export const PhotoAddPayload = v.strictObject({
  hash: HashSchema,
  size: ByteSize,
  thumbHash: HashSchema,
  thumbSize: ByteSize,
  width: Pixels,
  height: Pixels,
  /** When the photo was taken (device clock or EXIF), ms since epoch; null if unknown. */
  takenAt: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
  location: v.nullable(LocatedSchema),
  phase: v.picklist(PHASES),
  caption: text(LIMITS.caption, false),
  targetType: v.picklist(PHOTO_TARGETS),
  targetId: IdSchema,
  /**
   * Which way the camera looked, in degrees clockwise from north (0 ≤ heading < 360), from the phone's
   * compass when the photo was taken or the file's EXIF GPSImgDirection; absent when nothing told.
   */
  heading: v.optional(v.pipe(v.number(), v.minValue(0), v.ltValue(360))),
  /** The file as taken, kept on the phone; uploaded only if the work asks for originals. */
  original: v.optional(v.strictObject({ hash: HashSchema, size: ByteSize })),
});

/** Why a wrong photo (another site, a face, a private document) is taken out of sight. */
export const PhotoRetractPayload = v.strictObject({ reason: text(LIMITS.reason) });

/** How long the author may retract their own photo; staff may at any time. */
export const RETRACT_WINDOW_MS = 24 * 3_600_000;

/**
 * Drawing on a photo: arrows, circles and short texts, kept as a layer apart from the photo, whose bytes
 * and hash never change. Points are in the photo's own unit square (x across, y down, 0…1), so the
 * layer fits the display copy, a thumbnail or a print alike; a circle's radius is a share of the width.
 * Bounded so that one op stays small and a print stays readable.
 */
export const ANNOTATION_LIMITS = { shapes: 30, text: 40 } as const;

const Unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const UnitPoint = v.strictObject({ x: Unit, y: Unit });

export const AnnotationShape = v.variant('type', [
  v.strictObject({ type: v.literal('arrow'), from: UnitPoint, to: UnitPoint }),
  v.strictObject({ type: v.literal('circle'), at: UnitPoint, r: v.pipe(v.number(), v.minValue(0.005), v.maxValue(1)) }),
  v.strictObject({ type: v.literal('text'), at: UnitPoint, text: text(ANNOTATION_LIMITS.text) }),
]);
export type AnnotationShape = v.InferOutput<typeof AnnotationShape>;

/** The whole layer as it should now be (an empty list clears it): the latest layer by HLC wins. */
export const PhotoAnnotatePayload = v.strictObject({
  shapes: v.pipe(v.array(AnnotationShape), v.maxLength(ANNOTATION_LIMITS.shapes, `at most ${ANNOTATION_LIMITS.shapes} shapes`)),
});

/** A photo as described by its op; the bytes live in the blob store under `hash`. */
export type PhotoState = OpFrom<'photo.add', 'photo', typeof PhotoAddPayload>['payload'] & {
  id: string;
  work: string;
  author: string;
  device: string;
  addedAt: string;
  /** Hidden from every list, pair and export, with who did it, when and why; absent while shown. */
  retracted?: { by: string; at: string; reason: string };
  /** The drawing laid over the photo, who drew it and when (its op's stamp); absent if never drawn. */
  annotation?: { shapes: AnnotationShape[]; by: string; at: string };
};

export const photoAdd = createOp({
  kind: 'photo.add',
  entity: 'photo',
  payload: PhotoAddPayload,
  facts: ({ payload: { targetType, targetId } }) => ({
    point: byId<PointState>('point', targetType === 'point' ? targetId : null, 'server'),
    issue: byId<IssueState>('issue', targetType === 'issue' ? targetId : null, 'server'),
  }),
  check(op, facts) {
    const { targetId } = op.payload;
    if (facts.point === null) return reject('unknown_point', `point ${targetId} does not exist in this work`);
    if (facts.issue === null) return reject('unknown_entity', `issue ${targetId} does not exist in this work`);
    return null;
  },
  apply: (op): PhotoState => ({ ...op.payload, id: op.entityId, work: op.work, author: op.actor, device: op.device, addedAt: op.hlc }),
});

export const photoRetract = changeOp({
  kind: 'photo.retract',
  entity: 'photo',
  payload: PhotoRetractPayload,
  check(op, photo: PhotoState, _facts, { role }) {
    if (role === 'staff') return null;
    if (photo.author !== op.actor) return reject('not_author', "only the photo's author or staff may retract it");
    // Measured on the op's own stamp: a retraction made offline within the day still counts when it
    // syncs later. (The server clamps stamps from the future; an author backdating one can only hide
    // their own photo, which staff still see in the history with its reason.)
    if (stampWall(op.hlc) - stampWall(photo.addedAt) > RETRACT_WINDOW_MS) {
      return reject('retract_window', 'the author may retract a photo within a day of adding it; later, ask staff');
    }
    return null;
  },
  apply(op, photo) {
    // The earliest retraction stands, whatever order the ops arrive in.
    if (photo.retracted && photo.retracted.at <= op.hlc) return photo;
    return { ...photo, retracted: { by: op.actor, at: op.hlc, reason: op.payload.reason } };
  },
});

/**
 * photo.annotate: the photo's author or staff replace its drawing. Others may not: a liaison must not
 * be able to draw over a volunteer's evidence, nor wipe what staff marked on it.
 */
export const photoAnnotate = changeOp({
  kind: 'photo.annotate',
  entity: 'photo',
  payload: PhotoAnnotatePayload,
  check(op, photo: PhotoState, _facts, { role }) {
    if (role === 'staff' || photo.author === op.actor) return null;
    return reject('not_author', "only the photo's author or staff may draw on it");
  },
  apply(op, photo) {
    // Last writer wins by HLC, whatever order the ops arrive in (an equal stamp is the same op).
    if (photo.annotation && photo.annotation.at >= op.hlc) return photo;
    return { ...photo, annotation: { shapes: op.payload.shapes, by: op.actor, at: op.hlc } };
  },
});

/** Whether a photo is shown (not retracted). */
export const isShown = (p: Pick<PhotoState, 'retracted'>): boolean => p.retracted === undefined;

/**
 * Whether a photo of an issue counts as proof of its fix: an "after" photo that was not retracted. A
 * retracted one (the wrong place, the wrong issue) proves nothing, so resolving the issue again needs
 * another. The server's store counts the same way in SQL (`afterPhotos` in sync-server/store/sql.ts).
 */
export const provesFix = (p: Pick<PhotoState, 'phase' | 'retracted'>): boolean => p.phase === 'after' && isShown(p);
