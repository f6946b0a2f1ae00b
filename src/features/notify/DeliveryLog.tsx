/** Staff see what was sent on each channel: sent, failed with the provider's answer, retried, given up. */
import { type Component, For, Show, createResource } from 'solid-js';
import { issueRef } from '../../core/issue-number';
import { notifyApi } from '../../sync/notify-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatTime, t } from './messages';
import { notifyErrorText } from './notify-error';

export const DeliveryLog: Component<{ token: string }> = (props) => {
  const [log, { refetch }] = createResource(
    () => props.token,
    async (tk) => (await notifyApi.deliveries(tk)).deliveries,
  );
  return (
    <section aria-labelledby="log-h">
      <h2 id="log-h">{t('notify.log.title')}</h2>
      <div class="actions">
        <button type="button" class="btn" onClick={() => void refetch()}>
          {t('notify.log.refresh')}
        </button>
      </div>
      <ErrorAlert message={log.error ? notifyErrorText(log.error) : null} />
      <Show when={(log() ?? []).length > 0} fallback={<p class="muted">{t('notify.log.empty')}</p>}>
        <ul class="cards" aria-labelledby="log-h">
          <For each={log()}>
            {(d) => (
              <li class="panel">
                <p>
                  <strong>{t(`notify.channel.${d.channel}`)}</strong> · {t(`notify.event.${d.kind}`)}
                  {issueRef(d) ? ` ${issueRef(d)}` : ''} · {t(`notify.log.state.${d.state}`)}
                </p>
                <p class="muted small">
                  {formatTime(d.sentAt ?? d.createdAt)} · {t('notify.log.attempts', { n: d.attempts })}
                  {d.batched ? ` · ${t('notify.log.batched')}` : ''}
                </p>
                <Show when={d.lastError}>
                  <p class="error small">{d.lastError}</p>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
