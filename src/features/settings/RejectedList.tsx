/**
 * Changes the server refused: kept with their reason and shown to their
 * author until dismissed, so that nothing disappears silently.
 */
import { type Component, For, Show } from 'solid-js';
import type { Op, Rejection } from '../../core';
import { type RejectedEntry, db } from '../../db/db';
import { type MessageKey, formatTime, t } from '../../i18n';
import { createLive } from '../../ui/live';

export function rejectionText(reason: Rejection): string {
  const status = (s: string | undefined) => (s ? t(`status.${s}` as MessageKey) : '?');
  switch (reason.code) {
    case 'invalid_transition':
      return t('rejected.reason.invalid_transition', { from: status(reason.params?.from), to: status(reason.params?.to) });
    case 'forbidden_role':
      return t('rejected.reason.forbidden_role');
    case 'group_failed':
      return t('rejected.reason.group_failed');
    case 'missing_after_photo':
      return t('rejected.reason.missing_after_photo');
    case 'planned_date_past':
      return t('rejected.reason.planned_date_past');
    // checklists (#5)
    case 'stale_version':
      return t('cl.reason.stale_version');
    case 'inspection_closed':
      return t('cl.reason.inspection_closed');
    case 'incomplete':
      return t('cl.reason.incomplete');
    default:
      return t('rejected.reason.other', { message: reason.message });
  }
}

function kindLabel(op: Op): string {
  const key = `rejected.kind.${op.kind}`;
  return t((['issue.create', 'issue.edit', 'issue.transition', 'issue.comment'].includes(op.kind) ? key : 'rejected.kind.other') as MessageKey);
}

/** What the refused change was about, in the user's words: the issue's description. */
async function subjectOf(entry: RejectedEntry): Promise<string> {
  if (entry.op.kind === 'issue.create') return entry.op.payload.description;
  if (entry.op.entity === 'issue') return (await db.issues.get(entry.op.entityId))?.description ?? '';
  return '';
}

export const RejectedList: Component = () => {
  const rejected = createLive(
    () => 0,
    async () => {
      const rows = await db.rejected.where('dismissed').equals(0).toArray();
      return Promise.all(rows.map(async (r) => ({ ...r, subject: await subjectOf(r) })));
    },
    [],
  );
  return (
    <Show when={rejected().length > 0}>
      <section id="rejected" aria-labelledby="rejected-h">
        <h2 id="rejected-h">{t('rejected.title')}</h2>
        <p>{t('rejected.intro')}</p>
        <ul class="cards">
          <For each={rejected()}>
            {(r) => (
              <li class="panel">
                <p>
                  <strong>{t('rejected.what', { kind: kindLabel(r.op), subject: r.subject.slice(0, 60) })}</strong>
                </p>
                <p>{rejectionText(r.reason)}</p>
                <p class="muted">{formatTime(r.rejectedAt)}</p>
                <button type="button" class="btn" onClick={() => void db.rejected.update(r.id, { dismissed: 1 })}>
                  {t('rejected.dismiss')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};

/** A line on the work's page when some of this device's changes were refused. */
export const RejectedBanner: Component<{ work: string }> = (props) => {
  const count = createLive(() => props.work, (w) => db.rejected.where('work').equals(w).filter((r) => r.dismissed === 0).count(), 0);
  return (
    <Show when={count() > 0}>
      <p class="banner warn" role="status">
        {t('rejected.banner', { n: count() })} · <a href="/settings#rejected">{t('rejected.view')}</a>
      </p>
    </Show>
  );
};
