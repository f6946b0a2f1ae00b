/**
 * Photos: immutable, content-addressed images (SHA-256 of the bytes) that
 * travel apart from the ops that describe them, in resumable chunks.
 */
import { stampWall } from './hlc';

export const PHASES = ['before', 'during', 'after'] as const;
export type Phase = (typeof PHASES)[number];

/** Where a photo's position came from: measured now, read from the file, typed, or tapped on a plan. */
export const LOCATION_SOURCES = ['device', 'exif', 'manual', 'plan'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];

export const PHOTO_TARGETS = ['point', 'issue'] as const;
export type PhotoTarget = (typeof PHOTO_TARGETS)[number];

/** When a photo was taken, if its file or the phone said so; else when it was recorded (ms). */
export const photoTime = (p: { takenAt: number | null; addedAt: string }): number => p.takenAt ?? stampWall(p.addedAt);

/** Photos in the order they were taken, oldest first: how every list, pair and viewer shows them. */
export const byPhotoTime = (a: { takenAt: number | null; addedAt: string }, b: { takenAt: number | null; addedAt: string }): number =>
  photoTime(a) - photoTime(b);

/** A device position worse than this (metres) is flagged to the user. */
export const POOR_ACCURACY_M = 50;

/** Upload chunk: small enough to finish on a weak link, large enough to keep request count low. */
export const CHUNK_BYTES = 256 * 1024;

/** The largest stored copy the server takes (the phone sends its ~1600 px display copy). */
export const MAX_BLOB_BYTES = 15 * 1024 * 1024;

/** Files the app refuses to open at all, before decoding (memory on cheap phones). */
export const MAX_INPUT_BYTES = 40 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 100_000_000;

/** Longest side of the display copy and of the thumbnail, in pixels. */
export const DISPLAY_MAX_PX = 1600;
export const THUMB_MAX_PX = 320;

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / CHUNK_BYTES));
}

export function isPoorAccuracy(accuracyM: number | null): boolean {
  return accuracyM === null || accuracyM > POOR_ACCURACY_M;
}

/** Scale (w, h) so that the longest side is at most max, never enlarging. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}
