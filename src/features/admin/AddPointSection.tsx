/**
 * Staff add a point: a name, and a position from "use my current position" or
 * typed latitude/longitude. Saved through the outbox (works offline).
 * Placing a point on a site plan is the site-plan feature's.
 */
import { type Component, Show, createSignal } from 'solid-js';
import { appDevice, membershipFor } from '../../app-state';
import { ta } from './messages';
import { newId } from '../../lib/ids';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { deviceLocation } from '../../media/location';

/** A typed coordinate: empty (none), or a number within ±limit. */
function coordinate(text: string, limit: number): number | null | undefined {
  if (!text.trim()) return null;
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

export const AddPointSection: Component<{ work: string }> = (props) => {
  const [name, setName] = createSignal('');
  const [lat, setLat] = createSignal('');
  const [lng, setLng] = createSignal('');
  const [locating, setLocating] = createSignal(false);
  const [note, setNote] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  const locate = async () => {
    setLocating(true);
    setError(null);
    const here = await deviceLocation();
    setLocating(false);
    if (!here) return setError(ta('point.error.noPosition'));
    setLat(here.lat.toFixed(6));
    setLng(here.lng.toFixed(6));
    setNote(ta('point.located', { m: here.accuracy ?? '?' }));
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const member = membershipFor(props.work);
    if (!member) return;
    const la = coordinate(lat(), 90);
    const ln = coordinate(lng(), 180);
    if (!name().trim()) return setError(ta('point.error.name'));
    if (la === undefined || ln === undefined || (la === null) !== (ln === null)) return setError(ta('point.error.coords'));
    setError(null);
    try {
      await recordOp(appDevice(), member, { kind: 'point.create', entity: 'point', entityId: newId(), payload: { name: name().trim(), lat: la, lng: ln } });
      setNote(ta('point.added', { name: name().trim() }));
      setName('');
      setLat('');
      setLng('');
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
        <div class="row2">
          <label class="field">
            <span class="label">{ta('point.lat')}</span>
            <input name="lat" inputmode="decimal" value={lat()} onInput={(e) => setLat(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="label">{ta('point.lng')}</span>
            <input name="lng" inputmode="decimal" value={lng()} onInput={(e) => setLng(e.currentTarget.value)} />
          </label>
        </div>
        <p class="hint">{ta('point.planHint')}</p>
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
