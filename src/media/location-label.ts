/**
 * A photo's position in words, for what it is: measured by the phone
 * with its accuracy, read from the file (not verified), tapped on the site
 * plan, typed, or missing.
 */
import { type PhotoState, isPoorAccuracy } from '../core';
import { t } from './messages';

type Located = PhotoState['location'];

export function locationLabel(l: Located): string {
  if (!l) return t('photo.loc.none');
  switch (l.source) {
    case 'device':
      return t('photo.loc.device', { m: l.accuracy ?? '?' });
    case 'exif':
      return t('photo.loc.exif');
    case 'plan':
      return t('photo.loc.plan');
    case 'manual':
      return t('photo.loc.manual');
  }
}

/** Only a measured position has an accuracy to warn about; the other sources say what they are instead. */
export function warnPoorAccuracy(l: Located): boolean {
  return l?.source === 'device' && isPoorAccuracy(l.accuracy);
}
