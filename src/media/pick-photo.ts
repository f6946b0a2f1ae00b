/**
 * One photo chosen by the user, ready to save: the display copy and
 * thumbnail with their ids, where it was taken (and how we know), and when.
 */
import { MAX_BLOB_BYTES, type Phase, type PhotoTarget } from '../core';
import { newId } from '../lib/ids';
import type { OpDraft, PhotoBytes } from '../sync/local';
import { deviceHeading } from './heading';
import { type PhotoLocation, deviceLocation, exifFacts } from './location';
import { type PreparedPhoto, preparePhoto, sha256Hex } from './prepare-photo';

export interface PickedPhoto {
  photo: PreparedPhoto;
  location: PhotoLocation | null;
  takenAt: number | null;
  /** Which way the camera looked (degrees from north), when the phone or the file tells. */
  heading: number | null;
  fromCamera: boolean;
  /** The file as taken, when small enough for the server to take one day; kept on the device. */
  original: { hash: string; bytes: ArrayBuffer } | null;
}

async function keepOriginal(file: File): Promise<PickedPhoto['original']> {
  if (file.size > MAX_BLOB_BYTES) return null;
  const bytes = await file.arrayBuffer();
  return { hash: await sha256Hex(bytes), bytes };
}

/**
 * The position comes from the phone for a photo just taken, from the file's
 * EXIF for one picked from the gallery. `onLocation` fires as soon as it is
 * known (a GPS fix can take longer than preparing the photo).
 */
export async function pickPhoto(file: File, fromCamera: boolean, onLocation?: (l: PhotoLocation | null) => void): Promise<PickedPhoto> {
  // A photo just taken: the phone still points where the camera looked, so its compass says which way.
  const now = Date.now();
  const facts = fromCamera ? deviceHeading().then((heading) => ({ location: null, takenAt: now, heading })) : exifFacts(file);
  const where = fromCamera ? deviceLocation() : facts.then((f) => f.location);
  void where.then((l) => onLocation?.(l));
  const photo = await preparePhoto(file);
  const [location, { takenAt, heading }, original] = await Promise.all([where, facts, keepOriginal(file)]);
  return { photo, location, takenAt: takenAt ?? file.lastModified ?? null, heading, fromCamera, original };
}

/** The bytes and the photo.add op of a picked photo, for recordPhoto / recordOps. */
export function photoRecord(
  picked: PickedPhoto,
  meta: { phase: Phase; caption: string; targetType: PhotoTarget; targetId: string },
): { bytes: PhotoBytes; draft: OpDraft } {
  const p = picked.photo;
  return {
    bytes: { hash: p.hash, display: p.display, thumbHash: p.thumbHash, thumb: p.thumb, ...(picked.original ? { original: picked.original } : {}) },
    draft: {
      kind: 'photo.add',
      entity: 'photo',
      entityId: newId(),
      payload: {
        hash: p.hash,
        size: p.display.byteLength,
        thumbHash: p.thumbHash,
        thumbSize: p.thumb.byteLength,
        width: p.width,
        height: p.height,
        takenAt: picked.takenAt,
        location: picked.location,
        phase: meta.phase,
        caption: meta.caption,
        targetType: meta.targetType,
        targetId: meta.targetId,
        ...(picked.original ? { original: { hash: picked.original.hash, size: picked.original.bytes.byteLength } } : {}),
        ...(picked.heading !== null ? { heading: picked.heading } : {}),
      },
    },
  };
}
