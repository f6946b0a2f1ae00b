/**
 * The rescue path: when a phone cannot sync (broken, no signal for days,
 * removed from the work), everything it has not got onto the server can be
 * exported to one file, and community staff import that file from their own
 * device. Op ids make importing harmless if some of it did arrive meanwhile.
 *
 * The file passes through other hands, so each op in it is signed by the
 * exporting device with its own token for the op's work (src/core/rescue.ts):
 * the server imports only ops it can prove that device wrote, under that
 * device's member. Before sending, staff see what the file holds: per author,
 * the kinds and counts, and whether it is signed.
 */
import * as v from 'valibot';
import { type Op, type PushResult, ROLES, type Role, toHex } from '../core';
import { RESCUE_FILE_VERSION, RESCUE_MAC_PATTERN, rescueMacMessage } from '../core/rescue';
import type { SitewatchDB } from '../db/db';
import type { Membership } from '../lib/settings';
import { hmacSha256, sha256 } from '../lib/sha256';
import { ApiError } from './api';
import type { RescueBatch, SyncApi } from './api';
import { takeBatch } from './batches';

const MAX_OPS = 100_000;

const RescueFileSchema = v.pipe(
  v.object({
    format: v.literal('sitewatch-rescue'),
    version: v.literal(RESCUE_FILE_VERSION),
    exportedAt: v.number(),
    device: v.string(),
    works: v.pipe(
      v.array(v.object({ work: v.string(), workName: v.string(), memberId: v.string(), name: v.string(), role: v.picklist(ROLES) })),
      v.maxLength(1000),
    ),
    // Each op is validated by the server, one by one, like any push.
    ops: v.pipe(v.array(v.custom<Op>((x) => typeof x === 'object' && x !== null && !Array.isArray(x))), v.maxLength(MAX_OPS)),
    /** macs[i] signs ops[i], with the exporting device's token for that op's work. */
    macs: v.pipe(v.array(v.pipe(v.string(), v.regex(RESCUE_MAC_PATTERN))), v.maxLength(MAX_OPS)),
  }),
  v.check((f) => f.macs.length === f.ops.length),
);
export type RescueFile = v.InferOutput<typeof RescueFileSchema>;

const utf8 = new TextEncoder();

/** The device's signing key for a work: SHA-256 of its token, which is what the server keeps of it. */
async function signingKey(token: string): Promise<ArrayBuffer> {
  return sha256(utf8.encode(token));
}

async function sign(key: ArrayBuffer, member: string, device: string, op: unknown): Promise<string> {
  return toHex(await hmacSha256(key, utf8.encode(rescueMacMessage(member, device, op))));
}

/** One op's signature, as the exporting device makes it (also what tests sign with). */
export async function signRescueOp(token: string, member: string, device: string, op: unknown): Promise<string> {
  return sign(await signingKey(token), member, device, op);
}

/**
 * Everything this device made that the server has not confirmed yet, each op signed (tokens are
 * never exported). An op this device cannot sign (its work has no membership here, or it names
 * another member than the membership's) is left out and counted: nothing could prove it.
 */
export async function buildRescueFile(
  db: SitewatchDB,
  memberships: Membership[],
  deviceId: string,
  now: number,
): Promise<{ file: RescueFile; leftOut: number }> {
  const entries = await db.outbox.orderBy('n').toArray();
  const keys = new Map<string, { member: string; key: ArrayBuffer }>();
  for (const m of memberships) keys.set(m.work, { member: m.memberId, key: await signingKey(m.token) });
  const ops: Op[] = [];
  const macs: string[] = [];
  for (const { op } of entries) {
    const k = keys.get(op.work);
    if (!k || op.actor !== k.member) continue;
    ops.push(op);
    macs.push(await sign(k.key, k.member, deviceId, op));
  }
  return {
    file: {
      format: 'sitewatch-rescue',
      version: RESCUE_FILE_VERSION,
      exportedAt: now,
      device: deviceId,
      works: memberships.map(({ work, workName, memberId, name, role }) => ({ work, workName, memberId, name, role })),
      ops,
      macs,
    },
    leftOut: entries.length - ops.length,
  };
}

export function rescueFileName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `sitewatch-rescue-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.json`;
}

/** `unsigned`: a file of the first format (no signatures), which the server no longer takes. */
export type ParsedRescueFile = { ok: true; file: RescueFile } | { ok: false; reason: 'damaged' | 'unsigned' };

export function parseRescueFile(text: string): ParsedRescueFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  const head = json as { format?: unknown; version?: unknown } | null;
  if (head?.format === 'sitewatch-rescue' && head.version === 1) return { ok: false, reason: 'unsigned' };
  const r = v.safeParse(RescueFileSchema, json);
  return r.success ? { ok: true, file: r.output } : { ok: false, reason: 'damaged' };
}

/** What a file holds for one author in one work, as staff see it before importing. */
export interface RescuePart {
  work: string;
  workName: string;
  /** Who the ops name as their author: the local list of members first, the file's word otherwise. */
  author: { id: string; name: string; role: Role | null };
  count: number;
  kinds: Array<{ kind: string; count: number }>;
  /**
   * Whether the ops are the exporting device's own (they name the member the file was exported as,
   * and are signed): only such parts are sent, and the server checks each signature.
   */
  signed: boolean;
  /** Whether this device's staff member may import into the work. */
  importable: boolean;
  /** Indices into file.ops, in file order. */
  indices: number[];
}

export type KnownMember = { id: string; name: string; role: Role };

/** The file's ops by work and author, signed parts first. */
export function summarizeRescueFile(file: RescueFile, staffWorks: ReadonlySet<string>, known: readonly KnownMember[] = []): RescuePart[] {
  const exportedAs = new Map(file.works.map((w) => [w.work, w]));
  const knownById = new Map(known.map((m) => [m.id, m]));
  const parts = new Map<string, RescuePart>();
  file.ops.forEach((op, i) => {
    const work = String(op.work);
    const actor = String(op.actor);
    const key = JSON.stringify([work, actor]);
    let part = parts.get(key);
    if (!part) {
      const w = exportedAs.get(work);
      const own = w?.memberId === actor;
      const k = knownById.get(actor);
      part = {
        work,
        workName: w?.workName ?? work,
        author: { id: actor, name: k?.name ?? (own ? w!.name : actor), role: k?.role ?? (own ? w!.role : null) },
        count: 0,
        kinds: [],
        signed: own,
        importable: staffWorks.has(work),
        indices: [],
      };
      parts.set(key, part);
    }
    part.count++;
    part.indices.push(i);
    const kind = String(op.kind);
    const k = part.kinds.find((x) => x.kind === kind);
    if (k) k.count++;
    else part.kinds.push({ kind, count: 1 });
  });
  return [...parts.values()].sort((a, b) => Number(b.signed) - Number(a.signed));
}

export interface RescueOutcome {
  accepted: number;
  rejected: number;
  /** Ops not sent: of works the importing staff member is not in, or not signed by the exporting device. */
  skipped: number;
  /** Parts the server refused whole (a signature did not verify, another author), with its code. */
  refused: Array<{ part: RescuePart; code: string }>;
}

const BATCH = 100;

/**
 * Sends the signed parts of works this device administers, in batches that keep groups whole. A
 * part the server refuses (it proves nothing) stops there and is reported; the others go on.
 */
export async function importRescueFile(
  file: RescueFile,
  parts: RescuePart[],
  staffMemberships: Membership[],
  server: SyncApi,
  onProgress: (done: number, total: number) => void,
): Promise<RescueOutcome> {
  const outcome: RescueOutcome = { accepted: 0, rejected: 0, skipped: 0, refused: [] };
  const tokens = new Map(staffMemberships.map((m) => [m.work, m.token]));
  const sending = parts.filter((p) => p.signed && p.importable && tokens.has(p.work));
  const total = sending.reduce((n, p) => n + p.count, 0);
  outcome.skipped = file.ops.length - total;
  let done = 0;
  for (const part of sending) {
    let queue = part.indices.map((i) => ({ op: file.ops[i]!, mac: file.macs[i]! }));
    while (queue.length > 0) {
      const batch = takeBatch(queue, BATCH, 500_000);
      const body: RescueBatch = { member: part.author.id, device: file.device, ops: batch.map((e) => e.op), macs: batch.map((e) => e.mac) };
      try {
        const res = await server.rescue(tokens.get(part.work)!, body);
        for (const r of res.results as PushResult[]) {
          if (r.status === 'accepted') outcome.accepted++;
          else outcome.rejected++;
        }
      } catch (err) {
        if (!(err instanceof ApiError) || !err.code.startsWith('rescue_')) throw err;
        outcome.refused.push({ part, code: err.code });
        done += queue.length;
        onProgress(done, total);
        break;
      }
      queue = queue.slice(batch.length);
      done += batch.length;
      onProgress(done, total);
    }
  }
  return outcome;
}
