/**
 * Staff add a point: a name, and a position from "use my current position" or
 * typed latitude/longitude. Saved through the outbox (works offline).
 * Placing a point on a site plan is the site-plan feature's.
 */
import { A } from '@solidjs/router';
import { type Component, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { ta } from './messages';
import { newId } from '../../lib/ids';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { deviceLocation } from '../../media/location';
import { CoordinateFields, emptyCoordinates, farFromPhoneWarning, typedToWgs84 } from '../../ui/CoordinateFields';

export const AddPointSection: Component<{ work: string }> = (props) => {
  const [name, setName] = createSignal('');
  const [coords, setCoords] = createSignal(emptyCoordinates());
  // A typed position far from the phone is saved on the second tap only (the first one warns).
  const [farWarned, setFarWarned] = createSignal<string | null>(null);
  const [locating, setLocating] = createSignal(false);
  const [note, setNote] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  const locate = async () => {
    setLocating(true);
    setError(null);
    const here = await deviceLocation();
    setLocating(false);
    if (!here) return setError(ta('point.error.noPosition'));
    setCoords({ lat: here.lat.toFixed(6), lng: here.lng.toFixed(6), system: 'wgs84' });
    setFarWarned(null);
    setNote(ta('point.located', { m: here.accuracy ?? '?' }));
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const member = membershipFor(props.work);
    if (!member) return;
    const wgs = typedToWgs84(coords());
    if (!name().trim()) return setError(ta('point.error.name'));
    if (wgs === undefined) return setError(ta('point.error.coords'));
    if (wgs && !farWarned()) {
      const far = await farFromPhoneWarning(wgs);
      if (far) {
        setFarWarned(far);
        return setError(far);
      }
    }
    setError(null);
    try {
      await recordOp(appDevice(), member, {
        kind: 'point.create',
        entity: 'point',
        entityId: newId(),
        payload: { name: name().trim(), lat: wgs?.lat ?? null, lng: wgs?.lng ?? null },
      });
      setNote(ta('point.added', { name: name().trim() }));
      setName('');
      setCoords(emptyCoordinates());
      setFarWarned(null);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  return (
    <section aria-labelledby="add-point-h">
      <h2 id="add-point-h">{ta('point.addTitle')}</h2>
      <form class="form" onSubmit={submit} novalidate>
        <label class="field">
          <span class="label">{ta('point.name')}</span>
          <input name="pointName" maxlength="80" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
          <span class="hint">{ta('point.nameHint')}</span>
        </label>
        <button type="button" class="btn" disabled={locating()} onClick={() => void locate()}>
          {locating() ? ta('point.locating') : ta('point.useMyPosition')}
        </button>
        <CoordinateFields
          value={coords()}
          names={{ lat: 'lat', lng: 'lng' }}
          onChange={(c) => {
            setCoords(c);
            setFarWarned(null);
          }}
        />
        <p class="hint">
          {ta('point.planHint')} <A href={`/w/${props.work}/plans`}>{ta('point.planLink')}</A>
        </p>
        <ErrorAlert message={error()} />
        <Show when={note()}>
          <p class="flash" role="status">
            {note()}
          </p>
        </Show>
        <button type="submit" class="btn primary">
          {ta('point.add')}
        </button>
      </form>
    </section>
  );
};
