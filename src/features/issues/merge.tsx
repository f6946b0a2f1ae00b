/**
 * Merge duplicates (#6): staff pick the issue a duplicate is merged into, and a merged issue links to it.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { OPEN_STATUSES, stampWall } from '../../core';
import { db } from '../../db/db';
import { formatTime, t } from '../../i18n';
import { createLive } from '../../ui/live';

/** Long descriptions are cut so that the select fits a 360 px screen. */
const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** The select of the work's other open issues (description + date), newest first. */
export const MergeTargetField: Component<{ work: string; self: string; value: string; onChange: (id: string) => void }> = (props) => {
  const targets = createLive(
    () => props.work,
    async (w) =>
      (await db.issues.where('work').equals(w).toArray())
        .filter((i) => i.id !== props.self && OPEN_STATUSES.has(i.status))
        .sort((a, b) => (a.reportedAt < b.reportedAt ? 1 : -1)),
    [],
  );
  return (
    <Show when={targets().length > 0} fallback={<p>{t('merge.none')}</p>}>
      <label class="field">
        <span class="label">{t('merge.target')}</span>
        <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{t('merge.choose')}</option>
          <For each={targets()}>{(i) => <option value={i.id}>{`${short(i.description)} · ${formatTime(stampWall(i.reportedAt))}`}</option>}</For>
        </select>
      </label>
    </Show>
  );
};

/** "Merged into: <the target>", linking to it. */
export const MergedNote: Component<{ work: string; into: string }> = (props) => {
  const target = createLive(() => props.into, (id) => db.issues.get(id), undefined);
  return (
    <p class="merged-note">
      {t('merge.mergedInto')}
      <A href={`/w/${props.work}/issues/${props.into}`}>{target() ? short(target()!.description) : t('merge.unknownTarget')}</A>
    </p>
  );
};
