/**
 * A work's photos with their metadata as one ZIP: a folder per point or issue,
 * and photos.csv describing every photo (phase, caption, time, position and its
 * source, author, SHA-256). Beside each photo as stored, a copy marked 水印 with
 * its drawing and the evidence band below it (time in China time, place, author,
 * the SHA-256's first 8 characters), so a copy sent on still names its original.
 * Photos are JPEGs already, so entries are stored, not compressed.
 *
 * Bytes come from this device's store, or from the server without being kept
 * (exporting 2,000 photos must not fill the device). A photo neither has is
 * listed in photos.csv as missing rather than failing the whole export.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { type PhotoState, isShown, maskPhones, spreadsheetTime, stampWall, toCsv } from '../../core';
import { sha256Hex } from '../../lib/sha256';
import type { Membership } from '../../lib/settings';
import { db, type View } from '../../db/db';
import { t, tr } from './messages';
import { api } from '../../sync/api';
import { readBlob } from '../../sync/blobs';
import type { ReviewData } from './review-data';

/** Names in a ZIP must not carry path separators or characters Windows refuses. */
function safeName(s: string): string {
  return (
    s
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .trim()
      .slice(0, 60) || '_'
  );
}

export async function photoBytes(m: Membership, hash: string): Promise<Uint8Array | null> {
  const local = await readBlob(db, hash).catch(() => null);
  if (local) return new Uint8Array(local);
  try {
    const bytes = await api.getBlob(m.token, hash);
    return (await sha256Hex(bytes)) === hash ? new Uint8Array(bytes) : null;
  } catch {
    return null;
  }
}

export interface ZipResult {
  blob: Blob;
  photos: number;
  missing: number;
}

export async function photosZip(data: ReviewData, m: Membership, onProgress: (done: number, total: number) => void): Promise<ZipResult> {
  const photos: View<PhotoState>[] = (await db.photos.where('work').equals(m.work).toArray()).filter(isShown);
  photos.sort((a, b) => (a.addedAt < b.addedAt ? -1 : 1));
  const pointName = new Map(data.points.map((p) => [p.id, p.name]));
  const issueText = new Map(data.issues.map((i) => [i.id, maskPhones(i.description)]));
  const memberName = new Map(data.members.map((x) => [x.id, x.name]));
  const member = new Map(data.members.map((x) => [x.id, x]));
  const point = new Map(data.points.map((p) => [p.id, p]));
  const issuePoint = new Map(data.issues.map((i) => [i.id, i.pointId]));
  const placeOf = (p: PhotoState) => {
    const at = point.get((p.targetType === 'point' ? p.targetId : issuePoint.get(p.targetId)) ?? '');
    return at ? { name: at.name, lat: at.lat, lng: at.lng } : null;
  };

  const parts: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else parts.push(chunk);
  });
  const add = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
  };

  // The banded copies are drawn on a canvas: where there is none (an old browser), the photos feature with its
  // drawing code is not even loaded, and the ZIP holds the originals only.
  const banding = typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function' ? await import('../photos') : null;
  const rows: Array<Array<string | number | null>> = [];
  const used = new Set<string>();
  let missing = 0;
  for (const [n, p] of photos.entries()) {
    onProgress(n, photos.length);
    const folder =
      p.targetType === 'point'
        ? `${tr('zip.point')}-${safeName(pointName.get(p.targetId) ?? p.targetId)}`
        : `${tr('zip.issue')}-${safeName((issueText.get(p.targetId) ?? p.targetId).slice(0, 20))}-${p.targetId.slice(0, 8)}`;
    const when = new Date(p.takenAt ?? stampWall(p.addedAt));
    let file = `${folder}/${t(`phase.${p.phase}`)}-${when.toISOString().slice(0, 10)}-${p.id.slice(0, 8)}.jpg`;
    while (used.has(file)) file = file.replace(/\.jpg$/, '-1.jpg');
    used.add(file);
    const bytes = await photoBytes(m, p.hash);
    let banded: string | null = null;
    if (bytes) {
      add(file, bytes);
      const lines = banding?.watermarkLines(p, p.takenAt ?? stampWall(p.addedAt), placeOf(p), member.get(p.author));
      const copy = banding && lines ? await banding.bandedJpeg(bytes, lines, p.annotation?.shapes) : null;
      if (copy) add((banded = file.replace(/\.jpg$/, `-${tr('zip.banded')}.jpg`)), copy);
    } else missing++;
    rows.push([
      bytes ? file : tr('zip.missing'),
      banded,
      p.targetType === 'point' ? (pointName.get(p.targetId) ?? p.targetId) : (issueText.get(p.targetId) ?? p.targetId),
      t(`phase.${p.phase}`),
      maskPhones(p.caption),
      spreadsheetTime(p.takenAt),
      p.location?.lat ?? null,
      p.location?.lng ?? null,
      p.location?.accuracy ?? null,
      p.location ? tr(`zip.source.${p.location.source}`) : null,
      memberName.get(p.author) ?? p.author,
      p.hash,
    ]);
  }
  const header = [
    tr('zip.col.file'),
    tr('zip.col.banded'),
    tr('zip.col.target'),
    tr('zip.col.phase'),
    tr('zip.col.caption'),
    tr('zip.col.takenAt'),
    tr('zip.col.lat'),
    tr('zip.col.lng'),
    tr('zip.col.accuracyM'),
    tr('zip.col.locationSource'),
    tr('zip.col.author'),
    'SHA-256',
  ];
  add('photos.csv', new TextEncoder().encode(toCsv(header, rows)));
  zip.end();
  onProgress(photos.length, photos.length);
  if (failure) throw failure;
  return { blob: new Blob(parts as BlobPart[], { type: 'application/zip' }), photos: photos.length - missing, missing };
}
