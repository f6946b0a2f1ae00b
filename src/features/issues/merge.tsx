/**
 * Merge duplicates: staff pick the issue a duplicate is merged into, a merged issue links to it,
 * and the issue it went into lists its duplicates and counts their residents too.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { type IssueState, residentsAffected, stampWall } from '../../core';
import type { View } from '../../db/db';
import { formatTime, t } from './messages';
import { createLive } from '../../ui/live';
import { liveIssue, mergedIssues, openIssuesBesides } from './queries';

/** Long descriptions are cut so that the select fits a 360 px screen. */
const short = (s: string) => (s.length > 30 ? `${s.slice(0, 30)}…` : s);

/** The select of the work's other open issues (description + date), newest first. */
export const MergeTargetField: Component<{ work: string; self: string; value: string; onChange: (id: string) => void }> = (props) => {
  const targets = createLive(
    () => props.work,
    (w) => openIssuesBesides(w, props.self),
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
  const target = liveIssue(() => props.into);
  return (
    <p class="merged-note">
      {t('merge.mergedInto')}
      <A href={`/w/${props.work}/issues/${props.into}`}>{target() ? short(target()!.description) : t('merge.unknownTarget')}</A>
    </p>
  );
};

/** "N households affected" (with the duplicates merged in) and links to those duplicates. */
export const AffectedAndDuplicates: Component<{ issue: View<IssueState> }> = (props) => {
  const merged = createLive(() => props.issue.work, mergedIssues, []);
  const total = () => residentsAffected(props.issue, merged());
  const duplicates = () => merged().filter((d) => d.mergedInto === props.issue.id);
  return (
    <>
      <Show when={total() > 1}>
        <p>{t('issue.affected', { n: total() })}</p>
      </Show>
      <Show when={duplicates().length > 0}>
        <p class="merged-note">{t('merge.duplicates', { n: duplicates().length })}</p>
        <ul class="merged-list">
          <For each={duplicates()}>
            {(d) => (
              <li>
                <A href={`/w/${d.work}/issues/${d.id}`}>{`${short(d.description)} · ${formatTime(stampWall(d.reportedAt))}`}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
};
