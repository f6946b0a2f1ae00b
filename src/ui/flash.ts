import { createSignal } from 'solid-js';

/** A one-line confirmation shown after navigation ("Saved"), cleared after a while. */
const [flash, setFlashSignal] = createSignal<string | null>(null);
let timer: ReturnType<typeof setTimeout> | undefined;

export { flash };
export function setFlash(text: string): void {
  setFlashSignal(text);
  clearTimeout(timer);
  timer = setTimeout(() => setFlashSignal(null), 6000);
}
