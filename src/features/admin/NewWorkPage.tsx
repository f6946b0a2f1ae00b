/** Staff create a work: its name, place, kind, contractor, dates and response targets. Needs the network. */
import { A, useNavigate } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { deviceId, memberships, rememberMemberships } from '../../app-state';
import { DEFAULT_RESPONSE_TARGETS, WORK_KINDS, type WorkKind } from '../../core';
import { type AdminKey, t, ta } from './messages';
import { newId } from '../../lib/ids';
import { adminApi, toMembership } from '../../sync/admin-api';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { adminErrorText } from './admin-error';

export const NewWorkPage: Component = () => {
  const navigate = useNavigate();
  const staff = () => memberships().find((m) => m.role === 'staff' && !m.removedAt);
  const [f, setF] = createSignal({
    name: '',
    compound: '',
    community: '',
    kind: 'drainage' as WorkKind,
    contractor: '',
    startDate: '',
    endDate: '',
    acknowledgeHours: String(DEFAULT_RESPONSE_TARGETS.acknowledgeHours),
    resolveDays: String(DEFAULT_RESPONSE_TARGETS.resolveDays),
  });
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // One id for this form: sending it again after a lost answer gives the same work, not a second one.
  const workId = newId();
  const set = (k: keyof ReturnType<typeof f>) => (e: { currentTarget: { value: string } }) => setF({ ...f(), [k]: e.currentTarget.value });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const m = staff();
    const v = f();
    if (!m) return;
    const ack = Number(v.acknowledgeHours);
    const days = Number(v.resolveDays);
    if (!v.name.trim() || !v.compound.trim()) return setError(ta('newWork.error.required'));
    if (!Number.isInteger(ack) || ack < 1 || ack > 720 || !Number.isInteger(days) || days < 1 || days > 365) return setError(ta('newWork.error.targets'));
    if (v.startDate && v.endDate && v.endDate < v.startDate) return setError(ta('newWork.error.dates'));
    setBusy(true);
    setError(null);
    try {
      const granted = await adminApi.createWork(m.token, {
        workId,
        deviceId: deviceId(),
        name: v.name.trim(),
        compound: v.compound.trim(),
        community: v.community.trim(),
        kind: v.kind,
        contractor: v.contractor.trim(),
        startDate: v.startDate || null,
        endDate: v.endDate || null,
        responseTargets: { acknowledgeHours: ack, resolveDays: days },
      });
      await rememberMemberships([toMembership(granted, Date.now())]);
      navigate(`/w/${workId}/admin`);
    } catch (err) {
      setError(adminErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: 'name' | 'compound' | 'community' | 'contractor', label: AdminKey, hint?: AdminKey) => (
    <label class="field">
      <span class="label">{ta(label)}</span>
      <input name={key} maxlength="80" value={f()[key]} onInput={set(key)} />
      {hint && <span class="hint">{ta(hint)}</span>}
    </label>
  );

  return (
    <Page title={t('newWork.title')} back="/settings">
      <Show
        when={staff()}
        fallback={
          <p class="lead">
            {ta('newWork.staffOnly')} <A href="/signin">{t('signin.title')}</A>
          </p>
        }
      >
        <p class="lead">{ta('newWork.intro')}</p>
        <form class="form" onSubmit={submit} novalidate>
          {field('name', 'newWork.name', 'newWork.nameHint')}
          {field('compound', 'newWork.compound')}
          {field('community', 'newWork.community')}
          <label class="field">
            <span class="label">{ta('newWork.kind')}</span>
            <select name="kind" value={f().kind} onChange={set('kind')}>
              <For each={WORK_KINDS}>{(k) => <option value={k}>{ta(`workKind.${k}`)}</option>}</For>
            </select>
          </label>
          {field('contractor', 'newWork.contractor')}
          <div class="row2">
            <label class="field">
              <span class="label">{ta('newWork.startDate')}</span>
              <input type="date" name="startDate" value={f().startDate} onInput={set('startDate')} />
            </label>
            <label class="field">
              <span class="label">{ta('newWork.endDate')}</span>
              <input type="date" name="endDate" value={f().endDate} onInput={set('endDate')} />
            </label>
          </div>
          <fieldset class="field">
            <legend class="label">{ta('newWork.targets')}</legend>
            <div class="row2">
              <label class="field">
                <span>{ta('newWork.ackHours')}</span>
                <input
                  type="number"
                  inputmode="numeric"
                  min="1"
                  max="720"
                  name="acknowledgeHours"
                  value={f().acknowledgeHours}
                  onInput={set('acknowledgeHours')}
                />
              </label>
              <label class="field">
                <span>{ta('newWork.resolveDays')}</span>
                <input type="number" inputmode="numeric" min="1" max="365" name="resolveDays" value={f().resolveDays} onInput={set('resolveDays')} />
              </label>
            </div>
          </fieldset>
          <ErrorAlert message={error()} />
          <button type="submit" class="btn primary big" disabled={busy()}>
            {busy() ? ta('newWork.creating') : ta('newWork.submit')}
          </button>
        </form>
      </Show>
    </Page>
  );
};
