/**
 * Ids made by devices and the server: UUID version 7 (RFC 9562), the creation time in milliseconds in the
 * first 48 bits, random bits after it. Ids made one after the other sort one after the other, so the
 * indexes keyed by them (the op log's ids, the entities, their history lines, the notification events;
 * IndexedDB's stores on the phone) take new keys at their end: a push of 500 ops touches a few index
 * pages instead of a page per op, and what a commit writes no longer grows with the size of the log.
 * The time the id shows is already in the op (its stamp) and in the entity (reportedAt, createdAt).
 *
 * Any id matching ID_PATTERN is still accepted: clients from before made version 4 UUIDs.
 */
export function uuidV7(random: Uint8Array, nowMs: number): string {
  if (random.length < 16) throw new Error('a UUID needs 16 random bytes');
  const b = random.slice(0, 16);
  const ms = Math.max(0, Math.floor(nowMs));
  // 48 bits of milliseconds, big-endian (division, not shifts: JavaScript's shifts work on 32 bits).
  for (let i = 5, t = ms; i >= 0; i--, t = Math.floor(t / 256)) b[i] = t % 256;
  b[6] = (b[6]! & 0x0f) | 0x70; // version 7
  b[8] = (b[8]! & 0x3f) | 0x80; // variant 10
  let h = '';
  for (const x of b) h += x.toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
