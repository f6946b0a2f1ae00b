/**
 * A work's overview for community staff: how many issues stand where, how fast
 * the contractor responds against the work's targets, and which points carry
 * open issues. Leads to the joint-meeting pack and the CSV export.
 */
import { A, useParams } from '@solidjs/router';
import { type Component, For, Show, Suspense, createMemo, createSignal, lazy } from 'solid-js';
import { membershipFor } from '../../app-state';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, countIssues, perWeek, residentFigures, responseFigures, stampWall, targetsOf, type Spread } from '../../core';
import { openByPoint } from '../../core/review-series';
import { t, tr } from './messages';
import { t as tb } from './brief-messages';
import { Page } from '../../ui/Layout';
import { liveReview } from './queries';
import { download, issuesCsv } from './export-csv';
import { formatDuration } from './format';
import { ResidentFiguresTable } from './ResidentFiguresTable';
import { EMPTY_REVIEW, localDate } from './review-data';
import { afterPaint } from './charts/after-paint';
import { DownloadsBlockedNote, downloadsBlocked } from '../../ui/InAppGuide';

/** A labelled count with a bar; the table stays readable when printed or read aloud. */
const CountTable: Component<{ caption: string; rows: Array<{ label: string; n: number }>; total: number }> = (props) => (
  <table class="count-table">
    <caption>{props.caption}</caption>
    <tbody>
      <For each={props.rows}>
        {(r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="bar-cell" aria-hidden="true">
              <span class="bar" style={{ width: `${props.total ? (100 * r.n) / props.total : 0}%` }} />
            </td>
            <td class="num">{r.n}</td>
          </tr>
        )}
      </For>
    </tbody>
  </table>
);

// The target sits under the row's name rather than in a fourth column: four columns do not fit a 320 px phone.
const SpreadRow: Component<{ label: string; spread: Spread; target: string }> = (props) => (
  <tr>
    <th scope="row">
      {props.label}
      <span class="small muted target">
        {tr('review.target')} {props.target}
        <Show when={props.spread.overTarget > 0}>
          <span class="late"> · {tr('review.overTarget', { n: props.spread.overTarget })}</span>
        </Show>
      </span>
    </th>
    <td>{formatDuration(props.spread.medianMs)}</td>
    <td>{formatDuration(props.spread.worstMs)}</td>
  </tr>
);

// The charts, and uPlot with them, load only with the pages that draw them.
const ReviewCharts = lazy(() => import('./charts/ReviewCharts'));
// Leaflet comes only with a work that has a site plan.
const OverviewPlan = lazy(() => import('./OverviewPlan'));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEKS = 8;

export const ReviewPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const data = liveReview(() => params.workId);
  const chartData = afterPaint(data, EMPTY_REVIEW);
  const now = Date.now();
  const targets = () => targetsOf(data().work);
  const counts = createMemo(() => countIssues(data().issues));
  const figures = createMemo(() => responseFigures(data().issues, targets(), now));
  const residents = createMemo(() => residentFigures(data().issues));
  const pointRows = createMemo(() => openByPoint(data().issues, data().points, targets(), now));
  const pointLoad = createMemo(() => new Map(pointRows().map((r) => [r.point.id, { open: r.open, late: r.overdue }])));
  const weeks = createMemo(() =>
    perWeek(
      data().inspections.flatMap((i) => (i.submittedAt ? [stampWall(i.submittedAt)] : [])),
      now,
      WEEKS,
    ),
  );
  const weekMax = () => Math.max(1, ...weeks().map((w) => w.count));

  const exportCsv = () => {
    const name = `${data().work?.name ?? params.workId}-${tr('csv.fileIssues')}-${localDate(Date.now())}.csv`;
    download(name, issuesCsv(data(), Date.now()), 'text/csv;charset=utf-8');
  };

  const [zipState, setZipState] = createSignal<{ done: number; total: number } | null>(null);
  const [zipMessage, setZipMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const exportZip = async () => {
    const m = membershipFor(params.workId);
    if (!m || zipState()) return;
    setZipMessage(null);
    setZipState({ done: 0, total: 0 });
    try {
      // fflate loads only when someone exports.
      const { photosZip } = await import('./export-zip');
      const result = await photosZip(data(), m, (done, total) => setZipState({ done, total }));
      const name = `${data().work?.name ?? params.workId}-${localDate(Date.now())}.zip`;
      download(name, result.blob, 'application/zip');
      const text = tr('review.zipDone', { n: result.photos }) + (result.missing ? ` ${tr('review.zipMissing', { n: result.missing })}` : '');
      setZipMessage({ ok: result.missing === 0, text });
    } catch (err) {
      setZipMessage({ ok: false, text: tr('review.zipFailed') });
    } finally {
      setZipState(null);
    }
  };

  const [xlsxState, setXlsxState] = createSignal<{ done: number; total: number } | null>(null);
  const [xlsxMessage, setXlsxMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const exportXlsx = async () => {
    const m = membershipFor(params.workId);
    if (!m || xlsxState()) return;
    setXlsxMessage(null);
    setXlsxState({ done: 0, total: 0 });
    try {
      const { buildLedger } = await import('./export-ledger');
      const result = await buildLedger(data(), m, Date.now(), (done, total) => setXlsxState({ done, total }));
      const name = `${data().work?.name ?? params.workId}-${result.fileLabel}-${localDate(Date.now())}.xlsx`;
      download(name, new Blob([result.bytes as BlobPart], { type: XLSX_TYPE }), XLSX_TYPE);
      const text =
        tr('review.xlsxDone', { issues: result.issues, thumbs: result.thumbs }) + (result.missing ? ` ${tr('review.xlsxMissing', { n: result.missing })}` : '');
      setXlsxMessage({ ok: result.missing === 0, text });
    } catch {
      setXlsxMessage({ ok: false, text: tr('review.xlsxFailed') });
    } finally {
      setXlsxState(null);
    }
  };

  return (
    <Page title={tr('review.title')} work={params.workId} back={`/w/${params.workId}`}>
      <p class="lead">{data().work?.name}</p>
      <DownloadsBlockedNote />
      <div class="actions no-print">
        <A class="btn primary" href={`/w/${params.workId}/meeting`}>
          {tr('review.meetingPack')}
        </A>
        <A class="btn" href={`/w/${params.workId}/brief`}>
          {tb('brief.open')}
        </A>
        <button type="button" class="btn" disabled={downloadsBlocked()} onClick={exportCsv}>
          {tr('review.exportCsv')}
        </button>
        <button type="button" class="btn" disabled={zipState() !== null || downloadsBlocked()} onClick={() => void exportZip()}>
          {tr('review.exportZip')}
        </button>
        <button type="button" class="btn" disabled={xlsxState() !== null || downloadsBlocked()} onClick={() => void exportXlsx()}>
          {tr('review.exportXlsx')}
        </button>
      </div>
      <Show when={xlsxState()}>
        {(x) => (
          <div class="no-print" role="status">
            <p>{tr('review.xlsxProgress', { done: x().done, total: x().total })}</p>
            <progress max={Math.max(1, x().total)} value={x().done} aria-label={tr('review.exportXlsx')} />
          </div>
        )}
      </Show>
      <Show when={xlsxMessage()}>
        {(msg) => (
          <p class={msg().ok ? 'flash' : 'banner warn'} role={msg().ok ? 'status' : 'alert'}>
            {msg().text}
          </p>
        )}
      </Show>
      <Show when={zipState()}>
        {(z) => (
          <div class="no-print" role="status">
            <p>{tr('review.zipProgress', { done: z().done, total: z().total })}</p>
            <progress max={Math.max(1, z().total)} value={z().done} aria-label={tr('review.exportZip')} />
          </div>
        )}
      </Show>
      <Show when={zipMessage()}>
        {(msg) => (
          <p class={msg().ok ? 'flash' : 'banner warn'} role={msg().ok ? 'status' : 'alert'}>
            {msg().text}
          </p>
        )}
      </Show>

      <section aria-labelledby="figures-h" class="panel">
        <h2 id="figures-h">{tr('review.response')}</h2>
        <ul class="stat-row">
          <li>
            <span class="stat">{counts().open}</span> {tr('review.open')}
          </li>
          <li classList={{ late: figures().overdue > 0 }}>
            <span class="stat">{figures().overdue}</span> {tr('review.overdue')}
          </li>
          <li>
            <span class="stat">{figures().awaitingResponse}</span> {tr('review.awaiting')}
          </li>
        </ul>
        <table class="figures">
          <thead>
            <tr>
              <th scope="col">{tr('review.measure')}</th>
              <th scope="col">{tr('review.median')}</th>
              <th scope="col">{tr('review.worst')}</th>
            </tr>
          </thead>
          <tbody>
            <SpreadRow label={tr('review.toRespond')} spread={figures().respond} target={tr('duration.hours', { n: targets().acknowledgeHours })} />
            <SpreadRow label={tr('review.toResolve')} spread={figures().resolve} target={tr('duration.days', { n: targets().resolveDays })} />
          </tbody>
        </table>
        <ResidentFiguresTable figures={residents()} />
      </section>

      <CountTable
        caption={tr('review.byStatus', { n: counts().total })}
        total={counts().total}
        rows={ISSUE_STATUSES.map((s) => ({ label: t(`status.${s}`), n: counts().byStatus[s] })).filter((r) => r.n > 0)}
      />
      <CountTable
        caption={tr('review.byCategory')}
        total={counts().total}
        rows={ISSUE_CATEGORIES.map((c) => ({ label: t(`category.${c}`), n: counts().byCategory[c] })).filter((r) => r.n > 0)}
      />

      <section aria-labelledby="charts-h" class="charts">
        <h2 id="charts-h">{tr('chart.section')}</h2>
        <Suspense>
          <Show when={chartData().work}>
            <ReviewCharts prefix="overview" issues={chartData().issues} points={chartData().points} targets={targets()} now={now} />
          </Show>
        </Suspense>
      </section>

      <table class="count-table">
        <caption>{tr('review.inspectionsWeek')}</caption>
        <tbody>
          <For each={weeks()}>
            {(w) => (
              <tr>
                <th scope="row">
                  {tr('review.weekOf', {
                    date: new Date(w.weekStartMs).toLocaleDateString(document.documentElement.lang || undefined, {
                      month: 'numeric',
                      day: 'numeric',
                      timeZone: 'Asia/Shanghai',
                    }),
                  })}
                </th>
                <td class="bar-cell" aria-hidden="true">
                  <span class="bar" style={{ width: `${(100 * w.count) / weekMax()}%` }} />
                </td>
                <td class="num">{w.count}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>

      <h2 id="points-open-h">{tr('review.points')}</h2>
      <Show when={data().plans[0]}>{(plan) => <OverviewPlan work={params.workId} plan={plan()} points={data().points} load={pointLoad()} />}</Show>
      <ul class="point-list" aria-labelledby="points-open-h">
        <For each={pointRows()}>
          {(row) => (
            <li>
              <A class="point-link" href={`/w/${params.workId}/points/${row.point.id}`}>
                <span>{row.point.name}</span>
                <span class={row.open > 0 ? 'status status-reported' : 'muted small'}>{tr('review.pointOpen', { n: row.open })}</span>
              </A>
            </li>
          )}
        </For>
      </ul>
    </Page>
  );
};
