/**
 * The built PWA: files from the build folder, in the brotli or gzip copy the build wrote beside each
 * (scripts/precompress.ts) when the browser accepts it, with the caching each kind of file needs.
 * sirv does the serving; this module decides the headers and which encodings a request accepts.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/**
 * The app needs only its own origin. No inline script or style: the build
 * emits none, and refusing them defuses injected markup.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  // Voice notes play from the bytes on the device (a blob: URL), as photos show.
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STATIC_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The microphone records voice notes on complaints; no other page or frame may use any of these.
  'Permissions-Policy': 'geolocation=(self), camera=(self), microphone=(self)',
};

/** Vite names what it emits under /assets/ by content hash: a changed file gets a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, sw.js and the manifest keep their names across releases: re-checked every time (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

/**
 * The encodings an Accept-Encoding header accepts, among those the build provides, in the form sirv
 * reads. sirv looks for the words anywhere in the header, so `br;q=0` would still get brotli: the
 * header is judged here, by its q-values, and handed on rewritten.
 */
export function acceptedEncodings(header: string | undefined): string {
  const accepted = new Set<string>();
  let star = false;
  const refused = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)).find((m) => m)?.[1];
    const ok = q === undefined || Number(q) > 0;
    if (name === '*') star = ok;
    else if (ok) accepted.add(name);
    else refused.add(name);
  }
  return ['br', 'gzip'].filter((e) => accepted.has(e) || (star && !refused.has(e))).join(', ');
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void;

export function serveStatic(staticDir: string): StaticHandler {
  if (!existsSync(staticDir)) {
    return (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The app is not built: run "npm run build" (looked in ${staticDir}).\n`);
    };
  }
  const files = sirv(staticDir, { single: true, etag: true, brotli: true, gzip: true });
  return (req, res, notFound) => {
    req.headers['accept-encoding'] = acceptedEncodings(req.headers['accept-encoding']);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Set before sirv answers, so that a 304 carries them too (sirv sends its 304 before its own header hook).
    for (const [k, v] of Object.entries(STATIC_HEADERS)) res.setHeader(k, v);
    res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    res.setHeader('Vary', 'Accept-Encoding');
    files(req, res, () => {
      // A missing asset must not be remembered for a year: the next release may bring it.
      res.removeHeader('Cache-Control');
      res.removeHeader('Vary');
      notFound();
    });
  };
}
