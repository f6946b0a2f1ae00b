/**
 * The offer to add the app to the home screen (shown by ./Notices.tsx once the person has recorded
 * something): Chrome's own dialog where the browser offers one, the Share steps on iPhone, where Safari
 * also clears a site's data after 7 days without a visit unless it is on the home screen (unsynced
 * records included).
 */
import { type Component, Show } from 'solid-js';
import { installEvent, promptInstall } from '../pwa';
import { t } from './notices-messages';

export const InstallOffer: Component<{ onLater: () => void }> = (props) => (
  <section class="banner install" aria-labelledby="install-title">
    <p id="install-title">
      <strong>{t('install.title')}</strong>
    </p>
    <p>{t('install.body')}</p>
    <Show
      when={installEvent()}
      fallback={
        <>
          <ol>
            <li>{t('install.iosShare')}</li>
            <li>{t('install.iosAdd')}</li>
          </ol>
          <p class="small">{t('install.iosEviction')}</p>
          <button type="button" class="btn" onClick={() => props.onLater()}>
            {t('install.gotIt')}
          </button>
        </>
      }
    >
      <div class="row">
        <button type="button" class="btn primary" onClick={() => void promptInstall().catch(() => false)}>
          {t('install.add')}
        </button>
        <button type="button" class="btn" onClick={() => props.onLater()}>
          {t('install.later')}
        </button>
      </div>
    </Show>
  </section>
);
