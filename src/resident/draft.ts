/**
 * The report being written, kept on the phone after every change: a reload, a closed WeChat window or
 * a lost connection loses nothing. One draft per poster; photos included while storage allows (a
 * browser's quota may refuse them: the text is then kept without them, and the page says nothing lost
 * that is still on screen).
 */
import type { ShrunkPhoto } from './shrink';

export interface Draft {
  clientId: string;
  category: string;
  description: string;
  photos: ShrunkPhoto[];
  name: string;
  phone: string;
  consent: boolean;
  share: boolean;
  /** A submit was started and has no answer yet: retry it on the next chance. */
  pending: boolean;
}

const key = (poster: string) => `sitewatch.resident.draft.${poster.slice(0, 12)}`;
const RECEIPTS = 'sitewatch.resident.receipts';

function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function emptyDraft(): Draft {
  return { clientId: newId(), category: '', description: '', photos: [], name: '', phone: '', consent: false, share: false, pending: false };
}

export function loadDraft(poster: string): Draft {
  try {
    const raw = localStorage.getItem(key(poster));
    if (raw) return { ...emptyDraft(), ...(JSON.parse(raw) as Partial<Draft>) };
  } catch {
    // Unreadable or storage off: start afresh.
  }
  return emptyDraft();
}

export function saveDraft(poster: string, d: Draft): void {
  try {
    localStorage.setItem(key(poster), JSON.stringify(d));
  } catch {
    try {
      localStorage.setItem(key(poster), JSON.stringify({ ...d, photos: [] }));
    } catch {
      // No storage at all (some private modes): the draft lives as long as the page.
    }
  }
}

export function clearDraft(poster: string): void {
  try {
    localStorage.removeItem(key(poster));
  } catch {
    // Nothing to clear.
  }
}

export interface SavedReceipt {
  ref: string;
  follow: string;
  at: number;
}

export function rememberReceipt(r: SavedReceipt): void {
  try {
    const list = receipts().filter((x) => x.ref !== r.ref || x.follow !== r.follow);
    localStorage.setItem(RECEIPTS, JSON.stringify([r, ...list].slice(0, 20)));
  } catch {
    // The receipt is on screen; the resident keeps the link.
  }
}

export function receipts(): SavedReceipt[] {
  try {
    return JSON.parse(localStorage.getItem(RECEIPTS) ?? '[]') as SavedReceipt[];
  } catch {
    return [];
  }
}
