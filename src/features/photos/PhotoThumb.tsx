/** A photo's image from this device's store, or downloaded once from the server; with its upload state. */
import { type Component, Show, createEffect, createResource, onCleanup } from 'solid-js';
import { membershipFor } from '../../app-state';
import { type BlobRow, db } from '../../db/db';
import { t } from '../../i18n';
import { api } from '../../sync/api';
import { loadBlob } from '../../sync/blobs';
import { createLive } from '../../ui/live';

/** `eager`: for pages meant to be printed, where a lazy image not yet scrolled to would print blank. */
export const PhotoImage: Component<{ hash: string; work: string; alt: string; class?: string; eager?: boolean }> = (props) => {
  const [url, { refetch }] = createResource(
    () => props.hash,
    async (hash) => {
      const m = membershipFor(props.work);
      if (!m) return null;
      const bytes = await loadBlob(db, api, m, hash);
      return URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }));
    },
  );
  // The op may arrive before the photo's bytes (its author's phone uploads after syncing the op):
  // try again a few times, waiting longer each time.
  let retries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    if (!url.error || retries >= 8) return;
    timer = setTimeout(() => {
      retries++;
      void refetch();
    }, 2_000 * 2 ** Math.min(retries, 4));
  });
  onCleanup(() => {
    clearTimeout(timer);
    const u = url.error ? undefined : url();
    if (u) URL.revokeObjectURL(u);
  });
  return (
    <Show when={!url.error && url()} fallback={<span class={`photo-missing ${props.class ?? ''}`}>{url.loading ? '…' : t('photo.unavailable')}</span>}>
      {(u) => <img class={props.class} src={u()} alt={props.alt} loading={props.eager ? 'eager' : 'lazy'} decoding="async" />}
    </Show>
  );
};

/** Why the server refused a photo, in the app's words where the code is known (#7); else its message. */
function uploadErrorText(row: BlobRow): string {
  if (row.errorCode === 'quota_exceeded') return t('photo.upload.quota_exceeded');
  if (row.errorCode === 'not_referenced') return t('photo.upload.not_referenced');
  return t('photo.uploadError', { message: row.error ?? '' });
}

/** "Uploading 40%", "Uploaded", or what went wrong: per photo, from the device's upload bookkeeping. */
export const UploadState: Component<{ hash: string }> = (props) => {
  const row = createLive(() => props.hash, (h) => db.blobs.get(h), undefined);
  return (
    <Show when={row()}>
      {(r) => (
        <Show
          when={r().state === 'local'}
          fallback={<span class="sync-mark synced">✓ {t('photo.uploaded')}</span>}
        >
          <span class="upload-state">
            <progress max={r().size} value={r().uploadedBytes} aria-label={t('photo.uploading', { p: Math.floor((100 * r().uploadedBytes) / r().size) })} />{' '}
            {r().uploadedBytes > 0 ? t('photo.uploading', { p: Math.floor((100 * r().uploadedBytes) / r().size) }) : t('photo.waiting')}
            <Show when={r().error}>
              <span class="error small">{uploadErrorText(r())}</span>
            </Show>
          </span>
        </Show>
      )}
    </Show>
  );
};
