/** A work's administration, for its staff: points, invite codes, members. Needs the network (but adding points). */
import { A, Navigate, useParams } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { membershipFor } from '../../app-state';
import { t, ta } from './messages';
import { Page } from '../../ui/Layout';
import { liveWork } from './queries';
import { AddPointSection } from './AddPointSection';
import { InvitesSection } from './InvitesSection';
import { MembersSection } from './MembersSection';
import { PostersSection } from './PostersSection';
import { TargetsSection } from './TargetsSection';

export const AdminPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const member = () => membershipFor(params.workId);
  const work = liveWork(() => params.workId);
  const workName = () => work()?.name ?? member()?.workName ?? '';
  return (
    <Show when={member()} fallback={<Navigate href="/" />}>
      {(m) => (
        <Page title={ta('admin.title', { work: workName() })} work={params.workId} back={`/w/${params.workId}`}>
          <Show when={m().role === 'staff' && !m().removedAt} fallback={<p class="lead">{ta('admin.staffOnly')}</p>}>
            <AddPointSection work={params.workId} />
            {/* Site plans: uploading a plan and placing points on it live on the plans page. */}
            <A class="btn block" href={`/w/${params.workId}/plans`}>
              {t('plan.open')}
            </A>
            <InvitesSection work={params.workId} workName={workName()} />
            <PostersSection work={params.workId} />
            <MembersSection work={params.workId} />
            <TargetsSection work={params.workId} state={work()} />
          </Show>
        </Page>
      )}
    </Show>
  );
};
