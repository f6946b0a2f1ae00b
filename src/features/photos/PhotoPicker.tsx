/** Photos gathered for a form that saves them later (e.g. with a new complaint): pick, preview, remove. */
import { type Component, For, Show, createSignal, onCleanup } from 'solid-js';
import { t } from './messages';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { photoErrorText } from '../../media/photo-error';
import { type PickedPhoto, pickPhoto } from '../../media/pick-photo';

export interface PickerItem {
  picked: PickedPhoto;
  preview: string;
}

export const PhotoPicker: Component<{ items: PickerItem[]; onChange: (items: PickerItem[]) => void }> = (props) => {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  onCleanup(() => props.items.forEach((i) => URL.revokeObjectURL(i.preview)));

  const choose = async (input: HTMLInputElement, fromCamera: boolean) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const picked = await pickPhoto(file, fromCamera);
      props.onChange([...props.items, { picked, preview: URL.createObjectURL(new Blob([picked.photo.thumb], { type: 'image/jpeg' })) }]);
    } catch (err) {
      setError(photoErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = (item: PickerItem) => {
    URL.revokeObjectURL(item.preview);
    props.onChange(props.items.filter((i) => i !== item));
  };

  return (
    <div class="field">
      <span class="label">{t('issue.photos')}</span>
      <Show when={props.items.length > 0}>
        <ul class="picked">
          <For each={props.items}>
            {(item, i) => (
              <li>
                <img class="thumb" src={item.preview} alt={t('issue.photoN', { n: i() + 1 })} />
                <button type="button" class="btn" onClick={() => remove(item)}>
                  {t('issue.removePhoto', { n: i() + 1 })}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="actions">
        <label class="btn">
          📷 {t('photo.take')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={busy()}
            onChange={(e) => void choose(e.currentTarget, true)}
          />
        </label>
        <label class="btn">
          🖼 {t('photo.pick')}
          <input class="visually-hidden" type="file" accept="image/*" disabled={busy()} onChange={(e) => void choose(e.currentTarget, false)} />
        </label>
      </div>
      <Show when={busy()}>
        <p role="status">{t('photo.preparing')}</p>
      </Show>
      <ErrorAlert message={error()} />
    </div>
  );
};
