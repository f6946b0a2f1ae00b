/** The work's points as a grid of cards (the desk's "points"), each opening its photo timeline. */
import { A, useParams } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { isActivePoint } from '../../core';
import { Page } from '../../ui/Layout';
import { t } from './messages';
import { livePointPhotoCounts, livePoints } from './queries';

export const PointsDeskPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const points = livePoints(() => params.workId);
  const counts = livePointPhotoCounts(() => params.workId);
  const active = () => points().filter(isActivePoint);
  return (
    <Page title={t('desk.points.title')} work={params.workId} back={`/w/${params.workId}`} wide>
      <Show when={active().length > 0} fallback={<p class="empty">{t('desk.points.empty')}</p>}>
        <ul class="point-grid" aria-label={t('desk.points.title')}>
          <For each={active()}>
            {(p) => (
              <li>
                <A class="point-link" href={`/w/${params.workId}/points/${p.id}`}>
                  <span>{p.name}</span>
                  <span class="muted small">{t('desk.points.photos', { n: counts().get(p.id) ?? 0 })}</span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Page>
  );
};
