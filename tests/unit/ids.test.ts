import { describe, expect, it } from 'vitest';
import { ID_PATTERN, uuidV7 } from '../../src/core';
import { newId } from '../../src/lib/ids';
import { newId as serverNewId } from '../../sync-server/auth';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids made by devices and the server', () => {
  it('are version 7 UUIDs that the protocol accepts as ids', () => {
    for (const id of [newId(), serverNewId(), uuidV7(new Uint8Array(16).fill(255), Date.now())]) {
      expect(id).toMatch(UUID_V7);
      expect(id).toMatch(ID_PATTERN);
    }
  });

  it('carry the time they were made in their first 48 bits, so that ids made later sort later', () => {
    const at = Date.UTC(2026, 11, 5, 5, 30, 0, 123);
    const id = uuidV7(new Uint8Array(16).fill(0xff), at);
    expect(id.slice(0, 8) + id.slice(9, 13)).toBe(at.toString(16).padStart(12, '0'));
    // The largest time 48 bits hold.
    expect(uuidV7(new Uint8Array(16), 2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
    // Random bits never undo the order of two different milliseconds.
    const earlier = uuidV7(new Uint8Array(16).fill(0xff), 1_000_000);
    const later = uuidV7(new Uint8Array(16), 1_000_001);
    expect(earlier < later).toBe(true);
    const made: string[] = [];
    for (let ms = 1_700_000_000_000; ms < 1_700_000_000_000 + 2000; ms += 7) made.push(uuidV7(crypto.getRandomValues(new Uint8Array(16)), ms));
    expect([...made].sort()).toEqual(made);
  });

  it('differ within one millisecond by their random bits', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => uuidV7(crypto.getRandomValues(new Uint8Array(16)), now)));
    expect(ids.size).toBe(1000);
  });

  it('refuse too few random bytes instead of making a guessable id', () => {
    expect(() => uuidV7(new Uint8Array(8), Date.now())).toThrow(/16 random bytes/);
  });
});
