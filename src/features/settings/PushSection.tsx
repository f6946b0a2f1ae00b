/**
 * Web Push on this device: subscribe once (one subscription per browser), and give it to the server of
 * every work this device belongs to. Where the browser has no push (WeChat, an iPhone not installed to
 * the home screen) it says so and what to use instead.
 */
import { type Component, Show, createResource, createSignal } from 'solid-js';
import { memberships } from '../../app-state';
import type { PushSubscriptionJson } from '../../core/notify';
import { notifyApi } from '../../sync/notify-api';
import { t } from './messages';

const supported = () => typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const activeMembers = () => memberships().filter((m) => !m.removedAt);

export const PushSection: Component = () => {
  const [busy, setBusy] = createSignal(false);
  const [note, setNote] = createSignal<'push.denied' | 'push.failed' | null>(null);
  const [state, { refetch }] = createResource(
    () => (supported() ? activeMembers()[0]?.token : undefined),
    async (token) => (await notifyApi.pushState(token).catch(() => null)) ?? null,
  );

  const turnOn = async () => {
    setBusy(true);
    setNote(null);
    try {
      const key = state()?.publicKey ?? (await notifyApi.pushState(activeMembers()[0]!.token)).publicKey;
      if ((await Notification.requestPermission()) !== 'granted') {
        setNote('push.denied');
        return;
      }
      const reg = await navigator.serviceWorker.ready;
      const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }));
      const json = sub.toJSON() as PushSubscriptionJson;
      for (const m of activeMembers()) await notifyApi.savePush(m.token, json);
      await refetch();
    } catch {
      setNote('push.failed');
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setBusy(true);
    setNote(null);
    try {
      const reg = await navigator.serviceWorker.ready;
      await (await reg.pushManager.getSubscription())?.unsubscribe();
      for (const m of activeMembers()) await notifyApi.deletePush(m.token);
      await refetch();
    } catch {
      setNote('push.failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={activeMembers().length > 0}>
      <section aria-labelledby="push-h">
        <h2 id="push-h">{t('push.title')}</h2>
        <p>{t('push.intro')}</p>
        <p class="muted small">{t('push.limits')}</p>
        <Show when={supported()} fallback={<p role="status">{t('push.unsupported')}</p>}>
          <p role="status">{state()?.subscribed ? t('push.isOn') : t('push.isOff')}</p>
          <Show
            when={state()?.subscribed}
            fallback={
              <button type="button" class="btn block" disabled={busy()} onClick={() => void turnOn()}>
                {busy() ? t('push.working') : t('push.on')}
              </button>
            }
          >
            <button type="button" class="btn block" disabled={busy()} onClick={() => void turnOff()}>
              {busy() ? t('push.working') : t('push.off')}
            </button>
          </Show>
          <Show when={note()}>{(k) => <p role="alert">{t(k())}</p>}</Show>
        </Show>
      </section>
    </Show>
  );
};
