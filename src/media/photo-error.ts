import { t } from './messages';
import { PhotoError } from './prepare-photo';

/** What to tell the user when a chosen file cannot become a photo: a sentence with figures, never the exception's text. */
export function photoErrorText(err: unknown): string {
  if (err instanceof PhotoError) return t(`photo.err.${err.code}`, err.params);
  return t('photo.err.failed');
}
