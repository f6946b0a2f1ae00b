/**
 * Take a photo (camera) or pick one or several (gallery), see where each was
 * taken and how sure that is, choose the stage and save: all on the device,
 * offline. Several picked at once come one after another, each with its own
 * position (read from the file), keeping the stage chosen for the one before.
 */
import { type Component, For, Match, Show, Switch, createResource, createSignal, lazy, onCleanup } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { PHASES, type Phase, type PhotoTarget } from '../../core';
import { t } from './messages';
import { recordPhoto } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { CameraView } from './CameraView';
import type { PhotoLocation } from '../../media/location';
import { locationLabel, warnPoorAccuracy } from '../../media/location-label';
import { deviceSpace, ensurePersistent, nearlyFull } from './storage';
import { type PickedPhoto, photoRecord, pickPhoto } from '../../media/pick-photo';
import { askCompass } from '../../media/heading';
import { photoErrorText } from '../../media/photo-error';
import { liveHasPlan } from './queries';
import { PICK_AT_ONCE } from './PhotoPicker';

// Site plans: the plan (and Leaflet) load only when someone sets a position on it.
const PlanPicker = lazy(() => import('../plans').then((m) => ({ default: m.PlanPicker })));

type Step = { kind: 'idle' } | { kind: 'preparing' } | { kind: 'ready'; picked: PickedPhoto; preview: string };

export const AddPhoto: Component<{
  work: string;
  targetType: PhotoTarget;
  targetId: string;
  /** The display copy of the point's latest photo: offered as an overlay in the in-app camera. */
  previousHash?: string;
  defaultPhase?: Phase;
  onSaved?: () => void;
}> = (props) => {
  const [cameraOpen, setCameraOpen] = createSignal(false);
  const canOverlay = () => Boolean(props.previousHash) && typeof navigator.mediaDevices?.getUserMedia === 'function';
  const [step, setStep] = createSignal<Step>({ kind: 'idle' });
  const [location, setLocation] = createSignal<PhotoLocation | null>(null);
  const [locating, setLocating] = createSignal(false);
  const [phase, setPhase] = createSignal<Phase>(props.defaultPhase ?? 'before');
  const [caption, setCaption] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [saving, setSaving] = createSignal(false);
  const [planOpen, setPlanOpen] = createSignal(false);
  /** Photos picked together, after the one shown: each is prepared once the one before is saved or skipped. */
  const [queue, setQueue] = createSignal<File[]>([]);
  // Told before the camera opens, not after a photo failed to save.
  const [space] = createResource(deviceSpace);
  const hasPlan = liveHasPlan(() => props.work);

  const reset = () => {
    const s = step();
    if (s.kind === 'ready') URL.revokeObjectURL(s.preview);
    setStep({ kind: 'idle' });
    setCaption('');
    setLocation(null);
    setPlanOpen(false);
  };
  onCleanup(() => {
    setQueue([]);
    reset();
  });

  const choose = (input: HTMLInputElement, fromCamera: boolean) => {
    const all = [...(input.files ?? [])];
    input.value = '';
    const [first, ...rest] = all.slice(0, PICK_AT_ONCE);
    setQueue(rest);
    if (first) void chooseFile(first, fromCamera);
    if (all.length > PICK_AT_ONCE) setError(t('photo.pickedAtMost', { n: PICK_AT_ONCE }));
  };

  /** The next photo picked together, if any: true when there was one. */
  const next = (): boolean => {
    const [file, ...rest] = queue();
    if (!file) return false;
    setQueue(rest);
    void chooseFile(file, false);
    return true;
  };
  const skip = () => {
    reset();
    next();
  };

  const chooseFile = async (file: File, fromCamera: boolean) => {
    setCameraOpen(false);
    if (queue().length === 0) setError(null);
    reset();
    setStep({ kind: 'preparing' });
    setLocating(true);
    try {
      const picked = await pickPhoto(file, fromCamera, (l) => {
        if (location()?.source !== 'plan') setLocation(l); // a late GPS fix never overrides a spot tapped on the plan
        setLocating(false);
      });
      const preview = URL.createObjectURL(new Blob([picked.photo.thumb], { type: 'image/jpeg' }));
      setStep({ kind: 'ready', picked, preview });
    } catch (err) {
      setStep({ kind: 'idle' });
      setLocating(false);
      setError(photoErrorText(err));
    }
  };

  const save = async () => {
    const s = step();
    const m = membershipFor(props.work);
    if (s.kind !== 'ready' || !m) return;
    setSaving(true);
    setError(null);
    try {
      const { bytes, draft } = photoRecord(
        { ...s.picked, location: location() },
        { phase: phase(), caption: caption().trim(), targetType: props.targetType, targetId: props.targetId },
      );
      await recordPhoto(appDevice(), m, bytes, draft);
      reset();
      // Photos waiting for signal must not be evicted by the browser: ask once there is one to lose.
      void ensurePersistent();
      props.onSaved?.();
      next();
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setSaving(false);
    }
  };

  const locationText = () => {
    const l = location();
    if (locating()) return t('photo.loc.locating');
    return locationLabel(l);
  };

  return (
    <div class="add-photo">
      <Show when={cameraOpen()}>
        <CameraView
          work={props.work}
          previousHash={props.previousHash!}
          onShot={(file) => void chooseFile(file, true)}
          onClose={(message) => {
            setCameraOpen(false);
            if (message) setError(message);
          }}
        />
      </Show>
      <Show when={step().kind === 'idle' && !cameraOpen()}>
        <Show when={nearlyFull(space() ?? null)}>
          <p class="banner warn" role="status">
            {t('storage.full')}
          </p>
        </Show>
        <Show when={canOverlay()}>
          <button
            type="button"
            class="btn primary block"
            onClick={() => {
              askCompass();
              setCameraOpen(true);
            }}
          >
            🎯 {t('camera.open')}
          </button>
        </Show>
        <div class="actions">
          <label class="btn primary">
            📷 {t('photo.take')}
            <input
              class="visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              onClick={askCompass}
              onChange={(e) => choose(e.currentTarget, true)}
            />
          </label>
          <label class="btn">
            🖼 {t('photo.pick')}
            <input class="visually-hidden" type="file" accept="image/*" multiple onChange={(e) => choose(e.currentTarget, false)} />
          </label>
        </div>
      </Show>
      <Switch>
        <Match when={step().kind === 'preparing'}>
          <p role="status">{t('photo.preparing')}</p>
        </Match>
        <Match when={step().kind === 'ready' && (step() as Extract<Step, { kind: 'ready' }>)}>
          {(s) => (
            <div class="form panel">
              <Show when={queue().length > 0}>
                <p class="muted" role="status">
                  {t('photo.moreToSave', { n: queue().length })}
                </p>
              </Show>
              <img class="preview" src={s().preview} alt={t('photo.preview')} />
              <p class={location()?.source === 'device' && !warnPoorAccuracy(location()) ? '' : 'muted'}>
                <strong>{t('photo.location')}：</strong>
                {locationText()}
              </p>
              <Show when={!locating() && warnPoorAccuracy(location())}>
                <p class="banner warn" role="status">
                  {t('photo.loc.poor')}
                </p>
              </Show>
              <Show when={hasPlan()}>
                <button type="button" class="btn" aria-expanded={planOpen()} onClick={() => setPlanOpen(!planOpen())}>
                  {planOpen() ? t('photo.loc.closePlan') : t('photo.loc.setOnPlan')}
                </button>
                <Show when={planOpen()}>
                  <PlanPicker
                    work={props.work}
                    current={location()}
                    onPick={(l) => {
                      setLocating(false);
                      setLocation(l);
                    }}
                  />
                </Show>
              </Show>
              <fieldset class="choices three">
                <legend class="label">{t('phase.label')}</legend>
                <For each={PHASES}>
                  {(ph) => (
                    <label class="choice">
                      <input type="radio" name="phase" value={ph} checked={phase() === ph} onChange={() => setPhase(ph)} />
                      <span>{t(`phase.${ph}`)}</span>
                    </label>
                  )}
                </For>
              </fieldset>
              <label class="field">
                <span class="label">{t('photo.caption')}</span>
                <input maxlength="200" value={caption()} onInput={(e) => setCaption(e.currentTarget.value)} />
              </label>
              <div class="actions">
                <button type="button" class="btn primary big" disabled={saving()} onClick={() => void save()}>
                  {t('photo.save')}
                </button>
                <button type="button" class="btn" onClick={skip}>
                  {queue().length > 0 ? t('photo.skip') : t('photo.cancel')}
                </button>
              </div>
            </div>
          )}
        </Match>
      </Switch>
      <ErrorAlert message={error()} />
    </div>
  );
};
