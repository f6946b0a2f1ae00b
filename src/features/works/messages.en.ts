/** English of ./messages.ts, loaded when English is chosen (the app shell's size has a budget). */
import type { WorksKey } from './messages';

export const en: Record<WorksKey, string> = {
  'work.newIssue': 'Record a complaint',
  'work.role': 'Your role: {role}',
  'stale.banner': '{n} record(s) have waited more than a day to sync. Get online; if that keeps failing, export them for the community staff.',
  'points.photos': '{n} photo(s)',
  'admin.open': 'Manage work (points, invites, members)',
  'review.link': 'Work overview and meeting pack',
  'cl.nav': 'Checklists',
};
