/** What went wrong with an administration request, said so that staff know what to do. */
import { t, ta } from './messages';
import { ApiError } from '../../sync/api';

export function adminErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network') return ta('admin.error.network');
    if (err.code === 'forbidden') return ta('admin.error.forbidden');
    if (err.code === 'revoked' || err.code === 'unauthorized') return t('sync.error.revoked');
    if (err.code === 'expired') return t('sync.error.expired');
    if (err.code === 'rate_limited') return t('join.error.rate_limited', { s: err.retryAfterS ?? 60 });
  }
  return ta('admin.error.other');
}
