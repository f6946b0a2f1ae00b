import { type Component, Show } from 'solid-js';
import { t } from './messages';
import { applyUpdate, updateReady } from '../pwa';

export const UpdatePrompt: Component = () => (
  <Show when={updateReady()}>
    <div class="update-bar" role="status">
      <p>
        {t('update.available')} {t('update.keep')}
      </p>
      <button type="button" class="btn primary" onClick={applyUpdate}>
        {t('update.reload')}
      </button>
    </div>
  </Show>
);
