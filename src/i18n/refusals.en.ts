/** English of ./refusals.ts (kept apart for reading; it loads with it). */
// Not typed from the Chinese keys here (that import would tie the two files in a circle): catalog()
// checks it, a key missing here fails to compile there, and tests/unit/i18n.test.ts refuses a key only English has.
export const en = {
  'rejected.title': 'Changes not applied',
  'rejected.intro': 'The server did not accept these changes; they did not take effect.',
  'rejected.dismiss': 'Got it',
  'rejected.reason.invalid_transition': 'You set the status to "{to}", but someone had already changed it to "{from}": your change was not applied.',
  'rejected.reason.missing_after_photo': 'Marking it fixed needs an "after" photo: the change was not applied.',
  'rejected.reason.planned_date_past': 'The planned fix date is in the past: the change was not applied.',
  'rejected.reason.group_failed': 'Something saved together with it was refused, so this was not applied either.',
  'rejected.banner': '{n} change(s) were not applied',
  'rejected.view': 'See why',
  'rejected.what': '{kind}: {subject}',
  'rejected.kind.issue.create': 'Recording an issue',
  'rejected.kind.issue.edit': 'Editing an issue',
  'rejected.kind.issue.transition': 'Changing the status',
  'rejected.kind.issue.comment': 'Comment',
  'rejected.kind.other': 'Change',
  'rejected.reason.forbidden_role': 'Your role cannot do this: the change was not applied.',
  'rejected.reason.invalid': 'The server could not read this change, so it was not applied. Update the app in Settings and enter it again.',
  'rejected.reason.outdated_client': 'Your app is out of date, so this change was not applied. Update the app in Settings and try again.',
  'rejected.reason.not_member': 'This device is no longer a member of the work, so the change was not applied. Ask community staff for a new invite code.',
  'rejected.reason.wrong_actor': "This change was recorded under another person's name, so the server refused it. Record it on your own device.",
  'rejected.reason.server_only': 'Only the server makes this kind of record: the change was not applied.',
  'rejected.reason.exists': 'This record already exists; it was not saved twice.',
  'rejected.reason.unknown_entity': 'The record you changed is not in the work (it may have been merged or removed): the change was not applied.',
  'rejected.reason.unknown_point': 'The chosen point is not in the work: the change was not applied. Pick another point and record it again.',
  'rejected.reason.missing_reason': 'This needs a reason: the change was not applied. Add a reason and try again.',
  'rejected.reason.missing_planned_date': 'Acknowledging needs a planned fix date: the change was not applied.',
  'rejected.reason.not_reporter': 'Only the reporter or community staff can edit this issue: your change was not applied.',
  'rejected.reason.not_author': 'Only the person who took this photo, or community staff, can retract it or draw on it: the photo is as it was.',
  'rejected.reason.already_triaged':
    'Another volunteer handled this resident report first, so your decision was not applied. Open the issue to see where it stands.',
  'rejected.reason.retract_window':
    'A photo added more than a day ago can no longer be retracted by its author: it is still shown. If it must go, ask the community staff.',
  'rejected.reason.unknown_template': 'The checklist used is not in the work: not applied. Choose the checklist again.',
  'rejected.reason.unknown_version': 'That version of the checklist is not in the work: not applied. Start the inspection again.',
  'rejected.reason.unknown_item': 'The checklist has no such item (it may have a new version): this answer was not applied.',
  'rejected.reason.invalid_answer': "This answer does not meet the item's rules (e.g. a number out of range): not applied. Correct it and answer again.",
  'rejected.reason.raised_mismatch': 'The failed items and the issues raised on submit did not match, so the inspection was not submitted. Submit it again.',
  'rejected.reason.issue_closed': 'This issue is already "{status}", so the change was not applied. If the problem is back, report a new issue.',
  'rejected.reason.comment_limit':
    'This issue already holds {limit} comments, the most one issue can take, so your comment was not added. Report a new issue to go on.',
  'rejected.reason.answer_limit':
    'This inspection already took {limit} answers, the most one inspection can take, so this answer was not saved. Submit it and start a new inspection.',
  'rejected.reason.other':
    'The change was not applied: the server refused it for a reason this version of the app does not know. Update the app (reload) and look again.',
  'cl.reason.stale_version':
    'Someone saved a new version of this checklist while you were editing, so your edit was not applied. Open it again and redo the edit.',
  'cl.reason.inspection_closed': 'This inspection was already submitted, so the later answer was not applied. Start a new inspection to record more.',
  'cl.reason.incomplete': 'Required items are still unanswered, so the inspection was not submitted. Complete them and submit again.',
  'error.quota': 'The phone storage is full and this record was not saved. Free some space (photos, chats), then tap Save again; what you typed is still here.',
  'error.save': 'Could not save on this phone. What you typed is still here: tap save again; if that fails too, close the app and open it again.',
};
