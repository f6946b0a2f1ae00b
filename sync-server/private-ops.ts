/**
 * issues: residents' contacts leave the server only for those allowed to
 * read them (src/core/contact-privacy.ts). A pulled page is filtered after the
 * store returns it, whatever the store: the store keeps one log for all roles.
 *
 * A filtered page still ends at the store's cursor (the device must move past
 * the ops it may not see), and names the id of the op at that cursor, which
 * the device sends back as `afterId` (the last op it received may be an
 * earlier one).
 */
import { type Op, type Role, PRIVATE_KINDS, mayReadContact } from '../src/core';

/** Cheap test before parsing: every private op's JSON names its kind. */
const MARKERS = [...PRIVATE_KINDS].map((k) => `"kind":"${k}"`);

function isHiddenFrom(role: Role, json: string): boolean {
  if (!MARKERS.some((m) => json.includes(m))) return false;
  const op = JSON.parse(json) as Op;
  if (op.kind !== 'contact.add' && op.kind !== 'contact.erase') return false;
  return !mayReadContact(role, op.payload);
}

export function filterPage(role: Role, opsJson: string[]): { opsJson: string[]; lastId: string | null } {
  if (opsJson.length === 0) return { opsJson, lastId: null };
  const lastId = (JSON.parse(opsJson[opsJson.length - 1]!) as { id: string }).id;
  return { opsJson: opsJson.filter((j) => !isHiddenFrom(role, j)), lastId };
}
