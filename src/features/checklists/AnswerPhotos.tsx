/** The photos of one checklist answer as thumbnails, on the item being answered and on the issue it raised. */
import { type Component, For, Show } from 'solid-js';
import { isShown } from '../../core';
import { liveAnswerPhotos } from './queries';
import { PhotoThumbButton, PhotoViewer } from '../photos';
import { tc } from './messages';

export const AnswerPhotos: Component<{ ids: readonly string[]; work: string; itemLabel: string }> = (props) => {
  // Live: a photo's row may arrive after the answer naming it (another device's photo, still syncing).
  const all = liveAnswerPhotos(() => props.ids);
  const photos = () => all().filter(isShown);
  return (
    <Show when={photos().length > 0}>
      <ul class="picked">
        <For each={photos()}>
          {(p, i) => (
            <li>
              <PhotoThumbButton class="thumb" photo={p} alt={tc('cl.photoN', { item: props.itemLabel, n: i() + 1 })} />
            </li>
          )}
        </For>
      </ul>
      <PhotoViewer photos={photos()} work={props.work} />
    </Show>
  );
};
