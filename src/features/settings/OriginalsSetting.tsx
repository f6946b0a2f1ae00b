/** Staff decide, per work, whether phones upload photo originals: they cost data and server space. */
import { type Component, For, Show, createSignal } from 'solid-js';
import { memberships } from '../../app-state';
import { appDevice } from '../../sync/device';
import { t } from './messages';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { liveWorks } from './queries';
import { saveErrorText } from '../../ui/save-error';

export const OriginalsSetting: Component = () => {
  const staffOf = () => memberships().filter((m) => m.role === 'staff');
  const works = liveWorks(() => staffOf().map((m) => m.work));
  const [error, setError] = createSignal<string | null>(null);

  const set = async (work: string, upload: boolean) => {
    const m = staffOf().find((x) => x.work === work);
    if (!m) return;
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'work.originals', entity: 'work', entityId: work, payload: { upload } });
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
