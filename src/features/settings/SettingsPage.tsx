/** Language, the works this device joined, sync details and changes the server refused. */
import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { deviceId, memberships } from '../../app-state';
import { LOCALES, type Locale, locale, setLocale } from '../../i18n';
import { formatTime, t } from './messages';
import { syncEngine } from '../../sync/engine';
import { Page } from '../../ui/Layout';
import { syncErrorText } from '../../ui/SyncStatus';
import { liveSyncStates, liveUnsyncedByWork } from './queries';
import { RejectedList } from '../../ui/RejectedList';
import { PushSection } from './PushSection';
import { RescueSection } from './RescueSection';
import { StorageSection } from './StorageSection';
import { deviceName } from '../../lib/device-model';
import { largeText, setLargeText } from '../../ui/text-size';

const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export const SettingsPage: Component = () => {
  const syncStates = liveSyncStates(() => memberships().length);
  const pendingByWork = liveUnsyncedByWork(() => memberships().map((m) => m.work));

  return (
    <Page title={t('settings.title')} back="/">
      <section>
        <h2 id="lang-h">{t('settings.language')}</h2>
        <div class="choices" role="radiogroup" aria-labelledby="lang-h">
          <For each={LOCALES}>
            {(l) => (
              <label class="choice">
                <input type="radio" name="locale" value={l} checked={locale() === l} onChange={() => void setLocale(l)} />
                <span lang={l}>{LOCALE_NAMES[l]}</span>
              </label>
            )}
          </For>
        </div>
      </section>
      <section aria-labelledby="text-size-h">
        <h2 id="text-size-h">{t('settings.textSize')}</h2>
        <label class="choice">
          <input type="checkbox" checked={largeText()} aria-describedby="large-text-hint" onChange={(e) => setLargeText(e.currentTarget.checked)} />
          <span>{t('settings.largeText')}</span>
        </label>
        <p id="large-text-hint" class="hint">
          {t('settings.largeTextHint')}
        </p>
      </section>
      <section>
        <h2>{t('sync.title')}</h2>
        <For each={memberships()}>
          {(m) => {
            const s = () => syncStates().find((x) => x.work === m.work);
            return (
              <div class="panel">
                <p>
                  <strong>{m.workName}</strong> · {t(`role.${m.role}`)}
                </p>
                <p>{t('sync.pending', { n: pendingByWork().get(m.work) ?? 0 })}</p>
                <Show when={s()?.phase === 'pulling' && s()!.pullTotal > 0}>
                  <p>
                    <progress aria-label={t('sync.progress')} max={s()!.pullTotal} value={s()!.pulled} />{' '}
                    {t('sync.pulling', { n: s()!.pulled, total: s()!.pullTotal })}
                  </p>
                </Show>
                <p class="muted">{s()?.lastSyncAt ? t('sync.lastSync', { time: formatTime(s()!.lastSyncAt!) }) : t('sync.never')}</p>
                <Show when={s()?.error}>{(e) => <p class="error">{syncErrorText(e().code)}</p>}</Show>
                <div class="actions">
                  <button type="button" class="btn primary" onClick={() => syncEngine.syncNow()}>
                    {t('sync.now')}
                  </button>
                  <A class="btn" href={`/w/${m.work}`}>
                    {t('settings.open')}
                  </A>
                </div>
              </div>
            );
          }}
        </For>
        <A class="btn block" href="/join">
          {t('settings.joinAnother')}
        </A>
        {/* Works, members and roles */}
        <A class="btn block" href="/signin">
          {t('signin.title')}
        </A>
        <Show when={memberships().some((m) => m.role === 'staff' && !m.removedAt)}>
          <A class="btn block" href="/works/new">
            {t('newWork.title')}
          </A>
        </Show>
      </section>
      <RejectedList />
      <PushSection />
      <StorageSection /> {/* site plans and photos */}
      <RescueSection />
      {/* The phone by its model and browser, which a person recognises; the short number is what staff see beside it. */}
      <p class="muted small">
        {deviceName(navigator.userAgent, locale())
          ? t('settings.device', { name: deviceName(navigator.userAgent, locale())!, id: deviceId().slice(0, 8) })
          : t('settings.deviceUnknown', { id: deviceId().slice(0, 8) })}
      </p>
    </Page>
  );
};
