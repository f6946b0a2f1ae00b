/**
 * Merge duplicates (#6): staff pick the issue a duplicate is merged into, and a merged issue links to it.
 * The messages load with the issue page (lazy), not with the app shell, whose size has a budget.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import { OPEN_STATUSES, stampWall } from '../../core';
import { db } from '../../db/db';
import { formatTime, locale } from '../../i18n';
import { createLive } from '../../ui/live';

const zh = {
  'merge.action': '合并到另一条问题',
  'merge.target': '合并到哪一条问题',
  'merge.choose': '请选择…',
  'merge.none': '这个工程没有其他未办结的问题，无法合并。',
  'merge.pick': '请先选择要合并到的问题，再点确认。',
  'merge.mergedInto': '已合并到：',
  'merge.unknownTarget': '另一条问题（本机还没有收到它）',
};
const en: Record<keyof typeof zh, string> = {
  'merge.action': 'Merge into another issue',
  'merge.target': 'Merge into which issue',
  'merge.choose': 'Please choose…',
  'merge.none': 'This work has no other open issue to merge into.',
  'merge.pick': 'Choose the issue to merge into first, then confirm.',
  'merge.mergedInto': 'Merged into: ',
  'merge.unknownTarget': 'another issue (not on this device yet)',
};

export function tm(key: keyof typeof zh): string {
  return (locale() === 'zh-CN' ? zh : en)[key];
}

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
    <Show when={targets().length > 0} fallback={<p>{tm('merge.none')}</p>}>
      <label class="field">
        <span class="label">{tm('merge.target')}</span>
        <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{tm('merge.choose')}</option>
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
      {tm('merge.mergedInto')}
      <A href={`/w/${props.work}/issues/${props.into}`}>{target() ? short(target()!.description) : tm('merge.unknownTarget')}</A>
    </p>
  );
};
