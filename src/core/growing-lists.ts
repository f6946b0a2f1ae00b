/**
 * The lists of an entity's state that only ever grow: an issue's comments and
 * history, an inspection's history (every answer given). The reducer keeps
 * them in the state, which is what a device shows; but a store that rewrote
 * the whole state on every op would pay for the entity's whole past on each
 * new comment, and one member could slow every write of the server down.
 *
 * So the server keeps an entity as a head (the state with these lists empty,
 * and the counts the rules need: commentCount, answerCount) and the lists'
 * entries as rows apart, appended once and never rewritten. The rules never
 * read the entries themselves, only the counts: applying an op to a head
 * gives the next head, whose lists hold exactly the entries that op added.
 * joinLists() puts head and rows back together into the state a device holds.
 */
import type { EntityType } from './domain';
import { answersIn } from './inspection';
import type { InspectionState } from './inspection';
import type { AnyEntityState, IssueState } from './reducer';
import { commentsOn } from './reducer';

/** The growing lists of each entity type, in the order they are kept. */
export const GROWING_LISTS: Readonly<Partial<Record<EntityType, readonly string[]>>> = {
  issue: ['comments', 'history'],
  inspection: ['history'],
};

/** Entries per list name (only lists that have entries). */
export type ListEntries = Record<string, unknown[]>;

/**
 * Splits a state into its head (growing lists emptied, counts set) and the
 * entries of those lists. A state that never held its lists apart (made
 * before heads existed) gives all of its entries once; after that, applying
 * an op to the head gives only the entries that op appended.
 */
export function splitLists(type: EntityType, state: AnyEntityState): { head: AnyEntityState; entries: ListEntries } {
  const names = GROWING_LISTS[type];
  if (!names) return { head: state, entries: {} };
  const head: Record<string, unknown> = { ...state };
  // The counts first, while the lists still hold what they count.
  if (type === 'issue') head.commentCount = commentsOn(state as IssueState);
  if (type === 'inspection') head.answerCount = answersIn(state as InspectionState);
  const entries: ListEntries = {};
  for (const name of names) {
    const list = head[name] as unknown[];
    if (list.length > 0) entries[name] = list;
    head[name] = [];
  }
  return { head: head as unknown as AnyEntityState, entries };
}

/** The state again from a head and its lists' entries, oldest first (the head's own entries, if any, come first). */
export function joinLists(type: EntityType, head: AnyEntityState, entries: ListEntries | undefined): AnyEntityState {
  const names = GROWING_LISTS[type];
  if (!names || !entries) return head;
  const state: Record<string, unknown> = { ...head };
  for (const name of names) {
    const more = entries[name];
    if (more?.length) state[name] = [...(state[name] as unknown[]), ...more];
  }
  return state as unknown as AnyEntityState;
}
