/** Several works on one device (each with its own token and sync position): pick the one to look at. */
import { useNavigate } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { memberships } from '../../app-state';
import { t } from '../../ui/messages';

export const WorkSwitcher: Component<{ work: string }> = (props) => {
  const navigate = useNavigate();
  return (
    <Show when={memberships().length > 1}>
      <label class="field switcher">
        <span class="label">{t('switcher.label')}</span>
        <select value={props.work} onChange={(e) => navigate(`/w/${e.currentTarget.value}`)}>
          <For each={memberships()}>
            {(m) => (
              <option value={m.work}>
                {m.workName} · {t(`role.${m.role}`)}
                {m.removedAt ? ` · ${t(m.removedBecause === 'expired' ? 'members.expired' : 'members.removed')}` : ''}
              </option>
            )}
          </For>
        </select>
      </label>
    </Show>
  );
};
