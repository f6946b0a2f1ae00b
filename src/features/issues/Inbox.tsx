/**
 * issues: what waits for the viewer's role, most urgent first, with its
 * count as a badge. The liaison acknowledges from here in two taps; what the
 * liaison took on then moves to the list of what to fix (待整改) below it,
 * by planned date with late ones first, until it is resolved.
 */
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { type IssueState, type Role, type WorkState, targetsOf, toFixList, waitingFor } from '../../core';
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
  const clockOpts = () => ({ targets: targetsOf(props.workState), now: minuteNow() });
  const waiting = createMemo(() => waitingFor(props.role, candidates(), clockOpts()));
  // The liaison's candidates hold every acknowledged and in-progress issue (statuses that do not pile up).
  const toFix = createMemo(() => (props.role === 'liaison' ? toFixList(candidates(), clockOpts()) : []));
  const [fixShown, setFixShown] = createSignal(PAGE);
  // The badge counts every report (by index), plus what waits among the other candidates (loaded in full).
  const reports = createLive(
    () => [props.work, props.role] as const,
    ([w, r]) => (r === 'liaison' ? reportsWaiting(w) : 0),
    0,
  );
  const count = () => (props.role === 'liaison' ? reports() + waiting().filter((w) => w.issue.status !== 'reported').length : waiting().length);
  const [acking, setAcking] = createSignal<IssueState | null>(null);

  return (
    <>
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
      <Show when={props.role === 'liaison'}>
        <section class="to-fix" aria-labelledby="tofix-h">
          <h2 id="tofix-h">
            {t('tofix.title')}{' '}
            <span class="badge" classList={{ zero: toFix().length === 0 }} role="status" aria-label={t('tofix.badge', { n: toFix().length })}>
              {toFix().length}
            </span>
          </h2>
          <Show when={toFix().length > 0} fallback={<p class="muted">{t('tofix.empty')}</p>}>
            <ul class="cards" aria-label={t('tofix.title')}>
              <For each={toFix().slice(0, fixShown())}>
                {(f) => (
                  <li class="inbox-item">
                    <span class={`reason ${f.lateMs > 0 ? 'reason-overdue' : 'reason-planned'}`}>
                      {f.issue.plannedDate ? t('tofix.planned', { date: f.issue.plannedDate }) : t('tofix.noDate')}
                      {f.lateMs > 0 ? ` · ${t('clock.overdue', { span: spanText(f.lateMs) })}` : ''}
                    </span>
                    <IssueCard issue={f.issue} pointName={props.pointName(f.issue.pointId)} />
                  </li>
                )}
              </For>
            </ul>
            <Show when={toFix().length > fixShown()}>
              <button type="button" class="btn block" onClick={() => setFixShown((n) => n + PAGE)}>
                {t('filter.more')}
              </button>
            </Show>
          </Show>
        </section>
      </Show>
    </>
  );
};
