/**
 * Where a complaint is, when it is at no point (or beside one): the phone's position, or a tap on the
 * site plan (as a photo's position is set). Optional; the point, if chosen, still says where too.
 */
import { type Component, Show, createSignal, lazy } from 'solid-js';
import type { PhotoLocation } from '../../media/location';
import { deviceLocation } from '../../media/location';
import { locationLabel } from '../../media/location-label';
import { t } from './messages';
import { liveHasPlan } from './queries';

// Site plans: the plan (and Leaflet) load only when someone opens it.
const PlanPicker = lazy(() => import('../plans').then((m) => ({ default: m.PlanPicker })));

export const PlaceField: Component<{ work: string; value: PhotoLocation | null; onChange: (l: PhotoLocation | null) => void }> = (props) => {
  const hasPlan = liveHasPlan(() => props.work);
  const [planOpen, setPlanOpen] = createSignal(false);
  const [locating, setLocating] = createSignal(false);
  const [note, setNote] = createSignal<string | null>(null);

  const here = async () => {
    setLocating(true);
    setNote(null);
    const l = await deviceLocation();
    setLocating(false);
    if (!l) return setNote(t('issue.place.noFix'));
    setPlanOpen(false);
    props.onChange(l);
  };

  return (
    <fieldset class="field place-field">
      <legend class="label">{t('issue.place')}</legend>
      <p class="hint">{t('issue.place.hint')}</p>
      <Show when={props.value}>
        {(l) => (
          <p role="status">
            <strong>{t('issue.place.chosen')}</strong>
            {locationLabel(l())}
          </p>
        )}
      </Show>
      <div class="actions">
        <button type="button" class="btn" disabled={locating()} onClick={() => void here()}>
          {locating() ? t('issue.place.locating') : t('issue.place.here')}
        </button>
        <Show when={hasPlan()}>
          <button type="button" class="btn" aria-expanded={planOpen()} onClick={() => setPlanOpen(!planOpen())}>
            {planOpen() ? t('issue.place.closePlan') : t('issue.place.onPlan')}
          </button>
        </Show>
        <Show when={props.value}>
          <button type="button" class="btn" onClick={() => props.onChange(null)}>
            {t('issue.place.clear')}
          </button>
        </Show>
      </div>
      <Show when={note()}>
        <p class="banner warn" role="status">
          {note()}
        </p>
      </Show>
      <Show when={planOpen()}>
        <PlanPicker work={props.work} current={props.value} hint={t('issue.place.tapPlan')} onPick={(l) => props.onChange(l)} />
      </Show>
    </fieldset>
  );
};
