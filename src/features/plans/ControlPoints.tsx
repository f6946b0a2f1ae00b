/**
 * Pin a plan to GPS: two spots tapped on the plan, each with its GPS
 * position (the phone's, standing on the spot, or typed). Saved as a
 * plan.georef op, refused here already when the spots cannot define a
 * transform (the same rules the server applies).
 */
import { type Component, Index, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { type ControlPoint, type PlanPixel, type PlanState, georeference } from '../../core';
import { tp } from './messages';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { deviceLocation } from '../../media/location';
import { CoordinateFields, type TypedCoordinates, emptyCoordinates, farFromPhoneWarning, typedToWgs84 } from '../../ui/CoordinateFields';

/** A control point being set: its spot on the plan and its position as typed (in the system it came from). */
export interface Slot {
  plan: PlanPixel | null;
  coords: TypedCoordinates;
}

export function slotsOf(plan: PlanState | undefined): Slot[] {
  const cps = plan?.controlPoints;
  if (!cps) return [0, 1].map(() => ({ plan: null, coords: emptyCoordinates() }));
  // Stored positions are WGS-84.
  return cps.map((cp) => ({ plan: cp.plan, coords: { lat: String(cp.geo.lat), lng: String(cp.geo.lng), system: 'wgs84' } }));
}

/** The two control points in WGS-84, or null while one is incomplete or out of range. */
export function controlPointsOf(slots: Slot[]): [ControlPoint, ControlPoint] | null {
  const cps: ControlPoint[] = [];
  for (const s of slots) {
    const geo = typedToWgs84(s.coords);
    if (!s.plan || !geo) return null;
    cps.push({ plan: s.plan, geo });
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
  // Typed positions far from the phone are saved on the second tap only (the first one warns).
  const [farWarned, setFarWarned] = createSignal(false);

  const update = (i: number, patch: Partial<Slot>) => {
    setFarWarned(false);
    props.setSlots(props.slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  };

  const here = async (i: number) => {
    setError(null);
    setLocating(i);
    const fix = await deviceLocation();
    setLocating(null);
    if (!fix) return setError(tp('plan.cp.noFix'));
    update(i, { coords: { lat: fix.lat.toFixed(7), lng: fix.lng.toFixed(7), system: 'wgs84' } });
  };

  const save = async () => {
    const m = membershipFor(props.plan.work);
    const cps = controlPointsOf(props.slots);
    if (!m) return;
    if (!cps) return setError(tp('plan.cp.incomplete'));
    if (!georeference(cps[0], cps[1])) return setError(tp('plan.cp.same'));
    if (!farWarned()) {
      // One check is enough: the two spots of a plan lie within a compound of each other.
      const far = await farFromPhoneWarning(cps[0].geo);
      if (far) {
        setFarWarned(true);
        return setError(far);
      }
    }
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
            <CoordinateFields value={slot().coords} onChange={(coords) => update(i, { coords })} />
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
