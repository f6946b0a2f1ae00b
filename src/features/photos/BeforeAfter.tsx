/**
 * Before and after, side by side: the latest photo of the ground (or the problem) and the latest
 * "after" photo, so staff can check that it was put back as it was. Each opens large.
 */
import { type Component, Show } from 'solid-js';
import { type PhotoState, isShown, photoTime } from '../../core';
import { formatTime, t } from './messages';
import { PhotoThumbButton } from './PhotoViewer';

/**
 * The pair to compare, from photos oldest first (so the last of each is the latest): at a point the
 * latest "before"; on an issue the latest photo of the problem, whatever phase it was given.
 */
export function comparePair(photos: readonly PhotoState[], of: 'point' | 'issue'): readonly [PhotoState, PhotoState] | null {
  const latest = (match: (p: PhotoState) => boolean) => photos.findLast((p) => isShown(p) && match(p));
  const before = latest((p) => (of === 'point' ? p.phase === 'before' : p.phase !== 'after'));
  const after = latest((p) => p.phase === 'after');
  return before && after ? [before, after] : null;
}

export const BeforeAfter: Component<{ title: string; pair: readonly [PhotoState, PhotoState] | null }> = (props) => (
  <Show when={props.pair}>
    {(pair) => (
      <section aria-labelledby="compare-h">
        <h2 id="compare-h">{props.title}</h2>
        <div class="compare">
          {pair().map((p) => (
            <figure>
              <PhotoThumbButton class="compare-img" photo={p} full alt={`${t(`phase.${p.phase}`)} ${p.caption}`.trim()} />
              <figcaption>
                <span class={`phase phase-${p.phase}`}>{t(`phase.${p.phase}`)}</span> {formatTime(photoTime(p))}
              </figcaption>
            </figure>
          ))}
        </div>
      </section>
    )}
  </Show>
);
