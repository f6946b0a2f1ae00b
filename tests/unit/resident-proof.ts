/** Tests send reports as the page does: a fresh challenge, solved, and a draft id of 32 random hex digits. */
import { createHash, randomBytes } from 'node:crypto';
import type { ResidentChallenge } from '../../src/core/resident';
import { leadingZeroBits, proofMessage } from '../../src/core/resident-links';
import type { CallOptions, TestServer } from './harness';

export function solveProof(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(proofMessage(challenge, nonce)).digest()) >= bits) return nonce;
  }
}

/** A challenge from the server (asked from the same address as the report), solved. */
export async function proof(srv: TestServer, options?: CallOptions): Promise<{ challenge: string; nonce: string }> {
  const r = await srv.call<ResidentChallenge>('POST', '/api/resident/challenge', null, {}, options);
  if (r.status !== 200) throw new Error(`no challenge: ${r.status} ${JSON.stringify(r.body)}`);
  return { challenge: r.body.challenge, nonce: solveProof(r.body.challenge, r.body.bits) };
}

export const clientId = () => randomBytes(16).toString('hex');

/** The body with a solved proof added, unless it carries one (or is no object: sent as it is). */
export async function proven(srv: TestServer, body: unknown, options?: CallOptions): Promise<unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'proof' in body) return body;
  return { ...body, proof: await proof(srv, options) };
}
