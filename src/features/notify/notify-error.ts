/** What went wrong with a notification settings request, in words that say what to do. */
import { ApiError } from '../../sync/api';
import { t } from './messages';

export function notifyErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network') return t('notify.error.network');
    if (err.code === 'forbidden') return t('notify.error.forbidden');
    if (err.code === 'revoked' || err.code === 'unauthorized') return t('sync.error.revoked');
    if (err.code === 'expired') return t('sync.error.expired');
    if (err.code === 'bad_request') return t('notify.error.badInput');
    if (err.code === 'rate_limited') return t('notify.error.busy');
  }
  return t('notify.error.other');
}
