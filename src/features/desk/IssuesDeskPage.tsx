/**
 * The desk's issues table (at 1024 px and wider): every issue of the work in sortable columns, the phone
 * list's filters plus a search box (`/` focuses it), a page of rows at a time, and the issue itself in a
 * pane beside the table, with its photos, history and actions. Staff select rows to print their
 * 整改通知单 (one per issue) or export them with the overview's CSV and Excel exporters.
 * Below 1024 px the same address shows the phone's list.
 */
import { A, useParams, useSearchParams } from '@solidjs/router';
import { type Component, For, Show, createMemo, createSignal, lazy, onCleanup, onMount } from 'solid-js';
import { membershipFor } from '../../app-state';
import { DAY_MS, HOUR_MS, isOpenIssue, targetsOf } from '../../core';
import { isDesk } from '../../ui/desk';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { IssueDetail, IssueFilters, IssueList, type IssueParams, MAX_NOTICES, filterFrom } from '../issues';
import { type IssueRow, SORT_KEYS, type SortDir, type SortKey, filterRows, isSortKey, issueRows, sortRows } from './issue-rows';
import { formatTime, t } from './messages';
import { liveMembers, livePlans, livePoints, liveWork, liveWorkIssues } from './queries';

// The site plan beside the table: Leaflet loads only for a work that has a plan.
const DeskPlan = lazy(() => import('./DeskPlan'));

export const PAGE_SIZE = 50;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type DeskParams = IssueParams & { sort?: string; dir?: string; issue?: string };

function ageText(ms: number | null): string {
  if (ms === null) return t('desk.none');
  return ms >= DAY_MS ? t('desk.age.days', { n: Math.floor(ms / DAY_MS) }) : t('desk.age.hours', { n: Math.floor(ms / HOUR_MS) });
}

export const IssuesDeskPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const points = livePoints(() => params.workId);
  const members = liveMembers(() => params.workId);
  return (
    <Page title={t('desk.issues.title')} work={params.workId} back={`/w/${params.workId}`} wide>
      <Show when={isDesk()} fallback={<IssueList work={params.workId} points={points()} members={members()} />}>
        <IssuesTable work={params.workId} />
      </Show>
    </Page>
  );
};

/** A row's number as the table shows it: the server's, or "待编号" until the issue has one. */
const rowNo = (r: IssueRow) => r.number ?? t('issue.unnumbered');

const IssuesTable: Component<{ work: string }> = (props) => {
  const [search, setSearch] = useSearchParams<DeskParams>();
  const work = liveWork(() => props.work);
  const points = livePoints(() => props.work);
  const members = liveMembers(() => props.work);
  const issues = liveWorkIssues(() => props.work);
  const plans = livePlans(() => props.work);
  const staff = () => membershipFor(props.work)?.role === 'staff';
  // Judged at the minute the page opened: ages and lateness do not jump while someone reads.
  const now = Date.now();

  const sortKey = (): SortKey => (isSortKey(search.sort) ? search.sort : 'number');
  const sortDir = (): SortDir => (search.dir === 'asc' ? 'asc' : 'desc');
  const [text, setText] = createSignal('');
  const [page, setPage] = createSignal(0);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [error, setError] = createSignal<string | null>(null);

  const pointNames = createMemo(() => new Map(points().map((p) => [p.id, p.name])));
  const rows = createMemo(() => issueRows(issues(), pointNames(), targetsOf(work()), now));
  const sorted = createMemo(() => sortRows(rows(), sortKey(), sortDir()));
  const shown = createMemo(() => filterRows(sorted(), filterFrom(search), text(), now));
  const pages = () => Math.max(1, Math.ceil(shown().length / PAGE_SIZE));
  const pageRows = createMemo(() => {
    const p = Math.min(page(), pages() - 1);
    return shown().slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
  });
  const current = () => rows().find((r) => r.issue.id === search.issue);
  /** Open and overdue issues per point, for the plan's pins. */
  const pointLoad = createMemo(() => {
    const load = new Map<string, { open: number; late: number }>();
    for (const r of rows()) {
      if (!r.issue.pointId || !isOpenIssue(r.issue)) continue;
      const l = load.get(r.issue.pointId) ?? { open: 0, late: 0 };
      l.open++;
      if (r.overdue !== null) l.late++;
      load.set(r.issue.pointId, l);
    }
    return load;
  });

  const toggleSort = (key: SortKey) => {
    setPage(0);
    const dir: SortDir = sortKey() === key ? (sortDir() === 'asc' ? 'desc' : 'asc') : key === 'number' || key === 'reported' ? 'desc' : 'asc';
    setSearch({ sort: key, dir }, { replace: true });
  };
  const open = (id: string) => setSearch({ issue: id });
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allOnPage = () => pageRows().length > 0 && pageRows().every((r) => selected().has(r.issue.id));
  const selectPage = (on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const r of pageRows()) on ? next.add(r.issue.id) : next.delete(r.issue.id);
      return next;
    });

  let searchBox: HTMLInputElement | undefined;
  // `/` jumps to the search, as in most web tables, unless the person is typing somewhere.
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = e.target as HTMLElement | null;
    if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
    e.preventDefault();
    searchBox?.focus();
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const [exporting, setExporting] = createSignal(false);
  /** The overview's exporters, over the selected issues only (they load on the click: Excel's library is large). */
  const exportSelected = async (kind: 'csv' | 'xlsx') => {
    const m = membershipFor(props.work);
    if (!m || exporting()) return;
    setExporting(true);
    setError(null);
    try {
      const review = await import('../review');
      const all = await review.loadReview(props.work);
      const ids = selected();
      const data = { ...all, issues: all.issues.filter((i) => ids.has(i.id)) };
      const base = `${all.work?.name ?? props.work}-${t('desk.issues.title')}-${review.localDate(Date.now())}`;
      if (kind === 'csv') review.download(`${base}.csv`, review.issuesCsv(data, Date.now()), 'text/csv;charset=utf-8');
      else {
        const ledger = await review.buildLedger(data, m, Date.now(), () => {});
        review.download(`${base}.xlsx`, new Blob([ledger.bytes as BlobPart], { type: XLSX_TYPE }), XLSX_TYPE);
      }
    } catch {
      setError(t('desk.exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  const header = (key: SortKey) => {
    const label = () => t(`desk.col.${key}`);
    return (
      <th scope="col" aria-sort={sortKey() === key ? (sortDir() === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" class="sort-btn" onClick={() => toggleSort(key)}>
          {label()}
          <span aria-hidden="true" class="sort-mark">
            {sortKey() === key ? (sortDir() === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };

  const cells = (r: IssueRow) => (
    <>
      <td>{r.pointName || t('desk.none')}</td>
      <td>{t(`category.${r.issue.category}`)}</td>
      <td>
        <span class={`status status-${r.issue.status}`}>{t(`status.${r.issue.status}`)}</span>
      </td>
      <td>{t(`severity.${r.issue.severity}`)}</td>
      <td>{formatTime(r.reportedMs, now)}</td>
      <td>{r.acknowledgedMs === null ? t('desk.none') : formatTime(r.acknowledgedMs, now)}</td>
      <td>{r.issue.plannedDate ?? t('desk.none')}</td>
      <td class="num">{ageText(r.ageMs)}</td>
      <td classList={{ late: r.overdue !== null }}>{r.overdue ? t(`desk.late.${r.overdue}`) : t('desk.none')}</td>
    </>
  );

  return (
    <div class="desk-issues" classList={{ 'with-detail': current() !== undefined || plans().length > 0 }}>
      <div class="desk-list">
        <div class="desk-tools">
          <label class="field desk-search">
            <span class="label">{t('desk.issues.search')}</span>
            <input ref={searchBox} type="search" value={text()} onInput={(e) => (setPage(0), setText(e.currentTarget.value))} />
          </label>
          <IssueFilters points={points()} members={members()} onChange={() => setPage(0)} />
        </div>
        <Show when={staff() && selected().size > 0}>
          <div class="desk-bulk" role="region" aria-label={t('desk.selected', { n: selected().size })}>
            <span>{t('desk.selected', { n: selected().size })}</span>
            <Show when={selected().size <= MAX_NOTICES} fallback={<span class="late">{t('desk.tooManyNotices', { max: MAX_NOTICES })}</span>}>
              <A class="btn" href={`/w/${props.work}/notices?ids=${[...selected()].join(',')}`}>
                {t('desk.printNotices', { n: selected().size })}
              </A>
            </Show>
            <button type="button" class="btn" disabled={exporting()} onClick={() => void exportSelected('csv')}>
              {t('desk.exportCsv')}
            </button>
            <button type="button" class="btn" disabled={exporting()} onClick={() => void exportSelected('xlsx')}>
              {t('desk.exportXlsx')}
            </button>
            <button type="button" class="btn" onClick={() => setSelected(new Set<string>())}>
              {t('desk.clearSelection')}
            </button>
          </div>
        </Show>
        <ErrorAlert message={error()} />
        <Show when={shown().length > 0} fallback={<p class="empty">{t('desk.issues.empty')}</p>}>
          <div class="table-wrap">
            <table class="desk-table">
              <caption>{t('desk.issues.table', { n: shown().length })}</caption>
              <thead>
                <tr>
                  <Show when={staff()}>
                    <th scope="col" class="pick">
                      <label class="pick-box">
                        <input type="checkbox" aria-label={t('desk.selectPage')} checked={allOnPage()} onChange={(e) => selectPage(e.currentTarget.checked)} />
                      </label>
                    </th>
                  </Show>
                  <For each={SORT_KEYS}>{(key) => header(key)}</For>
                </tr>
              </thead>
              <tbody>
                <For each={pageRows()}>
                  {(r) => (
                    <tr classList={{ current: r.issue.id === search.issue }}>
                      <Show when={staff()}>
                        <td class="pick">
                          <label class="pick-box">
                            <input
                              type="checkbox"
                              aria-label={t('desk.select', { n: rowNo(r) })}
                              checked={selected().has(r.issue.id)}
                              onChange={(e) => toggle(r.issue.id, e.currentTarget.checked)}
                            />
                          </label>
                        </td>
                      </Show>
                      <td>
                        <button
                          type="button"
                          class="row-open"
                          aria-label={t('desk.open', { n: rowNo(r) })}
                          aria-current={r.issue.id === search.issue ? 'true' : undefined}
                          onClick={() => open(r.issue.id)}
                        >
                          {rowNo(r)}
                        </button>
                      </td>
                      {cells(r)}
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <Show when={pages() > 1}>
            <nav class="desk-paging" aria-label={t('desk.paging')}>
              <button type="button" class="btn" disabled={page() === 0} onClick={() => setPage((p) => p - 1)}>
                {t('desk.prev')}
              </button>
              <span role="status">{t('desk.page', { page: Math.min(page(), pages() - 1) + 1, pages: pages() })}</span>
              <button type="button" class="btn" disabled={page() >= pages() - 1} onClick={() => setPage((p) => p + 1)}>
                {t('desk.next')}
              </button>
            </nav>
          </Show>
        </Show>
      </div>
      <div class="desk-side">
        <Show when={plans()[0]}>
          {(plan) => (
            <DeskPlan
              work={props.work}
              plan={plan()}
              points={points()}
              load={pointLoad()}
              selectedPoint={current()?.issue.pointId ?? null}
              onPoint={(id) => {
                setPage(0);
                setSearch({ point: id }, { replace: true });
              }}
            />
          )}
        </Show>
        {/* Keyed by the issue, not its row: the row is rebuilt on every change, and the pane must keep a half-filled form. */}
        <Show when={current()?.issue.id} keyed>
          {(id) => (
            <aside class="desk-detail" aria-label={t('desk.detail', { n: current()?.number ?? t('issue.unnumbered') })}>
              <div class="desk-detail-head">
                <h2>{t('desk.detail', { n: current()?.number ?? t('issue.unnumbered') })}</h2>
                <button type="button" class="btn" onClick={() => setSearch({ issue: undefined })}>
                  {t('desk.closeDetail')}
                </button>
              </div>
              <IssueDetail work={props.work} issueId={id} />
            </aside>
          )}
        </Show>
      </div>
    </div>
  );
};
