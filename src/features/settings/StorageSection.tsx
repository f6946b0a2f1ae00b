/** Space on this phone: what photos take, what is left, and whether the browser may clear it. */
import { type Component, Show, createResource, createSignal } from 'solid-js';
import { t } from './messages';
import { liveStorage } from './queries';
import { OriginalsSetting } from './OriginalsSetting';
import { deviceSpace, ensurePersistent, nearlyFull } from '../photos';
import { humanSize } from '../../lib/human-size';

export const StorageSection: Component = () => {
  const photos = liveStorage();
  const [space] = createResource(deviceSpace);
  const [persisted, setPersisted] = createSignal<boolean | null>(null);
  void navigator.storage?.persisted?.().then(setPersisted);

  return (
    <section aria-labelledby="storage-h">
      <h2 id="storage-h">{t('storage.title')}</h2>
      <p>{t('storage.photos', { size: humanSize(photos().bytes) })}</p>
      <Show when={photos().unsent > 0}>
        <p>{t(photos().unsent === 1 ? 'storage.unsentOne' : 'storage.unsent', { n: photos().unsent, size: humanSize(photos().unsentBytes) })}</p>
      </Show>
      <Show when={photos().refused > 0}>
        <p class="muted">{t(photos().refused === 1 ? 'storage.refusedOne' : 'storage.refused', { n: photos().refused })}</p>
      </Show>
      <Show when={space()}>{(s) => <p class="muted">{t('storage.device', { used: humanSize(s().usage), quota: humanSize(s().quota) })}</p>}</Show>
      <Show when={nearlyFull(space() ?? null)}>
        <p class="banner warn">{t('storage.full')}</p>
      </Show>
      <Show
        when={persisted()}
        fallback={
          <>
            <p class="muted">{t('storage.notPersisted')}</p>
            <button type="button" class="btn" onClick={() => void ensurePersistent().then((ok) => setPersisted(ok))}>
              {t('storage.persist')}
            </button>
            <Show when={persisted() === false}>
              <p class="muted small">{t('storage.persistRefused')}</p>
            </Show>
          </>
        }
      >
        <p class="muted">{t('storage.persisted')}</p>
      </Show>
      <OriginalsSetting />
    </section>
  );
};
