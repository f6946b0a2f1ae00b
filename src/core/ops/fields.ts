/** Schema pieces that several entities' ops share: the envelope and a few field kinds. */
import * as v from 'valibot';
import { isStamp } from '../hlc';
import { LOCATION_SOURCES, MAX_BLOB_BYTES, HASH_PATTERN } from '../photos';
import { IdSchema } from '../schema-parts';

const StampSchema = v.pipe(v.string(), v.check(isStamp, 'must be a hybrid logical clock stamp'));

export const Latitude = v.pipe(v.number(), v.minValue(-90), v.maxValue(90));
export const Longitude = v.pipe(v.number(), v.minValue(-180), v.maxValue(180));

/** Where something was, and how that is known: measured by the phone, read from a file, typed, or tapped on a site plan. */
export const LocatedSchema = v.strictObject({
  lat: Latitude,
  lng: Longitude,
  accuracy: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000))),
  source: v.picklist(LOCATION_SOURCES),
});
export type Located = v.InferOutput<typeof LocatedSchema>;

export const HashSchema = v.pipe(v.string(), v.regex(HASH_PATTERN, 'must be a SHA-256 in lower-case hex'));

/**
 * Voice notes: what a phone's recorder makes (Chrome and Firefox: WebM or Ogg with Opus; iPhone: MP4 with
 * AAC), up to two minutes. At the bit rates phones record speech with, two minutes stay well under 4 MB.
 */
export const VOICE_LIMITS = { ms: 120_000, bytes: 4 * 1024 * 1024 } as const;
export const VOICE_TYPES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/aac', 'audio/mpeg'] as const;
export const VoiceNoteSchema = v.strictObject({
  hash: HashSchema,
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(VOICE_LIMITS.bytes)),
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(VOICE_LIMITS.ms)),
  type: v.picklist(VOICE_TYPES),
});
export type VoiceNote = v.InferOutput<typeof VoiceNoteSchema>;
export const ByteSize = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BLOB_BYTES));
export const Pixels = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000));

/** The fields every op carries besides entity, kind and payload. */
export const envelope = {
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
