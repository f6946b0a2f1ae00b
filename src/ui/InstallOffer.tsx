/**
 * The offer to add the app to the home screen, made once the person has recorded something (so they
 * know what it is for), never on first sight: Chrome's own dialog where the browser offers one, the
 * Share steps on iPhone, where Safari also clears a site's data after 7 days without a visit unless
 * it is on the home screen (unsynced records included).
 */
import { type Component, Show, createSignal } from 'solid-js';
import { inAppBrowser, isIos } from '../lib/in-app-browser';
import { installEvent, installed, promptInstall } from '../pwa';
import { t } from './messages';

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

/**
 * A record is a change committed to the outbox: the person's own complaint, photo, check... Watched
 * once for the whole app, not per page: saving a record navigates, and a page's own listener would be
 * gone before the commit is announced. Started by main.tsx after the first screen showed, the store
 * coming by import(): the first screen (start and join pages) does not load Dexie, and nobody records
 * anything before the store is there.
 */
let watching = false;
export function watchFirstRecord(): void {
  if (watching || recorded()) return;
  watching = true;
  void import('../db/db')
    .then(({ db }) => {
      const stop = db.onOutboxCommit(() => {
        stop();
        setFlag(RECORDED);
        setRecorded(true);
      });
    })
    .catch(() => void (watching = false));
}

export const InstallOffer: Component = () => {
  const ios = () => isIos(navigator.userAgent, navigator.maxTouchPoints) && inAppBrowser(navigator.userAgent) === null;
  const show = () => recorded() && !dismissed() && !installed() && (installEvent() !== null || ios());
  const later = () => {
    setFlag(DISMISSED);
    setDismissed(true);
  };

  return (
    <Show when={show()}>
      <section class="banner install" aria-labelledby="install-title">
        <p id="install-title">
          <strong>{t('install.title')}</strong>
        </p>
        <p>{t('install.body')}</p>
        <Show when={installEvent()} fallback={<IosSteps />}>
          <div class="row">
            <button type="button" class="btn primary" onClick={() => void promptInstall().catch(() => false)}>
              {t('install.add')}
            </button>
            <button type="button" class="btn" onClick={later}>
              {t('install.later')}
            </button>
          </div>
        </Show>
        <Show when={!installEvent()}>
          <button type="button" class="btn" onClick={later}>
            {t('install.gotIt')}
          </button>
        </Show>
      </section>
    </Show>
  );
};

const IosSteps: Component = () => (
  <>
    <ol>
      <li>{t('install.iosShare')}</li>
      <li>{t('install.iosAdd')}</li>
    </ol>
    <p class="small">{t('install.iosEviction')}</p>
  </>
);
