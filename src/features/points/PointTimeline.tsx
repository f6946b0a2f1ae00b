/**
 * A point's timeline: its photos, the issues reported at it and the
 * inspections walked there, oldest first, filterable by what to show (a photo
 * phase, issues, inspections), a date range and who recorded it. Staff compare
 * a point's history at a glance; volunteers find their "before" photos.
 */
import { A } from '@solidjs/router';
import { type Component, For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import {
  type InspectionState,
  type IssueState,
  PHASES,
  type PhotoState,
  type TimelineEntry,
  type TimelineShow,
  filterTimeline,
  photoTime,
  stampWall,
} from '../../core';
import type { View } from '../../db/db';
import { authorLabel, memberLabels } from '../../ui/member-labels';
import { locationLabel, warnPoorAccuracy } from '../../media/location-label';
import { OriginalState, PhotoThumbButton, RetractedNote, UploadState } from '../photos';
import { formatTime, t, tl } from './messages';
import { liveMembers, livePointInspections, livePointIssues, liveTemplates } from './queries';

type Row =
  | (TimelineEntry & { kind: 'photo'; photo: View<PhotoState> })
  | (TimelineEntry & { kind: 'issue'; issue: View<IssueState> })
  | (TimelineEntry & { kind: 'inspection'; inspection: View<InspectionState> });

/** Local calendar date YYYY-MM-DD → ms at its start (or end), for the date inputs. */
function dayBound(date: string, end: boolean): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return end ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime();
}

export const PointTimeline: Component<{ work: string; pointId: string; photos: View<PhotoState>[] }> = (props) => {
  const issues = livePointIssues(() => [props.work, props.pointId] as const);
  const inspections = livePointInspections(() => props.pointId);
  const templates = liveTemplates(() => props.work);
  const members = liveMembers(() => props.work);
  // Every author with their role: a display name alone could copy someone else's.
  const nameOf = (id: string) =>
    authorLabel(
      members().find((m) => m.id === id),
      (r) => t(`role.${r}`),
      '',
    );

  const [show, setShow] = createSignal<TimelineShow>('all');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [author, setAuthor] = createSignal('');

  const rows = createMemo<Row[]>(() => [
    ...props.photos.map((p) => ({ kind: 'photo' as const, id: p.id, at: photoTime(p), author: p.author, phase: p.phase, photo: p })),
    ...issues().map((i) => ({ kind: 'issue' as const, id: i.id, at: stampWall(i.reportedAt), author: i.reportedBy, issue: i })),
    ...inspections().map((i) => ({ kind: 'inspection' as const, id: i.id, at: stampWall(i.startedAt), author: i.startedBy, inspection: i })),
  ]);
  const shown = createMemo(() =>
    filterTimeline(rows(), { show: show(), fromMs: dayBound(from(), false), toMs: dayBound(to(), true), author: author() || null }),
  );
  // Every member of the work, so that "nothing by this person here" is an answer too.
  const authors = createMemo(() => {
    const labels = memberLabels(members(), (r) => t(`role.${r}`));
    return members()
      .map((m) => ({ id: m.id, name: labels.get(m.id)! }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
  const templateName = (i: InspectionState) =>
    templates()
      .find((x) => x.id === i.templateId)
      ?.versions.at(-1)?.name ?? '';

  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">{tl('tl.title')}</h2>
      <div class="choices filter" role="radiogroup" aria-label={tl('tl.show')}>
        <For each={['all', ...PHASES, 'issue', 'inspection'] as const}>
          {(f) => (
            <label class="choice">
              <input type="radio" name="timeline-show" checked={show() === f} onChange={() => setShow(f)} />
              <span>{f === 'all' ? t('photo.all') : f === 'issue' ? tl('tl.issues') : f === 'inspection' ? tl('tl.inspections') : t(`phase.${f}`)}</span>
            </label>
          )}
        </For>
      </div>
      <div class="timeline-filters">
        <label class="field">
          <span class="label">{tl('tl.from')}</span>
          <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="label">{tl('tl.to')}</span>
          <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        {/* A label around a select would take the options' text into its name: point to it instead. */}
        <div class="field">
          <label class="label" for="timeline-author">
            {tl('tl.author')}
          </label>
          <select id="timeline-author" value={author()} onChange={(e) => setAuthor(e.currentTarget.value)}>
            <option value="">{tl('tl.anyone')}</option>
            <For each={authors()}>{(a) => <option value={a.id}>{a.name}</option>}</For>
          </select>
        </div>
      </div>
      <p class="muted small" role="status">
        {tl('tl.count', { n: shown().length, total: rows().length })}
      </p>
      <Show when={rows().length > 0} fallback={<p class="empty">{t('photo.empty')}</p>}>
        <Show when={shown().length > 0} fallback={<p class="empty">{tl('tl.none')}</p>}>
          <ol class="timeline photos" aria-labelledby="timeline-h">
            <For each={shown()}>
              {(row) => (
                <Switch>
                  <Match when={row.kind === 'photo' && row.photo}>
                    {(p) => (
                      <Show
                        when={!p().retracted}
                        fallback={
                          <li>
                            <RetractedNote photo={p()} nameOf={nameOf} formatTime={formatTime} />
                          </li>
                        }
                      >
                        <li class="photo-entry">
                          <PhotoThumbButton class="thumb" photo={p()} alt={`${t(`phase.${p().phase}`)} ${p().caption}`} />
                          <div>
                            <p>
                              <span class={`phase phase-${p().phase}`}>{t(`phase.${p().phase}`)}</span> {p().caption}
                            </p>
                            <p class="muted small">
                              {t('photo.takenAt', { time: formatTime(photoTime(p())) })} · {nameOf(p().author)}
                            </p>
                            <p class="muted small">
                              {locationLabel(p().location)}
                              <Show when={p().location}>
                                {(l) => (
                                  <>
                                    {' '}
                                    · {l().lat.toFixed(6)}, {l().lng.toFixed(6)}
                                  </>
                                )}
                              </Show>
                            </p>
                            <Show when={warnPoorAccuracy(p().location)}>
                              <p class="banner warn small">{t('photo.loc.poor')}</p>
                            </Show>
                            <UploadState hash={p().hash} />
                            <Show when={p().original}>{(o) => <OriginalState hash={o().hash} />}</Show>
                          </div>
                        </li>
                      </Show>
                    )}
                  </Match>
                  <Match when={row.kind === 'issue' && row.issue}>
                    {(i) => (
                      <li class="timeline-record">
                        <A class="card" href={`/w/${props.work}/issues/${i().id}`}>
                          <span class="category">{tl('tl.issue', { category: t(`category.${i().category}`), status: t(`status.${i().status}`) })}</span>
                          <span class="desc">{i().description}</span>
                          <span class="muted small">{tl('tl.by', { name: nameOf(i().reportedBy), time: formatTime(row.at) })}</span>
                        </A>
                      </li>
                    )}
                  </Match>
                  <Match when={row.kind === 'inspection' && row.inspection}>
                    {(i) => (
                      <li class="timeline-record">
                        <A class="card" href={`/w/${props.work}/inspections/${i().id}`}>
                          <span class="category">
                            {tl('tl.inspection', {
                              name: templateName(i()),
                              status: tl(i().status === 'submitted' ? 'tl.inspection.submitted' : 'tl.inspection.draft'),
                            })}
                          </span>
                          <span class="muted small">{tl('tl.by', { name: nameOf(i().startedBy), time: formatTime(row.at) })}</span>
                        </A>
                      </li>
                    )}
                  </Match>
                </Switch>
              )}
            </For>
          </ol>
        </Show>
      </Show>
    </section>
  );
};
