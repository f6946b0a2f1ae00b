/**
 * A point's timeline: its photos, the issues reported at it and the
 * inspections walked there, oldest first, as staff review them. Filtering is a
 * pure function so that the page and the tests agree on what "from 3 Nov, by
 * 王阿姨, only 'after' photos" shows.
 */
import type { Phase } from './photos';

export type TimelineEntry =
  | { kind: 'photo'; id: string; at: number; author: string; phase: Phase }
  | { kind: 'issue'; id: string; at: number; author: string }
  | { kind: 'inspection'; id: string; at: number; author: string };

/** What to show: everything, photos of one phase, or one kind of record. */
export type TimelineShow = 'all' | Phase | 'issue' | 'inspection';

export interface TimelineFilter {
  show: TimelineShow;
  /** Inclusive bounds in ms; null for open-ended. */
  fromMs: number | null;
  toMs: number | null;
  /** Member id of the author; null for anyone. */
  author: string | null;
}

export const NO_TIMELINE_FILTER: TimelineFilter = { show: 'all', fromMs: null, toMs: null, author: null };

function shows(e: TimelineEntry, show: TimelineShow): boolean {
  if (show === 'all') return true;
  if (show === 'issue' || show === 'inspection') return e.kind === show;
  return e.kind === 'photo' && e.phase === show;
}

/** The entries the filter lets through, oldest first (ties keep a stable order by id). */
export function filterTimeline<T extends TimelineEntry>(entries: readonly T[], f: TimelineFilter): T[] {
  return entries
    .filter(
      (e) => shows(e, f.show) && (f.fromMs === null || e.at >= f.fromMs) && (f.toMs === null || e.at <= f.toMs) && (f.author === null || e.author === f.author),
    )
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
