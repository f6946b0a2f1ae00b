/**
 * Service worker registration with an update prompt (workbox-window). A new
 * build waits until the user accepts; all data lives in IndexedDB, which an
 * update does not touch, so unsynced work survives it.
 */
import { createSignal } from 'solid-js';
import { Workbox } from 'workbox-window';

const [updateReady, setUpdateReady] = createSignal(false);
export { updateReady };

let wb: Workbox | null = null;
let accepted = false;
const CHECK_EVERY_MS = 60 * 60_000;

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => setUpdateReady(true));
  // Once the accepted new worker controls the page, reload to run the new build.
  // (Not on the first install: clientsClaim also changes the controller then.)
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) window.location.reload();
  });
  void wb.register();
  const check = () => void wb?.update().catch(() => undefined);
  setInterval(check, CHECK_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

/** Look for a new build now (e.g. the server said this app is too old). */
export function checkForUpdate(): void {
  void wb?.update().catch(() => undefined);
}

export function applyUpdate(): void {
  accepted = true;
  if (wb) wb.messageSkipWaiting();
  else window.location.reload();
}
