/**
 * A photo full screen: pinch to zoom, swipe (or the buttons) to the next photo of the same issue or
 * point, with its phase, time, author and where its position came from. Checking a fix on a 112 px
 * thumbnail is not possible; here the display copy fills the phone's screen.
 *
 * Which photo is open lives in the history entry's state, not in the page: opening pushes an entry,
 * so the phone's back gesture closes the viewer instead of leaving the page, and a reload keeps it.
 */
import { useLocation, useNavigate } from '@solidjs/router';
import { type Component, For, Show, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js';
import { Portal } from 'solid-js/web';
import { type PhotoState, isShown, photoTime, stampWall } from '../../core';
import { locationLabel } from '../../media/location-label';
import { liveMembers } from '../../ui/live';
import { authorLabel } from '../../ui/member-labels';
import { formatTime, t } from './messages';
import { AnnotatePhoto, mayAnnotate } from './AnnotatePhoto';
import { AnnotationLayer, annotationSummary } from './AnnotationLayer';
import { viewerHeadingLine } from './EvidencePhoto';
import { PhotoImage } from './PhotoThumb';
import { RetractPhoto } from './RetractPhoto';
import { NO_ZOOM, type Pt, type Zoom, ZOOM_MAX, ZOOM_MIN, pan, pinch, swipeDirection, zoomAbout } from './zoom';

type ViewerState = { photo?: string };

/** Opens photo `id` in the viewer of the group holding it (the page's <PhotoViewer>). */
export function useOpenPhoto(): (id: string) => void {
  const location = useLocation();
  const navigate = useNavigate();
  return (id) => navigate(location.pathname + location.search, { state: { photo: id } satisfies ViewerState, scroll: false });
}

/**
 * A thumbnail that opens its photo large: the image keeps its own name (tests and screen readers
 * find the photo as before), a button laid over it carries the action.
 */
export const PhotoThumbButton: Component<{ photo: PhotoState; alt: string; class?: string; full?: boolean; eager?: boolean }> = (props) => {
  return (
    <span class="photo-open-wrap">
      <PhotoImage
        class={props.class}
        hash={props.full ? props.photo.hash : props.photo.thumbHash}
        work={props.photo.work}
        alt={props.alt}
        eager={props.eager}
      />
      <PhotoOpenButton photo={props.photo} alt={props.alt} />
    </span>
  );
};

/** The invisible button laid over a photo (in a box that is `position: relative`) that opens it large. */
export const PhotoOpenButton: Component<{ photo: PhotoState; alt: string }> = (props) => {
  const open = useOpenPhoto();
  return (
    <button type="button" class="photo-open" aria-haspopup="dialog" aria-label={t('viewer.open', { alt: props.alt })} onClick={() => open(props.photo.id)} />
  );
};

/** The viewer of one group of photos (oldest first); shows when the history entry names one of them. */
export const PhotoViewer: Component<{ photos: readonly PhotoState[]; work: string }> = (props) => {
  const location = useLocation<ViewerState>();
  // A retracted photo is out of sight here too: its neighbours close ranks.
  const shown = createMemo(() => props.photos.filter(isShown));
  const index = () => {
    const id = location.state?.photo;
    return id ? shown().findIndex((p) => p.id === id) : -1;
  };
  return (
    <Show when={index() >= 0}>
      <Portal>
        <ViewerDialog photos={shown()} work={props.work} index={index()} />
      </Portal>
    </Show>
  );
};

const ViewerDialog: Component<{ photos: readonly PhotoState[]; work: string; index: number }> = (props) => {
  const navigate = useNavigate();
  const location = useLocation();
  const members = liveMembers(() => props.work);
  const photo = () => props.photos[props.index]!;
  const [zoom, setZoom] = createSignal<Zoom>(NO_ZOOM);
  const [drag, setDrag] = createSignal(0); // a swipe in progress, in px, at scale 1
  const [editing, setEditing] = createSignal(false);
  // The drawing shows on top by default; hiding it shows the photo as taken.
  const [showDrawing, setShowDrawing] = createSignal(true);
  let stage!: HTMLDivElement;
  let closeButton!: HTMLButtonElement;

  const go = (step: -1 | 1) => {
    const next = props.photos[props.index + step];
    if (next) navigate(location.pathname + location.search, { state: { photo: next.id } satisfies ViewerState, replace: true, scroll: false });
  };
  // Back to the entry the viewer was opened from: the same as the phone's back gesture.
  const close = () => navigate(-1);
  createEffect(on(photo, () => (setZoom(NO_ZOOM), setDrag(0), setEditing(false))));

  const size = () => ({ w: stage.clientWidth, h: stage.clientHeight });
  const zoomBy = (factor: number) => setZoom((z) => zoomAbout(z, factor, { x: 0, y: 0 }, size().w, size().h));

  // Touch, pen and mouse alike through pointer events; two pointers pinch, one pans or swipes.
  const pointers = new Map<number, Pt>();
  let gesture: { start: Zoom; points: Map<number, Pt> } | null = null;
  const fromCentre = (e: PointerEvent): Pt => {
    const r = stage.getBoundingClientRect();
    return { x: e.clientX - r.left - r.width / 2, y: e.clientY - r.top - r.height / 2 };
  };
  const restart = () => {
    gesture = pointers.size > 0 ? { start: zoom(), points: new Map(pointers) } : null;
  };
  const onDown = (e: PointerEvent) => {
    stage.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, fromCentre(e));
    setDrag(0);
    restart();
  };
  const onMove = (e: PointerEvent) => {
    if (!pointers.has(e.pointerId) || !gesture) return;
    pointers.set(e.pointerId, fromCentre(e));
    const { w, h } = size();
    const ids = [...gesture.points.keys()];
    if (ids.length >= 2) {
      const [a, b] = ids as [number, number];
      setZoom(
        pinch(
          gesture.start,
          gesture.points.get(a)!,
          gesture.points.get(b)!,
          pointers.get(a) ?? gesture.points.get(a)!,
          pointers.get(b) ?? gesture.points.get(b)!,
          w,
          h,
        ),
      );
      return;
    }
    const p0 = gesture.points.get(ids[0]!)!;
    const p1 = pointers.get(ids[0]!)!;
    if (gesture.start.scale > 1) setZoom(pan(gesture.start, p1.x - p0.x, p1.y - p0.y, w, h));
    else setDrag(p1.x - p0.x);
  };
  const onUp = (e: PointerEvent) => {
    const was = gesture;
    const p = pointers.get(e.pointerId);
    pointers.delete(e.pointerId);
    if (was && was.points.size === 1 && was.start.scale === 1 && p) {
      const p0 = was.points.get(e.pointerId);
      const dir = p0 ? swipeDirection(p.x - p0.x, p.y - p0.y) : 0;
      if (dir !== 0) go(dir);
    }
    setDrag(0);
    // A finger lifted from a pinch: the other one carries on panning from here, without a jump.
    restart();
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowLeft') go(-1);
    else if (e.key === 'ArrowRight') go(1);
    else return;
    e.preventDefault();
  };
  const opener = document.activeElement as HTMLElement | null;
  onMount(() => {
    document.addEventListener('keydown', onKey);
    document.body.classList.add('viewer-open');
    closeButton.focus();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.body.classList.remove('viewer-open');
    opener?.focus();
  });

  const author = () =>
    authorLabel(
      members().find((m) => m.id === photo().author),
      (r) => t(`role.${r}`),
    );
  const drawing = () => {
    const a = photo().annotation;
    return a && a.shapes.length > 0 ? a : undefined;
  };
  const drawnBy = (id: string) =>
    authorLabel(
      members().find((m) => m.id === id),
      (r) => t(`role.${r}`),
    );
  const title = () => t('viewer.title', { n: props.index + 1, total: props.photos.length });
  const transform = createMemo(() => {
    const z = zoom();
    return `translate(${z.x + drag()}px, ${z.y}px) scale(${z.scale})`;
  });

  return (
    <div class="viewer" role="dialog" aria-modal="true" aria-label={title()}>
      <div class="viewer-bar">
        <span class="viewer-count" aria-hidden="true">
          {props.index + 1} / {props.photos.length}
        </span>
        <button type="button" class="viewer-btn" ref={closeButton} aria-label={t('viewer.close')} onClick={close}>
          ✕
        </button>
      </div>
      <div class="viewer-stage" ref={stage} onPointerDown={onDown} onPointerMove={onMove} onPointerUp={onUp} onPointerCancel={onUp}>
        <div class="viewer-frame" style={{ transform: transform() }}>
          <PhotoImage class="viewer-img" hash={photo().hash} work={photo().work} alt={`${t(`phase.${photo().phase}`)} ${photo().caption}`.trim()} eager />
          <Show when={showDrawing() && drawing()}>
            {(a) => (
              <AnnotationLayer
                shapes={a().shapes}
                width={photo().width}
                height={photo().height}
                label={annotationSummary(a().shapes, (n, texts) => t('annotate.summary', { n, texts }))}
              />
            )}
          </Show>
        </div>
      </div>
      <div class="viewer-info">
        <p>
          <span class={`phase phase-${photo().phase}`}>{t(`phase.${photo().phase}`)}</span> {photo().caption}
        </p>
        <p class="small">
          {t('viewer.taken', { time: formatTime(photoTime(photo())) })} · {author()}
        </p>
        <p class="small">{locationLabel(photo().location)}</p>
        <p class="small">{viewerHeadingLine(photo().heading)}</p>
        <Show when={drawing()}>
          {(a) => (
            <p class="small viewer-drawing">
              <button type="button" class="viewer-btn text" aria-pressed={showDrawing()} onClick={() => setShowDrawing((v) => !v)}>
                {t('annotate.show')}
              </button>{' '}
              {t('annotate.by', { name: drawnBy(a().by), time: formatTime(stampWall(a().at)) })}
            </p>
          )}
        </Show>
        <div class="viewer-actions">
          <Show when={mayAnnotate(photo())}>
            <button type="button" class="viewer-btn text" onClick={() => setEditing(true)}>
              {t('annotate.open')}
            </button>
          </Show>
          <RetractPhoto photo={photo()} onRetracted={close} />
        </div>
      </div>
      <Show when={editing()}>
        <AnnotatePhoto photo={photo()} onDone={() => setEditing(false)} />
      </Show>
      <div class="viewer-bar">
        <button type="button" class="viewer-btn text" disabled={props.index === 0} onClick={() => go(-1)}>
          <span aria-hidden="true">‹ </span>
          {t('viewer.prev')}
        </button>
        <For each={[0.5, 2] as const}>
          {(f) => (
            <button
              type="button"
              class="viewer-btn"
              aria-label={t(f > 1 ? 'viewer.zoomIn' : 'viewer.zoomOut')}
              disabled={f > 1 ? zoom().scale >= ZOOM_MAX : zoom().scale <= ZOOM_MIN}
              onClick={() => zoomBy(f)}
            >
              {f > 1 ? '+' : '−'}
            </button>
          )}
        </For>
        <button type="button" class="viewer-btn text" disabled={props.index === props.photos.length - 1} onClick={() => go(1)}>
          {t('viewer.next')}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
    </div>
  );
};
