/**
 * Photos keep working on a page opened over plain http, where the browser withholds crypto.subtle:
 * the fallback gives the same SHA-256 (a photo's id, checked by the server) and the same HMAC
 * (a rescue file's signatures, checked by the server) as WebCrypto and Node.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rescueMacMessage } from '../../src/core/rescue';
import { hmacSha256, sha256, sha256Hex } from '../../src/lib/sha256';
import { signRescueOp } from '../../src/sync/rescue';

const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
/** A page that is not a secure context: `crypto` is there (getRandomValues), `crypto.subtle` is not. */
function insecureContext(): void {
  vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const samples = [new Uint8Array(0), new TextEncoder().encode('井盖松动 before photo'), new Uint8Array(randomBytes(3 * 256 * 1024 + 17))];

describe.each([
  ['WebCrypto', () => {}],
  ['without crypto.subtle', insecureContext],
])('SHA-256 %s', (_name, setUp) => {
  it('names bytes as the server does', async () => {
    setUp();
    for (const bytes of samples) {
      const expected = createHash('sha256').update(bytes).digest('hex');
      expect(await sha256Hex(bytes)).toBe(expected);
      expect(await sha256Hex(bytes.buffer)).toBe(expected);
    }
  });

  it('hashes only the view it is given, and returns a buffer of its own', async () => {
    setUp();
    const big = new Uint8Array(100).fill(7);
    const view = big.subarray(10, 20);
    expect(await sha256Hex(view)).toBe(createHash('sha256').update(view).digest('hex'));
    expect((await sha256(view)).byteLength).toBe(32);
  });

  it('signs a rescue file as the server checks it: HMAC-SHA-256 keyed with the SHA-256 of the token', async () => {
    setUp();
    const token = 'tok_example_0123456789';
    const op = { id: 'op1', kind: 'issue.create', payload: { description: '积水' } };
    const key = createHash('sha256').update(token).digest();
    const expected = createHmac('sha256', key)
      .update(rescueMacMessage('m1', 'd1', op))
      .digest('hex');
    expect(await signRescueOp(token, 'm1', 'd1', op)).toBe(expected);
    expect(hex(await hmacSha256(new Uint8Array(key), new TextEncoder().encode('x')))).toBe(createHmac('sha256', key).update('x').digest('hex'));
  });
});

it('the insecure-context stub really removes crypto.subtle (so the second run above tests the fallback)', () => {
  insecureContext();
  expect(globalThis.crypto.subtle).toBeUndefined();
});
