/**
 * This device may no longer sync the work: staff removed it, or its sign-in expired after too long
 * without syncing. Say which in words, show the way back (expired only) and the way to keep unsent work.
 */
import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { membershipFor } from '../../app-state';
import { t } from '../../ui/messages';
import { liveUnsent } from './queries';

export const RemovedBanner: Component<{ work: string }> = (props) => {
  const m = () => membershipFor(props.work);
  const expired = () => m()?.removedBecause === 'expired';
  const unsent = liveUnsent(() => props.work);
  return (
    <Show when={m()?.removedAt}>
      <div class="banner error" role="alert">
        <p>{expired() ? t('expired.banner') : t('removed.banner')}</p>
        {/* Rejoining with the same phone keeps the membership, so unsent records go out by themselves. */}
        <Show when={expired()}>
          <p>
            {m()!.role === 'staff' ? t('expired.howStaff') : t('expired.howMember')}{' '}
            <Show when={m()!.role === 'staff'}>
              <A href="/signin">{t('expired.signin')}</A>{' '}
            </Show>
            <A href="/join">{t('expired.join')}</A>
          </p>
        </Show>
        <Show when={unsent() > 0} fallback={<p>{t('removed.nothingUnsent')}</p>}>
          <p>
            {t(expired() ? 'expired.unsent' : 'removed.unsent', { n: unsent() })} <A href="/settings#rescue">{t('stale.action')}</A>
          </p>
        </Show>
      </div>
    </Show>
  );
};
