/**
 * A point's photos on the desk: a grid grouped by phase (before, during, after) and by day, and any two
 * of them large and side by side. Arrow keys move through the photos (one tab stop for the whole grid),
 * Enter or a click puts a photo on the left, the next on the right. Until two are chosen, the latest
 * "before" and "after" stand there, as on the phone's before/after.
 */
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { PHASES, type PhotoState, isShown, photoTime } from '../../core';
import { PhotoImage, chinaTime, comparePair } from '../photos';
import { formatTime, t } from './messages';

export const PhotoGrid: Component<{ photos: readonly PhotoState[] }> = (props) => {
  const shown = createMemo(() => props.photos.filter(isShown));
  // Phase, then day (China time, as on the notices and exports), oldest first within each.
  const groups = createMemo(() =>
    PHASES.map((phase) => {
      const days = new Map<string, PhotoState[]>();
      for (const p of shown()) {
        if (p.phase !== phase) continue;
        const day = chinaTime(photoTime(p)).slice(0, 10);
        const list = days.get(day);
        if (list) list.push(p);
        else days.set(day, [p]);
      }
      return { phase, days: [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
    }).filter((g) => g.days.length > 0),
  );
  /** The photos in the order the arrow keys walk them: as laid out, group by group. */
  const order = createMemo(() => groups().flatMap((g) => g.days.flatMap(([, list]) => list)));
  const [focused, setFocused] = createSignal(0);
  const [left, setLeft] = createSignal<string | null>(null);
  const [right, setRight] = createSignal<string | null>(null);
  const byId = (id: string | null) => (id ? shown().find((p) => p.id === id) : undefined);
  const pair = createMemo((): readonly [PhotoState, PhotoState] | null => {
    const l = byId(left());
    const r = byId(right());
    if (l && r) return [l, r];
    return comparePair(shown(), 'point');
  });

  const choose = (p: PhotoState) => {
    if (left() === null || (left() !== null && right() !== null)) {
      setLeft(p.id);
      setRight(null);
    } else if (left() !== p.id) setRight(p.id);
  };
  const side = (id: string) => (left() === id ? t('desk.grid.left') : right() === id ? t('desk.grid.right') : null);
  const label = (p: PhotoState) => {
    const s = side(p.id);
    const base = `${t('desk.grid.photo', { phase: t(`phase.${p.phase}`), time: formatTime(photoTime(p)) })}${p.caption ? ` ${p.caption}` : ''}`;
    return s ? `${base}（${t('desk.grid.chosen', { side: s })}）` : base;
  };

  let grid: HTMLDivElement | undefined;
  const move = (e: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity }[e.key];
    if (step === undefined || order().length === 0) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(order().length - 1, focused() + step));
    setFocused(next);
    grid?.querySelectorAll<HTMLButtonElement>('.grid-photo')[next]?.focus();
  };

  return (
    <section aria-labelledby="grid-h" class="photo-desk">
      <h2 id="grid-h">{t('desk.grid.title')}</h2>
      <Show when={order().length > 0} fallback={<p class="muted">{t('desk.grid.empty')}</p>}>
        <Show when={pair()}>
          {(p) => (
            <figure class="compare-large" aria-label={t('desk.grid.compare')}>
              <For each={p()}>
                {(photo) => (
                  <div>
                    <PhotoImage class="compare-large-img" hash={photo.hash} work={photo.work} alt={label(photo)} />
                    <p class="small">
                      <span class={`phase phase-${photo.phase}`}>{t(`phase.${photo.phase}`)}</span> {formatTime(photoTime(photo))} {photo.caption}
                    </p>
                  </div>
                )}
              </For>
            </figure>
          )}
        </Show>
        <p class="muted small">{t('desk.grid.hint')}</p>
        <Show when={left() !== null}>
          <button
            type="button"
            class="btn"
            onClick={() => {
              setLeft(null);
              setRight(null);
            }}
          >
            {t('desk.grid.clear')}
          </button>
        </Show>
        <div ref={grid} class="grid-groups" onKeyDown={move}>
          <For each={groups()}>
            {(g) => (
              <div class="grid-phase">
                <h3>{t(`phase.${g.phase}`)}</h3>
                <For each={g.days}>
                  {([day, list]) => (
                    <div class="grid-day">
                      <h4>{day}</h4>
                      <ul class="grid-photos">
                        <For each={list}>
                          {(p) => (
                            <li>
                              <button
                                type="button"
                                class="grid-photo"
                                classList={{ chosen: side(p.id) !== null }}
                                aria-pressed={side(p.id) !== null}
                                aria-label={label(p)}
                                tabindex={order()[focused()]?.id === p.id ? 0 : -1}
                                onFocus={() => setFocused(order().indexOf(p))}
                                onClick={() => choose(p)}
                              >
                                <PhotoImage class="grid-thumb" hash={p.thumbHash} work={p.work} alt="" />
                                <Show when={side(p.id)}>{(s) => <span class="grid-side">{s()}</span>}</Show>
                              </button>
                            </li>
                          )}
                        </For>
                      </ul>
                    </div>
                  )}
                </For>
              </div>
            )}
          </For>
        </div>
      </Show>
    </section>
  );
};
