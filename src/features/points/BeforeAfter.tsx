/**
 * Before and after, side by side: the latest "before" and the latest
 * "after" photo of a point, so staff can check that the ground (the
 * greenery, the paving) was put back as it was.
 */
import { type Component, Show } from 'solid-js';
import type { PhotoState } from '../../core';
import { formatTime, t } from './messages';
import { PhotoImage } from '../photos';

export const BeforeAfter: Component<{ photos: PhotoState[]; when: (p: PhotoState) => number }> = (props) => {
  // photos come oldest first: the last of each phase is the latest.
  const latest = (phase: 'before' | 'after') => [...props.photos].reverse().find((p) => p.phase === phase);
  return (
    <Show when={latest('before') && latest('after') ? ([latest('before')!, latest('after')!] as const) : null}>
      {(pair) => (
        <section aria-labelledby="compare-h">
          <h2 id="compare-h">{t('compare.title')}</h2>
          <div class="compare">
            {pair().map((p) => (
              <figure>
                <PhotoImage
                  class="compare-img"
                  hash={p.hash}
                  work={p.work}
                  alt={`${t(p.phase === 'before' ? 'compare.before' : 'compare.after')} ${p.caption}`}
                />
                <figcaption>
                  <span class={`phase phase-${p.phase}`}>{t(`phase.${p.phase}`)}</span> {formatTime(props.when(p))}
                </figcaption>
              </figure>
            ))}
          </div>
        </section>
      )}
    </Show>
  );
};
