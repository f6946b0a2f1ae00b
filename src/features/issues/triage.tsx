/**
 * A resident's report from a poster waits for a volunteer (or staff) to triage it: take it on, fold it
 * into an open issue of the work (that issue then counts the resident), or decline it with a reason and
 * a note the resident reads on their follow page. Works offline like every change: the first triage to
 * reach the server stands (a second one is refused as already_triaged, and listed with the reason).
 */
import { type Component, For, Show, createSignal } from 'solid-js';
import { DECLINE_REASONS, type DeclineReason, type IssueState, LIMITS, type OpOf, type TriageDecision } from '../../core';
import type { OpDraft } from '../../sync/local';
import { MergeTargetField } from './merge';
import { t } from './messages';

export const TriageSection: Component<{ issue: IssueState; save: (draft: OpDraft) => Promise<boolean>; onError: (text: string) => void }> = (props) => {
  const [choice, setChoice] = createSignal<TriageDecision | null>(null);
  const [into, setInto] = createSignal('');
  const [reason, setReason] = createSignal<DeclineReason>('out_of_scope');
  const [note, setNote] = createSignal('');
  const draft = (payload: OpOf<'issue.triage'>['payload']): OpDraft => ({
    kind: 'issue.triage',
    entity: 'issue',
    entityId: props.issue.id,
    payload,
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const c = choice();
    if (c === 'merge') {
      if (!into()) return props.onError(t('merge.pick'));
      await props.save(draft({ decision: 'merge', into: into() }));
    } else if (c === 'decline') {
      await props.save(draft({ decision: 'decline', reason: reason(), note: note().trim() }));
    }
  };

  return (
    <section aria-labelledby="triage-h" class="triage">
      <h2 id="triage-h">{t('triage.title')}</h2>
      <p class="muted">{t('triage.hint')}</p>
      <div class="actions">
        <button type="button" class="btn primary" onClick={() => void props.save(draft({ decision: 'accept' }))}>
          {t('triage.accept')}
        </button>
        <button type="button" class="btn" aria-pressed={choice() === 'merge'} onClick={() => setChoice('merge')}>
          {t('triage.merge')}
        </button>
        <button type="button" class="btn" aria-pressed={choice() === 'decline'} onClick={() => setChoice('decline')}>
          {t('triage.decline')}
        </button>
      </div>
      <Show when={choice()}>
        {(c) => (
          <form class="form" onSubmit={submit}>
            <Show when={c() === 'merge'}>
              <MergeTargetField work={props.issue.work} self={props.issue.id} value={into()} onChange={setInto} />
            </Show>
            <Show when={c() === 'decline'}>
              <label class="field">
                <span class="label">{t('triage.reason')}</span>
                <select value={reason()} onChange={(e) => setReason(DECLINE_REASONS.find((r) => r === e.currentTarget.value) ?? 'out_of_scope')}>
                  <For each={DECLINE_REASONS}>{(r) => <option value={r}>{t(`triage.reason.${r}`)}</option>}</For>
                </select>
              </label>
              <label class="field">
                <span class="label">{t('triage.note')}</span>
                <textarea rows="2" maxlength={LIMITS.reason} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
            </Show>
            <button type="submit" class="btn primary big">
              {c() === 'merge' ? t('triage.merge') : t('triage.decline')} ✓
            </button>
          </form>
        )}
      </Show>
    </section>
  );
};
