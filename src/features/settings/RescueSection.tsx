/** Export what has not reached the server; staff import such files from volunteers. */
import { type Component, Show, createSignal } from 'solid-js';
import { deviceId, memberships } from '../../app-state';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { ApiError, api } from '../../sync/api';
import { syncEngine } from '../../sync/engine';
import { buildRescueFile, importRescueFile, parseRescueFile, rescueFileName } from '../../sync/rescue';
import { createLive } from '../../ui/live';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const RescueSection: Component = () => {
  const unsynced = createLive(() => 0, () => db.outbox.count(), 0);
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = createSignal<{ done: number; total: number } | null>(null);
  const staffOf = () => memberships().filter((m) => m.role === 'staff');

  const exportNow = async () => {
    const now = Date.now();
    const file = await buildRescueFile(db, memberships(), deviceId(), now);
    const name = rescueFileName(now);
    download(name, JSON.stringify(file));
    setMessage({ text: t('rescue.exported', { file: name }), error: false });
  };

  const importFile = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    if (!chosen) return;
    setMessage(null);
    const file = parseRescueFile(await chosen.text());
    input.value = '';
    if (!file) {
      setMessage({ text: t('rescue.badFile'), error: true });
      return;
    }
    try {
      setProgress({ done: 0, total: file.ops.length });
      const outcome = await importRescueFile(file, staffOf(), api, (done, total) => setProgress({ done, total }));
      setMessage({ text: t('rescue.imported', { ...outcome }), error: false });
      syncEngine.syncNow();
    } catch (err) {
      const text = err instanceof ApiError ? err.message : String(err);
      setMessage({ text: t('rescue.importFailed', { message: text }), error: true });
    } finally {
      setProgress(null);
    }
  };

  return (
    <section id="rescue" aria-labelledby="rescue-h">
      <h2 id="rescue-h">{t('rescue.title')}</h2>
      <p>{t('rescue.intro')}</p>
      <Show when={unsynced() > 0} fallback={<p class="muted">{t('rescue.nothing')}</p>}>
        <button type="button" class="btn block" onClick={() => void exportNow()}>
          {t('rescue.export', { n: unsynced() })}
        </button>
      </Show>
      <Show when={staffOf().length > 0}>
        <h3>{t('rescue.importTitle')}</h3>
        <p>{t('rescue.importIntro')}</p>
        <label class="field">
          <span class="label">{t('rescue.importLabel')}</span>
          <input type="file" accept="application/json,.json" onChange={(e) => void importFile(e.currentTarget)} />
        </label>
        <Show when={progress()}>
          {(p) => (
            <p role="status">
              <progress max={p().total} value={p().done} /> {t('rescue.importing', { done: p().done, total: p().total })}
            </p>
          )}
        </Show>
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class={m().error ? 'error' : 'flash'} role={m().error ? 'alert' : 'status'}>
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
};
