/**
 * An issue's short number ("#142") beside its category: what people name it by at a meeting. Until the
 * server has numbered an issue recorded on this phone, it says so ("待编号") instead of guessing a number.
 */
import { type Component, Show } from 'solid-js';
import { type IssueState, issueRef } from '../../core';
import type { View } from '../../db/db';
import { t } from './messages';

export const IssueNo: Component<{ issue: Pick<View<IssueState>, 'number' | 'syncPending'> }> = (props) => (
  <Show
    when={issueRef(props.issue)}
    fallback={<Show when={props.issue.syncPending}>{<span class="issue-no pending">{`${t('issue.unnumbered')} `}</span>}</Show>}
  >
    {(ref) => <span class="issue-no">{`${ref()} `}</span>}
  </Show>
);
