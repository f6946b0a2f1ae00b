/**
 * Verifies the audit chain of administrative actions:
 *   npx tsx sync-server/audit-check.ts [--expect-head <count>:<hash>]
 * and, with --work, that work's op log chain too (op-chain.ts):
 *   npx tsx sync-server/audit-check.ts --work demo-work [--expect-op-head demo-work=<seq>:<hash>]
 * Exit 0 and the head (count and last hash; for a work, seq and last hash)
 * when intact; exit 1 naming the first broken row otherwise. Note the heads
 * now and then: passing them back (--expect-head, --expect-op-head, once per
 * work) also detects rows removed from the end, which a chain alone cannot. It reads the
 * store the server would use with the same environment (open-store.ts):
 * DATABASE_URL (+ SITEWATCH_PG_SCHEMA) for PostgreSQL, else SITEWATCH_DATA.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ChainCheck, verifyChain } from './audit';
import { type ExpectedLink, type OpChainCheck, parseExpectedLink, verifyOpChain } from './op-chain';
import { openConfiguredStore } from './open-store';
import type { Store } from './store';

export async function checkAudit(store: Store, expectHead?: string): Promise<ChainCheck & { message: string }> {
  const rows = await store.listAudit();
  const r = verifyChain(rows);
  if (!r.ok) return { ...r, message: `audit log BROKEN at row ${r.seq} of ${r.count}: ${r.problem}` };
  if (expectHead) {
    const [count, hash] = expectHead.split(':');
    const known = rows[Number(count) - 1];
    if (!known || known.hash !== hash) {
      return {
        ok: false,
        count: r.count,
        seq: Number(count),
        problem: 'the noted head is gone',
        message: `audit log BROKEN: the noted head ${expectHead} is not in the chain (rows were removed or changed)`,
      };
    }
  }
  return { ...r, message: `audit log intact: ${r.count} rows, head ${r.count}:${r.head}` };
}

/** The --expect-op-head values (`<work>=<seq>:<hash>`) by work; a malformed one is an error. */
export function expectedOpHeads(values: string[]): Map<string, ExpectedLink> {
  const out = new Map<string, ExpectedLink>();
  for (const v of values) {
    const at = v.indexOf('=');
    const link = at > 0 ? parseExpectedLink(v.slice(at + 1)) : null;
    if (!link) throw new Error(`--expect-op-head ${v}: write it as <work>=<seq>:<hash>, as the check prints a work's head`);
    out.set(v.slice(0, at), link);
  }
  return out;
}

export function opChainMessage(work: string, c: OpChainCheck): string {
  return c.ok
    ? `op log of ${work} intact: ${c.ops} ops chained${c.unchained ? ` (${c.unchained} older ops before the chain began)` : ''}, head ${c.head}`
    : `op log of ${work} BROKEN at seq ${c.seq}: ${c.problem}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'expect-head': { type: 'string' }, work: { type: 'string', multiple: true }, 'expect-op-head': { type: 'string', multiple: true } },
  });
  const heads = expectedOpHeads(values['expect-op-head'] ?? []);
  const store = await openConfiguredStore();
  try {
    const r = await checkAudit(store, values['expect-head']);
    console.log(r.message);
    let ok = r.ok;
    for (const work of new Set([...(values.work ?? []), ...heads.keys()])) {
      const c = await verifyOpChain(store, work, heads.get(work));
      console.log(opChainMessage(work, c));
      ok &&= c.ok;
    }
    process.exitCode = ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'audit-check.ts')) {
  main().catch((err: unknown) => {
    console.error(`audit-check: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  });
}
