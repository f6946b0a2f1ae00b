/** Small HTTP helpers: bounded JSON bodies, JSON answers, errors with a code. */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody, ErrorCode } from '../src/core';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const API_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  // Sync answers must never come from a cache: a stale pull looks like lost data.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendRawJson(res, status, JSON.stringify(body));
}

export function sendRawJson(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...API_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  sendRawJson(res, err.status, JSON.stringify(body), err.headers);
}

/** Whether a request failed because the client went away while sending it (not the server's fault). */
export function isClientAbort(req: IncomingMessage, err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return (
    req.destroyed &&
    !req.complete &&
    (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error | null)?.message === 'aborted')
  );
}

/** Reads a body of the given content type and at most maxBytes; anything else is a 4xx HttpError. */
async function readBody(req: IncomingMessage, contentType: string, maxBytes: number, what: string): Promise<Buffer> {
  checkType(req, contentType, what);
  const tooLarge = () => new HttpError(413, 'payload_too_large', `the ${what} must be at most ${maxBytes} bytes`);
  if (Number(req.headers['content-length'] ?? '0') > maxBytes) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body of at most maxBytes; anything else is a 4xx HttpError. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const bytes = await readBody(req, 'application/json', maxBytes, 'body');
  // A byte order mark is not JSON (RFC 8259 §8.1): refused rather than silently skipped or stored.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new HttpError(400, 'bad_request', 'the body must not start with a byte order mark (send plain UTF-8 JSON)');
  }
  let text: string;
  try {
    // Bytes that are not UTF-8 are refused, not silently turned into U+FFFD.
    text = utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'bad_request', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad_request', 'the body is not valid JSON');
  }
}

/**
 * A binary body (application/octet-stream) of 1 to maxBytes bytes, as a
 * stream of pieces: refused up front when its type or declared length is
 * wrong, cut off (as an error) when it turns out longer or empty.
 */
export function boundedBody(req: IncomingMessage, maxBytes: number): AsyncIterable<Buffer> {
  checkType(req, 'application/octet-stream', 'chunk');
  if (Number(req.headers['content-length'] ?? '0') > maxBytes) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `a chunk must be at most ${maxBytes} bytes`);
  }
  return (async function* () {
    let size = 0;
    for await (const piece of req as AsyncIterable<Buffer>) {
      size += piece.length;
      if (size > maxBytes) throw new HttpError(413, 'payload_too_large', `a chunk must be at most ${maxBytes} bytes`);
      yield piece;
    }
    if (size === 0) throw new HttpError(400, 'bad_request', 'the chunk is empty');
  })();
}

function checkType(req: IncomingMessage, contentType: string, what: string): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== contentType) {
    req.resume();
    throw new HttpError(415, 'unsupported_media_type', `send the ${what} as ${contentType}`);
  }
}

/**
 * A request's target as the log shows it: the path only (no query string: tokens and invite codes
 * would sit there, `/join?code=…`), and an invite code in a path replaced by `…`. The app keeps codes
 * out of paths (`/w/<work>/invite#<code>`); old printed sheets and bookmarks still ask for
 * `/w/<work>/invites/<code>`.
 */
export function loggedPath(rawUrl: string): string {
  const path = rawUrl.split('?')[0]!.split('#')[0]!;
  return path.replace(/^(\/w\/[^/]*\/invites?\/)[^/]+/i, '$1…');
}

/** How much of a User-Agent header is kept (a phone's is 150–300 characters; what follows names nothing useful). */
export const USER_AGENT_KEPT = 400;

/**
 * The browser's User-Agent, cut short, kept with a device so staff see a phone model instead of its id
 * (src/lib/device-model.ts reads it). Whatever the header says is shown as text only, never trusted.
 */
export function userAgentOf(req: IncomingMessage): string | null {
  const ua = req.headers['user-agent']?.trim();
  return ua ? ua.slice(0, USER_AGENT_KEPT) : null;
}

/**
 * The client's address, for rate limits. Behind a reverse proxy (HTTPS for
 * phones) every request comes from the proxy: with trustProxy the last
 * X-Forwarded-For entry (the one our proxy appended) is used instead. Only
 * set it when such a proxy stands in front.
 */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    // The last entry is the one our proxy added; earlier ones are whatever the client claimed.
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
    if (last) return last.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Requests Node's HTTP parser rejects before any handler runs (oversized
 * headers, garbage) still get our JSON error shape, and CONNECT is refused.
 */
export function answerMalformedHttp(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ error: { code: 'bad_request', message: 'the request could not be read' } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify({ error: { code: 'method_not_allowed', message: 'CONNECT is not served here' } });
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
