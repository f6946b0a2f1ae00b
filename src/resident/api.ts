/** The resident page's calls: JSON in bodies (tokens never in a URL), errors as codes the page words itself. */
import type { PosterView, ResidentChallenge, ResidentFollowView, ResidentReceipt } from '../core/resident';

/** The server answered with a refusal: its code and its own words (bilingual). */
export class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No answer at all: offline, cut mid-upload, or the server down. The draft stays and is sent again. */
export class Unreachable extends Error {}

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/resident/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new Unreachable('network');
  }
  if (res.ok) return (await res.json()) as T;
  let code = 'internal';
  let message = `HTTP ${res.status}`;
  try {
    const err = ((await res.json()) as { error?: { code: string; message: string } }).error;
    if (err) ({ code, message } = err);
  } catch {
    // A proxy's page rather than our JSON: the status says enough.
  }
  if (res.status >= 500 && code !== 'quota_exceeded') throw new Unreachable(message);
  throw new Refused(res.status, code, message);
}

export const api = {
  poster: (poster: string) => post<PosterView>('poster', { poster }),
  challenge: () => post<ResidentChallenge>('challenge', {}),
  report: (body: unknown) => post<ResidentReceipt>('report', body),
  follow: (follow: string) => post<ResidentFollowView>('follow', { follow }),
  feedback: (follow: string, answer: string, comment: string) => post<ResidentFollowView>('feedback', { follow, answer, comment }),
  withdraw: (follow: string) => post<ResidentFollowView>('withdraw', { follow }),
  async photo(follow: string, hash: string): Promise<Blob> {
    const res = await fetch('/api/resident/photo', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ follow, hash }) });
    if (!res.ok) throw new Unreachable(`HTTP ${res.status}`);
    return res.blob();
  },
};
