/** issues: an issue's clocks in words: how long it took, and how late it is. */
import { type Component, For, Show } from 'solid-js';
import { type IssueState, type ResponseTargets, issueClocks } from '../../core';
import { t } from './messages';
import { minuteNow, spanText } from './clock-text';

export const IssueClocks: Component<{ issue: IssueState; targets: ResponseTargets }> = (props) => {
  const lines = () => {
    const now = minuteNow();
    const c = issueClocks(props.issue, { targets: props.targets, now });
    const out: Array<{ text: string; late: boolean }> = [];
    if (c.timeToAcknowledgeMs !== null) out.push({ text: t('clock.ackTook', { span: spanText(c.timeToAcknowledgeMs) }), late: false });
    else if (props.issue.status === 'reported')
      out.push({ text: t('clock.ackWaiting', { span: spanText(now - c.reportedAt), hours: props.targets.acknowledgeHours }), late: false });
    if (c.acknowledgeLateMs > 0) out.push({ text: t('clock.ackLate', { span: spanText(c.acknowledgeLateMs) }), late: true });
    if (c.timeToResolveMs !== null) out.push({ text: t('clock.resolveTook', { span: spanText(c.timeToResolveMs) }), late: false });
    if (c.resolveLateMs > 0) out.push({ text: t('clock.resolveLate', { span: spanText(c.resolveLateMs), days: props.targets.resolveDays }), late: true });
    if (c.plannedLateMs > 0) out.push({ text: t('clock.plannedLate', { span: spanText(c.plannedLateMs) }), late: true });
    return out;
  };
  return (
    <Show when={lines().length > 0}>
      <section aria-label={t('clock.title')}>
        <ul class="clocks">
          <For each={lines()}>{(l) => <li class={l.late ? 'late' : undefined}>{l.text}</li>}</For>
        </ul>
      </section>
    </Show>
  );
};
