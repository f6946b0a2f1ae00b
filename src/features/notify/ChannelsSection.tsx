/** Staff set the work's channels (secrets shown masked) and send a test message with a clear result. */
import { type Component, For, Show, createResource, createSignal } from 'solid-js';
import { CHANNELS, type Channel, type PutChannelRequest } from '../../core/notify';
import { type MaskedChannels, notifyApi } from '../../sync/notify-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { t } from './messages';
import { notifyErrorText } from './notify-error';

type FieldKey = 'url' | 'secret' | 'host' | 'port' | 'secure' | 'user' | 'pass' | 'from' | 'apiKey';
const FIELDS: Record<Channel, FieldKey[]> = {
  wecom: ['url'],
  webhook: ['url', 'secret'],
  email: ['host', 'port', 'secure', 'user', 'pass', 'from'],
  sms: ['apiKey'],
};
const EMPTY: Record<Channel, Record<string, unknown>> = {
  wecom: { enabled: false, url: '' },
  webhook: { enabled: false, url: '', secret: '' },
  email: { enabled: false, host: 'smtp.qq.com', port: 465, secure: true, user: '', pass: '', from: '' },
  sms: { enabled: false, provider: 'yunpian', apiKey: '' },
};

export const ChannelsSection: Component<{ token: string }> = (props) => {
  const [channels, { mutate }] = createResource(
    () => props.token,
    async (tk) => (await notifyApi.channels(tk)).channels,
  );
  return (
    <section aria-labelledby="channels-h">
      <h2 id="channels-h">{t('notify.channels.title')}</h2>
      <p class="muted small">{t('notify.channels.intro')}</p>
      <ErrorAlert message={channels.error ? notifyErrorText(channels.error) : null} />
      <Show when={channels()}>
        {(list) => <For each={CHANNELS}>{(c) => <ChannelForm token={props.token} channel={c} saved={list()[c]} onSaved={mutate} />}</For>}
      </Show>
    </section>
  );
};

const ChannelForm: Component<{ token: string; channel: Channel; saved: Record<string, unknown> | null; onSaved: (c: MaskedChannels) => void }> = (props) => {
  // The form starts from what was saved, then is the user's.
  const [config, setConfig] = createSignal<Record<string, unknown>>({ ...EMPTY[props.channel], ...props.saved });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  const set = (key: string, value: unknown) => {
    setNote(null);
    setConfig({ ...config(), [key]: value });
  };
  const run = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      setNote(await fn());
    } catch (err) {
      setError(notifyErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const saved = await notifyApi.saveChannel(props.token, { channel: props.channel, config: config() } as PutChannelRequest);
      // The page keeps the masked secret, not the one typed: what staff see is what the server shows.
      setConfig({ ...EMPTY[props.channel], ...saved.channels[props.channel] });
      props.onSaved(saved.channels);
      return t('notify.saved');
    });
  };
  const test = () =>
    void run(async () => {
      const r = await notifyApi.test(props.token, props.channel);
      if (r.ok) return t('notify.channels.testOk');
      setError(t('notify.channels.testFailed', { answer: r.error }));
      return null;
    });
  const id = (f: string) => `ch-${props.channel}-${f}`;
  return (
    <form class="panel" aria-labelledby={id('h')} onSubmit={save}>
      <h3 id={id('h')}>{t(`notify.channel.${props.channel}`)}</h3>
      <Show when={!props.saved}>
        <p class="muted small">{t('notify.channels.notSet')}</p>
      </Show>
      <label class="choice">
        <input type="checkbox" checked={config().enabled === true} onChange={(e) => set('enabled', e.currentTarget.checked)} />
        <span>{t('notify.channels.enabled')}</span>
      </label>
      <For each={FIELDS[props.channel]}>
        {(f) =>
          f === 'secure' ? (
            <label class="choice">
              <input type="checkbox" checked={config().secure === true} onChange={(e) => set('secure', e.currentTarget.checked)} />
              <span>{t('notify.field.secure')}</span>
            </label>
          ) : (
            <label class="field">
              {t(`notify.field.${f}`)}
              <input
                type={f === 'port' ? 'number' : f === 'url' ? 'url' : 'text'}
                inputmode={f === 'port' ? 'numeric' : undefined}
                autocomplete="off"
                value={String(config()[f] ?? '')}
                onInput={(e) => set(f, f === 'port' ? Number(e.currentTarget.value) : e.currentTarget.value.trim())}
              />
            </label>
          )
        }
      </For>
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
        <button type="button" class="btn" disabled={busy() || !props.saved} onClick={test}>
          {busy() ? t('notify.channels.testing') : t('notify.channels.test')}
        </button>
      </div>
    </form>
  );
};
