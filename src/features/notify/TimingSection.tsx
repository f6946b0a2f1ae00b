/** Staff set when the clocks speak for this work: the reminder before a deadline, the escalation delay, the digests. */
import { type Component, Show, createResource, createSignal } from 'solid-js';
import { DEFAULT_NOTIFY_SETTINGS, type NotifySettings } from '../../core/notify';
import { notifyApi } from '../../sync/notify-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { t } from './messages';
import { notifyErrorText } from './notify-error';

export const TimingSection: Component<{ token: string }> = (props) => {
  const [saved] = createResource(
    () => props.token,
    async (tk) => (await notifyApi.settings(tk)).settings,
  );
  return (
    <section aria-labelledby="timing-h">
      <h2 id="timing-h">{t('notify.timing.title')}</h2>
      <ErrorAlert message={saved.error ? notifyErrorText(saved.error) : null} />
      <Show when={saved()}>{(s) => <TimingForm token={props.token} saved={s()} />}</Show>
    </section>
  );
};

const TimingForm: Component<{ token: string; saved: NotifySettings }> = (props) => {
  const [settings, setSettings] = createSignal<NotifySettings>({ ...DEFAULT_NOTIFY_SETTINGS, ...props.saved });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  const set = (patch: Partial<NotifySettings>) => {
    setNote(null);
    setSettings({ ...settings(), ...patch });
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSettings((await notifyApi.saveSettings(props.token, settings())).settings);
      setNote(t('notify.saved'));
    } catch (err) {
      setError(notifyErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  const hours = (key: 'escalateAfterHours' | 'remindBeforeHours', max: number) => (
    <label class="field">
      {t(`notify.timing.${key}`)}
      <input
        type="number"
        inputmode="numeric"
        min="1"
        max={max}
        required
        value={settings()[key]}
        onInput={(e) => set({ [key]: Math.round(Number(e.currentTarget.value)) })}
      />
    </label>
  );
  return (
    <form class="panel" aria-labelledby="timing-h" onSubmit={(e) => void save(e)}>
      <p class="muted small">{t('notify.timing.intro')}</p>
      {hours('remindBeforeHours', 24 * 7)}
      {hours('escalateAfterHours', 24 * 30)}
      <label class="choice">
        <input type="checkbox" checked={settings().digest} onChange={(e) => set({ digest: e.currentTarget.checked })} />
        <span>{t('notify.timing.digest')}</span>
      </label>
      <label class="choice">
        <input type="checkbox" checked={settings().weekly} onChange={(e) => set({ weekly: e.currentTarget.checked })} />
        <span>{t('notify.timing.weekly')}</span>
      </label>
      <ErrorAlert message={error()} />
      <Show when={note()}>
        <p class="flash" role="status">
          {note()}
        </p>
      </Show>
      <div class="actions">
        <button type="submit" class="btn primary" disabled={busy()}>
          {busy() ? t('notify.saving') : t('notify.save')}
        </button>
      </div>
    </form>
  );
};
