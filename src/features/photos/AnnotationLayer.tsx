/**
 * A photo's drawing (arrows, circles, texts) laid over it: an SVG in the photo's own pixels that fits its
 * box the way the image does (contain, centred), so it sits on the same spots at any size, on screen and
 * on paper. The photo underneath is never touched.
 */
import { type Component, For, Match, Switch } from 'solid-js';
import type { AnnotationShape } from '../../core';
import { arrowHead } from './annotation-geometry';

export const AnnotationLayer: Component<{ shapes: readonly AnnotationShape[]; width: number; height: number; label: string }> = (props) => {
  const W = () => props.width;
  const H = () => props.height;
  const stroke = () => Math.max(2, W() * 0.006);
  const font = () => W() * 0.045;
  return (
    <svg class="annotation-layer" viewBox={`0 0 ${W()} ${H()}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={props.label}>
      {/* Each shape twice: a wide white stroke under a red one, legible on dark and light ground alike. */}
      <For each={['under', 'over'] as const}>
        {(pass) => (
          <g
            fill="none"
            stroke={pass === 'under' ? '#fff' : '#e0201b'}
            stroke-width={pass === 'under' ? stroke() * 2.2 : stroke()}
            stroke-linecap="round"
            stroke-linejoin="round"
          >
            <For each={props.shapes}>
              {(s) => (
                <Switch>
                  <Match when={s.type === 'arrow' && s}>
                    {(a) => {
                      const from = () => ({ x: a().from.x * W(), y: a().from.y * H() });
                      const to = () => ({ x: a().to.x * W(), y: a().to.y * H() });
                      return (
                        <>
                          <line x1={from().x} y1={from().y} x2={to().x} y2={to().y} />
                          <polyline points={arrowHead(from(), to(), W()).join(' ')} />
                        </>
                      );
                    }}
                  </Match>
                  <Match when={s.type === 'circle' && s}>{(c) => <circle cx={c().at.x * W()} cy={c().at.y * H()} r={c().r * W()} />}</Match>
                  <Match when={pass === 'over' && s.type === 'text' && s}>
                    {(tx) => (
                      <text
                        x={tx().at.x * W()}
                        y={tx().at.y * H()}
                        font-size={String(font())}
                        font-weight="bold"
                        fill="#e0201b"
                        stroke="#fff"
                        stroke-width={font() * 0.18}
                        paint-order="stroke"
                        dominant-baseline="middle"
                      >
                        {tx().text}
                      </text>
                    )}
                  </Match>
                </Switch>
              )}
            </For>
          </g>
        )}
      </For>
    </svg>
  );
};

/** What the drawing says, for a screen reader and a test: how many marks, and its texts. */
export function annotationSummary(shapes: readonly AnnotationShape[], say: (n: number, texts: string) => string): string {
  const texts = shapes.flatMap((s) => (s.type === 'text' ? [s.text] : []));
  return say(shapes.length, texts.join('、'));
}
