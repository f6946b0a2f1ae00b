/** Staff removed this device from the work: say so in words, stop there, and show the way to keep unsent work. */
import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { membershipFor } from '../../app-state';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { createLive } from '../../ui/live';

export const RemovedBanner: Component<{ work: string }> = (props) => {
  const removed = () => membershipFor(props.work)?.removedAt;
  const unsent = createLive(() => props.work, (w) => db.outbox.where('work').equals(w).filter((e) => e.state === 'pending').count(), 0);
  return (
    <Show when={removed()}>
      <div class="banner error" role="alert">
        <p>{t('removed.banner')}</p>
        <Show when={unsent() > 0} fallback={<p>{t('removed.nothingUnsent')}</p>}>
          <p>
            {t('removed.unsent', { n: unsent() })} <A href="/settings#rescue">{t('stale.action')}</A>
          </p>
        </Show>
      </div>
    </Show>
  );
};
