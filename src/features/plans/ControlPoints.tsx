/**
 * Pin a plan to GPS: two spots tapped on the plan, each with its GPS
 * position (the phone's, standing on the spot, or typed). Saved as a
 * plan.georef op, refused here already when the spots cannot define a
 * transform (the same rules the server applies).
 */
import { type Component, Index, Show, createSignal } from 'solid-js';
import { appDevice, membershipFor } from '../../app-state';
import { type ControlPoint, type PlanPixel, type PlanState, georeference } from '../../core';
import { tp } from './messages';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { deviceLocation } from '../../media/location';

export interface Slot {
  plan: PlanPixel | null;
  lat: string;
  lng: string;
}

export function slotsOf(plan: PlanState | undefined): Slot[] {
  const cps = plan?.controlPoints;
  if (!cps) return [0, 1].map(() => ({ plan: null, lat: '', lng: '' }));
  return cps.map((cp) => ({ plan: cp.plan, lat: String(cp.geo.lat), lng: String(cp.geo.lng) }));
}

/** The two control points, or null while one is incomplete or out of range. */
export function controlPointsOf(slots: Slot[]): [ControlPoint, ControlPoint] | null {
  const cps: ControlPoint[] = [];
  for (const s of slots) {
    const lat = Number(s.lat.trim());
    const lng = Number(s.lng.trim());
    if (!s.plan || !s.lat.trim() || !s.lng.trim() || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
    cps.push({ plan: s.plan, geo: { lat, lng } });
  }
  return cps.length === 2 ? [cps[0]!, cps[1]!] : null;
}

export const ControlPoints: Component<{
  plan: PlanState;
  slots: Slot[];
  setSlots: (s: Slot[]) => void;
  active: number;
  setActive: (i: number) => void;
  onSaved: () => void;
}> = (props) => {
  const [error, setError] = createSignal<string | null>(null);
  const [locating, setLocating] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);

  const update = (i: number, patch: Partial<Slot>) => props.setSlots(props.slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  const here = async (i: number) => {
    setError(null);
    setLocating(i);
    const fix = await deviceLocation();
    setLocating(null);
    if (!fix) return setError(tp('plan.cp.noFix'));
    update(i, { lat: fix.lat.toFixed(7), lng: fix.lng.toFixed(7) });
  };

  const save = async () => {
    const m = membershipFor(props.plan.work);
    const cps = controlPointsOf(props.slots);
    if (!m) return;
    if (!cps) return setError(tp('plan.cp.incomplete'));
    if (!georeference(cps[0], cps[1])) return setError(tp('plan.cp.same'));
    setError(null);
    setBusy(true);
    try {
      await recordOp(appDevice(), m, { kind: 'plan.georef', entity: 'plan', entityId: props.plan.id, payload: { controlPoints: cps } });
      props.onSaved();
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="form panel">
      <p class="hint">{tp('plan.cp.intro')}</p>
      <p role="status" class="muted">
        {tp('plan.cp.picking', { n: props.active + 1 })}
      </p>
      <Index each={props.slots}>
        {(slot, i) => (
          <fieldset class="field" aria-label={tp('plan.cp.n', { n: i + 1 })}>
            <legend class="label">{tp('plan.cp.n', { n: i + 1 })}</legend>
            <p class="small">{slot().plan ? tp('plan.cp.at', { x: Math.round(slot().plan!.x), y: Math.round(slot().plan!.y) }) : tp('plan.cp.notYet')}</p>
            <button type="button" class="btn" aria-pressed={props.active === i} onClick={() => props.setActive(i)}>
              {tp('plan.cp.pick')}
            </button>
            <div class="cp-grid">
              <label class="field">
                <span class="label">{tp('plan.cp.lat')}</span>
                <input inputmode="decimal" value={slot().lat} onInput={(e) => update(i, { lat: e.currentTarget.value })} />
              </label>
              <label class="field">
                <span class="label">{tp('plan.cp.lng')}</span>
                <input inputmode="decimal" value={slot().lng} onInput={(e) => update(i, { lng: e.currentTarget.value })} />
              </label>
            </div>
            <button type="button" class="btn" disabled={locating() !== null} onClick={() => void here(i)}>
              {locating() === i ? tp('plan.cp.locating') : tp('plan.cp.here')}
            </button>
          </fieldset>
        )}
      </Index>
      <button type="button" class="btn primary big" disabled={busy()} onClick={() => void save()}>
        {tp('plan.cp.save')}
      </button>
      <Show when={error()}>
        <ErrorAlert message={error()} />
      </Show>
    </div>
  );
};
