/**
 * Staff change a work's response targets (how soon the liaison should acknowledge and fix): every issue's
 * clocks, the overdue marks and the 待整改 order use the new ones from then on, on every phone once synced.
 * With them, how long residents' contacts are kept once their issue is closed (the server's retention rounds).
 * Saved through the outbox (works offline); two staff editing at once: the later change wins.
 */
import { type Component, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { CONTACT_RETENTION_RANGE, type WorkState, retentionDaysOf, stampWall, targetsOf } from '../../core';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { authorLabel } from '../../ui/member-labels';
import { formatTime, t, ta } from './messages';
import { liveMembers } from './queries';

export const TargetsSection: Component<{ work: string; state: WorkState | undefined }> = (props) => {
  const members = liveMembers(() => props.work);
  const current = () => targetsOf(props.state);
  // What the person typed; until then the fields show the work's current targets (which may change by sync).
  const [ack, setAck] = createSignal<string | null>(null);
  const [days, setDays] = createSignal<string | null>(null);
  const [keep, setKeep] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  let ackInput!: HTMLInputElement;
  let keepInput!: HTMLInputElement;

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const member = membershipFor(props.work);
    if (!member) return;
    const a = Number(ack() ?? current().acknowledgeHours);
    const d = Number(days() ?? current().resolveDays);
    if (!Number.isInteger(a) || a < 1 || a > 720 || !Number.isInteger(d) || d < 1 || d > 365) {
      setError(ta('newWork.error.targets'));
      ackInput.focus();
      return;
    }
    const k = Number(keep() ?? retentionDaysOf(props.state));
    if (!Number.isInteger(k) || k < CONTACT_RETENTION_RANGE.min || k > CONTACT_RETENTION_RANGE.max) {
      setError(ta('targets.error.retention'));
      keepInput.focus();
      return;
    }
    setError(null);
    try {
      await recordOp(appDevice(), member, {
        kind: 'work.targets',
        entity: 'work',
        entityId: props.work,
        payload: { responseTargets: { acknowledgeHours: a, resolveDays: d }, contactRetentionDays: k },
      });
      setAck(null);
      setDays(null);
      setKeep(null);
      setNote(ta('targets.saved', { hours: a, days: d, keep: k }));
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  const setBy = () => {
    const s = props.state;
    if (!s?.targetsBy || !s.targetsStamp) return null;
    const who = authorLabel(
      members().find((m) => m.id === s.targetsBy),
      (r) => t(`role.${r}`),
    );
    return ta('targets.setBy', { name: who, time: formatTime(stampWall(s.targetsStamp)) });
  };

  return (
    <section aria-labelledby="targets-h">
      <h2 id="targets-h">{ta('newWork.targets')}</h2>
      <form class="form" onSubmit={submit} novalidate>
        <p class="hint">{ta('targets.hint')}</p>
        <div class="row2">
          <label class="field">
            <span>{ta('newWork.ackHours')}</span>
            <input
              ref={ackInput}
              type="number"
              inputmode="numeric"
              min="1"
              max="720"
              name="acknowledgeHours"
              value={ack() ?? String(current().acknowledgeHours)}
              onInput={(e) => setAck(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span>{ta('newWork.resolveDays')}</span>
            <input
              type="number"
              inputmode="numeric"
              min="1"
              max="365"
              name="resolveDays"
              value={days() ?? String(current().resolveDays)}
              onInput={(e) => setDays(e.currentTarget.value)}
            />
          </label>
        </div>
        <label class="field">
          <span>{ta('targets.retentionDays')}</span>
          <input
            ref={keepInput}
            type="number"
            inputmode="numeric"
            min={CONTACT_RETENTION_RANGE.min}
            max={CONTACT_RETENTION_RANGE.max}
            name="contactRetentionDays"
            value={keep() ?? String(retentionDaysOf(props.state))}
            onInput={(e) => setKeep(e.currentTarget.value)}
          />
        </label>
        <p class="hint">{ta('targets.retentionHint')}</p>
        <Show when={setBy()}>{(text) => <p class="muted small">{text()}</p>}</Show>
        <ErrorAlert message={error()} />
        <Show when={note()}>
          <p class="flash" role="status">
            {note()}
          </p>
        </Show>
        <button type="submit" class="btn primary">
          {ta('targets.save')}
        </button>
      </form>
    </section>
  );
};
