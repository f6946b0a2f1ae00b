/**
 * All my works: one table of every work this device has joined (open, overdue, waiting for the
 * contractor, disputed, last activity, photos of the last 7 days), sortable, each opening its work.
 * Counted from the device's own store by the overview's functions, so it works offline and agrees with
 * each work's overview. On a phone the same figures come as a list.
 */
import { A } from '@solidjs/router';
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { memberships } from '../../app-state';
import { isDesk } from '../../ui/desk';
import { Page } from '../../ui/Layout';
import { formatTime, t } from './messages';
import { liveWorksOverview } from './queries';
import { DeskInbox, type InboxRow } from './DeskInbox';
import type { WorkSummary } from './work-summary';

const COLUMNS = ['name', 'open', 'overdue', 'waiting', 'disputed', 'lastActivity', 'photosWeek'] as const;
type Column = (typeof COLUMNS)[number];
type Row = WorkSummary & { work: string; name: string; role: string };

const collator = new Intl.Collator('zh-CN', { numeric: true });

export const WorksDeskPage: Component = () => {
  const now = Date.now();
  const works = createMemo(() => memberships().map((m) => m.work));
  const figures = liveWorksOverview(works, now);
  const [sort, setSort] = createSignal<{ col: Column; dir: 1 | -1 }>({ col: 'overdue', dir: -1 });
  const rows = createMemo<Row[]>(() =>
    memberships().map((m) => {
      const f = figures().get(m.work);
      return {
        work: m.work,
        name: f?.name ?? m.workName,
        role: t(`role.${m.role}`),
        open: f?.open ?? 0,
        overdue: f?.overdue ?? 0,
        waiting: f?.waiting ?? 0,
        disputed: f?.disputed ?? 0,
        lastActivityMs: f?.lastActivityMs ?? null,
        photosWeek: f?.photosWeek ?? 0,
      };
    }),
  );
  const sorted = createMemo(() => {
    const { col, dir } = sort();
    const key = (r: Row) => (col === 'lastActivity' ? (r.lastActivityMs ?? -1) : r[col]);
    return [...rows()].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = typeof x === 'string' && typeof y === 'string' ? collator.compare(x, y) : (x as number) - (y as number);
      return dir * c || collator.compare(a.name, b.name);
    });
  });
  // The combined inbox: the works this member runs as staff.
  const staffWorks = createMemo(() => memberships().filter((m) => m.role === 'staff'));
  const inbox = createMemo<InboxRow[]>(() =>
    staffWorks().flatMap((m) => {
      const f = figures().get(m.work);
      return (f?.inbox ?? []).map((w) => ({ ...w, work: m.work, workName: f?.name ?? m.workName }));
    }),
  );
  const toggle = (col: Column) => setSort((s) => (s.col === col ? { col, dir: s.dir === 1 ? -1 : 1 } : { col, dir: col === 'name' ? 1 : -1 }));
  const label = (col: Column) => t(`desk.works.${col}`);
  const last = (r: Row) => (r.lastActivityMs === null ? t('desk.works.never') : formatTime(r.lastActivityMs, now));

  return (
    <Page title={t('desk.works.title')} wide>
      <p class="muted">{t('desk.works.note')}</p>
      <Show when={staffWorks().length > 0}>
        <DeskInbox rows={inbox()} now={now} />
      </Show>
      <Show when={rows().length > 0} fallback={<p class="empty">{t('desk.works.empty')}</p>}>
        <Show
          when={isDesk()}
          fallback={
            <ul class="point-list" aria-label={t('desk.works.table')}>
              <For each={sorted()}>
                {(r) => (
                  <li>
                    <A class="point-link work-link" href={`/w/${r.work}`}>
                      <span>{r.name}</span>
                      <span class="muted small">
                        {label('open')} {r.open} · {label('overdue')} {r.overdue}
                      </span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          }
        >
          <div class="table-wrap">
            <table class="desk-table works-table">
              <caption>{t('desk.works.table')}</caption>
              <thead>
                <tr>
                  <For each={COLUMNS}>
                    {(col) => (
                      <th scope="col" aria-sort={sort().col === col ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}>
                        <button type="button" class="sort-btn" onClick={() => toggle(col)}>
                          {label(col)}
                          <span aria-hidden="true" class="sort-mark">
                            {sort().col === col ? (sort().dir === 1 ? '▲' : '▼') : ''}
                          </span>
                        </button>
                      </th>
                    )}
                  </For>
                  <th scope="col">{t('desk.works.role')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={sorted()}>
                  {(r) => (
                    <tr>
                      <th scope="row">
                        <A class="row-link" href={`/w/${r.work}`}>
                          {r.name}
                        </A>
                      </th>
                      <td class="num">{r.open}</td>
                      <td class="num" classList={{ late: r.overdue > 0 }}>
                        {r.overdue}
                      </td>
                      <td class="num">{r.waiting}</td>
                      <td class="num">{r.disputed}</td>
                      <td>{last(r)}</td>
                      <td class="num">{r.photosWeek}</td>
                      <td>{r.role}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </Show>
    </Page>
  );
};
