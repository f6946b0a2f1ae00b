/**
 * Exports a work's whole history, the op log as the server holds it, one op
 * per line (JSON Lines, each with its seq), oldest first:
 *   npx tsx sync-server/export-history.ts --work demo-work > demo-work.jsonl
 * The op log is the audit trail: `audit-check.ts --work` verifies its hash
 * chain, and these lines are exactly the bodies that chain covers. It reads
 * the store the server would use with the same environment (open-store.ts).
 * Residents' contacts are in the log too: keep the file as carefully as the database.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LIMITS } from '../src/core';
import { openConfiguredStore } from './open-store';
import type { Store } from './store';

/** Writes every op of `work` through `write`, page by page; returns how many. */
export async function exportHistory(store: Store, work: string, write: (line: string) => void): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.pull(work, after, LIMITS.pullPageMax);
    for (const json of page.opsJson) write(json);
    count += page.opsJson.length;
    if (!page.hasMore || page.lastSeq <= after) return count;
    after = page.lastSeq;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { work: { type: 'string' } } });
  if (!values.work) {
    console.error('usage: npx tsx sync-server/export-history.ts --work <work id> > history.jsonl');
    process.exitCode = 2;
    return;
  }
  const store = await openConfiguredStore();
  try {
    const n = await exportHistory(store, values.work, (line) => process.stdout.write(`${line}\n`));
    console.error(`exported ${n} ops of ${values.work}`);
    if (n === 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'export-history.ts')) {
  void main();
}
