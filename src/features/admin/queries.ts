/** The admin pages' reads of the device's store (live). */
import type { Accessor } from 'solid-js';
import { liveUnsynced } from '../../ui/live';

export { liveMembers, livePoints, liveWork } from '../../ui/live';

/** Changes of the work this device has not sent (kept for export after a removal). */
export const liveUnsent = (work: Accessor<string>) => liveUnsynced(() => ({ work: work() }));
