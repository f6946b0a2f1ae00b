/** A point: its inspections, the button to add a photo, before/after, and its timeline of photos, issues and inspections. */
import { useParams } from '@solidjs/router';
import { type Component, Show } from 'solid-js';
import { type PhotoState, stampWall } from '../../core';
import { db } from '../../db/db';
import { t } from '../../i18n';
import { setFlash, flash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { createLive } from '../../ui/live';
import { AddPhoto } from '../photos';
import { BeforeAfter } from './BeforeAfter';
import { PointTimeline } from './PointTimeline';
import { PointInspections } from '../checklists';

const takenOrAdded = (p: PhotoState) => p.takenAt ?? stampWall(p.addedAt);

export const PointPage: Component = () => {
  const params = useParams<{ workId: string; pointId: string }>();
  const point = createLive(() => params.pointId, (id) => db.points.get(id), undefined);
  const photos = createLive(
    () => params.pointId,
    async (id) => (await db.photos.where('[targetType+targetId]').equals(['point', id]).toArray()).sort((a, b) => takenOrAdded(a) - takenOrAdded(b)),
    [],
  );

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
      {/* Photos, issues and inspections of the point (#8) */}
      <PointTimeline work={params.workId} pointId={params.pointId} photos={photos()} />
    </Page>
  );
};
