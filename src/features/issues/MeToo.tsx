/**
 * issues (#6): open issues of the same category near the one being reported
 * (same point, or within 30 m), so the volunteer can add this resident to one
 * of them ("me too") instead of recording the same thing twice.
 */
import { type Component, For, Show } from 'solid-js';
import { type IssueCategory, type LatLng, type PointState, OPEN_STATUSES, nearbyOpenIssues } from '../../core';
import { db } from '../../db/db';
import { t } from './messages';
import { createLive } from '../../ui/live';
import { IssueCard } from './IssueCard';

/** Open issues of a category, each with its place: its point's position, or where its first located photo was taken. */
async function candidates(work: string, category: IssueCategory, points: PointState[]) {
  const open = await db.issues
    .where('[work+category+updatedAt]')
    .between([work, category, ''], [work, category, '\uffff'])
    .filter((i) => OPEN_STATUSES.has(i.status))
    .toArray();
  return Promise.all(
    open.map(async (i) => {
      const point = i.pointId ? points.find((p) => p.id === i.pointId) : undefined;
      let position: LatLng | null = point && point.lat !== null && point.lng !== null ? { lat: point.lat, lng: point.lng } : null;
      if (!position) {
        const photo = await db.photos.where('[targetType+targetId]').equals(['issue', i.id]).filter((p) => p.location !== null).first();
        if (photo?.location) position = { lat: photo.location.lat, lng: photo.location.lng };
      }
      return { ...i, position };
    }),
  );
}

export const MeToo: Component<{
  work: string;
  category: IssueCategory | null;
  pointId: string | null;
  position: LatLng | null;
  points: PointState[];
  busy: boolean;
  onAffect: (issueId: string) => void;
}> = (props) => {
  const all = createLive(
    () => [props.work, props.category, props.points] as const,
    ([w, c, pts]) => (c ? candidates(w, c, pts) : []),
    [],
  );
  const near = () => (props.category ? nearbyOpenIssues({ category: props.category, pointId: props.pointId, position: props.position }, all()) : []);
  const pointName = (id: string | null) => (id ? props.points.find((p) => p.id === id)?.name : undefined);
  return (
    <Show when={near().length > 0}>
      <section class="metoo" aria-labelledby="metoo-h">
        <h2 id="metoo-h">{t('metoo.title')}</h2>
        <p>{t('metoo.intro')}</p>
        <ul class="cards">
          <For each={near().slice(0, 5)}>
            {(i) => (
              <li class="inbox-item">
                <IssueCard issue={i} pointName={pointName(i.pointId)} />
                <button type="button" class="btn primary" disabled={props.busy} aria-label={`${t('metoo.add')}：${i.description.slice(0, 40)}`} onClick={() => props.onAffect(i.id)}>
                  {t('metoo.add')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};
