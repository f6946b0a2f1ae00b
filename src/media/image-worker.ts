/**
 * Makes the display copy (longest side 1600 px) and the thumbnail (320 px) of
 * a photo, off the main thread: decoding a 12-megapixel photo would freeze a
 * cheap phone's UI for seconds.
 */
import { DISPLAY_MAX_PX, THUMB_MAX_PX, fitWithin } from '../core/photos';

export interface ProcessRequest {
  file: Blob;
}
export type ProcessResponse =
  { ok: true; display: ArrayBuffer; thumb: ArrayBuffer; width: number; height: number } | { ok: false; error: 'not_an_image' | 'failed'; message: string };

async function encode(bitmap: ImageBitmap, max: number, quality: number): Promise<{ bytes: ArrayBuffer; width: number; height: number }> {
  const { width, height } = fitWithin(bitmap.width, bitmap.height, max);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return { bytes: await blob.arrayBuffer(), width, height };
}

export async function processImage(file: Blob): Promise<ProcessResponse> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (err) {
    return { ok: false, error: 'not_an_image', message: err instanceof Error ? err.message : String(err) };
  }
  try {
    const display = await encode(bitmap, DISPLAY_MAX_PX, 0.82);
    const thumb = await encode(bitmap, THUMB_MAX_PX, 0.7);
    return { ok: true, display: display.bytes, thumb: thumb.bytes, width: display.width, height: display.height };
  } catch (err) {
    return { ok: false, error: 'failed', message: err instanceof Error ? err.message : String(err) };
  } finally {
    bitmap.close();
  }
}

// Only when loaded as a worker (the module is also imported on the main thread as a fallback).
const scope = globalThis as unknown as {
  WorkerGlobalScope?: unknown;
  onmessage: ((e: MessageEvent<ProcessRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};
if (scope.WorkerGlobalScope !== undefined) {
  scope.onmessage = async (e) => {
    const result = await processImage(e.data.file);
    scope.postMessage(result, result.ok ? [result.display, result.thumb] : []);
  };
}
