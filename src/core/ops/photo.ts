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
  /** The file as taken, kept on the phone; uploaded only if the work asks for originals. */
  original: v.optional(v.strictObject({ hash: HashSchema, size: ByteSize })),
});

/** Why a wrong photo (another site, a face, a private document) is taken out of sight. */
export const PhotoRetractPayload = v.strictObject({ reason: text(LIMITS.reason) });

/** How long the author may retract their own photo; staff may at any time. */
export const RETRACT_WINDOW_MS = 24 * 3_600_000;

/** A photo as described by its op; the bytes live in the blob store under `hash`. */
export type PhotoState = OpFrom<'photo.add', 'photo', typeof PhotoAddPayload>['payload'] & {
  id: string;
  work: string;
  author: string;
  device: string;
  addedAt: string;
  /** Hidden from every list, pair and export, with who did it, when and why; absent while shown. */
  retracted?: { by: string; at: string; reason: string };
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

/** Whether a photo is shown (not retracted). */
export const isShown = (p: Pick<PhotoState, 'retracted'>): boolean => p.retracted === undefined;

/**
 * Whether a photo of an issue counts as proof of its fix: an "after" photo that was not retracted. A
 * retracted one (the wrong place, the wrong issue) proves nothing, so resolving the issue again needs
 * another. The server's store counts the same way in SQL (`afterPhotos` in sync-server/store/sql.ts).
 */
export const provesFix = (p: Pick<PhotoState, 'phase' | 'retracted'>): boolean => p.phase === 'after' && isShown(p);
