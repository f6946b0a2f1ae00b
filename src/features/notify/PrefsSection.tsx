/** A member's own choices: what to be told of, where, and quiet hours. Contacts are seen only by them and staff. */
import { type Component, For, Show, createResource, createSignal } from 'solid-js';
import { MOBILE_PATTERN, NOTIFY_EVENT_KINDS, type NotifyPrefs } from '../../core/notify';
import { notifyApi } from '../../sync/notify-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { t } from './messages';
import { notifyErrorText } from './notify-error';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const PrefsSection: Component<{ token: string }> = (props) => {
  const [loaded] = createResource(
    () => props.token,
    async (tk) => (await notifyApi.prefs(tk)).prefs,
  );
  return (
    <section aria-labelledby="prefs-h">
      <h2 id="prefs-h">{t('notify.prefs.title')}</h2>
      <ErrorAlert message={loaded.error ? notifyErrorText(loaded.error) : null} />
      <Show when={loaded()} fallback={<Show when={!loaded.error}>{<p class="muted">{t('notify.loading')}</p>}</Show>}>
        {(p) => <PrefsForm token={props.token} initial={p()} />}
      </Show>
    </section>
  );
};

const PrefsForm: Component<{ token: string; initial: NotifyPrefs }> = (props) => {
  // The form starts from what was loaded, then is the user's.
  const [prefs, setPrefs] = createSignal<NotifyPrefs>(props.initial);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  const set = (patch: Partial<NotifyPrefs>) => {
    setNote(null);
    setPrefs({ ...prefs(), ...patch });
  };
  const toggleEvent = (kind: NotifyPrefs['events'][number], on: boolean) =>
    set({ events: on ? [...prefs().events, kind] : prefs().events.filter((k) => k !== kind) });

  const save = async (e: Event) => {
    e.preventDefault();
    const p = prefs();
    if (p.email && !EMAIL.test(p.email)) return setError(t('notify.prefs.error.email'));
    if (p.mobile && !MOBILE_PATTERN.test(p.mobile)) return setError(t('notify.prefs.error.mobile'));
    setBusy(true);
    setError(null);
    try {
      setPrefs((await notifyApi.savePrefs(props.token, p)).prefs);
      setNote(t('notify.saved'));
    } catch (err) {
      setError(notifyErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void save(e)}>
      <fieldset>
        <legend>{t('notify.prefs.events')}</legend>
        <For each={NOTIFY_EVENT_KINDS}>
          {(kind) => (
            <label class="choice">
              <input type="checkbox" checked={prefs().events.includes(kind)} onChange={(e) => toggleEvent(kind, e.currentTarget.checked)} />
              {t(`notify.event.${kind}`)}
            </label>
          )}
        </For>
      </fieldset>
      <fieldset>
        <legend>{t('notify.prefs.where')}</legend>
        <label class="field">
          {t('notify.prefs.email')}
          <input
            type="email"
            inputmode="email"
            autocomplete="email"
            value={prefs().email ?? ''}
            onInput={(e) => set({ email: e.currentTarget.value.trim() || null })}
          />
        </label>
        <label class="field">
          {t('notify.prefs.mobile')}
          <input
            type="tel"
            inputmode="numeric"
            autocomplete="tel"
            value={prefs().mobile ?? ''}
            onInput={(e) => set({ mobile: e.currentTarget.value.trim() || null })}
          />
        </label>
        <label class="choice">
          <input type="checkbox" checked={prefs().viaEmail} onChange={(e) => set({ viaEmail: e.currentTarget.checked })} />
          {t('notify.prefs.viaEmail')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={prefs().viaWecom} onChange={(e) => set({ viaWecom: e.currentTarget.checked })} />
          {t('notify.prefs.viaWecom')}
        </label>
        <label class="choice">
          <input type="checkbox" checked={prefs().viaSms} onChange={(e) => set({ viaSms: e.currentTarget.checked })} />
          {t('notify.prefs.viaSms')}
        </label>
        <p class="muted small">{t('notify.prefs.privacy')}</p>
      </fieldset>
      <fieldset>
        <legend>{t('notify.prefs.quiet')}</legend>
        <label class="choice">
          <input
            type="checkbox"
            checked={prefs().quiet !== null}
            onChange={(e) => set({ quiet: e.currentTarget.checked ? { from: '22:00', to: '07:00' } : null })}
          />
          {t('notify.prefs.quiet')}
        </label>
        <Show when={prefs().quiet}>
          {(q) => (
            <div class="row">
              <label class="field">
                {t('notify.prefs.quietFrom')}
                <input type="time" value={q().from} onChange={(e) => set({ quiet: { ...q(), from: e.currentTarget.value } })} />
              </label>
              <label class="field">
                {t('notify.prefs.quietTo')}
                <input type="time" value={q().to} onChange={(e) => set({ quiet: { ...q(), to: e.currentTarget.value } })} />
              </label>
            </div>
          )}
        </Show>
      </fieldset>
      <label class="field">
        {t('notify.prefs.language')}
        <select value={prefs().language} onChange={(e) => set({ language: e.currentTarget.value === 'en' ? 'en' : 'zh-CN' })}>
          <option value="zh-CN">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <ErrorAlert message={error()} />
      <Show when={note()}>
        <p class="flash" role="status">
          {note()}
        </p>
      </Show>
      <button type="submit" class="btn primary block" disabled={busy()}>
        {busy() ? t('notify.saving') : t('notify.save')}
      </button>
    </form>
  );
};
