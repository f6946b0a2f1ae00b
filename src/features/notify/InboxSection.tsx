/** The in-app list: what the server told this member, newest first, so nothing depends on an outside channel alone. */
import { A } from '@solidjs/router';
import { type Component, For, Show, createResource } from 'solid-js';
import { issueRef } from '../../core/issue-number';
import { type InboxItem, notifyApi } from '../../sync/notify-api';
import { setUnread } from '../../sync/notify-unread';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatTime, t } from './messages';
import { notifyErrorText } from './notify-error';

/** "查看问题 #142": each card's link names its issue, so a list of them is not a row of identical links. */
const openIssue = (item: InboxItem) => {
  const ref = issueRef(item);
  return ref ? t('notify.inbox.openNo', { ref }) : t('notify.inbox.open');
};

export const InboxSection: Component<{ token: string; work: string }> = (props) => {
  const [inbox, { refetch }] = createResource(
    () => props.token,
    async (tk) => {
      const r = await notifyApi.inbox(tk);
      // The header's bell and the app's icon show what this list shows.
      setUnread(props.work, r.unread);
      return r;
    },
  );
  const markRead = async () => {
    await notifyApi.markRead(props.token, Date.now()).catch(() => {});
    await refetch();
  };
  return (
    <section aria-labelledby="inbox-h">
      <h2 id="inbox-h">{t('notify.inbox.title')}</h2>
      <ErrorAlert message={inbox.error ? notifyErrorText(inbox.error) : null} />
      <Show when={(inbox()?.unread ?? 0) > 0}>
        <div class="actions">
          <span class="status status-reported">{t('notify.inbox.unread', { n: inbox()!.unread })}</span>
          <button type="button" class="btn" onClick={() => void markRead()}>
            {t('notify.inbox.markRead')}
          </button>
        </div>
      </Show>
      <Show when={(inbox()?.items ?? []).length > 0} fallback={<p class="muted">{inbox.loading ? t('notify.loading') : t('notify.inbox.empty')}</p>}>
        <ul class="cards" aria-labelledby="inbox-h">
          <For each={inbox()!.items}>
            {(item) => (
              <li class="panel">
                <p>
                  <Show when={item.urgent}>
                    <span class="status status-reported">{t('notify.inbox.urgent')}</span>{' '}
                  </Show>
                  <Show when={!item.read} fallback={<span>{t(`notify.event.${item.kind}`)}</span>}>
                    <strong>{t(`notify.event.${item.kind}`)}</strong>
                  </Show>
                  <Show when={issueRef(item)}>{(ref) => <span class="issue-no">{` ${ref()}`}</span>}</Show>
                </p>
                <p class="muted small">{formatTime(item.at)}</p>
                {/* A digest or summary is about the whole work: it opens the work's list. */}
                <A class="btn block" href={item.issue ? `/w/${props.work}/issues/${item.issue}` : `/w/${props.work}`}>
                  {item.issue ? openIssue(item) : t('notify.inbox.openWork')}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
