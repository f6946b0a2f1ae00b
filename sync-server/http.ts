/** Small HTTP helpers: bounded JSON bodies, JSON answers, errors with a code. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody, ErrorCode } from '../src/core';

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

/** Reads a JSON body of at most maxBytes; anything else is a 4xx HttpError. */
export async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `the body must be at most ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new HttpError(413, 'payload_too_large', `the body must be at most ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad_request', 'the body is not valid JSON');
  }
}

/**
 * The client's address, for rate limits. Behind a reverse proxy (HTTPS for
 * phones) every request comes from the proxy: with trustProxy the first
 * X-Forwarded-For entry is used instead. Only set it when a proxy that
 * overwrites that header stands in front.
 */
/** Reads a binary body (application/octet-stream) of at most maxBytes. */
export async function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream') {
    req.resume();
    throw new HttpError(415, 'unsupported_media_type', 'send the bytes as application/octet-stream');
  }
  if (Number(req.headers['content-length'] ?? '0') > maxBytes) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `a chunk must be at most ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw new HttpError(413, 'payload_too_large', `a chunk must be at most ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}
