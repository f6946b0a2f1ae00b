/** The sync API as the app calls it; every failure becomes an ApiError with a code. */
import type { ErrorBody, JoinRequest, JoinResponse, Op, PullResponse, PushResponse } from '../core';
// The join page calls this API on the first screen: the version alone, not the core index with every schema.
import { RULES_VERSION } from '../core/version';

/** `network`: no answer at all (offline, server down, timeout); others are the server's codes. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
  /** The parsed error body, for answers that carry more than a message (e.g. `received`). */
  body: unknown = null;
}

const TIMEOUT_MS = 30_000;

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Exported for the admin API (src/sync/admin-api.ts). */
export async function call<T>(fetchImpl: Fetch, url: string, init: RequestInit & { token?: string }, raw = false): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body) headers['Content-Type'] = init.body instanceof ArrayBuffer ? 'application/octet-stream' : 'application/json';
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : String(err), 0);
  }
  if (raw && res.ok) return (await res.arrayBuffer()) as T;
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as ErrorBody | null)?.error;
    const retry = Number(res.headers.get('Retry-After'));
    // A proxy or a captive portal answers without our error shape.
    const err = new ApiError(e?.code ?? `http_${res.status}`, e?.message ?? `HTTP ${res.status}`, res.status, retry > 0 ? retry : null);
    err.body = body;
    throw err;
  }
  if (body === null) throw new ApiError('bad_response', 'the server answered with something that is not JSON', res.status);
  return body as T;
}

/** Ops of one member's device from a rescue file, with their signatures (macs[i] signs ops[i]). */
export interface RescueBatch {
  member: string;
  device: string;
  ops: Op[];
  macs: string[];
}

export interface SyncApi {
  join(req: JoinRequest): Promise<JoinResponse>;
  push(token: string, ops: Op[]): Promise<PushResponse>;
  pull(token: string, after: number, afterId: string | null, limit: number): Promise<PullResponse>;
  /** Staff only: one member's signed ops, from a rescue file its device exported. */
  rescue(token: string, batch: RescueBatch): Promise<PushResponse>;
  /** How many bytes of a photo the server has (the resume point). */
  blobStatus(token: string, hash: string): Promise<{ received: number; complete: boolean }>;
  /** Appends a chunk at `offset`; 409 offset_mismatch carries the server's `received`. */
  putChunk(token: string, hash: string, offset: number, total: number, bytes: ArrayBuffer): Promise<{ received: number; complete: boolean }>;
  getBlob(token: string, hash: string): Promise<ArrayBuffer>;
}

/** The API of the server at `base` ('' in the app: the same origin), over the given fetch. */
export function createApi(base = '', fetchImpl: Fetch = (input, init) => fetch(input, init)): SyncApi {
  return {
    join: (req) => call(fetchImpl, `${base}/api/join`, { method: 'POST', body: JSON.stringify(req) }),
    push: (token, ops) =>
      call(fetchImpl, `${base}/api/sync/push`, {
        method: 'POST',
        token,
        body: JSON.stringify({ clientVersion: RULES_VERSION, ops }),
      }),
    rescue: (token, batch) =>
      call(fetchImpl, `${base}/api/sync/rescue`, {
        method: 'POST',
        token,
        body: JSON.stringify({ clientVersion: RULES_VERSION, ...batch }),
      }),
    blobStatus: (token, hash) => call(fetchImpl, `${base}/api/blobs/${hash}/upload`, { method: 'GET', token }),
    putChunk: (token, hash, offset, total, bytes) =>
      call(fetchImpl, `${base}/api/blobs/${hash}/upload?offset=${offset}&total=${total}`, { method: 'PUT', token, body: bytes }),
    getBlob: (token, hash) => call(fetchImpl, `${base}/api/blobs/${hash}`, { method: 'GET', token }, true),
    pull: (token, after, afterId, limit) =>
      call(fetchImpl, `${base}/api/sync/pull?after=${after}${afterId ? `&afterId=${encodeURIComponent(afterId)}` : ''}&limit=${limit}`, {
        method: 'GET',
        token,
      }),
  };
}

/** The app's API: its own origin, the browser's fetch. */
export const api = createApi();
