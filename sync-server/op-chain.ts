/**
 * The op log as a tamper-evident audit trail (#7): every accepted op gets a
 * link {seq, work, prev_hash, hash} with hash = SHA-256(prev_hash + the op
 * exactly as a pull serves it). Editing an op, deleting one, or deleting an
 * op together with its link breaks the chain of its work from there on;
 * `npx tsx sync-server/audit-check.ts --work <id>` verifies it.
 */
import { hash } from 'node:crypto';
import { GENESIS_HASH } from './audit';
import type { AppendedOp, OpLink, Store, StoreTx } from './store';

export function linkHash(prevHash: string, opJson: string): string {
  // One-shot hash of the same bytes as update(prevHash).update('\n').update(opJson): no Hash object per op.
  return hash('sha256', `${prevHash}\n${opJson}`, 'hex');
}

/** Called right after the op is appended (with what appendOp returned), in the same transaction. */
export async function chainOp(tx: StoreTx, work: string, { seq, pulledJson }: AppendedOp): Promise<void> {
  const prevHash = (await tx.lastOpHash(work)) ?? GENESIS_HASH;
  await tx.chainOp({ seq, work, prevHash, hash: linkHash(prevHash, pulledJson) });
}

export type OpChainCheck = { ok: true; ops: number; unchained: number; head: string } | { ok: false; seq: number; problem: string };

/**
 * Verifies a work's chain against its ops as served by pull. Ops older than
 * the chain (stored before this migration) are counted as unchained; from the
 * first link on, every op needs its link and every link its op.
 */
export async function verifyOpChain(store: Store, work: string): Promise<OpChainCheck> {
  const links = await store.opChain(work);
  const ops: Array<{ seq: number; json: string }> = [];
  for (let after = 0; ; ) {
    const page = await store.pull(work, after, 1000);
    for (const json of page.opsJson) ops.push({ seq: Number(/^\{"seq":(\d+),/.exec(json)?.[1]), json });
    after = page.lastSeq;
    if (!page.hasMore) break;
  }
  const firstLinked = links[0]?.seq ?? Number.POSITIVE_INFINITY;
  const chained = ops.filter((o) => o.seq >= firstLinked);
  let prev = GENESIS_HASH;
  let i = 0;
  for (const link of links) {
    const op = chained[i];
    if (!op || op.seq !== link.seq) return { ok: false, seq: link.seq, problem: op && op.seq < link.seq ? `op ${op.seq} has no link (added behind the chain's back)` : 'its op is missing (deleted)' };
    if (link.prevHash !== prev) return { ok: false, seq: link.seq, problem: 'does not follow the link before it (a link was removed or changed)' };
    if (linkHash(prev, op.json) !== link.hash) return { ok: false, seq: link.seq, problem: 'the op was changed after it was stored' };
    prev = link.hash;
    i++;
  }
  if (i < chained.length) return { ok: false, seq: chained[i]!.seq, problem: 'this op has no link (added behind the chain\'s back)' };
  return { ok: true, ops: chained.length, unchained: ops.length - chained.length, head: prev };
}

export type { OpLink };
