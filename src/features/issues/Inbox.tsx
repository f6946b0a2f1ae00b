/**
 * issues: what waits for the viewer's role, most urgent first, with its
 * count as a badge. The liaison acknowledges from here in two taps.
 */
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { type IssueState, type Role, type WorkState, targetsOf, waitingFor } from '../../core';
import { t } from './messages';
import { createLive } from '../../ui/live';
import { AckSheet } from './AckSheet';
import { minuteNow, spanText } from './clock-text';
import { IssueCard } from './IssueCard';
import { inboxOf, reportsWaiting } from './queries';

/** Cards shown at first, and added by "show more": a backlog of thousands must not be rendered at once. */
const PAGE = 20;

export const Inbox: Component<{ work: string; role: Role; workState: WorkState | undefined; pointName: (id: string | null) => string | undefined }> = (
  props,
) => {
  const [shown, setShown] = createSignal(PAGE);
  const candidates = createLive(
    () => [props.work, props.role, shown()] as const,
    ([w, r, n]) => inboxOf(w, r, n + 1),
    [],
  );
  const waiting = createMemo(() => waitingFor(props.role, candidates(), { targets: targetsOf(props.workState), now: minuteNow() }));
  // The badge counts every report (by index), plus what waits among the other candidates (loaded in full).
  const reports = createLive(
    () => [props.work, props.role] as const,
    ([w, r]) => (r === 'liaison' ? reportsWaiting(w) : 0),
    0,
  );
  const count = () => (props.role === 'liaison' ? reports() + waiting().filter((w) => w.issue.status !== 'reported').length : waiting().length);
  const [acking, setAcking] = createSignal<IssueState | null>(null);

  return (
    <section class="inbox" aria-labelledby="inbox-h">
      <h2 id="inbox-h">
        {t('inbox.title')}{' '}
        <span class="badge" classList={{ zero: count() === 0 }} role="status" aria-label={t('inbox.badge', { n: count() })}>
          {count()}
        </span>
      </h2>
      <Show when={waiting().length > 0} fallback={<p class="muted">{t('inbox.empty')}</p>}>
        <ul class="cards" aria-label={t('inbox.title')}>
          <For each={waiting().slice(0, shown())}>
            {(w) => (
              <li class="inbox-item">
                <span class={`reason reason-${w.reason}`}>
                  {t(`inbox.reason.${w.reason}`)}
                  {w.lateMs > 0 ? ` · ${t('clock.overdue', { span: spanText(w.lateMs) })}` : ''}
                </span>
                <IssueCard issue={w.issue} pointName={props.pointName(w.issue.pointId)} />
                <Show when={props.role === 'liaison' && (w.issue.status === 'reported' || w.issue.status === 'reopened')}>
                  <button
                    type="button"
                    class="btn primary"
                    aria-label={`${t('inbox.ack')}：${w.issue.description.slice(0, 40)}`}
                    onClick={() => setAcking(w.issue)}
                  >
                    {t('inbox.ack')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={count() > shown()}>
          <button type="button" class="btn block" onClick={() => setShown((n) => n + PAGE)}>
            {t('filter.more')}
          </button>
        </Show>
      </Show>
      <Show when={acking()}>
        {(issue) => <AckSheet issue={issue()} resolveDays={targetsOf(props.workState).resolveDays} onClose={() => setAcking(null)} />}
      </Show>
    </section>
  );
};
