/**
 * Service worker registration with an update prompt (workbox-window). A new
 * build waits until the user accepts; all data lives in IndexedDB, which an
 * update does not touch, so unsynced work survives it.
 */
import { createSignal } from 'solid-js';
import type { Workbox } from 'workbox-window';

const [updateReady, setUpdateReady] = createSignal(false);
export { updateReady };

let wb: Workbox | null = null;
let accepted = false;
const CHECK_EVERY_MS = 60 * 60_000;

/** Called after the first screen showed: workbox-window comes by import(), outside the first screen's bytes. */
export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
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

/*
 * "Add to home screen": Android's Chrome offers it through `beforeinstallprompt`, which the app keeps
 * and uses at a sensible moment (after the first record, not on first sight); iPhone has no such event
 * and gets the Share steps instead. An installed app asks for persistent storage, so the browser does
 * not evict unsynced records under storage pressure (and Safari's 7-day limit does not apply).
 */

/** Chrome's event (not in TypeScript's DOM types). */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const [installEvent, setInstallEvent] = createSignal<InstallPromptEvent | null>(null);
const [installed, setInstalled] = createSignal(false);
export { installEvent, installed };

export function isStandalone(): boolean {
  return window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
}

function askToPersist(): void {
  void navigator.storage?.persist?.().catch(() => false);
}

export function watchInstall(): void {
  setInstalled(isStandalone());
  if (installed()) askToPersist();
  window.addEventListener('beforeinstallprompt', (e) => {
    // Not now: the browser's own mini-bar would show on first sight. The app offers it after the first record.
    e.preventDefault();
    setInstallEvent(e as InstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => {
    setInstalled(true);
    setInstallEvent(null);
    askToPersist();
  });
}

/** Shows the browser's install dialog; the event can be used once. */
export async function promptInstall(): Promise<boolean> {
  const e = installEvent();
  if (!e) return false;
  setInstallEvent(null);
  await e.prompt();
  const { outcome } = await e.userChoice;
  if (outcome === 'accepted') {
    setInstalled(true);
    askToPersist();
  }
  return outcome === 'accepted';
}
