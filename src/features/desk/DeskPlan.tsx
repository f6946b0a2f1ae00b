/**
 * The site plan beside the desk's issues table: each point a pin coloured by its open issues (its count in
 * the label, never colour alone); a click or Enter on a pin filters the table to that point, and the
 * point of the issue open in the pane is highlighted. Loaded only for a work with a plan (Leaflet is large).
 */
import { type Component, Match, Switch, createMemo } from 'solid-js';
import type { PlanState, PointState } from '../../core';
import { type Pin, PlanMap, createPlanImage, loadedPointPins, pinPointId, pointPinKey } from '../plans';
import { t } from './messages';

const DeskPlan: Component<{
  work: string;
  plan: PlanState;
  points: PointState[];
  load: ReadonlyMap<string, { open: number; late: number }>;
  selectedPoint: string | null;
  onPoint: (pointId: string) => void;
}> = (props) => {
  const url = createPlanImage(
    () => props.work,
    () => props.plan.hash,
  );
  const pins = createMemo<Pin[]>(() => loadedPointPins(props.plan, props.points, props.load, (name, n) => t('desk.plan.pin', { name, n })));
  return (
    <Switch>
      <Match when={url.loading}>
        <p role="status">…</p>
      </Match>
      <Match when={url()} keyed>
        {(u) => (
          <div class="desk-plan">
            <PlanMap
              url={u}
              width={props.plan.width}
              height={props.plan.height}
              label={t('desk.plan.label', { name: props.plan.name })}
              imageAlt={props.plan.name}
              pins={pins()}
              selected={props.selectedPoint ? pointPinKey(props.selectedPoint) : undefined}
              onPin={(key) => props.onPoint(pinPointId(key))}
            />
          </div>
        )}
      </Match>
    </Switch>
  );
};

export default DeskPlan;
