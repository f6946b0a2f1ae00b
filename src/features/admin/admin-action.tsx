/**
 * A staff action on the server (make an invite, revoke a member…): while it runs the section is busy;
 * afterwards it says what was done, or what went wrong in words, and the section's list is read again.
 */
import { type Component, Show, createSignal } from 'solid-js';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { adminErrorText } from './admin-error';

export function createAdminAction(refetch: () => unknown) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [note, setNote] = createSignal<string | null>(null);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setNote(done);
    } catch (err) {
      setError(adminErrorText(err));
    } finally {
      setBusy(false);
    }
    await refetch();
  };
  return { act, busy, error, note };
}

/** What the last action did, or why it failed (also why the section's list could not be read). */
export const ActionResult: Component<{ error: string | null; listError: unknown; note: string | null }> = (props) => (
  <>
    <ErrorAlert message={props.error ?? (props.listError ? adminErrorText(props.listError) : null)} />
    <Show when={props.note}>
      <p class="flash" role="status">
        {props.note}
      </p>
    </Show>
  </>
);
