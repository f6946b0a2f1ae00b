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
} as const;

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
