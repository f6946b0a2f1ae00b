/** Checklists (#5): English messages the app shell needs, spread into en.ts. */
import type { checklistsZh } from './checklists.zh-CN';

export const checklistsEn: Record<keyof typeof checklistsZh, string> = {
  'cl.nav': 'Checklists',
  'cl.reason.stale_version': 'Someone saved a new version of this checklist while you were editing, so your edit was not applied. Open it again and redo the edit.',
  'cl.reason.inspection_closed': 'This inspection was already submitted, so the later answer was not applied. Start a new inspection to record more.',
  'cl.reason.incomplete': 'Required items are still unanswered, so the inspection was not submitted. Complete them and submit again.',
};
