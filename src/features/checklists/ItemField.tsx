/**
 * One checklist item to answer (issue #5): big pass / fail / N/A buttons, a
 * number with its unit and range, a choice, text, photos; a note on demand.
 * Every change is saved at once as an op (works offline).
 */
import { type Component, For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import { type Answer, CHECK_VALUES, type CheckValue, type Item, answerProblem } from '../../core';
import { type MessageKey, t } from '../../i18n';
import { photoErrorText } from '../photos/photo-error';
import { type PickedPhoto, pickPhoto } from '../photos/pick-photo';
import { AnswerPhotos } from './AnswerPhotos';
import { EMPTY_ANSWER } from './data';
import { type ChecklistKey, tc } from './messages';

const CHECK_LABEL: Record<CheckValue, ChecklistKey> = { pass: 'cl.pass', fail: 'cl.fail', na: 'cl.na' };

/** "≥ 0.7 m", "≤ 20", "0.7–1.5 m": the pass range of a number item, or null. */
export function passRangeText(item: Item): string | null {
  if (item.kind !== 'number' || (item.passMin == null && item.passMax == null)) return null;
  const u = item.unit ? ` ${item.unit}` : '';
  if (item.passMin != null && item.passMax != null) return `${item.passMin}–${item.passMax}${u}`;
  return item.passMin != null ? `≥ ${item.passMin}${u}` : `≤ ${item.passMax}${u}`;
}

export const ItemField: Component<{
  item: Item;
  answer: Answer | undefined;
  work: string;
  /** Photos need a point to belong to; without one the photo buttons are off. */
  canPhoto: boolean;
  failed: boolean;
  onSave: (patch: Partial<Answer>, photo?: PickedPhoto) => Promise<void>;
}> = (props) => {
  const a = () => props.answer ?? EMPTY_ANSWER;
  // What the inputs show, as memos: they change only when the stored value does, so a save of another item
  // (which re-reads the inspection) never overwrites what is being typed here.
  const numberText = createMemo(() => (typeof a().value === 'number' ? String(a().value) : ''));
  const textValue = createMemo(() => (typeof a().value === 'string' ? (a().value as string) : ''));
  const note = createMemo(() => a().note);
  const [noteOpen, setNoteOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const hintId = () => `hint-${props.item.id}`;

  const saveValue = async (value: Answer['value']) => {
    setError(null);
    await props.onSave({ value });
  };

  const saveNumber = async (raw: string) => {
    const item = props.item;
    if (item.kind !== 'number') return;
    if (raw.trim() === '') return saveValue(null);
    const n = Number(raw);
    const problem = Number.isFinite(n) ? answerProblem(item, { ...a(), value: n }) : 'nan';
    if (problem) {
      setError(`${item.label}：${tc('cl.range', { min: item.min, max: item.max, unit: item.unit })}`);
      return;
    }
    await saveValue(n);
  };

  const addPhoto = async (input: HTMLInputElement, fromCamera: boolean) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      await props.onSave({}, await pickPhoto(file, fromCamera));
    } catch (err) {
      setError(photoErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset class="cl-item" classList={{ failed: props.failed }} id={`item-${props.item.id}`} aria-describedby={props.item.hint ? hintId() : undefined}>
      <legend class="label">
        {props.item.label}
        <Show when={props.item.required}>
          <span class="req"> *{tc('cl.required')}</span>
        </Show>
      </legend>
      <Show when={props.item.hint}>
        <p class="hint" id={hintId()}>
          {props.item.hint}
        </p>
      </Show>
      <Show when={props.item.raisesIssue}>
        <p class="hint raises">⚑ {tc('cl.raises')}</p>
      </Show>
      <Switch>
        <Match when={props.item.kind === 'check'}>
          <div class="choices three" role="radiogroup" aria-label={props.item.label}>
            <For each={CHECK_VALUES}>
              {(v) => (
                <label class={`choice check-${v}`}>
                  <input type="radio" name={`v-${props.item.id}`} checked={a().value === v} onChange={() => void saveValue(v)} />
                  <span>{tc(CHECK_LABEL[v])}</span>
                </label>
              )}
            </For>
          </div>
        </Match>
        <Match when={props.item.kind === 'choice' && props.item}>
          {(item) => (
            <div class="choices" role="radiogroup" aria-label={props.item.label}>
              <For each={(item() as Extract<Item, { kind: 'choice' }>).options}>
                {(o) => (
                  <label class="choice">
                    <input type="radio" name={`v-${props.item.id}`} checked={a().value === o.id} onChange={() => void saveValue(o.id)} />
                    <span>{o.label}</span>
                  </label>
                )}
              </For>
            </div>
          )}
        </Match>
        <Match when={props.item.kind === 'number' && (props.item as Extract<Item, { kind: 'number' }>)}>
          {(item) => (
            <label class="field">
              <span>{tc('cl.value', { unit: item().unit })}</span>
              <input
                type="number"
                inputmode="decimal"
                step="any"
                value={numberText()}
                onChange={(e) => void saveNumber(e.currentTarget.value)}
              />
              <span class="hint">
                {tc('cl.range', { min: item().min, max: item().max, unit: item().unit })}
                {passRangeText(item()) ? ` · ${tc('cl.passRange', { range: passRangeText(item())! })}` : ''}
              </span>
            </label>
          )}
        </Match>
        <Match when={props.item.kind === 'text'}>
          <label class="field">
            <span>{tc('cl.text')}</span>
            <textarea rows="2" maxlength="2000" value={textValue()} onChange={(e) => void saveValue(e.currentTarget.value.trim() || null)} />
          </label>
        </Match>
      </Switch>
      <Show when={props.item.kind === 'photo' || a().photos.length > 0 || noteOpen()}>
        <div class="field">
          <Show when={props.item.kind === 'photo'}>
            <span>
              {tc('cl.photos', { n: (props.item as Extract<Item, { kind: 'photo' }>).minPhotos })} · {tc('cl.photoCount', { n: a().photos.length })}
            </span>
          </Show>
          {/* Only items holding photos read them: 300 live queries, one per item, slowed every answer. */}
          <Show when={a().photos.length > 0}>
            <AnswerPhotos ids={a().photos} work={props.work} itemLabel={props.item.label} />
          </Show>
          <Show when={props.canPhoto} fallback={<Show when={props.item.kind === 'photo'}><p class="hint">{tc('cl.noPointForPhoto')}</p></Show>}>
            <div class="actions">
              <label class="btn">
                📷 {t('photo.take')}
                <input class="visually-hidden" type="file" accept="image/*" capture="environment" aria-label={`${props.item.label} · ${t('photo.take')}`} disabled={busy()} onChange={(e) => void addPhoto(e.currentTarget, true)} />
              </label>
              <label class="btn">
                🖼 {t('photo.pick')}
                <input class="visually-hidden" type="file" accept="image/*" aria-label={`${props.item.label} · ${t('photo.pick')}`} disabled={busy()} onChange={(e) => void addPhoto(e.currentTarget, false)} />
              </label>
            </div>
          </Show>
          <Show when={busy()}>
            <p role="status">{t('photo.preparing')}</p>
          </Show>
        </div>
      </Show>
      <Show
        when={noteOpen() || a().note || a().photos.length > 0}
        fallback={
          <button type="button" class="btn small-btn" onClick={() => setNoteOpen(true)}>
            ＋ {tc('cl.more')}
          </button>
        }
      >
        <label class="field">
          <span>{tc('cl.note')}</span>
          <textarea rows="2" maxlength="1000" value={note()} onChange={(e) => void props.onSave({ note: e.currentTarget.value.trim() })} />
        </label>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </fieldset>
  );
};
