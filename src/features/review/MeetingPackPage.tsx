/**
 * The joint-meeting pack (联席会议材料): staff pick a date range and print, or save
 * as PDF from the browser's print dialog, an A4 report of what is open, late,
 * disputed and fixed, with photos. Print styles keep each issue and each photo
 * whole on a page (styles.css, @media print).
 */
import { useParams } from '@solidjs/router';
import { type Component, For, Show, Suspense, createMemo, createSignal, lazy } from 'solid-js';
import {
  type IssueState,
  type PhotoState,
  issueRef,
  issueTimes,
  maskPhones,
  meetingSelection,
  residentFigures,
  responseFigures,
  stampWall,
  targetsOf,
} from '../../core';
import type { View } from '../../db/db';
import { LOCALES, locale, setLocale } from '../../i18n';
import { t, tr } from './messages';
import { Page } from '../../ui/Layout';
import { liveReview } from './queries';
import { EvidencePhoto, PhotoOpenButton, PhotoViewer } from '../photos';
import { formatDate, formatDuration } from './format';
import { ResidentFiguresTable } from './ResidentFiguresTable';
import { EMPTY_REVIEW, localDate, localDayRange, type ReviewData } from './review-data';
import { afterPaint } from './charts/after-paint';
import { DownloadsBlockedNote, downloadsBlocked } from '../../ui/InAppGuide';

const DAY = 86_400_000;
// The charts, and uPlot with them, load only with the pages that draw them.
const ReviewCharts = lazy(() => import('./charts/ReviewCharts'));
/** Joint meetings are held every two weeks or so: the default range since the last one. */
const DEFAULT_SPAN_DAYS = 14;

function photosFor(data: ReviewData, issue: IssueState, fixed: boolean): View<PhotoState>[] {
  const all = data.issuePhotos.get(issue.id) ?? [];
  if (!fixed) return all.slice(0, 2);
  // Before and after side by side: the first photo taken of the problem, the latest of the fix.
  const before = all.find((p) => p.phase !== 'after');
  const after = all.filter((p) => p.phase === 'after').at(-1);
  return [before, after].filter((p): p is View<PhotoState> => p !== undefined);
}

const IssueBlock: Component<{ issue: IssueState; data: ReviewData; fixed: boolean; banded: boolean }> = (props) => {
  const times = () => issueTimes(props.issue);
  const pointState = () => props.data.points.find((p) => p.id === props.issue.pointId);
  const point = () => pointState()?.name;
  const place = () => {
    const p = pointState();
    return p ? { name: p.name, lat: p.lat, lng: p.lng } : null;
  };
  return (
    <article class="pack-issue" aria-label={maskPhones(props.issue.description)}>
      <h4>
        <Show when={issueRef(props.issue)}>{(ref) => <span class="issue-no">{`${ref()} `}</span>}</Show>
        {t(`category.${props.issue.category}`)} · {t(`status.${props.issue.status}`)}
        <Show when={point()}>{(p) => <span class="muted"> · {p()}</span>}</Show>
      </h4>
      <p class="desc-full">{maskPhones(props.issue.description)}</p>
      <p class="small">
        {tr('pack.reported', { date: formatDate(times().reportedMs) })}
        <Show when={times().respondedMs !== null}> · {tr('pack.responded', { d: formatDuration(times().respondedMs! - times().reportedMs) })}</Show>
        <Show when={times().resolvedMs !== null}> · {tr('pack.resolved', { d: formatDuration(times().resolvedMs! - times().reportedMs) })}</Show>
        <Show when={props.issue.plannedDate}> · {t('issue.plannedFor', { date: props.issue.plannedDate! })}</Show>
      </p>
      <Show when={props.issue.history.findLast((h) => h.reason)?.reason}>{(r) => <p class="small">{tr('pack.reason', { reason: maskPhones(r()) })}</p>}</Show>
      <Show when={photosFor(props.data, props.issue, props.fixed).length > 0}>
        <div class="pack-photos">
          <For each={photosFor(props.data, props.issue, props.fixed)}>
            {(p) => (
              <figure>
                {/* Each photo with its evidence band (time, place, author, hash) unless staff turn it off. */}
                <EvidencePhoto
                  photo={p}
                  takenMs={p.takenAt ?? stampWall(p.addedAt)}
                  alt={`${t(`phase.${p.phase}`)}: ${maskPhones(p.caption || props.issue.description)}`}
                  place={place()}
                  author={props.data.members.find((x) => x.id === p.author)}
                  plain={!props.banded}
                >
                  <PhotoOpenButton photo={p} alt={`${t(`phase.${p.phase}`)}: ${maskPhones(p.caption || props.issue.description)}`} />
                </EvidencePhoto>
                <figcaption>
                  {t(`phase.${p.phase}`)}
                  {p.takenAt ? ` · ${formatDate(p.takenAt)}` : ` · ${formatDate(stampWall(p.addedAt))}`}
                </figcaption>
              </figure>
            )}
          </For>
        </div>
        <PhotoViewer photos={props.data.issuePhotos.get(props.issue.id) ?? []} work={props.issue.work} />
      </Show>
    </article>
  );
};

const PackSection: Component<{ id: string; title: string; issues: IssueState[]; data: ReviewData; fixed?: boolean; banded: boolean }> = (props) => (
  <section class="pack-section" aria-labelledby={props.id}>
    <h3 id={props.id}>{tr('pack.section', { title: props.title, n: props.issues.length })}</h3>
    <Show when={props.issues.length > 0} fallback={<p class="muted">{tr('pack.none')}</p>}>
      <For each={props.issues}>{(issue) => <IssueBlock issue={issue} data={props.data} fixed={props.fixed ?? false} banded={props.banded} />}</For>
    </Show>
  </section>
);

export const MeetingPackPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const data = liveReview(() => params.workId);
  const chartData = afterPaint(data, EMPTY_REVIEW);
  const now = Date.now();
  const today = localDate(now);
  const [from, setFrom] = createSignal(localDate(now - DEFAULT_SPAN_DAYS * DAY));
  const [to, setTo] = createSignal(today);
  const validRange = () => /^\d{4}-\d{2}-\d{2}$/.test(from()) && /^\d{4}-\d{2}-\d{2}$/.test(to()) && from() <= to();
  const targets = () => targetsOf(data().work);
  const selection = createMemo(() => (validRange() ? meetingSelection(data().issues, localDayRange(from(), to()), targets(), now) : null));
  const figures = createMemo(() => responseFigures(data().issues, targets(), now));
  const residents = createMemo(() => residentFigures(data().issues));
  const overdueIds = () => new Set(selection()?.overdue.map((i) => i.id));
  const [banded, setBanded] = createSignal(true);

  return (
    <Page title={tr('pack.title')} work={params.workId} back={`/w/${params.workId}/review`}>
      <div class="no-print pack-controls">
        <div class="range">
          <label class="field">
            <span class="label">{tr('pack.from')}</span>
            <input type="date" value={from()} max={today} onInput={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span class="label">{tr('pack.to')}</span>
            <input type="date" value={to()} max={today} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
        </div>
        <Show when={!validRange()}>
          <p class="error" role="alert">
            {tr('pack.badRange')}
          </p>
        </Show>
        <div class="actions" role="group" aria-label={tr('pack.language')}>
          <For each={LOCALES}>
            {(l) => (
              <button type="button" class="btn" aria-pressed={locale() === l} onClick={() => void setLocale(l)}>
                {l === 'zh-CN' ? '中文' : 'English'}
              </button>
            )}
          </For>
        </div>
        <label class="choice">
          <input type="checkbox" checked={banded()} onChange={(e) => setBanded(e.currentTarget.checked)} />
          <span>{tr('pack.banded')}</span>
        </label>
        <DownloadsBlockedNote />
        <button type="button" class="btn primary big" disabled={downloadsBlocked()} onClick={() => window.print()}>
          {tr('pack.print')}
        </button>
        <p class="hint">{tr('pack.printHint')}</p>
      </div>

      <Show when={selection()}>
        {(sel) => (
          <article class="pack" aria-label={tr('pack.title')}>
            <header class="pack-head">
              <h2>
                {tr('pack.title')} · {data().work?.name}
              </h2>
              <p>{tr('pack.range', { from: from(), to: to() })}</p>
              <p class="small muted">{tr('pack.generated', { time: new Date(now).toLocaleString(locale()) })}</p>
            </header>
            <table class="figures">
              <tbody>
                {/* One figure a row: two pairs side by side squeeze the labels on a phone. */}
                <tr>
                  <th scope="row">{tr('pack.reportedInRange')}</th>
                  <td>{sel().reportedCount}</td>
                </tr>
                <tr>
                  <th scope="row">{tr('review.open')}</th>
                  <td>{sel().openCount}</td>
                </tr>
                <tr>
                  <th scope="row">{tr('review.toRespond')}</th>
                  <td>{tr('pack.medianWorst', { m: formatDuration(figures().respond.medianMs), w: formatDuration(figures().respond.worstMs) })}</td>
                </tr>
                <tr>
                  <th scope="row">{tr('review.toResolve')}</th>
                  <td>{tr('pack.medianWorst', { m: formatDuration(figures().resolve.medianMs), w: formatDuration(figures().resolve.worstMs) })}</td>
                </tr>
              </tbody>
            </table>
            <ResidentFiguresTable figures={residents()} />
            <section class="pack-section charts" aria-labelledby="pack-charts">
              <h3 id="pack-charts">{tr('chart.section')}</h3>
              <Suspense>
                <Show when={chartData().work}>
                  <ReviewCharts prefix="pack" issues={chartData().issues} points={chartData().points} targets={targets()} now={now} />
                </Show>
              </Suspense>
            </section>
            <PackSection id="pack-overdue" title={tr('pack.overdue')} issues={sel().overdue} data={data()} banded={banded()} />
            <PackSection id="pack-open" title={tr('pack.open')} issues={sel().open.filter((i) => !overdueIds().has(i.id))} data={data()} banded={banded()} />
            <PackSection id="pack-disputed" title={tr('pack.disputed')} issues={sel().disputed} data={data()} banded={banded()} />
            <PackSection id="pack-resolved" title={tr('pack.resolvedInRange')} issues={sel().resolved} data={data()} fixed banded={banded()} />
          </article>
        )}
      </Show>
    </Page>
  );
};
