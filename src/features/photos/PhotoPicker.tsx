/** Photos gathered for a form that saves them later (e.g. with a new complaint): pick, preview, remove. */
import { type Component, For, Show, createEffect, createSignal, createUniqueId, onCleanup } from 'solid-js';
import { t } from './messages';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { photoErrorText } from '../../media/photo-error';
import { type PickedPhoto, pickPhoto } from '../../media/pick-photo';

export interface PickerItem {
  picked: PickedPhoto;
  preview: string;
}

export const PhotoPicker: Component<{
  items: PickerItem[];
  onChange: (items: PickerItem[]) => void;
  /** The field's name where photos are required (the fix's proof): the default says they are optional. */
  label?: string;
  /** Set when the form was sent without the photos it needs: the field takes the focus and says so. */
  missing?: string | null;
}> = (props) => {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  onCleanup(() => props.items.forEach((i) => URL.revokeObjectURL(i.preview)));
  const labelId = `photos-${createUniqueId()}`;
  let groupEl: HTMLDivElement | undefined;
  // Sent without the photos it needs: the person is taken to the field that says so.
  createEffect(() => {
    if (props.missing && groupEl) {
      groupEl.scrollIntoView({ block: 'center' });
      groupEl.focus();
    }
  });

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
    <div class="field" role="group" aria-labelledby={labelId} tabindex="-1" ref={(el) => (groupEl = el)}>
      <span class="label" id={labelId}>
        {props.label ?? t('issue.photos')}
      </span>
      <ErrorAlert message={props.missing ?? null} />
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
