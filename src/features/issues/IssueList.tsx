/**
 * issues: a work's issues with filters (status, category, point,
 * assignee, age), a page at a time. The filter lives in the URL, so the back
 * button returns to the same list and a filtered list can be shared.
 */
import { useSearchParams } from '@solidjs/router';
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import {
  AGES,
  type Age,
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  type IssueCategory,
  type IssueFilter,
  type IssueState,
  type IssueStatus,
  type MemberState,
  type PointState,
  isFiltered,
} from '../../core';
import type { View } from '../../db/db';
import { t } from './messages';
import { createLive } from '../../ui/live';
import { memberLabels } from '../../ui/member-labels';
import { minuteNow } from './clock-text';
import { IssueCard } from './IssueCard';
import { issuePage } from './queries';

const PAGE = 50;

export type IssueParams = { status?: string; category?: string; point?: string; assignee?: string; age?: string };

/** The filter the address asks for (anything it does not know reads as "all"). */
export function filterFrom(p: IssueParams): IssueFilter {
  const status = p.status === 'open' || (ISSUE_STATUSES as readonly string[]).includes(p.status ?? '') ? (p.status as IssueStatus | 'open') : 'all';
  const category = (ISSUE_CATEGORIES as readonly string[]).includes(p.category ?? '') ? (p.category as IssueCategory) : null;
  const age = (AGES as readonly string[]).includes(p.age ?? '') ? (p.age as Age) : 'all';
  return { status, category, pointId: p.point || null, assignee: p.assignee || null, age };
}

/** The list's filters (status, category, point, assignee, age), kept in the address: the phone list and the desk's table share them. */
export const IssueFilters: Component<{ points: PointState[]; members: MemberState[]; onChange?: () => void }> = (props) => {
  const [params, setParams] = useSearchParams<IssueParams>();
  const filter = () => filterFrom(params);
  const set = (key: keyof IssueParams, value: string) => {
    props.onChange?.();
    setParams({ [key]: value || undefined }, { replace: true });
  };
  // Open when the page opens filtered; then the person opens and closes it (it must not close under their finger).
  const openAtStart = isFiltered(filterFrom(params));
  const liaisons = () => props.members.filter((m) => m.role === 'liaison');
  const labels = createMemo(() => memberLabels(liaisons(), (r) => t(`role.${r}`)));
  return (
    <details class="filters" open={openAtStart}>
      <summary>{t('filter.title')}</summary>
      <div class="filter-grid">
        <label class="field">
          <span class="label">{t('filter.status')}</span>
          <select aria-label={t('filter.status')} value={params.status ?? ''} onChange={(e) => set('status', e.currentTarget.value)}>
            <option value="">{t('filter.all')}</option>
            <option value="open">{t('filter.open')}</option>
            <For each={ISSUE_STATUSES}>{(s) => <option value={s}>{t(`status.${s}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="label">{t('filter.category')}</span>
          <select aria-label={t('filter.category')} value={params.category ?? ''} onChange={(e) => set('category', e.currentTarget.value)}>
            <option value="">{t('filter.all')}</option>
            <For each={ISSUE_CATEGORIES}>{(c) => <option value={c}>{t(`category.${c}`)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="label">{t('filter.point')}</span>
          <select aria-label={t('filter.point')} value={params.point ?? ''} onChange={(e) => set('point', e.currentTarget.value)}>
            <option value="">{t('filter.all')}</option>
            <For each={props.points}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="label">{t('filter.assignee')}</span>
          <select aria-label={t('filter.assignee')} value={params.assignee ?? ''} onChange={(e) => set('assignee', e.currentTarget.value)}>
            <option value="">{t('filter.all')}</option>
            <For each={liaisons()}>{(m) => <option value={m.id}>{labels().get(m.id)}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span class="label">{t('filter.age')}</span>
          <select aria-label={t('filter.age')} value={params.age ?? ''} onChange={(e) => set('age', e.currentTarget.value)}>
            <option value="">{t('filter.all')}</option>
            <For each={AGES.filter((a) => a !== 'all')}>{(a) => <option value={a}>{t(`filter.age.${a}`)}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={isFiltered(filter())}>
        <button
          type="button"
          class="btn"
          onClick={() => setParams({ status: undefined, category: undefined, point: undefined, assignee: undefined, age: undefined }, { replace: true })}
        >
          {t('filter.clear')}
        </button>
      </Show>
    </details>
  );
};

export const IssueList: Component<{ work: string; points: PointState[]; members: MemberState[] }> = (props) => {
  const [params] = useSearchParams<IssueParams>();
  const filter = () => filterFrom(params);
  const [shown, setShown] = createSignal(PAGE);
  // Rows that did not change keep their object, so <For> keeps their cards ("show more" renders only the new ones).
  // The server's number arrives with the pull, after the acknowledgement cleared syncPending: it counts as a change.
  let known = new Map<string, View<IssueState>>();
  const stable = (rows: View<IssueState>[]) => {
    const next = new Map<string, View<IssueState>>();
    const out = rows.map((r) => {
      const old = known.get(r.id);
      const keep = old && old.updatedAt === r.updatedAt && old.syncPending === r.syncPending && old.status === r.status && old.number === r.number ? old : r;
      next.set(r.id, keep);
      return keep;
    });
    known = next;
    return out;
  };
  const list = createLive(
    () => [props.work, JSON.stringify(filter()), shown()] as const,
    async ([w, , n]) => {
      const page = await issuePage(w, filter(), n, minuteNow());
      return { rows: stable(page.rows), more: page.more };
    },
    { rows: [] as View<IssueState>[], more: false },
  );
  const pointName = (id: string | null) => (id ? props.points.find((p) => p.id === id)?.name : undefined);

  return (
    <>
      <IssueFilters points={props.points} members={props.members} onChange={() => setShown(PAGE)} />
      <Show when={list().rows.length > 0} fallback={<p class="empty">{isFiltered(filter()) ? t('filter.none') : t('work.empty')}</p>}>
        <ul class="cards" aria-label={t('work.issues')}>
          <For each={list().rows}>
            {(issue) => (
              <li>
                <IssueCard issue={issue} pointName={pointName(issue.pointId)} />
              </li>
            )}
          </For>
        </ul>
        <Show when={list().more}>
          <button type="button" class="btn block" onClick={() => setShown((n) => n + PAGE)}>
            {t('filter.more')}
          </button>
        </Show>
      </Show>
    </>
  );
};
