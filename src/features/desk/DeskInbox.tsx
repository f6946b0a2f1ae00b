/**
 * Staff's combined inbox on "all my works": what waits for action in every work they run (residents'
 * reports to triage, late issues, disputes for the joint meeting, new reports the contractor has not
 * answered), one list, each row naming its work and opening the issue. Read from the device's store
 * with the works' table (queries.ts), so it shows offline too.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { type IssueState, maskPhones, span } from '../../core';
import { type DeskWaiting, deskOrder } from '../../core/desk-inbox';
import { formatTime, t } from './messages';
import './desk-inbox.css';

/** Rows shown at first and added by "show more": a backlog across twenty works must not render at once. */
const PAGE = 30;

export type InboxRow = DeskWaiting<IssueState> & { work: string; workName: string };

export const DeskInbox: Component<{ rows: InboxRow[]; now: number }> = (props) => {
  const [shown, setShown] = createSignal(PAGE);
  const sorted = createMemo(() => [...props.rows].sort(deskOrder));
  const late = (ms: number) => {
    const s = span(ms);
    return t(`desk.inbox.late.${s.unit}`, { n: s.n });
  };
  return (
    <section class="panel desk-inbox" aria-labelledby="desk-inbox-h">
      <h2 id="desk-inbox-h">{t('desk.inbox.title', { n: sorted().length })}</h2>
      <p class="muted small">{t('desk.inbox.note')}</p>
      <Show when={sorted().length > 0} fallback={<p class="muted">{t('desk.inbox.empty')}</p>}>
        <ul class="desk-inbox-list" aria-label={t('desk.inbox.list')}>
          <For each={sorted().slice(0, shown())}>
            {(w) => (
              <li>
                <span class={`reason reason-${w.reason}`}>
                  {t(`desk.inbox.reason.${w.reason}`)}
                  {w.lateMs > 0 ? ` · ${late(w.lateMs)}` : ''}
                </span>
                <span class="work-name">{w.workName}</span>
                <A class="issue-link" href={`/w/${w.work}/issues/${w.issue.id}`}>
                  {maskPhones(w.issue.description)}
                </A>
                <span class="muted small">
                  {t(`category.${w.issue.category}`)} · {t('desk.inbox.reported', { time: formatTime(w.reportedMs, props.now) })}
                </span>
              </li>
            )}
          </For>
        </ul>
        <Show when={sorted().length > shown()}>
          <button type="button" class="btn" onClick={() => setShown((n) => n + PAGE)}>
            {t('desk.inbox.more', { n: Math.min(PAGE, sorted().length - shown()) })}
          </button>
        </Show>
      </Show>
    </section>
  );
};
