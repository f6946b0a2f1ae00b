/** A point: its inspections, the button to add a photo, before/after, and its timeline of photos, issues and inspections. */
import { useParams } from '@solidjs/router';
import { type Component, Show, lazy } from 'solid-js';
import { t } from './messages';
import { setFlash, flash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { MapLinks } from '../../ui/MapLinks';
import { AddPhoto, BeforeAfter, PhotoViewer, comparePair } from '../photos';
import { livePoint, livePointPhotos } from './queries';
import { PointTimeline } from './PointTimeline';
import { PointInspections } from '../checklists';
import { membershipFor } from '../../app-state';
import { EditPoint } from './EditPoint';
import { isDesk } from '../../ui/desk';

// The desk's photo grid (1024 px and wider) loads only there.
const PhotoGrid = lazy(() => import('../desk').then((m) => ({ default: m.PhotoGrid })));

export const PointPage: Component = () => {
  const params = useParams<{ workId: string; pointId: string }>();
  const point = livePoint(() => params.pointId);
  const photos = livePointPhotos(() => params.pointId);

  return (
    <Page title={point()?.name ?? t('points.title')} work={params.workId} back={`/w/${params.workId}`} wide>
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
      <Show when={point()?.archived}>
        <p class="banner warn">{t('point.isArchived')}</p>
      </Show>
      {/* On the desk the photos come first: reviewing them is what staff open a point for at the office. */}
      <Show when={isDesk()}>
        <PhotoGrid photos={photos()} />
      </Show>
      <Show when={point()?.lat != null && point()?.lng != null && point()}>{(p) => <MapLinks at={{ lat: p().lat!, lng: p().lng! }} name={p().name} />}</Show>
      {/* checklists */}
      <PointInspections work={params.workId} pointId={params.pointId} />
      <AddPhoto
        work={params.workId}
        targetType="point"
        targetId={params.pointId}
        previousHash={photos().at(-1)?.hash}
        onSaved={() => setFlash(t('photo.saved'))}
      />

      <Show when={!isDesk()}>
        <BeforeAfter title={t('compare.title')} pair={comparePair(photos(), 'point')} />
      </Show>
      {/* Photos, issues and inspections of the point */}
      <PointTimeline work={params.workId} pointId={params.pointId} photos={photos()} />
      <PhotoViewer photos={photos()} work={params.workId} />
      <Show when={membershipFor(params.workId)?.role === 'staff' && point()}>{(p) => <EditPoint point={p()} />}</Show>
    </Page>
  );
};
