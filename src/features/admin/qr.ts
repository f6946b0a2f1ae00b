/** A QR code as an image URL (SVG in a data: URL, allowed by the CSP's img-src; no markup injected). */
import { renderSVG } from 'uqr';

export function qrImageUrl(text: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(text, { border: 2 }))}`;
}
