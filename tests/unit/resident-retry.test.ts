/**
 * When the resident page sends a report again by itself: a refused proof (its challenge expired or was
 * taken) a bounded number of times, nothing else; and when a challenge it holds is too old to send.
 */
import { describe, expect, it } from 'vitest';
import { CHALLENGE_MARGIN_MS, PROOF_TRIES, RESIDENT_LIMITS, challengeUsable, sendsAgain } from '../../src/core/resident-links';

describe('sending a report again after a refused proof', () => {
  it('sends again on proof_failed until the tries are used up, then tells the resident', () => {
    expect(PROOF_TRIES).toBeGreaterThanOrEqual(2);
    expect(PROOF_TRIES).toBeLessThanOrEqual(3);
    for (let sent = 1; sent < PROOF_TRIES; sent++) expect(sendsAgain('proof_failed', sent)).toBe(true);
    expect(sendsAgain('proof_failed', PROOF_TRIES)).toBe(false);
  });

  it('never sends again by itself on a refusal the resident must act on', () => {
    for (const code of ['rate_limited', 'too_many_reports', 'payload_too_large', 'unsupported_media_type', 'not_found', 'bad_request', 'quota_exceeded']) {
      expect(sendsAgain(code, 1), code).toBe(false);
    }
  });
});

describe('a challenge held too long', () => {
  const at = Date.UTC(2026, 11, 5, 6, 0);
  it('is sent while young enough to be taken, with room for the upload', () => {
    expect(challengeUsable(at, at)).toBe(true);
    expect(challengeUsable(at, at + 5 * 60_000)).toBe(true);
    expect(challengeUsable(at, at + RESIDENT_LIMITS.challengeMs - CHALLENGE_MARGIN_MS - 1)).toBe(true);
  });

  it('is replaced once the phone slept near or past its 10 minutes', () => {
    expect(challengeUsable(at, at + RESIDENT_LIMITS.challengeMs - CHALLENGE_MARGIN_MS)).toBe(false);
    expect(challengeUsable(at, at + RESIDENT_LIMITS.challengeMs)).toBe(false);
    expect(challengeUsable(at, at + 60 * 60_000)).toBe(false);
  });

  it('is replaced when the phone clock went back (its age is unknown)', () => {
    expect(challengeUsable(at, at - 1000)).toBe(false);
  });
});
