/** Notifications for a work: everyone's in-app list and own preferences; staff also set the channels and read the log. Needs the network. */
import { Navigate, useParams } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { membershipFor } from '../../app-state';
import { Page } from '../../ui/Layout';
import { ChannelsSection } from './ChannelsSection';
import { DeliveryLog } from './DeliveryLog';
import { InboxSection } from './InboxSection';
import { t } from './messages';
import { PrefsSection } from './PrefsSection';
import { TimingSection } from './TimingSection';

export const NotifyPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const member = () => membershipFor(params.workId);
  return (
    <Show when={member()} fallback={<Navigate href="/" />}>
      {(m) => (
        <Page title={t('notify.title')} work={params.workId} back={`/w/${params.workId}`} bell={false}>
          <p class="lead">{t('notify.intro')}</p>
          <InboxSection token={m().token} work={params.workId} />
          <PrefsSection token={m().token} />
          <Show when={m().role === 'staff' && !m().removedAt}>
            <ChannelsSection token={m().token} />
            <TimingSection token={m().token} />
            <DeliveryLog token={m().token} />
          </Show>
        </Page>
      )}
    </Show>
  );
};
