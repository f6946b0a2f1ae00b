/**
 * The frame of every page: a header with the title, the sync chip and settings; on a wide screen
 * (src/ui/desk.ts) also the desk's side navigation, and room for the pages that use the width.
 */
import { A, useNavigate } from '@solidjs/router';
import { type JSX, type ParentComponent, Show, lazy } from 'solid-js';
import { isDesk } from './desk';
import { InAppGuide } from './InAppGuide';
import { InsecureNotice } from './InsecureNotice';
import { InstallOffer } from './InstallOffer';
import { t } from './messages';
import { SyncErrorBanner, SyncStatus } from './SyncStatus';

const DeskNav = lazy(() => import('./DeskNav'));

/** `wide`: a desk page (a table, a photo grid) that takes the whole width beside the navigation. */
export const Page: ParentComponent<{ title: string; work?: string; back?: string; actions?: JSX.Element; wide?: boolean }> = (props) => {
  const navigate = useNavigate();
  return (
    <>
      <Show when={isDesk()}>
        <DeskNav work={props.work} />
      </Show>
      <header class="topbar">
        <Show when={props.back}>
          <button type="button" class="icon-btn" aria-label={t('nav.back')} onClick={() => navigate(props.back!)}>
            <span aria-hidden="true">‹</span>
          </button>
        </Show>
        <h1 class="title">{props.title}</h1>
        <Show when={props.work}>{(w) => <SyncStatus work={w()} />}</Show>
        <A class="icon-btn" href="/settings" aria-label={t('nav.settings')}>
          <span aria-hidden="true">⚙</span>
        </A>
      </header>
      <InAppGuide />
      <InsecureNotice />
      <InstallOffer />
      <Show when={props.work}>{(w) => <SyncErrorBanner work={w()} />}</Show>
      <main class="content" classList={{ wide: isDesk() && props.wide === true }}>
        {props.children}
      </main>
    </>
  );
};
