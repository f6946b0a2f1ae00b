/** A plan's image as an object URL: from this device, or downloaded once and kept (like a photo). */
import { type Accessor, createResource, onCleanup } from 'solid-js';
import { membershipFor } from '../../app-state';
import { db } from '../../db/db';
import { api } from '../../sync/api';
import { loadBlob } from '../../sync/blobs';

export function createPlanImage(work: Accessor<string>, hash: Accessor<string | undefined>) {
  let current: string | undefined;
  const [url] = createResource(hash, async (h) => {
    const m = membershipFor(work());
    if (!m) return null;
    const bytes = await loadBlob(db, api, m, h);
    if (current) URL.revokeObjectURL(current);
    current = URL.createObjectURL(new Blob([bytes], { type: 'image/jpeg' }));
    return current;
  });
  onCleanup(() => current && URL.revokeObjectURL(current));
  return url;
}
