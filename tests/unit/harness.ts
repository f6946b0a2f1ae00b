/**
 * The shared server test harness: a server on a fresh test database (tests/unit/test-db.ts, so the
 * file runs on both stores), members joined with the work's invite codes, push, pull, admin calls,
 * and builders for the common ops. Server test files use this instead of each keeping its own copy
 * of the same fetch helpers, so a change to the protocol's plumbing is made once.
 *
 * vitest.config.ts runs a test file on PostgreSQL too when it imports from './harness' or './test-db'.
 */
import http from 'node:http';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  type ErrorBody,
  type JoinResponse,
  type Op,
  type OpOf,
  type PullResponse,
  type PushResponse,
  type Role,
  RULES_VERSION,
  encodeStamp,
} from '../../src/core';
import { type AppOptions, createApp } from '../../sync-server/app';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { BlobStore } from '../../sync-server/blob-store';
import type { Store } from '../../sync-server/store';
import { closeServer, listenOnLoopback } from './loopback';
import { type TestDatabase, testDatabase } from './test-db';

/** A joined device: its token and who it speaks for. */
export interface Member {
  token: string;
  id: string;
  work: string;
  role: Role;
  name: string;
  device: string;
}

/** What an op's envelope needs to know about its author. */
export interface Author {
  id: string;
  work: string;
  device?: string;
}

export interface Reply<T> {
  status: number;
  body: T & ErrorBody;
}

export interface CallOptions {
  /** Headers added to this request (after the server's default headers). */
  headers?: Record<string, string>;
  /** Another server's base URL (a second app on the same database). */
  base?: string;
}

export interface StartOptions extends Partial<Omit<AppOptions, 'store' | 'staticDir'>> {
  /** Names the database (schema or folder) in case one is left behind. */
  label: string;
  /** Seeds the demo work and reads its invite codes (default true). */
  seed?: boolean;
  /** Headers every request sends (for instance X-Forwarded-For behind a trusted proxy). */
  headers?: Record<string, string>;
  /** Wraps the store the app gets (for instance to count its calls). */
  wrapStore?: (store: Store) => Store;
  /** Keeps photo bytes where a server on this database keeps them (a folder, or PostgreSQL), not in memory. */
  databaseBlobs?: boolean;
}

export interface TestServer {
  database: TestDatabase;
  /** The store the app uses (wrapped when wrapStore was given). */
  store: Store;
  /** The store as opened, beneath wrapStore. */
  opened: Store;
  server: http.Server;
  base: string;
  /** The demo work's invite codes by role (empty when not seeded). */
  codes: Record<Role, string>;
  /** The photo bytes' store, when databaseBlobs was asked for. */
  blobs: BlobStore | undefined;
  /** Any request; a string body is sent as it is, anything else as JSON. */
  call<T = unknown>(method: string, path: string, token: string | null, body?: unknown, options?: CallOptions): Promise<Reply<T>>;
  /** POST /api/join with this body, whatever its answer. */
  tryJoin(body: Record<string, unknown>, options?: CallOptions): Promise<Reply<JoinResponse>>;
  /** Joins with a role's invite code of the demo work (or a code) and expects 200. */
  join(roleOrCode: Role | { code: string }, name?: string, device?: string, extra?: Record<string, unknown>): Promise<Member>;
  /** POST /api/sync/push (or another push-like path) with these ops. */
  push(token: string, ops: unknown[], path?: string): Promise<Reply<PushResponse>>;
  /** Pushes, expects 200, and answers each op's outcome: 'accepted' or its rejection code. */
  outcomes(token: string, ops: unknown[]): Promise<string[]>;
  /** One page of GET /api/sync/pull. */
  pull(token: string, after?: number, limit?: number, extraQuery?: string): Promise<Reply<PullResponse>>;
  /** Every op the token may see, following the cursor page by page. */
  pullAll(token: string, extraQuery?: string): Promise<PullResponse['ops']>;
  /** Closes the server, the store and deletes the database. */
  close(): Promise<void>;
}

/** Reads the invite codes of a work, by role. */
export async function inviteCodes(store: Store, work = DEMO_WORK_ID): Promise<Record<Role, string>> {
  return Object.fromEntries((await store.listInvites(work)).map((i) => [i.role, i.code])) as Record<Role, string>;
}

/** Sends one request to a server at `base`. */
export async function request<T>(
  base: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const h: Record<string, string> = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T & ErrorBody };
}

let joined = 0;

/** Starts the app over HTTP on 127.0.0.1 with a fresh database of this run's store. */
export async function startServer(options: StartOptions): Promise<TestServer> {
  const { label, seed = true, headers: defaultHeaders = {}, wrapStore, databaseBlobs = false, ...app } = options;
  const database = await testDatabase(label);
  const opened = await database.open();
  if (seed) await seedDemoIfEmpty(opened);
  const codes = seed ? await inviteCodes(opened) : ({} as Record<Role, string>);
  const store = wrapStore ? wrapStore(opened) : opened;
  const blobs = databaseBlobs ? database.blobStore(opened) : app.blobs;
  const server = http.createServer(createApp({ store, staticDir: join(database.dir, 'none'), ...app, blobs }));
  const base = await listenOnLoopback(server);

  const call = <T>(method: string, path: string, token: string | null, body?: unknown, o: CallOptions = {}) =>
    request<T>(o.base ?? base, method, path, token, body, { ...defaultHeaders, ...o.headers });
  const push = (token: string, ops: unknown[], path = '/api/sync/push') => call<PushResponse>('POST', path, token, { clientVersion: RULES_VERSION, ops });
  const pull = (token: string, after = 0, limit?: number, extraQuery = '') =>
    call<PullResponse>('GET', `/api/sync/pull?after=${after}${limit === undefined ? '' : `&limit=${limit}`}${extraQuery}`, token);

  const s: TestServer = {
    database,
    store,
    opened,
    server,
    base,
    codes,
    blobs,
    call,
    tryJoin: (body, o) => call<JoinResponse>('POST', '/api/join', null, body, o),
    async join(roleOrCode, name, device = `phone-${++joined}`, extra = {}) {
      const code = typeof roleOrCode === 'string' ? codes[roleOrCode] : roleOrCode.code;
      const who = name ?? `${typeof roleOrCode === 'string' ? roleOrCode : 'member'} ${++joined}`;
      const r = await call<JoinResponse>('POST', '/api/join', null, { code, name: who, deviceId: device, ...extra });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { token: r.body.token, id: r.body.member.id, work: r.body.member.work, role: r.body.member.role, name: r.body.member.name, device };
    },
    push,
    async outcomes(token, ops) {
      const r = await push(token, ops);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.results.map((x) => (x.status === 'accepted' ? 'accepted' : x.reason.code));
    },
    pull,
    async pullAll(token, extraQuery = '') {
      const all: PullResponse['ops'] = [];
      let after = 0;
      for (;;) {
        const r = await pull(token, after, 1000, extraQuery);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        all.push(...r.body.ops);
        after = r.body.cursor;
        if (!r.body.hasMore) return all;
      }
    },
    async close() {
      app.hub?.closeAll();
      await closeServer(server);
      await opened.close();
      await database.drop();
    },
  };
  return s;
}

// ---- Op builders ----

let built = 0;

/** An id no other test of the run uses. */
export const fresh = (prefix: string) => `${prefix}-${++built}-${Date.now().toString(36)}`;

/** A hybrid clock stamp of now (plus an offset), on a device. */
export const stampNow = (device = 'dev-a', offsetMs = 0) => encodeStamp({ wall: Date.now() + offsetMs, counter: ++built % 1000, node: device });

/** An op of any kind with a fresh id and the current time; `extra` overrides any envelope field. */
export function makeOp<K extends Op['kind']>(
  author: Author,
  kind: K,
  entity: Op['entity'],
  entityId: string,
  payload: OpOf<K>['payload'],
  extra: Partial<Op> = {},
): OpOf<K> {
  const device = author.device ?? 'dev-a';
  return {
    id: fresh('op'),
    work: author.work,
    entity,
    entityId,
    actor: author.id,
    device,
    hlc: stampNow(device),
    v: RULES_VERSION,
    kind,
    payload,
    ...extra,
  } as OpOf<K>;
}

/** A new noise complaint with no point (override any payload field). */
export const issueCreate = (author: Author, payload: Partial<OpOf<'issue.create'>['payload']> = {}, extra: Partial<Op> = {}) =>
  makeOp(
    author,
    'issue.create',
    'issue',
    fresh('issue'),
    { category: 'noise', description: 'drilling at night', severity: 'low', pointId: null, ...payload },
    extra,
  );

export const issueComment = (author: Author, issueId: string, text: string, extra: Partial<Op> = {}) =>
  makeOp(author, 'issue.comment', 'issue', issueId, { text }, extra);

export const issueTransition = (author: Author, issueId: string, payload: OpOf<'issue.transition'>['payload'], extra: Partial<Op> = {}) =>
  makeOp(author, 'issue.transition', 'issue', issueId, payload, extra);

/** The body of POST /api/admin/works for a new work (override any field). */
export const newWorkRequest = (deviceId = 'dev-a', overrides: Record<string, unknown> = {}) => ({
  workId: fresh('work'),
  deviceId,
  name: '东门车库改造',
  compound: '东门小区',
  community: '东胜社区',
  kind: 'garage',
  contractor: '',
  startDate: '2026-12-01',
  endDate: null,
  responseTargets: { acknowledgeHours: 12, resolveDays: 5 },
  ...overrides,
});
