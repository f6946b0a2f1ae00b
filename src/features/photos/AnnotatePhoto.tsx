/**
 * Draw on a photo with a finger: arrows and circles by dragging, a short text by typing it and tapping
 * where it goes; undo takes back the last mark. Saving records the whole layer as one photo.annotate op
 * (core says who may, and how much); the photo itself is never changed.
 */
import { type Component, For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { ANNOTATION_LIMITS, type AnnotationShape, type PhotoState } from '../../core';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { AnnotationLayer, annotationSummary } from './AnnotationLayer';
import { type UnitPt, containedBox, shapeFromDrag, toUnit } from './annotation-geometry';
import { t } from './messages';
import { PhotoImage } from './PhotoThumb';

type Tool = 'arrow' | 'circle' | 'text';
const TOOLS: readonly Tool[] = ['arrow', 'circle', 'text'];

/** Whether this device's member may draw on the photo (the server judges again). */
export function mayAnnotate(photo: PhotoState): boolean {
  const m = membershipFor(photo.work);
  return !!m && !photo.retracted && (m.role === 'staff' || m.memberId === photo.author);
}

export const AnnotatePhoto: Component<{ photo: PhotoState; onDone: () => void }> = (props) => {
  const [shapes, setShapes] = createSignal<AnnotationShape[]>([...(props.photo.annotation?.shapes ?? [])]);
  const [tool, setTool] = createSignal<Tool>('arrow');
  const [text, setText] = createSignal('');
  const [draft, setDraft] = createSignal<AnnotationShape | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  let stage!: HTMLDivElement;
  let start: { id: number; at: UnitPt } | null = null;

  const aspect = () => props.photo.width / props.photo.height;
  const full = () => shapes().length >= ANNOTATION_LIMITS.shapes;
  const pointAt = (e: PointerEvent) => toUnit(e.clientX, e.clientY, containedBox(stage.getBoundingClientRect(), props.photo.width, props.photo.height));

  const add = (s: AnnotationShape) => {
    if (full()) return setError(t('annotate.full', { max: ANNOTATION_LIMITS.shapes }));
    setError(null);
    setShapes((list) => [...list, s]);
  };
  const onDown = (e: PointerEvent) => {
    if (start) return; // one finger draws; a second one is ignored
    stage.setPointerCapture(e.pointerId);
    start = { id: e.pointerId, at: pointAt(e) };
  };
  const onMove = (e: PointerEvent) => {
    const t0 = tool();
    if (!start || start.id !== e.pointerId || t0 === 'text') return;
    setDraft(shapeFromDrag(t0, start.at, pointAt(e), aspect()));
  };
  const onUp = (e: PointerEvent) => {
    if (!start || start.id !== e.pointerId) return;
    const at = start.at;
    start = null;
    setDraft(null);
    const t0 = tool();
    if (t0 === 'text') {
      const words = text().trim();
      if (!words) return setError(t('annotate.needText'));
      add({ type: 'text', at, text: words });
      setText('');
      return;
    }
    const s = shapeFromDrag(t0, at, pointAt(e), aspect());
    if (s) add(s);
  };
  const onCancel = () => ((start = null), setDraft(null));

  const save = async () => {
    const m = membershipFor(props.photo.work);
    if (!m || saving()) return;
    setSaving(true);
    try {
      await recordOp(appDevice(), m, { kind: 'photo.annotate', entity: 'photo', entityId: props.photo.id, payload: { shapes: shapes() } });
      props.onDone();
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setSaving(false);
    }
  };

  // Keys belong to the drawing while it is open (arrows move the caret, not the viewer to another
  // photo); Escape leaves the drawing, not the viewer under it.
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') props.onDone();
  };
  let first!: HTMLButtonElement;
  onMount(() => (window.addEventListener('keydown', onKey, true), first.focus()));
  onCleanup(() => window.removeEventListener('keydown', onKey, true));

  const shown = () => {
    const d = draft();
    return d ? [...shapes(), d] : shapes();
  };

  return (
    <div class="annotate" role="dialog" aria-modal="true" aria-label={t('annotate.title')}>
      <div class="annotate-tools" role="group" aria-label={t('annotate.tools')}>
        <For each={TOOLS}>
          {(k, i) => (
            <button
              type="button"
              class="viewer-btn text"
              ref={(el) => i() === 0 && (first = el)}
              aria-pressed={tool() === k}
              onClick={() => (setTool(k), setError(null))}
            >
              {t(`annotate.${k}`)}
            </button>
          )}
        </For>
        <span class="annotate-count">{t('annotate.count', { n: shapes().length, max: ANNOTATION_LIMITS.shapes })}</span>
      </div>
      <Show when={tool() === 'text'}>
        <label class="field annotate-text">
          <span class="label">{t('annotate.textLabel', { max: ANNOTATION_LIMITS.text })}</span>
          <input type="text" maxLength={ANNOTATION_LIMITS.text} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
      </Show>
      <div
        class="annotate-stage"
        ref={stage}
        role="application"
        aria-label={t('annotate.canvas')}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onPointerCancel={onCancel}
      >
        <PhotoImage class="viewer-img" hash={props.photo.hash} work={props.photo.work} alt={t('annotate.photo')} eager />
        <AnnotationLayer
          shapes={shown()}
          width={props.photo.width}
          height={props.photo.height}
          label={annotationSummary(shown(), (n, texts) => t('annotate.summary', { n, texts }))}
        />
      </div>
      <ErrorAlert message={error()} />
      <div class="viewer-bar">
        <button type="button" class="viewer-btn text" disabled={shapes().length === 0} onClick={() => (setShapes((l) => l.slice(0, -1)), setError(null))}>
          {t('annotate.undo')}
        </button>
        <button type="button" class="viewer-btn text" onClick={() => props.onDone()}>
          {t('photo.cancel')}
        </button>
        <button type="button" class="viewer-btn text" disabled={saving()} onClick={() => void save()}>
          {t('annotate.save')}
        </button>
      </div>
    </div>
  );
};
