/**
 * A value that follows another one frame late: the charts compute their series from the overview's data
 * after the page's tables have painted with it, so the figures people came for are not held up by the
 * charts (tests/bench/review-charts.ts measures both).
 */
import { type Accessor, createEffect, createSignal, onCleanup } from 'solid-js';

export function afterPaint<T>(source: Accessor<T>, initial: T): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial);
  createEffect(() => {
    const v = source();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setValue(() => v), 0)));
    onCleanup(() => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    });
  });
  return value;
}
