/**
 * The desk's side navigation (src/ui/desk.ts): every area of the work one click (or Tab, Enter) away.
 * Loaded only on a wide screen, so the phone's first screen does not carry it.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show, onCleanup, onMount } from 'solid-js';
import { membershipFor } from '../app-state';
import { t } from './desk-messages';

type NavKey =
  | 'deskNav.works'
  | 'deskNav.inbox'
  | 'deskNav.issues'
  | 'deskNav.points'
  | 'deskNav.plan'
  | 'deskNav.checklists'
  | 'deskNav.overview'
  | 'deskNav.meeting'
  | 'deskNav.admin';

const DeskNav: Component<{ work?: string | undefined }> = (props) => {
  // The page makes room for the fixed navigation only while it is there.
  onMount(() => document.body.classList.add('desk'));
  onCleanup(() => document.body.classList.remove('desk'));
  const role = () => (props.work ? membershipFor(props.work)?.role : undefined);
  const items = (): Array<{ key: NavKey; href: string; end?: boolean }> => {
    const w = props.work;
    if (!w) return [];
    const staff = role() === 'staff';
    return [
      { key: 'deskNav.inbox', href: `/w/${w}`, end: true },
      { key: 'deskNav.issues', href: `/w/${w}/issues`, end: true },
      { key: 'deskNav.points', href: `/w/${w}/points` },
      { key: 'deskNav.plan', href: `/w/${w}/plans` },
      { key: 'deskNav.checklists', href: `/w/${w}/checklists` },
      ...(staff
        ? [
            { key: 'deskNav.overview' as const, href: `/w/${w}/review` },
            { key: 'deskNav.meeting' as const, href: `/w/${w}/meeting` },
            { key: 'deskNav.admin' as const, href: `/w/${w}/admin` },
          ]
        : []),
    ];
  };
  return (
    <nav class="desk-nav" aria-label={t('deskNav.label')}>
      <A class="desk-link" href="/works" end activeClass="current">
        {t('deskNav.works')}
      </A>
      <Show when={props.work ? membershipFor(props.work) : undefined}>{(m) => <p class="desk-work">{m().workName}</p>}</Show>
      <ul>
        <For each={items()}>
          {(item) => (
            <li>
              <A class="desk-link" href={item.href} end={item.end ?? false} activeClass="current">
                {t(item.key)}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
};
export default DeskNav;
