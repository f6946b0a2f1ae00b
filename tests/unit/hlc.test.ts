/**
 * The hybrid logical clock: stamps must order edits the way they happened,
 * whatever the device's wall clock does, because per-field last-writer-wins
 * compares them as plain strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type HlcState, clampStamp, encodeStamp, initialClock, isStamp, parseStamp, receive, stampWall, tick } from '../../src/core';

const NOW = 1_732_800_000_000; // a realistic Date.now()
const HOUR = 3_600_000;

describe('stamp encoding', () => {
  it('orders stamps as strings in the same order as (wall, counter, node)', () => {
    // Ordered by event: a later ms, then a higher counter in the same ms (across base-36 digit
    // boundaries), then the node as tie-breaker. Fixed-width padding is what makes this work.
    const inOrder: HlcState[] = [
      { wall: 999, counter: 0, node: 'a' },
      { wall: 1000, counter: 0, node: 'a' },
      { wall: 1000, counter: 9, node: 'a' },
      { wall: 1000, counter: 10, node: 'a' }, // '000a'
      { wall: 1000, counter: 35, node: 'a' }, // '000z'
      { wall: 1000, counter: 36, node: 'a' }, // '0010'
      { wall: 1000, counter: 36, node: 'b' },
      { wall: NOW, counter: 0, node: 'a' },
    ];
    const stamps = inOrder.map(encodeStamp);
    expect([...stamps].reverse().sort()).toEqual(stamps);
  });

  it('round-trips through parseStamp', () => {
    const s: HlcState = { wall: NOW, counter: 1295, node: 'device_1-X' };
    expect(parseStamp(encodeStamp(s))).toEqual(s);
    expect(stampWall(encodeStamp(s))).toBe(NOW);
  });

  it.each([
    ['empty', ''],
    ['no separators', 'garbage'],
    ['short wall', '1732800000000:0000:dev1'],
    ['16-digit wall', '1000000000000000:0000:dev1'],
    ['upper-case counter', '001732800000000:ZZZZ:dev1'],
    ['short counter', '001732800000000:000:dev1'],
    ['missing node', '001732800000000:0000:'],
    ['node with a slash', '001732800000000:0000:dev/1'],
    ['node with dots', '001732800000000:0000:..'],
    ['node over 64 chars', `001732800000000:0000:${'n'.repeat(65)}`],
    ['trailing newline', '001732800000000:0000:dev1\n'],
    ['leading space', ' 001732800000000:0000:dev1'],
  ])('parseStamp rejects %s', (_name, input) => {
    expect(parseStamp(input)).toBeNull();
    expect(isStamp(input)).toBe(false);
    expect(stampWall(input)).toBe(0);
  });
});

describe('tick', () => {
  it('uses the wall clock when it moves forward', () => {
    const a = tick(initialClock('dev1'), NOW);
    expect(a.clock).toEqual({ wall: NOW, counter: 0, node: 'dev1' });
    const b = tick(a.clock, NOW + 5);
    expect(b.clock).toEqual({ wall: NOW + 5, counter: 0, node: 'dev1' });
    expect(b.stamp > a.stamp).toBe(true);
  });

  it('stays monotonic when the wall clock stands still or goes backwards', () => {
    const a = tick(initialClock('dev1'), NOW);
    const same = tick(a.clock, NOW);
    // The user set the phone's clock back an hour: stamps must not go back with it.
    const back = tick(same.clock, NOW - HOUR);
    expect(same.stamp > a.stamp).toBe(true);
    expect(back.stamp > same.stamp).toBe(true);
    expect(back.clock).toEqual({ wall: NOW, counter: 2, node: 'dev1' });
  });

  it('spills a full counter into the next millisecond instead of wrapping', () => {
    const full: HlcState = { wall: NOW, counter: 36 ** 4 - 1, node: 'dev1' };
    const t = tick(full, NOW);
    expect(t.clock).toEqual({ wall: NOW + 1, counter: 0, node: 'dev1' });
    expect(t.stamp > encodeStamp(full)).toBe(true);
  });
});

describe('receive', () => {
  it('makes the next local stamp sort after a remote stamp far in the future', () => {
    const local = tick(initialClock('aaa'), NOW).clock;
    // A device whose clock is a day ahead; its node id sorts *after* ours, so only the clock can save us.
    const remote = encodeStamp({ wall: NOW + 24 * HOUR, counter: 7, node: 'zzz' });
    const merged = receive(local, remote, NOW);
    const next = tick(merged, NOW + 1);
    expect(next.stamp > remote).toBe(true);
    expect(stampWall(next.stamp)).toBe(NOW + 24 * HOUR);
  });

  it('moves past a remote stamp with the same wall time as ours', () => {
    const local: HlcState = { wall: NOW, counter: 3, node: 'aaa' };
    const remote = encodeStamp({ wall: NOW, counter: 9, node: 'zzz' });
    const merged = receive(local, remote, NOW - 10);
    expect(merged).toEqual({ wall: NOW, counter: 10, node: 'aaa' });
    expect(encodeStamp(merged) > remote).toBe(true);
  });

  it('ignores a stamp it cannot read', () => {
    const local: HlcState = { wall: NOW, counter: 3, node: 'aaa' };
    expect(receive(local, 'not a stamp', NOW + 1000)).toBe(local);
  });
});

describe('clampStamp', () => {
  const MARGIN = 60_000;

  it('pulls a stamp more than the margin ahead back to now + margin and reports the skew', () => {
    const future = encodeStamp({ wall: NOW + 5 * HOUR, counter: 4, node: 'fast' });
    const r = clampStamp(future, NOW, MARGIN);
    expect(r.skewMs).toBe(5 * HOUR);
    // Counter and node survive: only the wall time is corrected.
    expect(parseStamp(r.stamp)).toEqual({ wall: NOW + MARGIN, counter: 4, node: 'fast' });
  });

  it('leaves stamps within the margin (or in the past) alone', () => {
    const edge = encodeStamp({ wall: NOW + MARGIN, counter: 0, node: 'd' });
    expect(clampStamp(edge, NOW, MARGIN)).toEqual({ stamp: edge, skewMs: MARGIN });
    const past = encodeStamp({ wall: NOW - HOUR, counter: 0, node: 'd' });
    expect(clampStamp(past, NOW, MARGIN)).toEqual({ stamp: past, skewMs: -HOUR });
  });

  it('returns garbage unchanged with no skew (validation happens elsewhere)', () => {
    expect(clampStamp('garbage', NOW, MARGIN)).toEqual({ stamp: 'garbage', skewMs: 0 });
  });
});

describe('property: a clock never goes backwards', () => {
  // Wall times up to ~3000 AD keep the 15-digit wall field valid.
  const wall = fc.integer({ min: 0, max: 32_503_680_000_000 });
  const event = fc.oneof(
    fc.record({ type: fc.constant('tick' as const), now: wall }),
    fc.record({
      type: fc.constant('receive' as const),
      now: wall,
      remote: fc.record({
        wall,
        counter: fc.integer({ min: 0, max: 36 ** 4 - 1 }),
        node: fc.constantFrom('aaa', 'dev1', 'zzz'),
      }),
    }),
  );

  it('every local stamp sorts strictly after every stamp made or received before it', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), (events) => {
        let clock = initialClock('dev1');
        let highest = ''; // the highest stamp this clock has produced or seen
        for (const e of events) {
          if (e.type === 'tick') {
            const t = tick(clock, e.now);
            if (!(t.stamp > highest)) return false;
            if (!isStamp(t.stamp)) return false;
            clock = t.clock;
            highest = t.stamp;
          } else {
            const remote = encodeStamp(e.remote);
            clock = receive(clock, remote, e.now);
            if (remote > highest) highest = remote;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
