/**
 * The op log as a tamper-evident audit trail: every accepted op gets a
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

/** A link noted earlier (`<seq>:<hash>`, as the check prints a work's head): it must still be in the chain. */
export interface ExpectedLink {
  seq: number;
  hash: string;
}

export function parseExpectedLink(text: string): ExpectedLink | null {
  const m = /^(\d{1,16}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}

/**
 * Verifies a work's chain against its ops as served by pull. From where the work's chain starts
 * (store.opChainStart: recorded, not guessed from the links, which an intruder can delete) every op
 * needs its link and every link its op; ops before it (stored before the chain existed) are counted
 * as unchained. With `expect`, a link noted earlier must still be there, unchanged: that also shows
 * ops and links removed together from the end.
 */
export async function verifyOpChain(store: Store, work: string, expect?: ExpectedLink): Promise<OpChainCheck> {
  const start = await store.opChainStart(work);
  if (start === null) return { ok: false, seq: 0, problem: 'the record of where op chains start is missing (removed)' };
  const links = await store.opChain(work);
  const ops: Array<{ seq: number; json: string }> = [];
  for (let after = 0; ;) {
    const page = await store.pull(work, after, 1000);
    for (const json of page.opsJson) ops.push({ seq: Number(/^\{"seq":(\d+),/.exec(json)?.[1]), json });
    after = page.lastSeq;
    if (!page.hasMore) break;
  }
  if (links.length > 0 && links[0]!.seq < start)
    return { ok: false, seq: links[0]!.seq, problem: "a link lies before the chain's recorded start (the start was changed)" };
  const chained = ops.filter((o) => o.seq >= start);
  let prev = GENESIS_HASH;
  let i = 0;
  let expected = false;
  for (const link of links) {
    const op = chained[i];
    if (!op || op.seq !== link.seq)
      return {
        ok: false,
        seq: link.seq,
        problem: op && op.seq < link.seq ? `op ${op.seq} has no link (added behind the chain's back, or its link was deleted)` : 'its op is missing (deleted)',
      };
    if (link.prevHash !== prev) return { ok: false, seq: link.seq, problem: 'does not follow the link before it (a link was removed or changed)' };
    if (linkHash(prev, op.json) !== link.hash) return { ok: false, seq: link.seq, problem: 'the op was changed after it was stored' };
    if (expect && link.seq === expect.seq) {
      if (link.hash !== expect.hash) return { ok: false, seq: link.seq, problem: 'differs from the head noted earlier (the chain was rewritten)' };
      expected = true;
    }
    prev = link.hash;
    i++;
  }
  if (i < chained.length) return { ok: false, seq: chained[i]!.seq, problem: "this op has no link (added behind the chain's back, or its link was deleted)" };
  if (expect && !expected) return { ok: false, seq: expect.seq, problem: 'the head noted earlier is gone (ops and links were removed)' };
  const headSeq = links.at(-1)?.seq ?? 0;
  return { ok: true, ops: chained.length, unchained: ops.length - chained.length, head: `${headSeq}:${prev}` };
}

export type { OpLink };
