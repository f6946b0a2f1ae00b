/**
 * An exported photo as evidence on its own: a JPEG copy with the photo's drawing on it and the evidence
 * band (time in China time, place, author, first 8 characters of the SHA-256 of the original) joined
 * below, so a file sent on by WeChat still says where it came from. Made in the browser from the display
 * copy; the stored photo, and the original beside it in the export, never change.
 */
import type { AnnotationShape } from '../../core';
import { arrowHead } from './annotation-geometry';

type Ctx = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function drawShapes(ctx: Ctx, shapes: readonly AnnotationShape[], w: number, h: number): void {
  const stroke = Math.max(2, w * 0.006);
  for (const pass of ['under', 'over'] as const) {
    ctx.strokeStyle = pass === 'under' ? '#fff' : '#e0201b';
    ctx.lineWidth = pass === 'under' ? stroke * 2.2 : stroke;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const s of shapes) {
      ctx.beginPath();
      if (s.type === 'arrow') {
        const from = { x: s.from.x * w, y: s.from.y * h };
        const to = { x: s.to.x * w, y: s.to.y * h };
        const [x1, y1, x2, y2, x3, y3] = arrowHead(from, to, w);
        ctx.moveTo(from.x, from.y);
        ctx.lineTo(to.x, to.y);
        ctx.moveTo(x1, y1);
        ctx.lineTo(x2, y2);
        ctx.lineTo(x3, y3);
        ctx.stroke();
      } else if (s.type === 'circle') {
        ctx.arc(s.at.x * w, s.at.y * h, s.r * w, 0, 2 * Math.PI);
        ctx.stroke();
      } else if (pass === 'over') {
        const size = w * 0.045;
        ctx.font = `bold ${size}px sans-serif`;
        ctx.textBaseline = 'middle';
        ctx.lineWidth = size * 0.18;
        ctx.strokeStyle = '#fff';
        ctx.strokeText(s.text, s.at.x * w, s.at.y * h);
        ctx.fillStyle = '#e0201b';
        ctx.fillText(s.text, s.at.x * w, s.at.y * h);
      }
    }
  }
}

/** The banded copy of a JPEG, or null where this browser cannot draw one (the export then holds the original only). */
export async function bandedJpeg(jpeg: Uint8Array, lines: readonly string[], shapes: readonly AnnotationShape[] = []): Promise<Uint8Array | null> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  try {
    const bitmap = await createImageBitmap(new Blob([jpeg as BlobPart], { type: 'image/jpeg' }));
    const w = bitmap.width;
    const h = bitmap.height;
    // Text about as large, relative to the photo, as the printed band's.
    const font = Math.max(14, Math.round(w * 0.022));
    const lineH = Math.round(font * 1.4);
    const pad = Math.round(font * 0.6);
    const band = pad * 2 + lineH * lines.length;
    const canvas = new OffscreenCanvas(w, h + band);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    drawShapes(ctx, shapes, w, h);
    ctx.fillStyle = '#111';
    ctx.fillRect(0, h, w, band);
    ctx.fillStyle = '#fff';
    ctx.font = `${font}px sans-serif`;
    ctx.textBaseline = 'top';
    // A line too long for the width is narrowed to fit rather than cut: every character stays.
    lines.forEach((line, i) => ctx.fillText(line, pad, h + pad + i * lineH, w - pad * 2));
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.88 });
    return new Uint8Array(await blob.arrayBuffer());
  } catch {
    return null;
  }
}
