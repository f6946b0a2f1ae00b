/**
 * One chart: a captioned figure whose canvas (uPlot, loaded here on first use so that only the pages
 * drawing charts carry it) is an image named by a summary, described by a data table beside it, and
 * redrawn to its container's width (a 320 px phone, a desk column, the printed page).
 */
import { type Component, type JSX, Show, createEffect, on, onCleanup, onMount } from 'solid-js';
import type uPlot from 'uplot';
import { t } from '../messages';
import './charts.css';

export type UPlot = typeof uPlot;

/** What a chart draws at a given width: uPlot's options without the size, and its data. */
export type ChartSpec = (lib: UPlot, width: number) => { opts: Omit<uPlot.Options, 'width'>; data: uPlot.AlignedData };

let library: Promise<UPlot> | undefined;
function loadUPlot(): Promise<UPlot> {
  library ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return library;
}

/** Ink for the canvas: the page's text colour, so the chart follows the theme and prints black. */
export function ink(el: Element): string {
  return getComputedStyle(el).color || '#1c1c1c';
}

export function chartFont(el: Element, px = 12): string {
  return `${px}px ${getComputedStyle(el).fontFamily || 'sans-serif'}`;
}

let measurer: CanvasRenderingContext2D | null | undefined;
/** How wide `text` is written in the chart's font, in CSS pixels: axes and labels make room for it. */
export function textWidth(el: Element, text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 12;
  measurer.font = chartFont(el);
  return measurer.measureText(text).width;
}

export const ChartFrame: Component<{
  id: string;
  title: string;
  /** What the chart shows, read out in place of the picture. */
  summary: string;
  spec: ChartSpec;
  /**
   * Set when there is nothing to draw: this sentence stands in for the chart, its legend and its
   * table, since empty axes and an empty table say less than the sentence does.
   */
  empty?: string;
  legend?: JSX.Element;
  /** The same figures as a table. */
  table: JSX.Element;
}> = (props) => (
  <figure class="chart-figure" aria-labelledby={`${props.id}-title`}>
    <figcaption id={`${props.id}-title`} class="chart-title">
      {props.title}
    </figcaption>
    <Show when={!props.empty} fallback={<p class="chart-empty">{props.empty}</p>}>
      <ChartCanvas id={props.id} summary={props.summary} spec={props.spec} />
      {props.legend}
      <details class="chart-data no-print">
        <summary>{t('chart.asTable')}</summary>
        <div id={`${props.id}-table`}>{props.table}</div>
      </details>
    </Show>
  </figure>
);

/** The canvas itself, mounted only while there is something to draw (data may arrive after the page opened). */
const ChartCanvas: Component<{ id: string; summary: string; spec: ChartSpec }> = (props) => {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;
  let lib: UPlot | undefined;
  let disposed = false;
  /** Drawn afresh for each width, not stretched: its height, its axis values and the room kept for labels follow the width. */
  const drawWith = (l: UPlot) => {
    plot?.destroy();
    const width = Math.max(200, box.clientWidth);
    const { opts, data } = props.spec(l, width);
    plot = new l({ ...opts, width }, data, box);
  };
  const draw = async () => {
    const l = await loadUPlot();
    if (disposed) return;
    lib = l;
    drawWith(l);
  };
  onMount(() => {
    let lastWidth = box.clientWidth;
    const resize = new ResizeObserver(() => {
      const w = box.clientWidth;
      if (!plot || !lib || Math.abs(w - lastWidth) < 2) return;
      lastWidth = w;
      drawWith(lib);
    });
    resize.observe(box);
    onCleanup(() => resize.disconnect());
  });
  createEffect(
    on(
      () => props.spec,
      () => void draw(),
    ),
  );
  onCleanup(() => {
    disposed = true;
    plot?.destroy();
  });
  return <div class="chart" ref={box} role="img" aria-label={props.summary} aria-describedby={`${props.id}-table`} />;
};

/** A legend entry: a line sample drawn with the series' dash, so it reads in black and white. */
export const LegendItem: Component<{ label: string; dash?: number[]; bar?: boolean; color?: string }> = (props) => (
  <span>
    <svg width="28" height="12" aria-hidden="true">
      {props.bar ? (
        <rect x="2" y="1" width="24" height="10" fill="currentColor" fill-opacity="0.25" stroke="currentColor" />
      ) : (
        <line x1="0" y1="6" x2="28" y2="6" stroke={props.color ?? 'currentColor'} stroke-width="2.5" stroke-dasharray={props.dash?.join(' ')} />
      )}
    </svg>
    {props.label}
  </span>
);

/** The legend is for the eye: the chart's summary already names each line for a screen reader. */
export const Legend: Component<{ children: JSX.Element }> = (props) => (
  <p class="chart-legend" aria-hidden="true">
    {props.children}
  </p>
);
