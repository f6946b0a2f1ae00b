/** Phones may wipe app data after days unused: unsynced work older than a day gets a warning and a way out. */
import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { t } from './messages';
import { liveStaleCount } from './queries';

export const StaleBanner: Component<{ work: string }> = (props) => {
  const stale = liveStaleCount(() => props.work);
  return (
    <Show when={stale() > 0}>
      <p class="banner warn" role="alert">
        {t('stale.banner', { n: stale() })} <A href="/settings#rescue">{t('stale.action')}</A>
      </p>
    </Show>
  );
};
