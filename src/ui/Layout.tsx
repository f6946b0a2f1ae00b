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
import { NotifyBell } from './NotifyBell';
import { t } from './messages';

// The sync chip reads the device's store (Dexie) and the sync engine: only a work's pages show it, so
// it loads with them and the first screen (start and join pages) stays without both.
const SyncStatus = lazy(() => import('./SyncStatus').then((m) => ({ default: m.SyncStatus })));
const SyncErrorBanner = lazy(() => import('./SyncStatus').then((m) => ({ default: m.SyncErrorBanner })));
const DeskNav = lazy(() => import('./DeskNav'));

/**
 * A title wider than about eight Chinese characters (a work's name, mostly) gets a row of its own, with the sync
 * chip and settings under it, rather than being cut; a shorter one shares the row, on two lines if need be, so
 * most pages keep a one-row header. Chinese characters count double: they are about twice as wide as Latin letters.
 */
function isLongTitle(title: string): boolean {
  let width = 0;
  for (const ch of title) width += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return width > 16;
}

/**
 * `bell: false`: a page that is the notifications themselves shows no bell to them. `wide`: a desk page (a table,
 * a photo grid) that takes the whole width beside the navigation.
 */
export const Page: ParentComponent<{ title: string; work?: string; back?: string; actions?: JSX.Element; bell?: boolean; wide?: boolean }> = (props) => {
  const navigate = useNavigate();
  return (
    <>
      <Show when={isDesk()}>
        <DeskNav work={props.work} />
      </Show>
      <header class="topbar" classList={{ 'long-title': isLongTitle(props.title) }}>
        <Show when={props.back}>
          <button type="button" class="icon-btn" aria-label={t('nav.back')} onClick={() => navigate(props.back!)}>
            <span aria-hidden="true">‹</span>
          </button>
        </Show>
        <h1 class="title">{props.title}</h1>
        <Show when={props.work}>{(w) => <SyncStatus work={w()} />}</Show>
        <Show when={props.bell !== false && props.work}>{(w) => <NotifyBell work={w()} />}</Show>
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
