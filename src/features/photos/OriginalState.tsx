/** Where a photo's original stands (#4), on the phone that took it: kept here, uploading, or uploaded. */
import { type Component, Show } from 'solid-js';
import { t } from './messages';
import { liveBlob } from './queries';

export const OriginalState: Component<{ hash: string }> = (props) => {
  const row = liveBlob(() => props.hash);
  const text = () => {
    const r = row();
    if (!r) return null;
    if (r.state === 'held') return t('original.held');
    if (r.state === 'local') return t('original.uploading', { p: Math.floor((100 * r.uploadedBytes) / r.size) });
    return t('original.uploaded');
  };
  return (
    <Show when={text()}>
      <p class="muted small">{text()}</p>
    </Show>
  );
};
