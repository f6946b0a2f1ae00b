import { A } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { stampWall, type IssueState } from '../../core';
import type { View } from '../../db/db';
import { IssueNo } from './IssueNo';
import { formatTime, t } from './messages';

export const IssueCard: Component<{ issue: View<IssueState>; pointName: string | undefined }> = (props) => (
  <A class="card" href={`/w/${props.issue.work}/issues/${props.issue.id}`}>
    <span class="card-top">
      <span class="category">
        <IssueNo issue={props.issue} />
        <span>{t(`category.${props.issue.category}`)}</span>
      </span>
      <span class={`status status-${props.issue.status}`}>{t(`status.${props.issue.status}`)}</span>
    </span>
    <span class="desc">{props.issue.description}</span>
    <span class="card-bottom">
      <span class="muted">
        {props.pointName ? `${props.pointName} · ` : ''}
        <span class="nowrap">{formatTime(stampWall(props.issue.reportedAt))}</span>
        <Show when={(props.issue.affected ?? 1) > 1}>
          {' · '}
          <span class="nowrap">{t('issue.affected', { n: props.issue.affected! })}</span>
        </Show>
      </span>
      <Show when={props.issue.syncPending} fallback={<span class="sync-mark synced">✓ {t('issue.synced')}</span>}>
        <span class="sync-mark pending">{t('issue.pending')}</span>
      </Show>
    </span>
  </A>
);
