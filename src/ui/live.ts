/**
 * Dexie live queries as Solid signals. The query re-runs whenever the tables
 * it read change, in this tab or another, and whenever `source` changes.
 */
import { liveQuery } from 'dexie';
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';

export function createLive<S, T>(source: Accessor<S>, query: (s: S) => Promise<T> | T, initial: T): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial);
  // A memo, so that the query is subscribed again only when the source's value changes, not whenever
  // something it reads is updated (300 checklist items would otherwise re-subscribe on every answer).
  const key = createMemo(source);
  createEffect(
    on(key, (s) => {
      const sub = liveQuery(() => query(s)).subscribe({
        next: (v) => setValue(() => v),
        error: (err: unknown) => console.error('live query failed', err),
      });
      onCleanup(() => sub.unsubscribe());
    }),
  );
  return value;
}
