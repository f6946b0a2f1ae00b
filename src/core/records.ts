/**
 * The record a change belongs to, as the person who made it thinks of it: a
 * complaint with two photos and a resident's contact is one record, a
 * checklist walked with 16 answers is one record. Counts shown to people
 * ("待同步 1 条") count these, not the ops underneath.
 */
import type { Op } from './ops';

export function recordOf(op: Pick<Op, 'entity' | 'entityId' | 'kind' | 'payload'>): string {
  const p = op.payload as Record<string, unknown>;
  if (op.kind === 'photo.add' && typeof p.targetType === 'string' && typeof p.targetId === 'string') return `${p.targetType}:${p.targetId}`;
  if (op.kind === 'contact.add' && typeof p.issueId === 'string') return `issue:${p.issueId}`;
  return `${op.entity}:${op.entityId}`;
}

/** How many records these ops touch. */
export function countRecords(ops: Iterable<Pick<Op, 'entity' | 'entityId' | 'kind' | 'payload'>>): number {
  const seen = new Set<string>();
  for (const op of ops) seen.add(recordOf(op));
  return seen.size;
}
