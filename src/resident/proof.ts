/**
 * The report's proof of work: a nonce such that SHA-256(challenge:nonce) starts with the zero bits the
 * server asked for (a fraction of a second on a phone; a cost to a robot sending thousands). Pure
 * JavaScript, not WebCrypto: a page opened over plain http has no crypto.subtle, and one synchronous
 * hash per try is faster than an awaited one. The page yields between batches so that it stays alive.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { leadingZeroBits, proofMessage } from '../core/resident-links';

const BATCH = 2048;
/** Far beyond what any sane challenge needs (2^24 tries, about 256 times the expected 2^16). */
const MAX_TRIES = 1 << 24;

export async function solve(challenge: string, bits: number): Promise<string> {
  const encoder = new TextEncoder();
  for (let n = 0; n < MAX_TRIES; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(sha256(encoder.encode(proofMessage(challenge, nonce)))) >= bits) return nonce;
    if (n % BATCH === BATCH - 1) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('no proof found');
}
