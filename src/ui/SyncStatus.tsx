/** The sync chip in the header (tap: sync now) and the banner that explains a sync error. */
import { type Component, Show } from 'solid-js';
import { db } from '../db/db';
import { formatTime, t } from './messages';
import { syncEngine } from '../sync/engine';
import { createLive, liveUnsyncedRecords } from './live';
import { online } from './online';

export function useSyncState(work: () => string) {
  return createLive(work, (w) => db.syncState.get(w), undefined);
}

const KNOWN_SYNC_ERRORS = ['network', 'unauthorized', 'outdated_client', 'quota', 'rate_limited', 'revoked', 'expired'] as const;

export function syncErrorText(code: string): string {
  const known: readonly string[] = KNOWN_SYNC_ERRORS;
  return known.includes(code) ? t(`sync.error.${code as (typeof KNOWN_SYNC_ERRORS)[number]}`) : t('sync.error.other', { code });
}

export const SyncStatus: Component<{ work: string }> = (props) => {
  const pending = liveUnsyncedRecords(() => props.work);
  const state = useSyncState(() => props.work);
  const view = (): { key: string; text: string } => {
    const s = state();
    if (s && s.phase === 'pulling' && s.pulled > 0) {
      return { key: 'syncing', text: t('sync.pulling', { n: s.pulled, total: Math.max(s.pullTotal, s.pulled) }) };
    }
    if (s && s.phase !== 'idle') return { key: 'syncing', text: t('sync.syncing') };
    if (!online()) return { key: 'offline', text: pending() ? t('sync.offlinePending', { n: pending() }) : t('sync.offline') };
    // removed, or signed out after too long: not a fault to retry; the banner below says what to do.
    if (s?.error && (s.error.code === 'revoked' || s.error.code === 'expired')) return { key: 'error', text: t('sync.stopped') };
    if (s?.error) return { key: 'error', text: t('sync.error') };
    if (pending() > 0) return { key: 'pending', text: t('sync.pending', { n: pending() }) };
    return { key: 'synced', text: t('sync.synced') };
  };
  // When it last reached the server, so "synced" is not taken on trust on a phone left offline for days.
  const last = () => {
    const at = state()?.lastSyncAt;
    return at ? t('sync.lastSync', { time: formatTime(at) }) : t('sync.never');
  };
  return (
    <button type="button" class="sync-chip" data-state={view().key} onClick={() => syncEngine.syncNow()}>
      {/* The name is the visible text with words around it for a screen reader (it must contain what is seen). */}
      <span class="dot" aria-hidden="true" />
      <span class="sync-text">
        <span>
          <span class="visually-hidden">{t('sync.statusPrefix')}</span>
          {view().text}{' '}
        </span>
        <span class="sync-last">
          {last()}
          <span class="visually-hidden">{t('sync.tapToSync')}</span>
        </span>
      </span>
    </button>
  );
};

/** A sentence under the header when the last sync failed: what happened, what to do. */
export const SyncErrorBanner: Component<{ work: string }> = (props) => {
  const state = useSyncState(() => props.work);
  const error = () => {
    const e = state()?.error;
    // Offline is already said by the chip; say nothing more unless something else is wrong.
    if (!e || (e.code === 'network' && !online())) return null;
    // the removed-from-work banner says it, with the way back and the way to export (features/admin/RemovedBanner.tsx).
    if (e.code === 'revoked' || e.code === 'expired') return null;
    return e;
  };
  return (
    <Show when={error()}>
      {(e) => (
        <div class="banner error" role="alert">
          <p>{syncErrorText(e().code)}</p>
          <p class="muted">{state()?.lastSyncAt ? t('sync.lastSync', { time: formatTime(state()!.lastSyncAt!) }) : t('sync.never')}</p>
        </div>
      )}
    </Show>
  );
};
