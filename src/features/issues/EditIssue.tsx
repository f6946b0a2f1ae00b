/**
 * Correct a complaint: its text, category, point and severity, as one `issue.edit` op that syncs
 * and shows in the history. Only the fields that changed travel, so two people correcting different
 * fields at once both keep their change (the reducer merges per field).
 */
import { type Component, For, Show, createSignal } from 'solid-js';
import { ISSUE_CATEGORIES, type IssueCategory, type IssueState, LIMITS, SEVERITIES, type Severity } from '../../core';
import { t } from './messages';
import type { OpDraft } from '../../sync/local';
import { livePointsByName } from './queries';

type Fields = { category: IssueCategory; description: string; severity: Severity; pointId: string | null };

/** What differs from the issue as it stands: the op's payload, or null when nothing changed. */
export function editedFields(issue: Fields, form: Fields): Partial<Fields> | null {
  const changed: Partial<Fields> = {};
  if (form.category !== issue.category) changed.category = form.category;
  if (form.description !== issue.description) changed.description = form.description;
  if (form.severity !== issue.severity) changed.severity = form.severity;
  if (form.pointId !== issue.pointId) changed.pointId = form.pointId;
  return Object.keys(changed).length > 0 ? changed : null;
}

export const EditIssue: Component<{
  issue: IssueState;
  save: (draft: OpDraft) => Promise<boolean>;
  onError: (message: string) => void;
}> = (props) => {
  const points = livePointsByName(() => props.issue.work);
  const [open, setOpen] = createSignal(false);
  const [form, setForm] = createSignal<Fields>(fieldsOf(props.issue));
  const [done, setDone] = createSignal(false);
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setForm((f) => ({ ...f, [k]: v }));
  const tooLong = () => form().description.length > LIMITS.description;

  const toggle = () => {
    // Starts from the issue as it is now: another device's correction may have arrived meanwhile.
    if (!open()) setForm(fieldsOf(props.issue));
    setDone(false);
    setOpen(!open());
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = { ...form(), description: form().description.trim() };
    if (!f.description) return props.onError(t('issue.error.description'));
    if (tooLong()) return props.onError(t('input.tooLong', { field: t('issue.description'), n: f.description.length, max: LIMITS.description }));
    const fields = editedFields(fieldsOf(props.issue), f);
    if (!fields) return props.onError(t('edit.nothing'));
    if (await props.save({ kind: 'issue.edit', entity: 'issue', entityId: props.issue.id, payload: { fields } })) {
      setOpen(false);
      setDone(true);
    }
  };

  return (
    <section aria-label={t('edit.title')}>
      <button type="button" class="btn" aria-expanded={open()} onClick={toggle}>
        {t('edit.open')}
      </button>
      <Show when={done()}>
        <p class="flash" role="status">
          {t('edit.saved')}
        </p>
      </Show>
      <Show when={open()}>
        <form class="form" onSubmit={submit} novalidate>
          <fieldset class="choices">
            <legend class="label">{t('category.label')}</legend>
            <For each={ISSUE_CATEGORIES}>
              {(c) => (
                <label class="choice">
                  <input type="radio" name="edit-category" checked={form().category === c} onChange={() => set('category', c)} />
                  <span>{t(`category.${c}`)}</span>
                </label>
              )}
            </For>
          </fieldset>
          <label class="field">
            <span class="label">{t('issue.description')}</span>
            <textarea
              rows="4"
              aria-invalid={tooLong()}
              aria-describedby="edit-description-count"
              value={form().description}
              onInput={(e) => set('description', e.currentTarget.value)}
            />
            <span id="edit-description-count" class="muted small" classList={{ over: tooLong() }}>
              {t('input.count', { n: form().description.length, max: LIMITS.description })}
            </span>
          </label>
          <label class="field">
            <span class="label">{t('issue.point')}</span>
            <select value={form().pointId ?? ''} onChange={(e) => set('pointId', e.currentTarget.value || null)}>
              <option value="">{t('issue.noPoint')}</option>
              <For each={points()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </label>
          <fieldset class="choices three">
            <legend class="label">{t('severity.label')}</legend>
            <For each={SEVERITIES}>
              {(s) => (
                <label class="choice">
                  <input type="radio" name="edit-severity" checked={form().severity === s} onChange={() => set('severity', s)} />
                  <span>{t(`severity.${s}`)}</span>
                </label>
              )}
            </For>
          </fieldset>
          <button type="submit" class="btn primary big">
            {t('edit.save')}
          </button>
        </form>
      </Show>
    </section>
  );
};

function fieldsOf(i: IssueState): Fields {
  return { category: i.category, description: i.description, severity: i.severity, pointId: i.pointId };
}
