/**
 * The in-app camera: the live view with the point's previous photo laid over
 * it, faint, so that the new photo is taken from the same spot and angle.
 * Falls back to the system camera when the browser gives no camera.
 */
import { type Component, Show, createResource, createSignal, onCleanup, onMount } from 'solid-js';
import { membershipFor } from '../../app-state';
import { db } from '../../db/db';
import { t } from './messages';
import { api } from '../../sync/api';
import { loadBlob } from '../../sync/blobs';

export const CameraView: Component<{ work: string; previousHash: string; onShot: (file: File) => void; onClose: (error?: string) => void }> = (props) => {
  let video!: HTMLVideoElement;
  let shutter!: HTMLButtonElement;
  let stream: MediaStream | null = null;
  const [ready, setReady] = createSignal(false);
  const [ghost] = createResource(
    () => props.previousHash,
    async (hash) => {
      const m = membershipFor(props.work);
      if (!m) return null;
      return URL.createObjectURL(new Blob([await loadBlob(db, api, m, hash)], { type: 'image/jpeg' }));
    },
  );

  onMount(async () => {
    // Full screen: the page under it must not scroll away behind the camera.
    document.body.style.overflow = 'hidden';
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment', width: { ideal: 1920 }, height: { ideal: 1440 } },
        audio: false,
      });
      video.srcObject = stream;
      await video.play();
      setReady(true);
      shutter.focus();
    } catch (err) {
      props.onClose(err instanceof Error && err.name === 'NotAllowedError' ? t('camera.denied') : t('camera.unavailable'));
    }
  });

  onCleanup(() => {
    document.body.style.overflow = '';
    stream?.getTracks().forEach((track) => track.stop());
    const g = ghost();
    if (g) URL.revokeObjectURL(g);
  });

  const shoot = () => {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')!.drawImage(video, 0, 0);
    canvas.toBlob(
      (blob) => {
        if (blob) props.onShot(new File([blob], `camera-${Date.now()}.jpg`, { type: 'image/jpeg', lastModified: Date.now() }));
      },
      'image/jpeg',
      0.92,
    );
  };

  return (
    <div class="camera" role="dialog" aria-modal="true" aria-label={t('camera.title')} onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <div class="camera-frame">
        <video ref={video} muted playsinline aria-label={t('camera.live')} />
        <Show when={ghost()}>{(g) => <img class="ghost" src={g()} alt={t('camera.ghost')} />}</Show>
      </div>
      <p class="muted small">{t('camera.hint')}</p>
      <div class="actions">
        <button ref={shutter} type="button" class="btn primary big" disabled={!ready()} onClick={shoot}>
          ◉ {t('camera.shoot')}
        </button>
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {t('photo.cancel')}
        </button>
      </div>
    </div>
  );
};
