/**
 * issues: the second tap of a two-tap acknowledgement. The planned date
 * is preset (the work's resolve target from the report, never before
 * tomorrow), so confirming is one more tap.
 */
import { type Component, createSignal, onMount } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { type IssueState, stampWall } from '../../core';
import { t } from './messages';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { setFlash } from '../../ui/flash';
import { defaultPlannedDate } from './clock-text';
import { saveErrorText } from '../../ui/save-error';

export const AckSheet: Component<{ issue: IssueState; resolveDays: number; onClose: () => void }> = (props) => {
  const [date, setDate] = createSignal(defaultPlannedDate(stampWall(props.issue.reportedAt), props.resolveDays, Date.now()));
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let input!: HTMLInputElement;
  onMount(() => input.focus());

  const confirm = async (e: SubmitEvent) => {
    e.preventDefault();
    const m = membershipFor(props.issue.work);
    if (!m) return;
    setBusy(true);
    setError(null);
    try {
      await recordOp(appDevice(), m, {
        kind: 'issue.transition',
        entity: 'issue',
        entityId: props.issue.id,
        payload: { to: 'acknowledged', plannedDate: date() },
      });
      setFlash(t('inbox.acked', { date: date() }));
      props.onClose();
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="sheet-backdrop">
      <form class="sheet form" role="dialog" aria-modal="true" aria-labelledby="ack-title" onSubmit={confirm}>
        <h2 id="ack-title">{t('inbox.ackTitle')}</h2>
        <p class="desc">{props.issue.description}</p>
        <label class="field">
          <span class="label">{t('issue.plannedDate')}</span>
          <input ref={input} type="date" required value={date()} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <ErrorAlert message={error()} />
        <button type="submit" class="btn primary big" disabled={busy()}>
          {t('inbox.ackConfirm')}
        </button>
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {t('inbox.cancel')}
        </button>
      </form>
    </div>
  );
};
