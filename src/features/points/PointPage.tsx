/** A point: its photos as a timeline (oldest first), filterable by stage, and the button to add one. */
import { useParams } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { PHASES, type Phase, type PhotoState, stampWall } from '../../core';
import { db } from '../../db/db';
import { formatTime, t } from '../../i18n';
import { setFlash, flash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { createLive } from '../../ui/live';
import { AddPhoto } from '../photos/AddPhoto';
import { BeforeAfter } from './BeforeAfter';
import { OriginalState } from '../photos/OriginalState';
import { locationLabel, warnPoorAccuracy } from '../photos/location-label';
import { PhotoImage, UploadState } from '../photos/PhotoThumb';
import { PointInspections } from '../checklists/PointInspections';

const takenOrAdded = (p: PhotoState) => p.takenAt ?? stampWall(p.addedAt);

export const PointPage: Component = () => {
  const params = useParams<{ workId: string; pointId: string }>();
  const point = createLive(() => params.pointId, (id) => db.points.get(id), undefined);
  const photos = createLive(
    () => params.pointId,
    async (id) => (await db.photos.where('[targetType+targetId]').equals(['point', id]).toArray()).sort((a, b) => takenOrAdded(a) - takenOrAdded(b)),
    [],
  );
  const members = createLive(() => params.workId, (w) => db.members.where('work').equals(w).toArray(), []);
  const nameOf = (id: string) => members().find((m) => m.id === id)?.name ?? '';
  const [filter, setFilter] = createSignal<Phase | 'all'>('all');
  const shown = () => photos().filter((p) => filter() === 'all' || p.phase === filter());

  return (
    <Page title={point()?.name ?? t('points.title')} work={params.workId} back={`/w/${params.workId}`}>
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
      {/* checklists (#5) */}
      <PointInspections work={params.workId} pointId={params.pointId} />
      <AddPhoto
        work={params.workId}
        targetType="point"
        targetId={params.pointId}
        previousHash={photos().at(-1)?.hash}
        onSaved={() => setFlash(t('photo.saved'))}
      />

      <BeforeAfter photos={photos()} when={takenOrAdded} />
      <h2 id="timeline-h">{t('photo.timeline')}</h2>
      <div class="choices filter" role="radiogroup" aria-label={t('photo.filter')}>
        <For each={['all', ...PHASES] as const}>
          {(f) => (
            <label class="choice">
              <input type="radio" name="phase-filter" checked={filter() === f} onChange={() => setFilter(f)} />
              <span>{f === 'all' ? t('photo.all') : t(`phase.${f}`)}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={shown().length > 0} fallback={<p class="empty">{t('photo.empty')}</p>}>
        <ol class="timeline photos" aria-labelledby="timeline-h">
          <For each={shown()}>
            {(p) => (
              <li class="photo-entry">
                <PhotoImage class="thumb" hash={p.thumbHash} work={p.work} alt={`${t(`phase.${p.phase}`)} ${p.caption}`} />
                <div>
                  <p>
                    <span class={`phase phase-${p.phase}`}>{t(`phase.${p.phase}`)}</span> {p.caption}
                  </p>
                  <p class="muted small">
                    {t('photo.takenAt', { time: formatTime(takenOrAdded(p)) })} · {nameOf(p.author)}
                  </p>
                  <p class="muted small">
                    {locationLabel(p.location)}
                    <Show when={p.location}>{(l) => <> · {l().lat.toFixed(6)}, {l().lng.toFixed(6)}</>}</Show>
                  </p>
                  <Show when={warnPoorAccuracy(p.location)}>
                    <p class="banner warn small">{t('photo.loc.poor')}</p>
                  </Show>
                  <UploadState hash={p.hash} />
                  <Show when={p.original}>{(o) => <OriginalState hash={o().hash} />}</Show>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </Page>
  );
};
