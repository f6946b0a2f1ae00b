/**
 * Retract a wrong photo (another site, a face, a private paper): it is hidden everywhere with who
 * did it and why, while its bytes stay on the server for audit. Its author may within a day of
 * adding it, staff at any time (the rule is photo.retract's, in src/core).
 */
import { type Component, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { LIMITS, type PhotoState, RETRACT_WINDOW_MS, stampWall } from '../../core';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { t } from './messages';

/** Whether this device's member may retract the photo now (the server judges again). */
export function mayRetract(photo: PhotoState, now = Date.now()): boolean {
  const m = membershipFor(photo.work);
  if (!m || photo.retracted) return false;
  return m.role === 'staff' || (m.memberId === photo.author && now - stampWall(photo.addedAt) <= RETRACT_WINDOW_MS);
}

export const RetractPhoto: Component<{ photo: PhotoState; onRetracted: () => void }> = (props) => {
  const [open, setOpen] = createSignal(false);
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const m = membershipFor(props.photo.work);
    if (!m) return;
    const text = reason().trim();
    if (!text) return setError(t('retract.needReason'));
    if (text.length > LIMITS.reason) return setError(t('retract.tooLong', { n: text.length, max: LIMITS.reason }));
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'photo.retract', entity: 'photo', entityId: props.photo.id, payload: { reason: text } });
      props.onRetracted();
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  return (
    <Show when={mayRetract(props.photo)}>
      <Show
        when={open()}
        fallback={
          <button type="button" class="viewer-btn text" onClick={() => setOpen(true)}>
            {t('retract.open')}
          </button>
        }
      >
        <form class="form retract" onSubmit={submit} novalidate>
          <label class="field">
            <span class="label">{t('retract.reason')}</span>
            <textarea rows="2" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <p class="small">{t('retract.hint')}</p>
          <ErrorAlert message={error()} />
          <div class="actions">
            <button type="submit" class="viewer-btn text">
              {t('retract.confirm')}
            </button>
            <button type="button" class="viewer-btn text" onClick={() => (setOpen(false), setError(null))}>
              {t('photo.cancel')}
            </button>
          </div>
        </form>
      </Show>
    </Show>
  );
};

/** In place of a retracted photo: who took it out of sight, when, and why. */
export const RetractedNote: Component<{ photo: PhotoState; nameOf: (id: string) => string; formatTime: (ms: number) => string }> = (props) => (
  <Show when={props.photo.retracted}>
    {(r) => (
      <p class="muted small retracted-note">
        {t('retract.note', { name: props.nameOf(r().by), time: props.formatTime(stampWall(r().at)), reason: r().reason })}
      </p>
    )}
  </Show>
);
