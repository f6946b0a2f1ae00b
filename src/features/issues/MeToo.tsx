/**
 * issues: open issues of the same category near the one being reported
 * (same point, or within 30 m), so the volunteer can add this resident to one
 * of them ("me too") instead of recording the same thing twice.
 */
import { type Component, For, Show } from 'solid-js';
import { type IssueCategory, type LatLng, type PointState, nearbyOpenIssues } from '../../core';
import { t } from './messages';
import { createLive } from '../../ui/live';
import { IssueCard } from './IssueCard';
import { meTooCandidates } from './queries';

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
    ([w, c, pts]) => (c ? meTooCandidates(w, c, pts) : []),
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
                <button
                  type="button"
                  class="btn primary"
                  disabled={props.busy}
                  aria-label={`${t('metoo.add')}：${i.description.slice(0, 40)}`}
                  onClick={() => props.onAffect(i.id)}
                >
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
