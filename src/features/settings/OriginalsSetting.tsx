/** Staff decide, per work, whether phones upload photo originals (#4): they cost data and server space. */
import { type Component, For, Show, createSignal } from 'solid-js';
import { appDevice, memberships } from '../../app-state';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { syncEngine } from '../../sync/engine';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { createLive } from '../../ui/live';
import { saveErrorText } from '../../ui/save-error';

export const OriginalsSetting: Component = () => {
  const staffOf = () => memberships().filter((m) => m.role === 'staff');
  const works = createLive(() => staffOf().map((m) => m.work), (ids) => db.works.bulkGet(ids), []);
  const [error, setError] = createSignal<string | null>(null);

  const set = async (work: string, upload: boolean) => {
    const m = staffOf().find((x) => x.work === work);
    if (!m) return;
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'work.originals', entity: 'work', entityId: work, payload: { upload } });
      syncEngine.syncNow();
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  return (
    <Show when={staffOf().length > 0}>
      <p class="hint">{t('original.settingHint')}</p>
      <For each={works().filter((w) => w !== undefined)}>
        {(w) => (
          <label class="choice">
            <input type="checkbox" checked={Boolean(w!.uploadOriginals)} onChange={(e) => void set(w!.id, e.currentTarget.checked)} />
            <span>{t('original.setting', { work: w!.name })}</span>
          </label>
        )}
      </For>
      <ErrorAlert message={error()} />
    </Show>
  );
};
