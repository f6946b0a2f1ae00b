/** A point's timeline filter: kind or phase, date range and author, oldest first. */
import { describe, expect, it } from 'vitest';
import { NO_TIMELINE_FILTER, filterTimeline, type TimelineEntry } from '../../src/core';

const D = 86_400_000;
const entries: TimelineEntry[] = [
  { kind: 'issue', id: 'i1', at: 5 * D, author: 'wang' },
  { kind: 'photo', id: 'p1', at: 1 * D, author: 'wang', phase: 'before' },
  { kind: 'photo', id: 'p2', at: 9 * D, author: 'li', phase: 'after' },
  { kind: 'inspection', id: 'c1', at: 3 * D, author: 'li' },
  { kind: 'photo', id: 'p3', at: 3 * D, author: 'wang', phase: 'during' },
];
const ids = (list: TimelineEntry[]) => list.map((e) => e.id);

describe('point timeline', () => {
  it('shows everything oldest first, ties in a stable order', () => {
    expect(ids(filterTimeline(entries, NO_TIMELINE_FILTER))).toEqual(['p1', 'c1', 'p3', 'i1', 'p2']);
  });
  it('narrows to the photos of one phase, or to issues, or to inspections', () => {
    expect(ids(filterTimeline(entries, { ...NO_TIMELINE_FILTER, show: 'after' }))).toEqual(['p2']);
    expect(ids(filterTimeline(entries, { ...NO_TIMELINE_FILTER, show: 'issue' }))).toEqual(['i1']);
    expect(ids(filterTimeline(entries, { ...NO_TIMELINE_FILTER, show: 'inspection' }))).toEqual(['c1']);
  });
  it('keeps a date range with both ends included, and one author', () => {
    expect(ids(filterTimeline(entries, { ...NO_TIMELINE_FILTER, fromMs: 3 * D, toMs: 5 * D }))).toEqual(['c1', 'p3', 'i1']);
    expect(ids(filterTimeline(entries, { ...NO_TIMELINE_FILTER, author: 'li' }))).toEqual(['c1', 'p2']);
    expect(ids(filterTimeline(entries, { show: 'during', fromMs: 2 * D, toMs: null, author: 'wang' }))).toEqual(['p3']);
  });
});
