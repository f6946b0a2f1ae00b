/**
 * The resident report page's constants, apart from the wire schemas (resident.ts) so that the page,
 * which must stay small, imports no schema library.
 */

export const RESIDENT_LIMITS = {
  description: 1000,
  photos: 3,
  /** Bytes of one photo as sent (the page shrinks it to 1280 px first: a few hundred KB). */
  photoBytes: 700_000,
  thumbBytes: 80_000,
  /** A whole report: three photos and their thumbnails in base64, and the text. */
  reportBodyBytes: 3_300_000,
  feedbackComment: 500,
  /** Reports one client address may send per hour. */
  reportsPerAddressPerHour: 6,
  /** Reports one poster may bring per hour (a poster photographed and spread around). */
  reportsPerPosterPerHour: 30,
  /** Reports a work takes per day (China time) before it asks residents to call instead. */
  reportsPerWorkPerDay: 100,
  /** Follow-page reads (and answers) per client address per minute. */
  followPerAddressPerMinute: 30,
  /** Posters a work may hold open. */
  postersPerWork: 200,
  /**
   * The proof of work a report carries: leading zero bits of SHA-256(challenge:nonce). 16 bits is about
   * 65,000 tries: a fraction of a second on a cheap phone, a real cost to a robot sending thousands.
   */
  proofBits: 16,
  /** How long a challenge may be used (once), from when the server issued it. */
  challengeMs: 10 * 60_000,
  /** Challenges one client address may ask for per minute (one per submit). */
  challengesPerAddressPerMinute: 20,
} as const;

/**
 * Sends of one report, in all, when the server refuses its proof (the challenge expired or was taken
 * already: the phone slept, or two taps raced). The page asks for a fresh challenge and sends again by
 * itself, and only then tells the resident. The draft's clientId stays, so a send again never makes a
 * second report (the server answers the first one's receipt).
 */
export const PROOF_TRIES = 3;

/** Room kept for the upload (photos on a slow link) within a challenge's life. */
export const CHALLENGE_MARGIN_MS = 60_000;

/**
 * Whether a challenge asked for at `askedAt` may still be sent at `now` (the phone's clock, both: the
 * server's may differ). Older, the page asks for a new one rather than send one bound to be refused;
 * a clock that went back says nothing sure, so the page asks again too.
 */
export function challengeUsable(askedAt: number, now: number): boolean {
  const age = now - askedAt;
  return age >= 0 && age < RESIDENT_LIMITS.challengeMs - CHALLENGE_MARGIN_MS;
}

/** Whether a refusal coded `code`, after `sent` sends, is one the page sends again by itself. */
export function sendsAgain(code: string, sent: number): boolean {
  return code === 'proof_failed' && sent < PROOF_TRIES;
}

/** What the page hashes for its proof: the server's challenge and the page's nonce. */
export function proofMessage(challenge: string, nonce: string): string {
  return `${challenge}:${nonce}`;
}

/** How many zero bits a hash starts with. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const RESIDENT_ANSWERS = ['solved', 'partly', 'not'] as const;
export type ResidentAnswer = (typeof RESIDENT_ANSWERS)[number];

export function residentRef(n: number): string {
  return `JM-${String(n).padStart(4, '0')}`;
}

/** The page's path: the token rides in the fragment, which browsers never send to a server or in a Referer. */
export const RESIDENT_PAGE_PATH = '/resident.html';
export function posterUrl(origin: string, token: string): string {
  return `${origin}${RESIDENT_PAGE_PATH}#p=${token}`;
}
export function followUrl(origin: string, token: string): string {
  return `${origin}${RESIDENT_PAGE_PATH}#f=${token}`;
}
