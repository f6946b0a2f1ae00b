/**
 * The overview's site plan: each point a pin coloured by its open issues
 * (green none, amber some, red some overdue), with the count in its label so
 * the colour is never the only cue. Loaded only when the work has a plan, so
 * Leaflet stays out of the overview otherwise.
 */
import { type Component, Match, Switch, createMemo } from 'solid-js';
import type { PlanState, PointState } from '../../core';
import { type Pin, PlanMap, createPlanImage, loadedPointPins } from '../plans';
import { tr } from './messages';

export interface PointLoad {
  open: number;
  late: number;
}

const OverviewPlan: Component<{ work: string; plan: PlanState; points: PointState[]; load: Map<string, PointLoad> }> = (props) => {
  const url = createPlanImage(
    () => props.work,
    () => props.plan.hash,
  );
  const pins = createMemo<Pin[]>(() => loadedPointPins(props.plan, props.points, props.load, (name, n) => tr('review.pinLabel', { name, n })));
  return (
    <Switch>
      <Match when={url.loading}>
        <p role="status">…</p>
      </Match>
      <Match when={url()} keyed>
        {(u) => (
          <PlanMap
            url={u}
            width={props.plan.width}
            height={props.plan.height}
            label={tr('review.planLabel', { name: props.plan.name })}
            imageAlt={props.plan.name}
            pins={pins()}
          />
        )}
      </Match>
    </Switch>
  );
};

export default OverviewPlan;
