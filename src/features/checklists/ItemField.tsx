/**
 * One checklist item to answer: big pass / fail / N/A buttons, a
 * number with its unit and range, a choice, text, photos; a note on demand.
 * Every change is saved at once as an op (works offline).
 */
import { type Component, type JSX, Show, createMemo, createSignal } from 'solid-js';
import { type Answer, CHECK_VALUES, type CheckValue, type Item, answerProblem } from '../../core';
import { photoErrorText } from '../../media/photo-error';
import { type PickedPhoto, pickPhoto } from '../../media/pick-photo';
import { askCompass } from '../../media/heading';
import { type RecordedVoice, VoiceAudio, VoiceRecorder } from '../photos';
import { AnswerPhotos } from './AnswerPhotos';
import { EMPTY_ANSWER } from './data';
import { type ChecklistKey, t, tc } from './messages';

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
  /** `voice`: a recording to attach, or null to take the answer's recording away. */
  onSave: (patch: Partial<Answer>, photo?: PickedPhoto, voice?: RecordedVoice | null) => Promise<void>;
}> = (props) => {
  // A field's item never changes (another template version renders other fields): it is read once and rendered
  // without bindings. A big checklist opens 300 fields, and each binding is work and memory on a cheap phone.
  const item = props.item;
  const { label, hint } = item;
  const fieldId = `item-${item.id}`;
  const hintId = `hint-${item.id}`;
  const radioName = `v-${item.id}`;
  const a = () => props.answer ?? EMPTY_ANSWER;
  const [noteOpen, setNoteOpen] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const saveValue = async (value: Answer['value']) => {
    setError(null);
    await props.onSave({ value });
  };

  const saveNumber = async (raw: string) => {
    if (item.kind !== 'number') return;
    if (raw.trim() === '') return saveValue(null);
    const n = Number(raw);
    const problem = Number.isFinite(n) ? answerProblem(item, { ...a(), value: n }) : 'nan';
    if (problem) {
      setError(`${label}：${tc('cl.range', { min: item.min, max: item.max, unit: item.unit })}`);
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

  // What the inputs show, as memos: they change only when the stored value does, so a save of another item
  // (which re-reads the inspection) never overwrites what is being typed here.
  const shownText = (pick: (value: Answer['value']) => string) => createMemo(() => pick(a().value));

  /** The control that takes the item's value, by kind (a photo item takes photos only). */
  const valueControl = (): JSX.Element => {
    switch (item.kind) {
      case 'check':
        return (
          <div class="choices three" role="radiogroup" aria-label={label}>
            {CHECK_VALUES.map((v) => (
              <label class={`choice check-${v}`}>
                <input type="radio" name={radioName} checked={a().value === v} onChange={() => void saveValue(v)} />
                <span>{tc(CHECK_LABEL[v])}</span>
              </label>
            ))}
          </div>
        );
      case 'choice':
        return (
          <div class="choices" role="radiogroup" aria-label={label}>
            {item.options.map(({ id, label: optionLabel }) => (
              <label class="choice">
                <input type="radio" name={radioName} checked={a().value === id} onChange={() => void saveValue(id)} />
                <span>{optionLabel}</span>
              </label>
            ))}
          </div>
        );
      case 'number': {
        const numberText = shownText((v) => (typeof v === 'number' ? String(v) : ''));
        const passRange = passRangeText(item);
        return (
          <label class="field">
            <span>{tc('cl.value', { unit: item.unit })}</span>
            <input type="number" inputmode="decimal" step="any" value={numberText()} onChange={(e) => void saveNumber(e.currentTarget.value)} />
            <span class="hint">
              {tc('cl.range', { min: item.min, max: item.max, unit: item.unit })}
              {passRange ? ` · ${tc('cl.passRange', { range: passRange })}` : ''}
            </span>
          </label>
        );
      }
      case 'text': {
        const textValue = shownText((v) => (typeof v === 'string' ? v : ''));
        return (
          <label class="field">
            <span>{tc('cl.text')}</span>
            <textarea rows="2" maxlength="2000" value={textValue()} onChange={(e) => void saveValue(e.currentTarget.value.trim() || null)} />
          </label>
        );
      }
      case 'photo':
        return null;
    }
  };

  const noteField = () => {
    const note = createMemo(() => a().note);
    return (
      <label class="field">
        <span>{tc('cl.note')}</span>
        <textarea rows="2" maxlength="1000" value={note()} onChange={(e) => void props.onSave({ note: e.currentTarget.value.trim() })} />
      </label>
    );
  };

  // Built once, here: JSX naming only these constants has no bindings of its own.
  const requiredMark = item.required ? <span class="req"> *{tc('cl.required')}</span> : null;
  const hintText = hint ? (
    <p class="hint" id={hintId}>
      {hint}
    </p>
  ) : null;
  const raisesText = item.raisesIssue ? <p class="hint raises">⚑ {tc('cl.raises')}</p> : null;
  const control = valueControl();
  const describedBy = hint ? hintId : undefined;

  return (
    <fieldset class="cl-item" classList={{ failed: props.failed }} id={fieldId} aria-describedby={describedBy}>
      <legend class="label">
        {label}
        {requiredMark}
      </legend>
      {hintText}
      {raisesText}
      {control}
      <Show when={item.kind === 'photo' || a().photos.length > 0 || noteOpen()}>
        <div class="field">
          {item.kind === 'photo' ? (
            <span>
              {/* An optional photo item says so: "at least 2" alone reads as a demand the submit does not make. */}
              {tc(item.required ? 'cl.photos' : 'cl.photosOptional', { n: item.minPhotos })} · {tc('cl.photoCount', { n: a().photos.length })}
            </span>
          ) : null}
          {/* Only items holding photos read them: 300 live queries, one per item, slowed every answer. */}
          <Show when={a().photos.length > 0}>
            <AnswerPhotos ids={a().photos} work={props.work} itemLabel={label} />
          </Show>
          <Show when={props.canPhoto} fallback={item.kind === 'photo' ? <p class="hint">{tc('cl.noPointForPhoto')}</p> : null}>
            <div class="actions">
              <label class="btn">
                📷 {t('photo.take')}
                <input
                  class="visually-hidden"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  aria-label={`${label} · ${t('photo.take')}`}
                  disabled={busy()}
                  onClick={askCompass}
                  onChange={(e) => void addPhoto(e.currentTarget, true)}
                />
              </label>
              <label class="btn">
                🖼 {t('photo.pick')}
                <input
                  class="visually-hidden"
                  type="file"
                  accept="image/*"
                  aria-label={`${label} · ${t('photo.pick')}`}
                  disabled={busy()}
                  onChange={(e) => void addPhoto(e.currentTarget, false)}
                />
              </label>
            </div>
          </Show>
          <Show when={busy()}>
            <p role="status">{t('photo.preparing')}</p>
          </Show>
        </div>
      </Show>
      <Show
        when={noteOpen() || a().note || a().photos.length > 0 || a().voice}
        fallback={
          <button type="button" class="btn small-btn" onClick={() => setNoteOpen(true)}>
            ＋ {tc('cl.more')}
          </button>
        }
      >
        {noteField()}
        {/* Said rather than typed: saved with the answer as soon as it is recorded, like every other change here. */}
        <Show when={a().voice} fallback={<VoiceRecorder value={null} onChange={(rec) => rec && void props.onSave({}, undefined, rec)} onError={setError} />}>
          {(v) => (
            <p class="voice-ready">
              <VoiceAudio note={v()} work={props.work} />
              <button type="button" class="btn" aria-label={`${label} · ${tc('cl.voiceDelete')}`} onClick={() => void props.onSave({}, undefined, null)}>
                {tc('cl.voiceDelete')}
              </button>
            </p>
          )}
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </fieldset>
  );
};
