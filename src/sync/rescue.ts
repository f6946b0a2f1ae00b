/**
 * The rescue path: when a phone cannot sync (broken, no signal for days,
 * removed from the work), everything it has not got onto the server can be
 * exported to one file, and community staff import that file from their own
 * device. Op ids make importing harmless if some of it did arrive meanwhile.
 */
import * as v from 'valibot';
import { type Op, type PushResult, ROLES } from '../core';
import type { SitewatchDB } from '../db/db';
import type { Membership } from '../lib/settings';
import type { SyncApi } from './api';
import { takeBatch } from './batches';

const RescueFileSchema = v.object({
  format: v.literal('sitewatch-rescue'),
  version: v.literal(1),
  exportedAt: v.number(),
  device: v.string(),
  works: v.array(v.object({ work: v.string(), workName: v.string(), memberId: v.string(), name: v.string(), role: v.picklist(ROLES) })),
  // Each op is validated by the server, one by one, like any push.
  ops: v.pipe(v.array(v.custom<Op>((x) => typeof x === 'object' && x !== null)), v.maxLength(100_000)),
});
export type RescueFile = v.InferOutput<typeof RescueFileSchema>;

/** Everything this device made that the server has not confirmed yet (tokens are never exported). */
export async function buildRescueFile(db: SitewatchDB, memberships: Membership[], deviceId: string, now: number): Promise<RescueFile> {
  const entries = await db.outbox.orderBy('n').toArray();
  return {
    format: 'sitewatch-rescue',
    version: 1,
    exportedAt: now,
    device: deviceId,
    works: memberships.map(({ work, workName, memberId, name, role }) => ({ work, workName, memberId, name, role })),
    ops: entries.map((e) => e.op),
  };
}

export function rescueFileName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `sitewatch-rescue-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.json`;
}

export function parseRescueFile(text: string): RescueFile | null {
  try {
    const r = v.safeParse(RescueFileSchema, JSON.parse(text));
    return r.success ? r.output : null;
  } catch {
    return null;
  }
}

export interface RescueOutcome {
  accepted: number;
  rejected: number;
  /** Ops of works the importing staff member is not in. */
  skipped: number;
}

const BATCH = 100;

/** Sends a rescue file's ops of the staff member's works to the server, in batches that keep groups whole. */
export async function importRescueFile(
  file: RescueFile,
  staffMemberships: Membership[],
  server: SyncApi,
  onProgress: (done: number, total: number) => void,
): Promise<RescueOutcome> {
  const outcome: RescueOutcome = { accepted: 0, rejected: 0, skipped: 0 };
  const total = file.ops.length;
  let done = 0;
  for (const m of staffMemberships) {
    let queue = file.ops.filter((op) => op.work === m.work).map((op) => ({ op }));
    while (queue.length > 0) {
      const batch = takeBatch(queue, BATCH, 500_000);
      const res = await server.rescue(m.token, batch.map((e) => e.op));
      for (const r of res.results as PushResult[]) {
        if (r.status === 'accepted') outcome.accepted++;
        else outcome.rejected++;
      }
      queue = queue.slice(batch.length);
      done += batch.length;
      onProgress(done, total);
    }
  }
  outcome.skipped = total - done;
  return outcome;
}
