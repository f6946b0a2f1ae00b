/** How the review pages write durations and dates, in the app's language. */
import { t } from '../../i18n';

const HOUR = 3_600_000;

/** "5 小时", "2 天 3 小时"; under an hour as minutes. Null reads as "—". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < HOUR) return t('duration.minutes', { n: Math.max(0, Math.round(ms / 60_000)) });
  const hours = Math.round(ms / HOUR);
  if (hours < 48) return t('duration.hours', { n: hours });
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? t('duration.daysHours', { d: days, h: rest }) : t('duration.days', { n: days });
}

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(document.documentElement.lang || undefined, { year: 'numeric', month: 'numeric', day: 'numeric' });
}
