/**
 * The notices above a page's content that only some phones need (plain http, an in-app browser, the
 * offer to add the app to the home screen). The conditions are checked here, in the app shell; each
 * notice and its texts load only when its condition holds, so the phones that never see one never
 * download it.
 */
import { type Component, Show, createSignal, lazy, onCleanup, onMount } from 'solid-js';
import { db } from '../db/db';
import { inAppBrowser, isIos } from '../lib/in-app-browser';
import { installEvent, installed } from '../pwa';

const InsecureNotice = lazy(() => import('./InsecureNotice').then((m) => ({ default: m.InsecureNotice })));
const InAppGuide = lazy(() => import('./InAppGuide').then((m) => ({ default: m.InAppGuide })));
const InstallOffer = lazy(() => import('./InstallOffer').then((m) => ({ default: m.InstallOffer })));

const RECORDED = 'sitewatch.recordedOnce';
const DISMISSED = 'sitewatch.installDismissed';
const flag = (key: string) => {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
};
const setFlag = (key: string) => {
  try {
    localStorage.setItem(key, '1');
  } catch {
    // private mode: the offer may come again, nothing worse
  }
};

const [recorded, setRecorded] = createSignal(flag(RECORDED));
const [dismissed, setDismissed] = createSignal(flag(DISMISSED));

/** iPhone Safari has no install event: it gets the Share steps (other iOS in-app browsers cannot install at all). */
const iosSafari = () => isIos(navigator.userAgent, navigator.maxTouchPoints) && inAppBrowser(navigator.userAgent) === null;

export const Notices: Component = () => {
  // The offer comes after the first record (a change committed to the outbox), not on first sight.
  onMount(() => {
    if (recorded()) return;
    onCleanup(
      db.onOutboxCommit(() => {
        setFlag(RECORDED);
        setRecorded(true);
      }),
    );
  });
  const offerInstall = () => recorded() && !dismissed() && !installed() && (installEvent() !== null || iosSafari());
  const later = () => {
    setFlag(DISMISSED);
    setDismissed(true);
  };
  return (
    <>
      <Show when={inAppBrowser(navigator.userAgent)}>
        <InAppGuide />
      </Show>
      <Show when={!window.isSecureContext}>
        <InsecureNotice />
      </Show>
      <Show when={offerInstall()}>
        <InstallOffer onLater={later} />
      </Show>
    </>
  );
};
