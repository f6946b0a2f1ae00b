/** A work's home: its issues, newest first, and the button to record one. */
import { A, Navigate, useParams } from '@solidjs/router';
import { type Component, For, Show, createEffect } from 'solid-js';
import { membershipFor } from '../../app-state';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { setSetting } from '../../lib/settings';
import { flash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { createLive } from '../../ui/live';
import { IssueCard } from '../issues/IssueCard';
import { RejectedBanner } from '../settings/RejectedList';
import { StaleBanner } from './StaleBanner';

export const WorkPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const member = () => membershipFor(params.workId);
  const work = createLive(() => params.workId, (id) => db.works.get(id), undefined);
  const issues = createLive(
    () => params.workId,
    (id) => db.issues.where('[work+updatedAt]').between([id, ''], [id, '\uffff']).reverse().toArray(),
    [],
  );
  const points = createLive(() => params.workId, (id) => db.points.where('work').equals(id).toArray(), []);
  const pointName = (id: string | null) => (id ? points().find((p) => p.id === id)?.name : undefined);

  createEffect(() => void setSetting('lastWork', params.workId));

  return (
    <Show when={member()} fallback={<Navigate href="/join" />}>
      {(m) => (
        <Page title={work()?.name ?? m().workName} work={params.workId}>
          <p class="muted">{t('work.role', { role: t(`role.${m().role}`) })}</p>
          <RejectedBanner work={params.workId} />
          <StaleBanner work={params.workId} />
          <Show when={flash()}>
            <p class="flash" role="status">
              {flash()}
            </p>
          </Show>
          <Show when={m().role !== 'liaison'}>
            <A class="btn primary big block" href={`/w/${params.workId}/issues/new`}>
              ＋ {t('work.newIssue')}
            </A>
          </Show>
          <h2>{t('work.issues')}</h2>
          <Show when={issues().length > 0} fallback={<p class="empty">{t('work.empty')}</p>}>
            <ul class="cards" aria-label={t('work.issues')}>
              <For each={issues()}>
                {(issue) => (
                  <li>
                    <IssueCard issue={issue} pointName={pointName(issue.pointId)} />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Page>
      )}
    </Show>
  );
};
