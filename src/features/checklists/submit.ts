/**
 * The changes a submit makes: the submit itself, then one issue per
 * failed item marked "a fail raises an issue", linked to that item (with the
 * item's voice note as its first comment, if it has one). They go as one group,
 * so the server applies all of them or none.
 */
import { type Answer, type InspectionState, type Item, type TemplateVersion, answerTo, itemsRaisingIssues } from '../../core';
import type { OpDraft } from '../../sync/local';

const FAIL: Record<'zh-CN' | 'en', string> = { 'zh-CN': '不合格', en: 'fail' };

/** The failed answer in words, in the template's language: "不合格", "0.5 米", the option's label. */
export function failedValueText(item: Item, answer: Answer | undefined, lang: 'zh-CN' | 'en'): string {
  const value = answer?.value;
  if (item.kind === 'number') return `${value} ${item.unit}`.trim();
  if (item.kind === 'choice') return item.options.find((o) => o.id === value)?.label ?? String(value);
  return FAIL[lang];
}

export function submitDrafts(inspection: InspectionState, version: TemplateVersion, newId: () => string): OpDraft[] {
  const { body } = version;
  const failing = itemsRaisingIssues(body, inspection.answers);
  const ids = failing.map((item) => [item.id, newId()] as const);
  // fromEntries defines own keys: assigning raised['__proto__'] would set the prototype instead.
  const raised: Record<string, string> = Object.fromEntries(ids);
  const issues: OpDraft[] = failing.flatMap((item, k): OpDraft[] => {
    const issueId = ids[k]![1];
    const answer = answerTo(inspection.answers, item.id);
    const note = answer?.note.trim();
    const sep = body.lang === 'zh-CN' ? '：' : ': ';
    const description = `${version.name} · ${item.label}${sep}${failedValueText(item, answer, body.lang)}${note ? ` — ${note}` : ''}`.slice(0, 2000);
    const create: OpDraft = {
      kind: 'issue.create',
      entity: 'issue',
      entityId: issueId,
      payload: {
        category: item.issueCategory ?? 'other',
        description,
        severity: item.issueSeverity ?? 'medium',
        pointId: inspection.pointId,
        source: { inspectionId: inspection.id, itemId: item.id },
      },
    };
    // What the inspector said about the fault reaches the contractor with the issue (the bytes are already on
    // this device, kept for the answer).
    const said: OpDraft[] = answer?.voice ? [{ kind: 'issue.comment', entity: 'issue', entityId: issueId, payload: { text: '', voice: answer.voice } }] : [];
    return [create, ...said];
  });
  return [{ kind: 'inspection.submit', entity: 'inspection', entityId: inspection.id, payload: { raised } }, ...issues];
}
