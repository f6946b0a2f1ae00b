/**
 * The first `max` entries, less a group cut at the end (it goes whole in the
 * next push; the server applies a group all or nothing within one push). A
 * group larger than a whole batch is sent as it comes.
 */
export function withoutSplitGroup<T extends { op: { group?: string } }>(entries: T[], max: number): T[] {
  if (entries.length <= max) return entries;
  const batch = entries.slice(0, max);
  const cut = entries[max]!.op.group;
  if (!cut) return batch;
  const kept = batch.filter((e) => e.op.group !== cut);
  return kept.length > 0 ? kept : batch;
}
