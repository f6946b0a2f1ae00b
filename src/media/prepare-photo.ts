/**
 * From a file the user took or picked to what the app stores: checks that
 * refuse what would crash a cheap phone, the display copy and thumbnail (in a
 * worker where the browser allows), and their SHA-256 ids.
 */
import { MAX_INPUT_BYTES, MAX_INPUT_PIXELS } from '../core/photos';
import { sha256Hex } from '../lib/sha256';
import type { ProcessResponse } from './image-worker';

export interface PreparedPhoto {
  display: ArrayBuffer;
  thumb: ArrayBuffer;
  hash: string;
  thumbHash: string;
  width: number;
  height: number;
}

export type PrepareError = 'too_large_file' | 'too_many_pixels' | 'not_an_image' | 'failed';

export class PhotoError extends Error {
  constructor(
    readonly code: PrepareError,
    message: string,
    /** The figures the user's sentence names (sizes), never the message: that is for logs. */
    readonly params: Readonly<Record<string, number>> = {},
  ) {
    super(message);
  }
}

/** Width and height from a JPEG's or PNG's header, without decoding it (null if unknown). */
export function imageSize(head: Uint8Array): { width: number; height: number } | null {
  // PNG: IHDR right after the signature.
  if (head[0] === 0x89 && head[1] === 0x50 && head.length >= 24) {
    const v = new DataView(head.buffer, head.byteOffset);
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  if (head[0] !== 0xff || head[1] !== 0xd8) return null;
  // JPEG: walk the markers to the first start-of-frame.
  let i = 2;
  while (i + 9 < head.length) {
    if (head[i] !== 0xff) return null;
    const marker = head[i + 1]!;
    const length = (head[i + 2]! << 8) | head[i + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: (head[i + 5]! << 8) | head[i + 6]!, width: (head[i + 7]! << 8) | head[i + 8]! };
    i += 2 + length;
  }
  return null;
}

export { sha256Hex };

function inWorker(file: Blob): Promise<ProcessResponse> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./image-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<ProcessResponse>) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the image worker failed'));
    };
    worker.postMessage({ file });
  });
}

async function process(file: Blob): Promise<ProcessResponse> {
  if (typeof OffscreenCanvas !== 'undefined' && typeof Worker !== 'undefined') {
    try {
      return await inWorker(file);
    } catch {
      // Some browsers cannot run module workers: fall back to the main thread.
    }
  }
  const { processImage } = await import('./image-worker');
  return processImage(file);
}

export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
  if (file.size > MAX_INPUT_BYTES) {
    throw new PhotoError('too_large_file', `the file is ${Math.round(file.size / 1e6)} MB; at most ${MAX_INPUT_BYTES / 1e6} MB`, {
      mb: Math.round(file.size / 1e6),
      max: MAX_INPUT_BYTES / 1e6,
    });
  }
  const size = imageSize(new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer()));
  if (size && size.width * size.height > MAX_INPUT_PIXELS) {
    throw new PhotoError('too_many_pixels', `${size.width} × ${size.height} pixels is more than a phone can open`, size);
  }
  const result = await process(file);
  if (!result.ok) throw new PhotoError(result.error, result.message);
  const [hash, thumbHash] = await Promise.all([sha256Hex(result.display), sha256Hex(result.thumb)]);
  return { display: result.display, thumb: result.thumb, hash, thumbHash, width: result.width, height: result.height };
}
