import { LocalRejection } from '../sync/local';
import { rejectionText } from './RejectedList';
import { t } from '../i18n/refusals';

/** What to tell the user when a local save failed; their input stays in the form. */
export function saveErrorText(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const inner = (err as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return t('error.quota');
  if (err instanceof LocalRejection) return rejectionText(err.rejection);
  return t('error.save');
}
