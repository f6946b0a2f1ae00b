/** What went wrong with an administration request, said so that staff know what to do. */
import { t } from '../../i18n';
import { ApiError } from '../../sync/api';

export function adminErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network') return t('admin.error.network');
    if (err.code === 'forbidden') return t('admin.error.forbidden');
    if (err.code === 'revoked' || err.code === 'unauthorized') return t('sync.error.revoked');
    if (err.code === 'rate_limited') return t('join.error.rate_limited', { s: err.retryAfterS ?? 60 });
  }
  return t('admin.error.other', { message: err instanceof Error ? err.message : String(err) });
}
