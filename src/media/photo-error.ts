import { t } from './messages';
import { PhotoError } from './prepare-photo';

/** What to tell the user when a chosen file cannot become a photo. */
export function photoErrorText(err: unknown): string {
  if (err instanceof PhotoError) return t(`photo.err.${err.code}`, { detail: err.message });
  return t('photo.err.failed', { detail: err instanceof Error ? err.message : String(err) });
}
