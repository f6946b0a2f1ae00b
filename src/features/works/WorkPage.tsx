/**
 * A work's home: its issues, newest first, and the button to record one. In large text mode a simpler home:
 * the three main actions in big buttons, what waits for this role, and the rest behind "more".
 */
import { A, Navigate, useParams } from '@solidjs/router';
import { type Component, For, Show, createEffect, lazy } from 'solid-js';
import { membershipFor, rememberLastWork } from '../../app-state';
import { isActivePoint } from '../../core';
import { t } from './messages';
import { flash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { largeText } from '../../ui/text-size';

import { liveMembers, livePointPhotoCounts, livePoints, liveWork } from './queries';
import { StaleBanner } from './StaleBanner';
import { RemovedBanner, WorkSwitcher } from '../admin';

// issues: the inbox and the filtered list load just after the shell (precached, so offline too), keeping the shell small.
// The refusals' sentences come with their banner, not with the app shell.
const RejectedBanner = lazy(() => import('../../ui/RejectedList').then((m) => ({ default: m.RejectedBanner })));
const Inbox = lazy(() => import('../issues').then((m) => ({ default: m.Inbox })));
const IssueList = lazy(() => import('../issues').then((m) => ({ default: m.IssueList })));

export const WorkPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const member = () => membershipFor(params.workId);
  const work = liveWork(() => params.workId);
  const points = livePoints(() => params.workId);
  const photoCounts = livePointPhotoCounts(() => params.workId);
  const pointName = (id: string | null) => (id ? points().find((p) => p.id === id)?.name : undefined);
  const members = liveMembers(() => params.workId);

  createEffect(() => rememberLastWork(params.workId));

  // The parts of the home, placed in full (ordinary text) or simplified (large text mode).
  const StaffAndNotify = () => (
    <>
      <Show when={member()?.role === 'staff' && !member()?.removedAt}>
        <A class="btn block" href={`/w/${params.workId}/admin`}>
          {t('admin.open')}
        </A>
      </Show>
      <A class="btn block" href={`/w/${params.workId}/notify`}>
        {t('notify.open')}
      </A>
    </>
  );
  const Banners = () => (
    <>
      <RejectedBanner work={params.workId} />
      <StaleBanner work={params.workId} />
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
    </>
  );
  // Staff review
  const Review = () => (
    <Show when={member()?.role === 'staff'}>
      <A class="btn block" href={`/w/${params.workId}/review`}>
        {t('review.link')}
      </A>
    </Show>
  );
  const Checklists = () => (
    <A class="btn block" href={`/w/${params.workId}/checklists`}>
      ☑ {t('cl.nav')}
    </A>
  );
  const PointsAndIssues = () => (
    <>
      <h2 id="points-h">{t('points.title')}</h2>
      {/* Site plans */}
      <A class="btn block" href={`/w/${params.workId}/plans`}>
        {t('plan.open')}
      </A>
      <ul class="point-list" aria-labelledby="points-h">
        <For each={points().filter(isActivePoint)}>
          {(p) => (
            <li>
              <A class="point-link" href={`/w/${params.workId}/points/${p.id}`}>
                <span>{p.name}</span>
                <span class="muted small">{t('points.photos', { n: photoCounts().get(p.id) ?? 0 })}</span>
              </A>
            </li>
          )}
        </For>
      </ul>
      <Show when={points().filter((p) => !isActivePoint(p))}>
        {(archived) => (
          <Show when={archived().length > 0}>
            <details class="archived-points">
              <summary>{t('points.archived', { n: archived().length })}</summary>
              <ul class="point-list" aria-label={t('points.archivedList')}>
                <For each={archived()}>
                  {(p) => (
                    <li>
                      <A class="point-link" href={`/w/${params.workId}/points/${p.id}`}>
                        <span>{p.name}</span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </details>
          </Show>
        )}
      </Show>
      <h2>{t('work.issues')}</h2>
      {/* issues: filters, paged (a work can hold thousands of issues) */}
      <IssueList work={params.workId} points={points()} members={members()} />
    </>
  );

  return (
    <Show when={member()} fallback={<Navigate href="/join" />}>
      {(m) => (
        <Page title={work()?.name ?? m().workName} work={params.workId}>
          <p class="muted">{t('work.role', { role: t(`role.${m().role}`) })}</p>
          {/* Works, members and roles */}
          <RemovedBanner work={params.workId} />
          <Show
            when={largeText()}
            fallback={
              <>
                <WorkSwitcher work={params.workId} />
                <StaffAndNotify />
                <Banners />
                <Inbox work={params.workId} role={m().role} workState={work()} pointName={pointName} />
                <Show when={m().role !== 'liaison'}>
                  <A class="btn primary big block" href={`/w/${params.workId}/issues/new`}>
                    ＋ {t('work.newIssue')}
                  </A>
                </Show>
                <Review />
                <Checklists />
                <PointsAndIssues />
              </>
            }
          >
            {/* Large text: the three things done most, then what waits; the rest one tap away. */}
            <Banners />
            <nav class="home-main" aria-label={t('home.main')}>
              <Show
                when={m().role !== 'liaison'}
                fallback={
                  <a class="btn primary big block" href="#inbox-h">
                    {t('home.todo')}
                  </a>
                }
              >
                <A class="btn primary big block" href={`/w/${params.workId}/issues/new`}>
                  ＋ {t('work.newIssue')}
                </A>
              </Show>
              <A class="btn big block" href={`/w/${params.workId}/checklists`}>
                ☑ {t('cl.nav')}
              </A>
              <A class="btn big block" href={`/w/${params.workId}/plans`}>
                {t('plan.open')}
              </A>
            </nav>
            <Inbox work={params.workId} role={m().role} workState={work()} pointName={pointName} />
            <details class="home-more">
              <summary>{t('home.more')}</summary>
              <WorkSwitcher work={params.workId} />
              <StaffAndNotify />
              <Review />
              <PointsAndIssues />
            </details>
          </Show>
        </Page>
      )}
    </Show>
  );
};
