/**
 * Staff correct a point: rename it, or archive it once works there are done (it leaves the lists and
 * pickers; its photos, issues and inspections stay), or bring it back. Each is a point.update op.
 */
import { type Component, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { LIMITS, type PointState } from '../../core';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { saveErrorText } from '../../ui/save-error';
import { t } from './messages';

export const EditPoint: Component<{ point: PointState }> = (props) => {
  const [name, setName] = createSignal(props.point.name);
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);

  const save = async (payload: { name?: string; archived?: boolean }, message: string) => {
    const m = membershipFor(props.point.work);
    if (!m) return;
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'point.update', entity: 'point', entityId: props.point.id, payload });
      setDone(message);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  const rename = (e: SubmitEvent) => {
    e.preventDefault();
    const n = name().trim();
    if (!n) return setError(t('point.nameNeeded'));
    if (n.length > LIMITS.name) return setError(t('point.nameTooLong', { n: n.length, max: LIMITS.name }));
    if (n === props.point.name) return setError(t('point.nameSame'));
    void save({ name: n }, t('point.renamed'));
  };

  return (
    <section aria-labelledby="edit-point-h">
      <h2 id="edit-point-h">{t('point.edit')}</h2>
      <form class="form" onSubmit={rename} novalidate>
        <label class="field">
          <span class="label">{t('point.newName')}</span>
          <input value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn">
          {t('point.rename')}
        </button>
      </form>
      <Show
        when={props.point.archived}
        fallback={
          <button type="button" class="btn" onClick={() => void save({ archived: true }, t('point.archivedDone'))}>
            {t('point.archive')}
          </button>
        }
      >
        <button type="button" class="btn" onClick={() => void save({ archived: false }, t('point.restoredDone'))}>
          {t('point.restore')}
        </button>
      </Show>
      <Show when={done()}>
        <p class="flash" role="status">
          {done()}
        </p>
      </Show>
      <ErrorAlert message={error()} />
    </section>
  );
};
