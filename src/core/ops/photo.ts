/** Photos: immutable, described by photo.add; the bytes travel apart as content-addressed blobs. */
import * as v from 'valibot';
import { LIMITS } from '../domain';
import { LOCATION_SOURCES, PHASES, PHOTO_TARGETS } from '../photos';
import { reject } from '../rejection';
import { IdSchema, text } from '../schema-parts';
import { type OpFrom, createOp } from './define';
import { ByteSize, HashSchema, Latitude, Longitude, Pixels } from './fields';
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
  /** The file as taken, kept on the phone; uploaded only if the work asks for originals. */
  original: v.optional(v.strictObject({ hash: HashSchema, size: ByteSize })),
});

/** A photo as described by its op; the bytes live in the blob store under `hash`. */
export type PhotoState = OpFrom<'photo.add', 'photo', typeof PhotoAddPayload>['payload'] & {
  id: string;
  work: string;
  author: string;
  device: string;
  addedAt: string;
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
