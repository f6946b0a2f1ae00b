/**
 * Space on the device: how much the photos take, how full the browser's
 * share of the disk is, and whether the browser promised not to evict it.
 * The app itself never deletes a photo that has not reached the server.
 */
import type { SitewatchDB } from '../../db/db';
import { uploadGaveUp } from '../../sync/blobs';

export interface PhotoSpace {
  /** Bytes of photo (and plan) copies held on this device. */
  bytes: number;
  /** Of those, bytes still on their way to the server (not originals kept on purpose, nor files it refused for good). */
  unsentBytes: number;
  unsent: number;
  /** Files the server will not take (their record was refused): kept on the phone, no longer retried. */
  refused: number;
}

export async function photoSpace(db: SitewatchDB): Promise<PhotoSpace> {
  let bytes = 0;
  let unsentBytes = 0;
  let unsent = 0;
  let refused = 0;
  await db.blobs.each((b) => {
    bytes += b.size;
    if (uploadGaveUp(b)) refused++;
    else if (b.state === 'local') {
      unsentBytes += b.size;
      unsent++;
    }
  });
  return { bytes, unsentBytes, unsent, refused };
}

export interface DeviceSpace {
  usage: number;
  quota: number;
}

/** The browser's estimate for this site, or null where it has none. */
export async function deviceSpace(): Promise<DeviceSpace | null> {
  if (!navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return typeof e.usage === 'number' && typeof e.quota === 'number' && e.quota > 0 ? { usage: e.usage, quota: e.quota } : null;
}

/** Less than this left, or this share used: a few more photos may not fit. */
const LOW_FREE_BYTES = 100 * 1024 * 1024;
const HIGH_USE_SHARE = 0.9;

export function nearlyFull(s: DeviceSpace | null): boolean {
  return s !== null && (s.quota - s.usage < LOW_FREE_BYTES || s.usage / s.quota > HIGH_USE_SHARE);
}

/** Whether the browser keeps this site's data under storage pressure; asks for it when not yet. */
export async function ensurePersistent(): Promise<boolean | null> {
  if (!navigator.storage?.persisted) return null;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist ? navigator.storage.persist() : false;
}
