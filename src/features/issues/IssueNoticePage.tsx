/**
 * The 整改通知单 and 整改回复单 of one issue, on A4: what is wrong, where, since when, what is asked by
 * when, the photos of the problem with their evidence band, and lines to sign; then the reply form the
 * contractor returns, with the photos of the fix when there are any. Printed from the browser
 * (or saved as PDF); print styles keep each photo whole on a page.
 */
import { useParams, useSearchParams } from '@solidjs/router';
import { type Component, For, Show, createMemo } from 'solid-js';
import { type PhotoState, isShown, issueClocks, issueRef, maskPhones, stampWall, targetsOf } from '../../core';
import { Page } from '../../ui/Layout';
import { EvidencePhoto, type EvidencePlace, chinaTime } from '../photos';
import { t } from './notice-messages';
import { liveIssue, liveIssuePhotos, liveMembers, livePoints, liveWork } from './queries';

/** Photos a notice shows per side: four fit two A4 pages with the text. */
const PHOTOS_PER_SIDE = 4;
const takenMs = (p: PhotoState) => p.takenAt ?? stampWall(p.addedAt);

export const IssueNoticePage: Component = () => {
  const params = useParams<{ workId: string; issueId: string }>();
  const issue = liveIssue(() => params.issueId);
  return (
    <Page title={t('notice.pageTitle')} work={params.workId} back={`/w/${params.workId}/issues/${params.issueId}`}>
      <Show when={issue()} fallback={<p class="banner warn">{t('notice.notFound')}</p>}>
        <PrintBar />
        <IssueNotice work={params.workId} issueId={params.issueId} />
      </Show>
    </Page>
  );
};

/** Most notices printed at once: a desk selection is bounded, so one print does not draw thousands of photos. */
export const MAX_NOTICES = 50;

/**
 * Several issues' notices in one print (the desk's issues table: select rows, print their notices), one
 * 整改通知单 and 回复单 per issue, each starting on a new page. The ids ride in the address (`?ids=a,b`).
 */
export const IssueNoticesPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const [search] = useSearchParams<{ ids?: string }>();
  const ids = createMemo(() => [...new Set((search.ids ?? '').split(',').filter((id) => id.length > 0 && id.length <= 64))].slice(0, MAX_NOTICES));
  return (
    <Page title={t('notice.pageTitleMany', { n: ids().length })} work={params.workId} back={`/w/${params.workId}/issues`}>
      <Show when={ids().length > 0} fallback={<p class="banner warn">{t('notice.notFound')}</p>}>
        <PrintBar />
        <For each={ids()}>{(id) => <IssueNotice work={params.workId} issueId={id} />}</For>
      </Show>
    </Page>
  );
};

const PrintBar: Component = () => (
  <div class="no-print actions">
    <p class="hint">{t('notice.printHint')}</p>
    <button type="button" class="btn primary" onClick={() => window.print()}>
      {t('notice.print')}
    </button>
  </div>
);

/** One issue's 整改通知单 and 整改回复单. */
const IssueNotice: Component<{ work: string; issueId: string }> = (props) => {
  const issue = liveIssue(() => props.issueId);
  const work = liveWork(() => props.work);
  const members = liveMembers(() => props.work);
  const points = livePoints(() => props.work);
  const allPhotos = liveIssuePhotos(() => props.issueId);
  // A retracted photo was wrong: it never goes on paper.
  const photos = () => allPhotos().filter(isShown);

  const member = (id: string) => members().find((m) => m.id === id);
  const point = () => points().find((p) => p.id === issue()?.pointId);
  const place = (): EvidencePlace | null => {
    const p = point();
    return p ? { name: p.name, lat: p.lat, lng: p.lng } : null;
  };
  const before = () =>
    photos()
      .filter((p) => p.phase !== 'after')
      .slice(0, PHOTOS_PER_SIDE);
  const after = () =>
    photos()
      .filter((p) => p.phase === 'after')
      .slice(-PHOTOS_PER_SIDE);
  const due = () => {
    const i = issue();
    if (!i) return '';
    if (i.plannedDate) return i.plannedDate;
    return chinaTime(issueClocks(i, { targets: targetsOf(work()), now: Date.now() }).resolveDueAt).slice(0, 10);
  };
  const head = (title: string) => (
    <header class="notice-head">
      <h2>{title}</h2>
      <p>
        <span>{t('notice.work', { name: work()?.name ?? '' })}</span>
        <span>{t('notice.no', { no: issueRef(issue() ?? {}) ?? t('notice.unnumbered') })}</span>
      </p>
    </header>
  );
  const evidence = (list: PhotoState[]) => (
    <div class="notice-photos">
      <For each={list}>
        {(p) => (
          <EvidencePhoto
            photo={p}
            takenMs={takenMs(p)}
            alt={`${t(`phase.${p.phase}`)}: ${maskPhones(p.caption || issue()?.description || '')}`}
            place={place()}
            author={member(p.author)}
          />
        )}
      </For>
    </div>
  );
  const signLine = (who: string) => (
    <p class="sign-line">
      <span>{who}</span>
      <span class="blank" />
      <span>{t('notice.date')}</span>
      <span class="blank short" />
    </p>
  );

  return (
    <Show when={issue()} fallback={<p class="banner warn">{t('notice.notFound')}</p>}>
      {(i) => (
        <div class="notice-set">
          <article class="notice" aria-label={t('notice.title')}>
            {head(t('notice.title'))}
            <p>{work()?.contractor ? t('notice.to', { contractor: work()!.contractor }) : t('notice.toUnknown')}</p>
            <dl class="notice-facts">
              <dt>{t('notice.category')}</dt>
              <dd>{t(`category.${i().category}`)}</dd>
              <dt>{t('notice.severity')}</dt>
              <dd>{t(`severity.${i().severity}`)}</dd>
              <dt>{t('notice.reportedAt')}</dt>
              <dd>{chinaTime(stampWall(i().reportedAt))}</dd>
              <dt>{t('notice.reportedBy')}</dt>
              <dd>{member(i().reportedBy) ? `${t(`role.${member(i().reportedBy)!.role}`)} ${member(i().reportedBy)!.name}` : '—'}</dd>
              <dt>{t('notice.place')}</dt>
              <dd>{point()?.name ?? t('notice.noPlace')}</dd>
            </dl>
            <h3>{t('notice.description')}</h3>
            <p class="desc-full">{maskPhones(i().description)}</p>
            <h3>{t('notice.ask')}</h3>
            <p>{t('notice.askText', { due: due() })}</p>
            <h3>{t('notice.photosBefore')}</h3>
            <Show when={before().length > 0} fallback={<p class="muted">{t('notice.noPhotos')}</p>}>
              {evidence(before())}
            </Show>
            {signLine(t('notice.issuedBy'))}
            {signLine(t('notice.receivedBy'))}
          </article>
          <article class="notice notice-reply" aria-label={t('notice.replyTitle')}>
            {head(t('notice.replyTitle'))}
            <p class="desc-full">{maskPhones(i().description)}</p>
            <h3>{t('notice.replyWhat')}</h3>
            <div class="write-lines" aria-hidden="true">
              <span />
              <span />
              <span />
            </div>
            <h3>{t('notice.photosAfter')}</h3>
            <Show when={after().length > 0} fallback={<p class="muted">{t('notice.noAfter')}</p>}>
              {evidence(after())}
            </Show>
            {signLine(t('notice.replyBy'))}
            {signLine(t('notice.verifiedBy'))}
          </article>
        </div>
      )}
    </Show>
  );
};
