/** Inspections as cards: checklist, point, who and when, status, how many items failed. */
import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { type InspectionState, type TemplateState, stampWall } from '../../core';
import type { View } from '../../db/db';
import { liveMembers, livePoints } from './queries';
import { failCount, pinnedVersion } from './data';
import { formatTime, t, tc } from './messages';

export const InspectionList: Component<{ work: string; inspections: Array<View<InspectionState>>; templates: TemplateState[]; label?: string }> = (props) => {
  const points = livePoints(() => props.work);
  const members = liveMembers(() => props.work);
  return (
    <Show when={props.inspections.length > 0} fallback={<p class="empty">{tc('cl.noInspections')}</p>}>
      <ul class="cards" aria-label={props.label ?? tc('cl.inspectionsOf')}>
        <For each={props.inspections}>
          {(i) => {
            const v = () => pinnedVersion(props.templates, i);
            return (
              <li>
                <A class="card" href={`/w/${props.work}/inspections/${i.id}`}>
                  <span class="card-top">
                    <span class="category">{v()?.name ?? '…'}</span>
                    <span class={`status status-${i.status === 'draft' ? 'acknowledged' : 'verified'}`}>
                      {tc(i.status === 'draft' ? 'cl.status.draft' : 'cl.status.submitted')}
                    </span>
                  </span>
                  <span class="card-bottom">
                    <span class="muted">
                      {points().find((p) => p.id === i.pointId)?.name ?? ''} ·{' '}
                      {tc('cl.by', { name: members().find((m) => m.id === i.startedBy)?.name ?? '', time: formatTime(stampWall(i.startedAt)) })}
                    </span>
                    <Show when={failCount(v(), i) > 0}>
                      <span class="status status-reported">{tc('cl.fails', { n: failCount(v(), i) })}</span>
                    </Show>
                    <Show when={i.syncPending}>
                      <span class="sync-mark pending">{t('issue.pending')}</span>
                    </Show>
                  </span>
                </A>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
};
