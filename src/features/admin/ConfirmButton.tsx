/** A destructive action in two taps: the first asks "sure?", the second does it (no browser dialog). */
import { type Component, Show, createSignal } from 'solid-js';
import { ta } from './messages';

export const ConfirmButton: Component<{ label: string; confirmLabel: string; question: string; onConfirm: () => Promise<void> | void; disabled?: boolean }> = (
  props,
) => {
  const [asking, setAsking] = createSignal(false);
  return (
    <Show
      when={asking()}
      fallback={
        <button type="button" class="btn danger" disabled={props.disabled} onClick={() => setAsking(true)}>
          {props.label}
        </button>
      }
    >
      <span class="confirm" role="group" aria-label={props.question}>
        <span>{props.question}</span>
        <button
          type="button"
          class="btn danger"
          onClick={async () => {
            setAsking(false);
            await props.onConfirm();
          }}
        >
          {props.confirmLabel}
        </button>
        <button type="button" class="btn" onClick={() => setAsking(false)}>
          {ta('admin.cancel')}
        </button>
      </span>
    </Show>
  );
};
