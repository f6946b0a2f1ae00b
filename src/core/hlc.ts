/**
 * Hybrid logical clock (Kulkarni et al.): a wall-clock time in ms, a counter
 * for events within the same ms, and the node (device) id as tie-breaker.
 * Encoded as a fixed-width string so that plain string comparison orders
 * stamps: "001732800000000:0000:device-id" (15-digit ms, 4-digit base-36 counter).
 *
 * Why not plain timestamps: a device whose clock is behind would have its
 * newer edits lose to older ones. A device advances its clock past every stamp
 * it receives (ops it pulls, the server's time in every response), so its next
 * edit sorts after everything it has seen; the server also clamps stamps from
 * the future (see clampStamp).
 */

export interface HlcState {
  readonly wall: number;
  readonly counter: number;
  readonly node: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 4;
const COUNTER_MAX = 36 ** COUNTER_WIDTH - 1;
const STAMP_PATTERN = /^(\d{15}):([0-9a-z]{4}):([A-Za-z0-9_-]{1,64})$/;

export function initialClock(node: string): HlcState {
  return { wall: 0, counter: 0, node };
}

export function encodeStamp(s: HlcState): string {
  return `${String(s.wall).padStart(WALL_WIDTH, '0')}:${s.counter.toString(36).padStart(COUNTER_WIDTH, '0')}:${s.node}`;
}

export function parseStamp(stamp: string): HlcState | null {
  const m = STAMP_PATTERN.exec(stamp);
  if (!m) return null;
  return { wall: Number(m[1]), counter: parseInt(m[2]!, 36), node: m[3]! };
}

export function isStamp(stamp: string): boolean {
  return STAMP_PATTERN.test(stamp);
}

/** The wall time (ms since epoch) a stamp carries. */
export function stampWall(stamp: string): number {
  return parseStamp(stamp)?.wall ?? 0;
}

function bump(wall: number, counter: number, node: string): HlcState {
  // Counter overflow within one ms is practically impossible; spill into the next ms.
  if (counter > COUNTER_MAX) return { wall: wall + 1, counter: 0, node };
  return { wall, counter, node };
}

/** A new local event: returns the next clock state and the stamp to put on it. */
export function tick(clock: HlcState, now: number): { clock: HlcState; stamp: string } {
  const next = now > clock.wall ? bump(now, 0, clock.node) : bump(clock.wall, clock.counter + 1, clock.node);
  return { clock: next, stamp: encodeStamp(next) };
}

/** Merge a stamp seen from elsewhere, so later local stamps sort after it. */
export function receive(clock: HlcState, remoteStamp: string, now: number): HlcState {
  const remote = parseStamp(remoteStamp);
  if (!remote) return clock;
  const wall = Math.max(clock.wall, remote.wall, now);
  let counter: number;
  if (wall === clock.wall && wall === remote.wall) counter = Math.max(clock.counter, remote.counter) + 1;
  else if (wall === clock.wall) counter = clock.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return bump(wall, counter, clock.node);
}

/**
 * Server-side: a stamp more than `marginMs` ahead of the server's clock is
 * pulled back to now + margin, so a device with a fast clock cannot make its
 * edits win for hours. Returns the (possibly) clamped stamp and the skew seen.
 */
export function clampStamp(stamp: string, serverNow: number, marginMs: number): { stamp: string; skewMs: number } {
  const parsed = parseStamp(stamp);
  if (!parsed) return { stamp, skewMs: 0 };
  const skewMs = parsed.wall - serverNow;
  if (skewMs <= marginMs) return { stamp, skewMs };
  return { stamp: encodeStamp({ ...parsed, wall: serverNow + marginMs }), skewMs };
}

/**
 * clampStamp, kept strictly increasing across the stamps the server clamps:
 * several ops of one fast device clamped in the same instant would otherwise
 * share one stamp, and a tie would drop the later edits (LWW keeps the first).
 * `previous` is the last stamp this function returned for a clamped op.
 */
export function clampStampInOrder(
  stamp: string,
  serverNow: number,
  marginMs: number,
  previous: string | null,
): { stamp: string; skewMs: number; clamped: boolean } {
  const r = clampStamp(stamp, serverNow, marginMs);
  if (r.stamp === stamp) return { ...r, clamped: false };
  const mine = parseStamp(r.stamp)!;
  const last = previous ? parseStamp(previous) : null;
  if (last && (mine.wall < last.wall || (mine.wall === last.wall && mine.counter <= last.counter))) {
    return { stamp: encodeStamp(bump(last.wall, last.counter + 1, mine.node)), skewMs: r.skewMs, clamped: true };
  }
  return { ...r, clamped: true };
}
