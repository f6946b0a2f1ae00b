/** The header's bell: opens the work's notifications, with the unread count on it. */
import { A } from '@solidjs/router';
import { type Component, Show, onCleanup } from 'solid-js';
import { membershipFor } from '../app-state';
import { unreadOf, watchUnread } from '../sync/notify-unread';
import { t } from './messages';

export const NotifyBell: Component<{ work: string }> = (props) => {
  const member = membershipFor(props.work);
  if (member && !member.removedAt) onCleanup(watchUnread(props.work, member.token));
  const n = () => unreadOf(props.work);
  return (
    <Show when={member}>
      <A class="icon-btn bell" href={`/w/${props.work}/notify`} aria-label={n() > 0 ? t('nav.notifyUnread', { n: n() }) : t('nav.notify')}>
        <span aria-hidden="true">🔔</span>
        <Show when={n() > 0}>
          <span class="bell-count" aria-hidden="true">
            {n() > 99 ? '99+' : n()}
          </span>
        </Show>
      </A>
    </Show>
  );
};
