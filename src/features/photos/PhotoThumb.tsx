/** A photo's image from this device's store, or downloaded once from the server; with its upload state. */
import { type Component, Show, createEffect, createResource, onCleanup } from 'solid-js';
import { membershipFor } from '../../app-state';
import { type BlobRow, db } from '../../db/db';
import { t } from './messages';
import { api } from '../../sync/api';
import { loadBlob } from '../../sync/blobs';
import { liveBlob } from './queries';

/**
 * Object URLs of recently shown photos, most recent last. Lists rebuild their rows when a sync
 * brings news, which re-creates every image: without this, each one would be read from IndexedDB
 * again and blink while it loads. Bounded so that a long meeting pack does not pin every photo's
 * bytes in memory on a cheap phone; an evicted URL is revoked (an <img> already showing it keeps its pixels).
 */
const recentUrls = new Map<string, string>();
const RECENT_URLS_MAX = 64;

function recentUrl(hash: string): string | undefined {
  const url = recentUrls.get(hash);
  if (url) {
    recentUrls.delete(hash);
    recentUrls.set(hash, url);
  }
  return url;
}

function rememberUrl(hash: string, url: string): string {
  recentUrls.set(hash, url);
  if (recentUrls.size > RECENT_URLS_MAX) {
    const [oldest, oldUrl] = recentUrls.entries().next().value!;
    recentUrls.delete(oldest);
    URL.revokeObjectURL(oldUrl);
  }
  return url;
}

/** `eager`: for pages meant to be printed, where a lazy image not yet scrolled to would print blank. */
export const PhotoImage: Component<{ hash: string; work: string; alt: string; class?: string; eager?: boolean }> = (props) => {
  const [url, { refetch }] = createResource(
    () => props.hash,
    // A URL at hand is returned as is (not as a promise), so the image shows without a loading state.
    (hash) => recentUrl(hash) ?? loadUrl(hash, props.work),
  );
  // The op may arrive before the photo's bytes (its author's phone uploads after syncing the op):
  // try again a few times, waiting longer each time.
  let retries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    if (!url.error || retries >= 8) return;
    timer = setTimeout(
      () => {
        retries++;
        void refetch();
      },
      2_000 * 2 ** Math.min(retries, 4),
    );
  });
  onCleanup(() => clearTimeout(timer));
  return (
    <Show when={!url.error && url()} fallback={<span class={`photo-missing ${props.class ?? ''}`}>{url.loading ? '…' : t('photo.unavailable')}</span>}>
      {(u) => <img class={props.class} src={u()} alt={props.alt} loading={props.eager ? 'eager' : 'lazy'} decoding="async" />}
    </Show>
  );
};

async function loadUrl(hash: string, work: string): Promise<string | null> {
  const m = membershipFor(work);
  if (!m) return null;
  const bytes = await loadBlob(db, api, m, hash);
  return recentUrl(hash) ?? rememberUrl(hash, URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' })));
}

/** Why the server refused a photo, in the app's words: the code where it is known, else a general sentence. */
function uploadErrorText(row: BlobRow): string {
  if (row.errorCode === 'quota_exceeded') return t('photo.upload.quota_exceeded');
  if (row.errorCode === 'not_referenced') return t('photo.upload.not_referenced');
  if (row.errorCode === 'hash_mismatch') return t('photo.upload.hash_mismatch');
  return t('photo.uploadError');
}

/** "Uploading 40%", "Uploaded", or what went wrong: per photo, from the device's upload bookkeeping. */
export const UploadState: Component<{ hash: string }> = (props) => {
  const row = liveBlob(() => props.hash);
  return (
    <Show when={row()}>
      {(r) => (
        <Show when={r().state === 'local'} fallback={<span class="sync-mark synced">✓ {t('photo.uploaded')}</span>}>
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
