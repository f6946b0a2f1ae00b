/**
 * Photos gathered for a form that saves them later (e.g. with a new complaint): pick (several at once from
 * the gallery), preview, remove; with `phase`, the person says which stage of the work they show.
 */
import { type Component, For, Show, createEffect, createSignal, createUniqueId, onCleanup } from 'solid-js';
import { PHASES, type Phase } from '../../core';
import { t } from './messages';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { photoErrorText } from '../../media/photo-error';
import { type PickedPhoto, pickPhoto } from '../../media/pick-photo';
import { askCompass } from '../../media/heading';

export interface PickerItem {
  picked: PickedPhoto;
  preview: string;
}

/** How many photos one pick from the gallery takes: each is shrunk on the phone, one after another. */
export const PICK_AT_ONCE = 12;

export const PhotoPicker: Component<{
  items: PickerItem[];
  onChange: (items: PickerItem[]) => void;
  /** The field's name where photos are required (the fix's proof): the default says they are optional. */
  label?: string;
  /** Set when the form was sent without the photos it needs: the field takes the focus and says so. */
  missing?: string | null;
  /** The stage the photos show, chosen by the person (absent: the form decides, e.g. a fix is "after"). */
  phase?: Phase;
  onPhase?: (phase: Phase) => void;
}> = (props) => {
  const [busy, setBusy] = createSignal<{ done: number; total: number } | null>(null);
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
    const all = [...(input.files ?? [])];
    input.value = '';
    if (all.length === 0) return;
    const files = all.slice(0, PICK_AT_ONCE);
    setError(null);
    // One at a time, each added as soon as it is ready: a photo that cannot be used does not stop the others.
    let failed: unknown = null;
    let items = props.items;
    for (const [i, file] of files.entries()) {
      setBusy({ done: i, total: files.length });
      try {
        const picked = await pickPhoto(file, fromCamera);
        items = [...items, { picked, preview: URL.createObjectURL(new Blob([picked.photo.thumb], { type: 'image/jpeg' })) }];
        props.onChange(items);
      } catch (err) {
        failed ??= err;
      }
    }
    setBusy(null);
    const notes = [failed ? photoErrorText(failed) : null, all.length > files.length ? t('photo.pickedAtMost', { n: PICK_AT_ONCE }) : null];
    setError(notes.filter(Boolean).join(' ') || null);
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
      <Show when={props.phase && props.onPhase && props.items.length > 0}>
        <fieldset class="choices three">
          <legend class="label">{t('phase.label')}</legend>
          <For each={PHASES}>
            {(ph) => (
              <label class="choice">
                <input type="radio" name="picked-phase" value={ph} checked={props.phase === ph} onChange={() => props.onPhase?.(ph)} />
                <span>{t(`phase.${ph}`)}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <div class="actions">
        <label class="btn">
          📷 {t('photo.take')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            disabled={busy() !== null}
            onClick={askCompass}
            onChange={(e) => void choose(e.currentTarget, true)}
          />
        </label>
        <label class="btn">
          🖼 {t('photo.pick')}
          <input
            class="visually-hidden"
            type="file"
            accept="image/*"
            multiple
            disabled={busy() !== null}
            onChange={(e) => void choose(e.currentTarget, false)}
          />
        </label>
      </div>
      <Show when={busy()}>
        {(b) => <p role="status">{b().total > 1 ? t('photo.preparingN', { n: b().done + 1, total: b().total }) : t('photo.preparing')}</p>}
      </Show>
      <ErrorAlert message={error()} />
    </div>
  );
};
