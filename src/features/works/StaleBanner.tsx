/** Phones may wipe app data after days unused: unsynced work older than a day gets a warning and a way out. */
import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { isIos } from '../../lib/in-app-browser';
import { installed } from '../../pwa';
import { t } from './messages';
import { liveStaleCount } from './queries';

export const StaleBanner: Component<{ work: string }> = (props) => {
  const stale = liveStaleCount(() => props.work);
  // Safari clears a site's storage after 7 days without a visit unless it is on the home screen: said
  // here, where unsynced records are at stake, as well as in the install offer.
  const evictable = () => isIos(navigator.userAgent, navigator.maxTouchPoints) && !installed();
  return (
    <Show when={stale() > 0}>
      <p class="banner warn" role="alert">
        {t('stale.banner', { n: stale() })} <Show when={evictable()}>{t('stale.iosEviction')} </Show>
        <A href="/settings#rescue">{t('stale.action')}</A>
      </p>
    </Show>
  );
};
