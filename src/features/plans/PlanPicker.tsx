/**
 * Set a photo's position by tapping the site plan: the tap goes through
 * the plan's two control points to latitude / longitude, labelled as
 * "tapped on the plan" (never as measured). Loaded on demand with Leaflet.
 */
import { type Component, Show, createMemo, createSignal } from 'solid-js';
import { type LatLng, type PlanPixel, planGeoref } from '../../core';
import { t, tp } from './messages';
import { livePlans, livePoints } from './queries';
import type { PhotoLocation } from '../../media/location';
import { type Pin, PlanMap } from './PlanMap';
import { createPlanImage } from './plan-image';
import { pointPins } from './plan-pins';

export const PlanPicker: Component<{
  work: string;
  current: LatLng | null;
  onPick: (l: PhotoLocation) => void;
  /** What to tap, when it is not where a photo was taken (a complaint's spot). */
  hint?: string;
}> = (props) => {
  const plans = livePlans(() => props.work);
  const points = livePoints(() => props.work);
  // The first plan pinned to GPS: only those can turn a tap into a position.
  const plan = createMemo(() => plans().find((p) => planGeoref(p) !== null));
  const url = createPlanImage(
    () => props.work,
    () => plan()?.hash,
  );
  const [tapped, setTapped] = createSignal<PlanPixel | null>(null);

  const pins = createMemo<Pin[]>(() => {
    const p = plan();
    if (!p) return [];
    const all = pointPins(p, points()).pins;
    const here = tapped() ?? (props.current ? planGeoref(p)!.toPlan(props.current) : null);
    if (here) all.push({ key: 'here', label: tp('plan.pin.here'), at: here, kind: 'draft' });
    return all;
  });

  const pick = (at: PlanPixel) => {
    const g = planGeoref(plan()!);
    if (!g) return;
    setTapped(at);
    const { lat, lng } = g.toGeo(at);
    props.onPick({ lat: Math.round(lat * 1e7) / 1e7, lng: Math.round(lng * 1e7) / 1e7, accuracy: null, source: 'plan' });
  };

  return (
    <Show when={plan()} fallback={<p class="banner warn">{t('photo.loc.noGeorefPlan')}</p>}>
      {(p) => (
        <div>
          <p class="hint">{props.hint ?? t('photo.loc.tapPlan')}</p>
          <Show when={url()} keyed fallback={<p role="status">{url.error ? tp('plan.unavailable') : tp('plan.loading')}</p>}>
            {(u) => (
              <PlanMap
                url={u}
                width={p().width}
                height={p().height}
                label={tp('plan.map', { name: p().name })}
                imageAlt={p().name}
                pins={pins()}
                onTap={pick}
              />
            )}
          </Show>
        </div>
      )}
    </Show>
  );
};
