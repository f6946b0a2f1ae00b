/**
 * Staff upload a plan image of the work. It goes through the photo pipeline
 * (checked, scaled off the main thread, hashed), is stored on the device in
 * chunks with a plan.add op in one transaction, and uploads like a photo.
 */
import { type Component, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { tp } from './messages';
import { newId } from '../../lib/ids';
import { recordOps } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { photoErrorText } from '../../media/photo-error';
import { preparePhoto } from '../../media/prepare-photo';

export const AddPlan: Component<{ work: string; onSaved: (planId: string) => void }> = (props) => {
  const [name, setName] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const save = async (e: Event) => {
    e.preventDefault();
    const m = membershipFor(props.work);
    const f = file();
    if (!m) return;
    if (!name().trim()) return setError(tp('plan.needName'));
    if (!f) return setError(tp('plan.needFile'));
    setError(null);
    setBusy(true);
    try {
      let prepared;
      try {
        prepared = await preparePhoto(f);
      } catch (err) {
        setError(photoErrorText(err));
        return;
      }
      const id = newId();
      await recordOps(
        appDevice(),
        m,
        [
          {
            kind: 'plan.add',
            entity: 'plan',
            entityId: id,
            payload: {
              name: name().trim(),
              hash: prepared.hash,
              size: prepared.display.byteLength,
              width: prepared.width,
              height: prepared.height,
              controlPoints: null,
            },
          },
        ],
        [{ hash: prepared.hash, display: prepared.display }],
      );
      setName('');
      setFile(null);
      props.onSaved(id);
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form panel" onSubmit={(e) => void save(e)} aria-label={tp('plan.add')}>
      <h2>{tp('plan.add')}</h2>
      <label class="field">
        <span class="label">{tp('plan.name')}</span>
        <input maxlength="80" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span class="label">{tp('plan.file')}</span>
        <input type="file" accept="image/*" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <Show when={busy()}>
        <p role="status">{tp('plan.preparing')}</p>
      </Show>
      <button type="submit" class="btn primary big" disabled={busy()}>
        {tp('plan.add')}
      </button>
      <ErrorAlert message={error()} />
    </form>
  );
};
