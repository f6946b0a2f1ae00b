/**
 * issues (#6): what waits for the viewer's role, most urgent first, with its
 * count as a badge. The liaison acknowledges from here in two taps.
 */
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { type IssueState, type Role, type WorkState, targetsOf, waitingFor } from '../../core';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { createLive } from '../../ui/live';
import { AckSheet } from './AckSheet';
import { minuteNow, spanText } from './clock-text';
import { IssueCard } from './IssueCard';
import { inboxCandidates } from './issue-query';

export const Inbox: Component<{ work: string; role: Role; workState: WorkState | undefined; pointName: (id: string | null) => string | undefined }> = (props) => {
  const candidates = createLive(() => [props.work, props.role] as const, ([w, r]) => inboxCandidates(db, w, r), []);
  const waiting = createMemo(() => waitingFor(props.role, candidates(), { targets: targetsOf(props.workState), now: minuteNow() }));
  const [acking, setAcking] = createSignal<IssueState | null>(null);

  return (
    <section class="inbox" aria-labelledby="inbox-h">
      <h2 id="inbox-h">
        {t('inbox.title')}{' '}
        <span class="badge" classList={{ zero: waiting().length === 0 }} role="status" aria-label={t('inbox.badge', { n: waiting().length })}>
          {waiting().length}
        </span>
      </h2>
      <Show when={waiting().length > 0} fallback={<p class="muted">{t('inbox.empty')}</p>}>
        <ul class="cards" aria-label={t('inbox.title')}>
          <For each={waiting()}>
            {(w) => (
              <li class="inbox-item">
                <span class={`reason reason-${w.reason}`}>
                  {t(`inbox.reason.${w.reason}`)}
                  {w.lateMs > 0 ? ` · ${t('clock.overdue', { span: spanText(w.lateMs) })}` : ''}
                </span>
                <IssueCard issue={w.issue} pointName={props.pointName(w.issue.pointId)} />
                <Show when={props.role === 'liaison' && (w.issue.status === 'reported' || w.issue.status === 'reopened')}>
                  <button type="button" class="btn primary" aria-label={`${t('inbox.ack')}：${w.issue.description.slice(0, 40)}`} onClick={() => setAcking(w.issue)}>
                    {t('inbox.ack')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={acking()}>
        {(issue) => <AckSheet issue={issue()} resolveDays={targetsOf(props.workState).resolveDays} onClose={() => setAcking(null)} />}
      </Show>
    </section>
  );
};
