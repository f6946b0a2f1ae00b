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
      {/* The count stands as a word of its own in the name (axe matches the visible "3" word by word). */}
      <A class="icon-btn bell" href={`/w/${props.work}/notify`} aria-label={n() > 0 ? t('nav.notifyUnread', { n: n() }) : t('nav.notify')}>
        {/* Drawn, not an emoji: phones without a colour emoji font showed a box. */}
        <svg
          aria-hidden="true"
          width="22"
          height="22"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linecap="round"
          stroke-linejoin="round"
        >
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        <Show when={n() > 0}>
          <span class="bell-count" aria-hidden="true">
            {n() > 99 ? '99+' : n()}
          </span>
        </Show>
      </A>
    </Show>
  );
};
