/** "/": the last work opened, else the first joined, else the join page. */
import { Navigate } from '@solidjs/router';
import { type Component, createResource, Show } from 'solid-js';
import { memberships } from '../../app-state';
import { getSetting } from '../../lib/settings';

export const HomeRedirect: Component = () => {
  const [last] = createResource(() => getSetting<string>('lastWork'));
  const target = () => {
    const list = memberships();
    if (list.length === 0) return '/join';
    const work = list.find((m) => m.work === last())?.work ?? list[0]!.work;
    return `/w/${work}`;
  };
  return (
    <Show when={!last.loading}>
      <Navigate href={target()} />
    </Show>
  );
};
