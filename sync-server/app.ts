/**
 * The request handler: the sync API under /api, and the built PWA for
 * everything else, on one port.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { MIN_RULES_VERSION, PROTOCOL_VERSION, RULES_VERSION, type Role, type VersionResponse } from '../src/core';
import { ADMIN_ROUTES } from './admin-routes';
import { tokenRules } from './auth';
import { BLOB_PATH, WORK_QUOTA_BYTES, handleBlob } from './blob-routes';
import { type BlobStore, memoryBlobStore } from './blob-store';
import { HttpError, isClientAbort, loggedPath, sendError, sendJson } from './http';
import { handleJoin } from './join-route';
import { LiveHub, handleEvents } from './live';
import type { AppContext } from './context';
import { NOTIFY_ROUTES } from './notify/routes';
import { RateLimiter } from './rate-limit';
import { serveStatic } from './static';
import { POSTER_ROUTES } from './poster-routes';
import { RESIDENT_ROUTES } from './resident-routes';
import type { Store } from './store';
import { handlePull, handlePush, handleRescue } from './sync-routes';

type Route = (req: IncomingMessage, res: ServerResponse, ctx: AppContext, url: URL) => Promise<void>;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  '/api/health': { GET: async (_req, res) => sendJson(res, 200, { ok: true }) },
  '/api/version': {
    GET: async (_req, res) => {
      const body: VersionResponse = {
        protocol: PROTOCOL_VERSION,
        rulesVersion: RULES_VERSION,
        minRulesVersion: MIN_RULES_VERSION,
        serverTime: Date.now(),
      };
      sendJson(res, 200, body);
    },
  },
  '/api/join': { POST: handleJoin },
  '/api/sync/push': { POST: handlePush },
  '/api/sync/rescue': { POST: handleRescue },
  '/api/sync/pull': { GET: handlePull },
  '/api/sync/events': { GET: handleEvents },
  // Works, members and roles.
  ...ADMIN_ROUTES,
  ...NOTIFY_ROUTES,
  // Residents report by scanning a poster (public), and the staff's posters.
  ...RESIDENT_ROUTES,
  ...POSTER_ROUTES,
};

export interface AppOptions {
  store: Store;
  staticDir: string;
  log?: (line: string) => void;
  /** Shared with the caller so that it can close live streams on shutdown. */
  hub?: LiveHub;
  /**
   * Join attempts allowed per client address and minute. Invite codes are short
   * so that older people can type them; the limit keeps guessing one (31^8
   * codes) out of reach.
   */
  joinAttemptsPerMinute?: number;
  trustProxy?: boolean;
  /** Where photo bytes go; in memory when omitted (tests). */
  blobs?: BlobStore;
  /** bytes of photos one work may store (WORK_QUOTA_BYTES when omitted). */
  workQuotaBytes?: number;
  /** days a token may go unused, per role (TOKEN_IDLE_DAYS when omitted). */
  tokenIdleDays?: Readonly<Record<Role, number>>;
  /** The clock tokens are judged by (tests move it instead of waiting). */
  now?: () => number;
  /** The notification worker to wake after a push (main.ts starts one). */
  notifier?: AppContext['notifier'];
  notifyAdapters?: AppContext['notifyAdapters'];
  pushOrigins?: AppContext['pushOrigins'];
}

export function createApp({
  store,
  staticDir,
  log = () => {},
  hub = new LiveHub(),
  joinAttemptsPerMinute = 10,
  trustProxy = false,
  blobs = memoryBlobStore(),
  workQuotaBytes = WORK_QUOTA_BYTES,
  tokenIdleDays,
  now,
  notifier,
  notifyAdapters,
  pushOrigins,
}: AppOptions): RequestListener {
  const statics = serveStatic(staticDir);
  const ctx: AppContext = {
    store,
    hub,
    joinLimiter: new RateLimiter(joinAttemptsPerMinute, 60_000),
    trustProxy,
    blobs,
    workQuotaBytes,
    tokens: tokenRules(tokenIdleDays, now),
    ...(notifier && { notifier }),
    ...(notifyAdapters && { notifyAdapters }),
    ...(pushOrigins && { pushOrigins }),
  };
  return (req, res) => {
    const started = Date.now();
    // Log method, path and status only: never tokens, query strings, bodies or invite codes.
    res.on('finish', () => log(`${req.method} ${loggedPath(req.url ?? '')} ${res.statusCode} ${Date.now() - started}ms`));
    const fail = (err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendError(res, err);
        return;
      }
      // A phone that lost its connection mid-body is not a server failure: one line, no stack, no answer.
      if (isClientAbort(req, err)) {
        log(`${req.method} ${loggedPath(req.url ?? '')} client aborted (${Date.now() - started}ms)`);
        return;
      }
      log(`error ${req.method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal', 'the server failed; your data on the device is kept, try again later'));
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, new HttpError(400, 'bad_request', 'the request URL cannot be read'));
      return;
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendError(res, new HttpError(405, 'method_not_allowed', 'only GET is served here'));
        return;
      }
      statics(req, res, () => sendError(res, new HttpError(404, 'not_found', 'no such page')));
      return;
    }
    const blob = BLOB_PATH.exec(url.pathname);
    if (blob) {
      handleBlob(req, res, ctx, url, blob[1]!, blob[2] !== undefined).catch((err: unknown) => fail(err));
      return;
    }
    // Own keys only: a path or method named like an Object.prototype member must find nothing.
    const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
    const handler = route && Object.hasOwn(route, req.method ?? '') ? route[req.method ?? ''] : undefined;
    if (!handler) {
      req.resume();
      const err = route
        ? new HttpError(405, 'method_not_allowed', `use ${Object.keys(route).join(' or ')}`)
        : new HttpError(404, 'not_found', `no endpoint ${url.pathname}`);
      sendError(res, err);
      return;
    }
    handler(req, res, ctx, url).catch((err: unknown) => fail(err));
  };
}
