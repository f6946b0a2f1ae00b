/** Phones may wipe app data after days unused: unsynced work older than a day gets a warning and a way out. */
import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { db } from '../../db/db';
import { t } from './messages';
import { createLive } from '../../ui/live';

const DAY_MS = 86_400_000;

export const StaleBanner: Component<{ work: string }> = (props) => {
  const stale = createLive(
    () => props.work,
    (w) => db.outbox.where('work').equals(w).filter((e) => e.state === 'pending' && e.createdAt < Date.now() - DAY_MS).count(),
    0,
  );
  return (
    <Show when={stale() > 0}>
      <p class="banner warn" role="alert">
        {t('stale.banner', { n: stale() })} <A href="/settings#rescue">{t('stale.action')}</A>
      </p>
    </Show>
  );
};
