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
