/**
 * A photo as evidence on paper: a band joined to the image with the time in China time, the place (point
 * and coordinates with where they came from), who took it, and the first 8 characters of its SHA-256, so
 * a printed copy can be matched to the stored photo. The page draws the band (and so does its print);
 * the stored photo never changes.
 */
import { type Component, type JSX, Show } from 'solid-js';
import { type MemberState, type PhotoState, spreadsheetTime } from '../../core';
import { compassPoint } from '../../media/heading';
import { AnnotationLayer, annotationSummary } from './AnnotationLayer';
import { PhotoImage } from './PhotoThumb';
import { t } from './evidence-messages';

/** "2026-11-03 09:15" in China time, whatever the zone of the device printing it. */
export const chinaTime = (ms: number): string => spreadsheetTime(ms)!.slice(0, 16);

export interface EvidencePlace {
  name: string | null;
  /** The point's own position, used when the photo carries none. */
  lat: number | null;
  lng: number | null;
}

/** "facing north-east (45°)", or null when the photo carries no heading. */
export function headingLabel(heading: number | undefined): string | null {
  return heading === undefined ? null : t('evidence.heading', { dir: t(`compass.${compassPoint(heading)}`), deg: heading });
}

/** The viewer's line about the camera's direction, saying so when there is none. */
export function viewerHeadingLine(heading: number | undefined): string {
  const h = headingLabel(heading);
  return h ? t('evidence.viewerHeading', { heading: h }) : t('evidence.noHeading');
}

/** The band's lines, as text (also what a test or a screen reader reads). */
export function watermarkLines(
  photo: PhotoState,
  takenMs: number,
  place: EvidencePlace | null,
  author: Pick<MemberState, 'name' | 'role'> | undefined,
): string[] {
  const at = photo.location
    ? { lat: photo.location.lat, lng: photo.location.lng, source: t(`evidence.source.${photo.location.source}`) }
    : place?.lat != null && place.lng != null
      ? { lat: place.lat, lng: place.lng, source: t('evidence.source.point') }
      : null;
  const coords = at ? t('evidence.coords', { lat: at.lat.toFixed(6), lng: at.lng.toFixed(6), source: at.source }) : t('evidence.noPlace');
  return [
    `${t('evidence.time', { time: chinaTime(takenMs) })} · ${author ? `${t(`role.${author.role}`)} ${author.name}` : photo.author.slice(0, 8)}`,
    [place?.name, coords, headingLabel(photo.heading)].filter(Boolean).join(' · '),
    t('evidence.hash', { hash: photo.hash.slice(0, 8) }),
  ];
}

export const EvidencePhoto: Component<{
  photo: PhotoState;
  takenMs: number;
  alt: string;
  place: EvidencePlace | null;
  author: Pick<MemberState, 'name' | 'role'> | undefined;
  /** Hide the band (the original look), e.g. when a toggle asks for it. */
  plain?: boolean;
  /** Leave the photo's drawing off (it shows on top by default). */
  noDrawing?: boolean;
  /** Laid over the image, e.g. the button that opens it large. */
  children?: JSX.Element;
}> = (props) => (
  <figure class="evidence">
    <div class="evidence-frame">
      <div class="evidence-image">
        <PhotoImage hash={props.photo.hash} work={props.photo.work} alt={props.alt} eager />
        <Show when={!props.noDrawing && (props.photo.annotation?.shapes.length ?? 0) > 0 && props.photo.annotation}>
          {(a) => (
            <AnnotationLayer
              shapes={a().shapes}
              width={props.photo.width}
              height={props.photo.height}
              label={annotationSummary(a().shapes, (n, texts) => t('evidence.drawing', { n, texts }))}
            />
          )}
        </Show>
        {props.children}
      </div>
      <Show when={!props.plain}>
        <div class="watermark" role="note" aria-label={t('evidence.label')}>
          {watermarkLines(props.photo, props.takenMs, props.place, props.author).map((line) => (
            <span>{line}</span>
          ))}
        </div>
      </Show>
    </div>
  </figure>
);
