import { type Component, Show } from 'solid-js';

/** A form's error, read out by screen readers when it appears. */
export const ErrorAlert: Component<{ message: string | null }> = (props) => (
  <Show when={props.message}>
    <p class="error" role="alert">
      {props.message}
    </p>
  </Show>
);
