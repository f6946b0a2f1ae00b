/**
 * The staff desk: at 1024 px and wider (an office PC, a tablet held sideways) the pages gain a side
 * navigation and the desk pages use the width; below that the phone layout is exactly as it was.
 * A signal, not CSS alone, so the phone's page holds none of the desk's elements (nothing hidden for
 * screen readers or tests to trip over).
 */
import { createSignal } from 'solid-js';

export const DESK_MIN_WIDTH = 1024;
const query = typeof matchMedia === 'function' ? matchMedia(`(min-width: ${DESK_MIN_WIDTH}px)`) : null;
const [desk, setDesk] = createSignal(query?.matches ?? false);
query?.addEventListener('change', (e) => setDesk(e.matches));

/** Whether the screen is wide enough for the desk layout. */
export const isDesk = desk;
