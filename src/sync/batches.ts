/**
 * How the outbox is cut into pushes: at most `maxOps` ops and `maxBytes` of
 * JSON (the server refuses bodies over 1 MB, and text that JSON must escape
 * can grow several times), never cutting a group of ops at the end (it goes
 * whole in the next push; the server applies a group all or nothing within
 * one push). A first entry over the limits still goes alone, so that the
 * queue moves.
 */
const encoder = new TextEncoder();

export function takeBatch<T extends { op: { group?: string } }>(entries: T[], maxOps: number, maxBytes: number): T[] {
  let bytes = 0;
  let count = 0;
  while (count < entries.length && count < maxOps) {
    const size = encoder.encode(JSON.stringify(entries[count]!.op)).length + 1;
    if (count > 0 && bytes + size > maxBytes) break;
    bytes += size;
    count++;
  }
  if (count === entries.length) return entries;
  const batch = entries.slice(0, count);
  const cut = entries[count]!.op.group;
  if (!cut) return batch;
  const kept = batch.filter((e) => e.op.group !== cut);
  // A group larger than a whole batch is sent as it comes.
  return kept.length > 0 ? kept : batch;
}
