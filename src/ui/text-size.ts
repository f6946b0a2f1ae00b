/**
 * Large text mode (大字模式), kept per device. Stored in localStorage rather than idb-keyval because it is
 * read synchronously before the first paint: an older volunteer never sees the page jump from small to large
 * type. The class on <html> raises the root font size (the stylesheet sizes text and controls in rem, so
 * both grow together) and tells the home screen to show its simplified form.
 */
import { createSignal } from 'solid-js';

const KEY = 'sitewatch.largeText';
const CLASS = 'large-text';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

const [largeText, setLargeTextSignal] = createSignal(stored());
export { largeText };

/** Puts the stored choice on <html>; called once at start-up, before the app renders. */
export function applyTextSize(): void {
  document.documentElement.classList.toggle(CLASS, largeText());
}

export function setLargeText(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, '1');
    else localStorage.removeItem(KEY);
  } catch {
    // private mode: the choice lasts until the tab closes, nothing worse
  }
  setLargeTextSignal(on);
  applyTextSize();
}
