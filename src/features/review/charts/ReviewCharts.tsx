/**
 * The overview's and meeting pack's charts: open and overdue issues per week, response and fix times
 * against the targets, issues by category and open issues by point. Series come from
 * src/core/review-series.ts; every chart prints in black and white (dashes, outlines, labels on the
 * canvas, not colour alone) and has its figures as a table.
 */
import { type Component, For, createMemo } from 'solid-js';
import type uPlot from 'uplot';
import type { IssueState, PointState, ResponseTargets } from '../../../core';
import { DAY_MS, HOUR_MS } from '../../../core/issue-clocks';
import {
  BINS_PER_TARGET,
  TARGETS_SHOWN,
  type Distribution,
  issuesByCategory,
  openByPoint,
  openOverdueByWeek,
  responseDistributions,
} from '../../../core/review-series';
import { t } from '../messages';
import { formatDuration } from '../format';
import { type ChartSpec, ChartFrame, Legend, LegendItem, chartFont, ink, textWidth } from './ChartFrame';
import { DAY_STEPS, HOUR_STEPS, roundTicks } from './ticks';

const OVERDUE_DASH = [8, 5];
const MEDIAN_DASH = [2, 3];
const TARGET_DASH = [8, 5];
const ERR = '#a01616';

function weekLabel(ms: number): string {
  return new Date(ms).toLocaleDateString(document.documentElement.lang || undefined, { month: 'numeric', day: 'numeric', timeZone: 'Asia/Shanghai' });
}

/** Whole-number ticks only: counts and week indexes have no halves. */
const wholeSplits = (u: uPlot, axis: number, min: number, max: number, incr: number) => {
  const step = Math.max(1, Math.ceil(incr));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) out.push(v);
  return out;
};

function countAxis(el: Element): uPlot.Axis {
  return { stroke: ink(el), font: chartFont(el), size: 40, splits: wholeSplits, grid: { stroke: '#0002', width: 1 }, ticks: { show: false } };
}

/** Writes a few words on the canvas, in canvas pixels. */
function label(u: uPlot, el: Element, text: string, x: number, y: number, align: CanvasTextAlign = 'left') {
  const ctx = u.ctx;
  ctx.save();
  ctx.font = chartFont(el, 12 * uPlotRatio());
  ctx.fillStyle = ink(el);
  ctx.textAlign = align;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x, y);
  ctx.restore();
}
const uPlotRatio = () => window.devicePixelRatio || 1;

export const WeeklyChart: Component<{ id: string; issues: IssueState[]; targets: ResponseTargets; now: number }> = (props) => {
  const weeks = createMemo(() => openOverdueByWeek(props.issues, props.targets, props.now));
  const summary = () => {
    const w = weeks();
    const last = w.at(-1)!;
    const peak = w.reduce((a, b) => (b.open > a.open ? b : a), w[0]!);
    return t('chart.weeklySummary', { weeks: w.length, open: last.open, overdue: last.overdue, peak: peak.open, peakWeek: weekLabel(peak.weekStartMs) });
  };
  const spec = createMemo<ChartSpec>(() => {
    const w = weeks();
    return (_lib, width) => {
      const el = document.body;
      const opts: Omit<uPlot.Options, 'width'> = {
        height: Math.round(Math.min(260, Math.max(180, width * 0.5))),
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, Math.max(1, w.length - 1)] }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
        axes: [
          {
            stroke: ink(el),
            font: chartFont(el),
            space: 64,
            splits: wholeSplits,
            values: (_u, splits) => splits.map((s) => (w[s] ? weekLabel(w[s].weekStartMs) : '')),
            grid: { show: false },
          },
          countAxis(el),
        ],
        series: [
          {},
          { label: t('review.open'), stroke: ink(el), width: 2.5, points: { show: w.length < 20, size: 5 } },
          { label: t('review.overdue'), stroke: ERR, width: 2.5, dash: OVERDUE_DASH, points: { show: w.length < 20, size: 5 } },
        ],
      };
      return { opts, data: [w.map((_, i) => i), w.map((x) => x.open), w.map((x) => x.overdue)] };
    };
  });
  return (
    <ChartFrame
      id={props.id}
      title={t('chart.weeklyTitle')}
      summary={summary()}
      spec={spec()}
      empty={weeks().every((w) => w.open === 0) ? t('chart.weeklyEmpty') : undefined}
      legend={
        <Legend>
          <LegendItem label={t('review.open')} />
          <LegendItem label={t('review.overdue')} dash={OVERDUE_DASH} color={ERR} />
        </Legend>
      }
      table={
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">{t('chart.week')}</th>
              <th scope="col">{t('review.open')}</th>
              <th scope="col">{t('review.overdue')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={weeks()}>
              {(w) => (
                <tr>
                  <th scope="row">{t('review.weekOf', { date: weekLabel(w.weekStartMs) })}</th>
                  <td>{w.open}</td>
                  <td>{w.overdue}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      }
    />
  );
};

/** Draws a vertical line at `x` (in the x scale's units) across the plot, dashed, with a label at the top. */
function marker(u: uPlot, el: Element, x: number, dash: number[], color: string, text: string, row: number) {
  const ctx = u.ctx;
  const px = Math.min(u.bbox.left + u.bbox.width, Math.max(u.bbox.left, u.valToPos(x, 'x', true)));
  const r = uPlotRatio();
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2 * r;
  ctx.setLineDash(dash.map((d) => d * r));
  ctx.beginPath();
  ctx.moveTo(px, u.bbox.top);
  ctx.lineTo(px, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
  // Labels sit left of lines in the right half, right of those in the left half, one row each, so they do not overlap.
  const right = px > u.bbox.left + u.bbox.width / 2;
  label(u, el, text, px + (right ? -4 : 4) * r, u.bbox.top + (8 + row * 15) * r, right ? 'right' : 'left');
}

export const DistributionChart: Component<{ id: string; kind: 'respond' | 'resolve'; issues: IssueState[]; targets: ResponseTargets }> = (props) => {
  const dist = createMemo<Distribution>(() => responseDistributions(props.issues, props.targets)[props.kind]);
  const unit = () => (props.kind === 'respond' ? HOUR_MS : DAY_MS);
  const unitText = (ms: number) =>
    props.kind === 'respond' ? t('chart.hoursShort', { n: +(ms / HOUR_MS).toFixed(1) }) : t('chart.daysShort', { n: +(ms / DAY_MS).toFixed(1) });
  const title = () => t(props.kind === 'respond' ? 'chart.respondTitle' : 'chart.resolveTitle');
  const summary = () => {
    const d = dist();
    return t('chart.distSummary', {
      what: title(),
      n: d.spread.count,
      median: formatDuration(d.spread.medianMs),
      worst: formatDuration(d.spread.worstMs),
      target: formatDuration(d.targetMs),
      over: d.spread.overTarget,
    });
  };
  const binText = (b: Distribution['bins'][number]) =>
    b.toMs === null ? t('chart.longer', { from: unitText(b.fromMs) }) : `${unitText(b.fromMs)} – ${unitText(b.toMs)}`;
  const spec = createMemo<ChartSpec>(() => {
    const d = dist();
    const u1 = unit();
    const width = d.targetMs / BINS_PER_TARGET / u1;
    const maxX = (TARGETS_SHOWN + 1 / BINS_PER_TARGET) * (d.targetMs / u1);
    return (lib, w) => {
      const el = document.body;
      const opts: Omit<uPlot.Options, 'width'> = {
        height: Math.round(Math.min(240, Math.max(170, w * 0.45))),
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, maxX] }, y: { range: (_u, _min, max) => [0, Math.max(3, Math.ceil(max * 1.35))] } },
        axes: [
          {
            stroke: ink(el),
            font: chartFont(el),
            // A few whole hours or days that fit the plot's width, each label clear of the next.
            splits: (u) => {
              const plotPx = u.bbox.width / uPlotRatio() || w - 60;
              return roundTicks(
                maxX,
                plotPx,
                textWidth(el, unitText(Math.ceil(maxX) * u1)),
                props.kind === 'respond' ? HOUR_STEPS : DAY_STEPS,
                d.targetMs / u1,
              );
            },
            values: (_u, splits) => splits.map((s) => unitText(s * u1)),
            grid: { show: false },
          },
          countAxis(el),
        ],
        series: [
          {},
          {
            label: title(),
            stroke: ink(el),
            fill: 'rgba(120,120,120,0.35)',
            width: 1,
            paths: lib.paths.bars!({ size: [0.9, Infinity], align: 0 }),
            points: { show: false },
          },
        ],
        hooks: {
          draw: [
            (u) => {
              marker(u, el, d.targetMs / u1, TARGET_DASH, ERR, t('chart.targetMark', { d: formatDuration(d.targetMs) }), 0);
              if (d.spread.medianMs !== null)
                marker(u, el, d.spread.medianMs / u1, MEDIAN_DASH, ink(el), t('chart.medianMark', { d: formatDuration(d.spread.medianMs) }), 1);
              if (d.spread.worstMs !== null)
                marker(u, el, d.spread.worstMs / u1, [], ink(el), t('chart.worstMark', { d: formatDuration(d.spread.worstMs) }), 2);
            },
          ],
        },
      };
      // Empty bins draw nothing (a zero-height bar would still draw its outline).
      return { opts, data: [d.bins.map((_, i) => (i + 0.5) * width), d.bins.map((b) => b.count || null)] };
    };
  });
  return (
    <ChartFrame
      id={props.id}
      title={title()}
      summary={summary()}
      spec={spec()}
      empty={dist().spread.count === 0 ? t(props.kind === 'respond' ? 'chart.respondEmpty' : 'chart.resolveEmpty') : undefined}
      legend={
        <Legend>
          <LegendItem label={t('chart.issuesBar')} bar />
          <LegendItem label={t('review.target')} dash={TARGET_DASH} color={ERR} />
          <LegendItem label={t('review.median')} dash={MEDIAN_DASH} />
          <LegendItem label={t('review.worst')} />
        </Legend>
      }
      table={
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">{t('review.measure')}</th>
              <th scope="col">{t('chart.issues')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={dist().bins}>
              {(b) => (
                <tr>
                  <th scope="row">{binText(b)}</th>
                  <td>{b.count}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      }
    />
  );
};

/** Bar facets in the x scale's units: a lone bar (a work with one point) is as thick as one in a list. */
const SCALE = 1 as uPlot.Series.BarsPathBuilderFacetUnit;

interface BarRow {
  label: string;
  n: number;
  /** Written after the count on the canvas and in the table ("2 逾期"). */
  note?: string;
}

/** Horizontal bars, one a row, the count written at each bar's end: long names fit, and it reads without colour. */
const BarsChart: Component<{ id: string; title: string; summary: string; rows: BarRow[]; head: [string, string]; max?: number; empty: string }> = (props) => {
  const spec = createMemo<ChartSpec>(() => {
    const rows = props.rows.slice(0, props.max ?? props.rows.length);
    return (lib, w) => {
      const el = document.body;
      const labelWidth = Math.min(Math.round(w * 0.35), 140);
      const short = (s: string) => (s.length > 8 ? `${s.slice(0, 7)}…` : s);
      const text = (r: BarRow) => (r.note ? `${r.n} · ${r.note}` : String(r.n));
      // The scale reaches far enough past each bar for its count ("6 · 3 件逾期") to fit inside the plot.
      const plotPx = Math.max(60, w - labelWidth - 16);
      const reach = Math.max(3, ...rows.map((r) => (r.n * plotPx) / Math.max(plotPx / 3, plotPx - textWidth(el, text(r)) - 12)));
      const opts: Omit<uPlot.Options, 'width'> = {
        height: 48 + Math.max(2, rows.length) * 28,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, ori: 1, dir: -1, range: [-0.5, Math.max(0.5, rows.length - 0.5)] },
          y: { ori: 0, dir: 1, range: () => [0, Math.ceil(reach)] },
        },
        axes: [
          {
            side: 3,
            stroke: ink(el),
            font: chartFont(el),
            size: labelWidth,
            splits: () => rows.map((_, i) => i),
            values: (_u, splits) => splits.map((s) => short(rows[s]?.label ?? '')),
            grid: { show: false },
            ticks: { show: false },
          },
          { ...countAxis(el), side: 2 },
        ],
        series: [
          {},
          {
            label: props.title,
            stroke: ink(el),
            fill: 'rgba(120,120,120,0.35)',
            width: 1,
            paths: lib.paths.bars!({
              disp: {
                x0: { unit: SCALE, values: (u) => Array.from(u.data[0], (v) => v - 0.35) },
                size: { unit: SCALE, values: (u) => Array.from(u.data[0], () => 0.7) },
              },
            }),
            points: { show: false },
          },
        ],
        hooks: {
          draw: [
            (u) => {
              rows.forEach((r, i) => {
                label(u, el, text(r), u.valToPos(r.n, 'y', true) + 4 * uPlotRatio(), u.valToPos(i, 'x', true));
              });
            },
          ],
        },
      };
      return { opts, data: [rows.map((_, i) => i), rows.map((r) => r.n)] };
    };
  });
  return (
    <ChartFrame
      id={props.id}
      title={props.title}
      summary={props.summary}
      spec={spec()}
      empty={props.rows.length === 0 ? props.empty : undefined}
      table={
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">{props.head[0]}</th>
              <th scope="col">{props.head[1]}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(r) => (
                <tr>
                  <th scope="row">{r.label}</th>
                  <td>{r.note ? `${r.n} · ${r.note}` : r.n}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      }
    />
  );
};

export const CategoryChart: Component<{ id: string; issues: IssueState[] }> = (props) => {
  const rows = createMemo(() => issuesByCategory(props.issues).map((r) => ({ label: t(`category.${r.category}`), n: r.n })));
  return (
    <BarsChart
      id={props.id}
      title={t('chart.categoryTitle')}
      summary={t('chart.barsSummary', {
        what: t('chart.categoryTitle'),
        list:
          rows()
            .map((r) => `${r.label} ${r.n}`)
            .join('，') || t('chart.none'),
      })}
      rows={rows()}
      head={[t('chart.category'), t('chart.issues')]}
      empty={t('chart.categoryEmpty')}
    />
  );
};

/** Points with open issues only, most first. A work may have dozens of points: the chart draws the most loaded ones, its table lists them all. */
const MAX_POINT_BARS = 12;

export const PointChart: Component<{ id: string; issues: IssueState[]; points: PointState[]; targets: ResponseTargets; now: number }> = (props) => {
  const rows = createMemo(() =>
    openByPoint(props.issues, props.points, props.targets, props.now)
      .filter((r) => r.open > 0)
      .map((r) => ({ label: r.point.name, n: r.open, note: r.overdue ? t('chart.lateNote', { n: r.overdue }) : undefined })),
  );
  const title = () => (rows().length > MAX_POINT_BARS ? t('chart.pointsTop', { n: MAX_POINT_BARS }) : t('review.points'));
  const rest = () => rows().length - MAX_POINT_BARS;
  return (
    <BarsChart
      id={props.id}
      title={title()}
      summary={
        t('chart.barsSummary', {
          what: title(),
          list:
            rows()
              .slice(0, MAX_POINT_BARS)
              .map((r) => `${r.label} ${r.n}${r.note ? `（${r.note}）` : ''}`)
              .join('，') || t('chart.none'),
        }) + (rest() > 0 ? t('chart.morePoints', { n: rest() }) : '')
      }
      max={MAX_POINT_BARS}
      rows={rows()}
      head={[t('chart.point'), t('review.open')]}
      empty={t('chart.pointsEmpty')}
    />
  );
};

/** All five, as the overview and the meeting pack show them. */
export const ReviewCharts: Component<{ prefix: string; issues: IssueState[]; points: PointState[]; targets: ResponseTargets; now: number }> = (props) => (
  <div class="chart-grid">
    <WeeklyChart id={`${props.prefix}-weekly`} issues={props.issues} targets={props.targets} now={props.now} />
    <DistributionChart id={`${props.prefix}-respond`} kind="respond" issues={props.issues} targets={props.targets} />
    <DistributionChart id={`${props.prefix}-resolve`} kind="resolve" issues={props.issues} targets={props.targets} />
    <CategoryChart id={`${props.prefix}-category`} issues={props.issues} />
    <PointChart id={`${props.prefix}-points`} issues={props.issues} points={props.points} targets={props.targets} now={props.now} />
  </div>
);

export default ReviewCharts;
