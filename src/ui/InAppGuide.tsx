/**
 * Inside WeChat (or another app's built-in browser) the page cannot work offline, cannot be added to
 * the home screen, and cannot download files: a short guide to the phone's own browser on every page,
 * and a sentence instead of a silent failure wherever the app offers a download.
 */
import { type Component, Show } from 'solid-js';
import { inAppBrowser } from '../lib/in-app-browser';
import { t } from './messages';

const where = () => inAppBrowser(navigator.userAgent);

/** Files (CSV, ZIP, PDF by printing) cannot be saved from an in-app browser. */
export function downloadsBlocked(): boolean {
  return where() !== null;
}

export const InAppGuide: Component = () => (
  <Show when={where()}>
    {(app) => (
      <section class="banner warn in-app" aria-labelledby="in-app-title">
        <p id="in-app-title">
          <strong>{t('inapp.title')}</strong>
        </p>
        <p>{app() === 'wechat' ? t('inapp.wechat') : t('inapp.other')}</p>
        <p class="small">{t('inapp.why')}</p>
      </section>
    )}
  </Show>
);

/** Beside a download button: why it is switched off here, and where it works. */
export const DownloadsBlockedNote: Component = () => (
  <Show when={downloadsBlocked()}>
    <p class="banner warn" role="note">
      {where() === 'wechat' ? t('inapp.downloadsWechat') : t('inapp.downloadsOther')}
    </p>
  </Show>
);
