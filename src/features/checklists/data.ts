/** Checklists: the device-side writes and reads shared by the checklist pages. */
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import {
  type Answer,
  type AnswerEntry,
  type InspectionState,
  type TemplateState,
  type TemplateVersion,
  allItems,
  answerTo,
  isFailed,
  templateVersion,
} from '../../core';
import { newId } from '../../lib/ids';
import { type OpDraft, type PhotoBytes, recordOp, recordOps } from '../../sync/local';
import type { RecordedVoice } from '../photos';

export const EMPTY_ANSWER: Answer = { value: null, note: '', photos: [] };

/** Whether two reads of an item's answer are the same answer: an entry is written by one op, whole. */
export function sameAnswerEntry(a: AnswerEntry | undefined, b: AnswerEntry | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.op === b.op);
}

/** Saves one change to one item as an op (merged with what the item already holds). */
export async function saveAnswer(
  work: string,
  inspection: InspectionState,
  itemId: string,
  patch: Partial<Answer>,
  photo?: { draft: OpDraft; bytes: PhotoBytes },
  /** A recording to attach (its bytes saved with the answer), or null to take the answer's away. */
  voice?: RecordedVoice | null,
): Promise<void> {
  const member = membershipFor(work);
  if (!member) throw new Error('not a member of this work');
  // The item as stored now, not as the page last drew it: a note saved a moment ago (on blur) must not be
  // overwritten by a photo that finished shrinking before the page heard of the note. IndexedDB orders this
  // read after any write still in progress on the same table.
  const stored = ((await appDevice().db.inspections.get(inspection.id)) as InspectionState | undefined) ?? inspection;
  const prior = answerTo(stored.answers, itemId);
  const base: Answer = prior ? { value: prior.value, note: prior.note, photos: prior.photos, ...(prior.voice ? { voice: prior.voice } : {}) } : EMPTY_ANSWER;
  const answer: Answer = { ...base, ...patch };
  // A photo is added to the item's photos as they are now (two photos picked in quick succession both stay).
  if (photo) answer.photos = [...base.photos, photo.draft.entityId];
  if (voice) answer.voice = voice.note;
  else if (voice === null) delete answer.voice;
  const draft: OpDraft = { kind: 'inspection.answer', entity: 'inspection', entityId: inspection.id, payload: { itemId, answer } };
  // A photo or a recording and the answer naming it are one change: saved together, applied all or nothing.
  if (photo) await recordOps(appDevice(), member, [photo.draft, draft], [photo.bytes]);
  else if (voice) await recordOps(appDevice(), member, [draft], [{ hash: voice.note.hash, display: voice.bytes }]);
  else await recordOp(appDevice(), member, draft);
}

export async function startInspection(work: string, template: TemplateState, pointId: string | null): Promise<string> {
  const member = membershipFor(work);
  if (!member) throw new Error('not a member of this work');
  const id = newId();
  const version = template.versions[template.versions.length - 1]!.version;
  await recordOp(appDevice(), member, { kind: 'inspection.start', entity: 'inspection', entityId: id, payload: { templateId: template.id, version, pointId } });
  return id;
}

export function pinnedVersion(templates: TemplateState[], i: InspectionState): TemplateVersion | undefined {
  return templateVersion(
    templates.find((t) => t.id === i.templateId),
    i.version,
  );
}

export function failCount(v: TemplateVersion | undefined, i: InspectionState): number {
  return v ? allItems(v.body).filter((item) => isFailed(item, answerTo(i.answers, item.id))).length : 0;
}
