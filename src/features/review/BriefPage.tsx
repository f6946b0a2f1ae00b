/**
 * The weekly 工作简报: one A4 page per work and week for the community's records and the street office:
 * the week's figures (same definitions as the overview and the meeting pack), up to three before/after
 * pairs of fixes with their evidence band, and the list of what was fixed. Any week can be chosen.
 */
import { useParams } from '@solidjs/router';
import { type Component, For, Show, createMemo, createSignal } from 'solid-js';
import { type IssueState, type PhotoState, maskPhones, stampWall, targetsOf, weekOf, weeklyBrief } from '../../core';
import type { View } from '../../db/db';
import { Page } from '../../ui/Layout';
import { EvidencePhoto, chinaTime } from '../photos';
import { t } from './brief-messages';
import { liveReview } from './queries';
import type { ReviewData } from './review-data';

const DAY = 86_400_000;
const PAIRS = 3;
const takenMs = (p: PhotoState) => p.takenAt ?? stampWall(p.addedAt);

/** ISO week number of a Monday (China time), for the heading. */
function isoWeek(mondayMs: number): number {
  const d = new Date(mondayMs + 8 * 3_600_000 + 3 * DAY); // the week's Thursday decides its year
  const jan4 = Date.UTC(d.getUTCFullYear(), 0, 4);
  const jan4Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  return Math.floor((d.getTime() - jan4Monday) / (7 * DAY)) + 1;
}

function pairOf(data: ReviewData, issue: IssueState): { before: View<PhotoState>; after: View<PhotoState> } | null {
  const photos = data.issuePhotos.get(issue.id) ?? [];
  const before = photos.find((p) => p.phase !== 'after');
  const after = photos.filter((p) => p.phase === 'after').at(-1);
  return before && after ? { before, after } : null;
}

export const BriefPage: Component = () => {
  const params = useParams<{ workId: string }>();
  const data = liveReview(() => params.workId);
  const now = Date.now();
  const [day, setDay] = createSignal(now);
  const week = createMemo(() => weekOf(day()));
  const brief = createMemo(() => weeklyBrief(data().issues, data().inspections, week(), targetsOf(data().work), Math.min(now, week().toMs)));
  const pairs = () =>
    brief()
      .resolved.map((i) => ({ issue: i, pair: pairOf(data(), i) }))
      .filter((x) => x.pair !== null)
      .slice(0, PAIRS);
  const member = (id: string) => data().members.find((m) => m.id === id);
  const placeOf = (i: IssueState) => {
    const p = data().points.find((x) => x.id === i.pointId);
    return p ? { name: p.name, lat: p.lat, lng: p.lng } : null;
  };
  const figure = (n: number, label: string) => (
    <li>
      <span class="stat">{n}</span> {label}
    </li>
  );

  return (
    <Page title={t('brief.pageTitle')} work={params.workId} back={`/w/${params.workId}/review`}>
      <div class="no-print brief-controls">
        <div class="actions">
          <button type="button" class="btn" onClick={() => setDay(week().fromMs - DAY)}>
            {t('brief.prev')}
          </button>
          <button type="button" class="btn" disabled={week().toMs >= now} onClick={() => setDay(week().toMs + DAY)}>
            {t('brief.next')}
          </button>
        </div>
        <label class="field">
          <span class="label">{t('brief.pick')}</span>
          <input
            type="date"
            value={chinaTime(day()).slice(0, 10)}
            max={chinaTime(now).slice(0, 10)}
            onInput={(e) => {
              const ms = Date.parse(`${e.currentTarget.value}T12:00:00+08:00`);
              if (Number.isFinite(ms)) setDay(ms);
            }}
          />
        </label>
        <button type="button" class="btn primary" onClick={() => window.print()}>
          {t('brief.print')}
        </button>
      </div>
      <article class="brief" aria-label={t('brief.pageTitle')}>
        <h2>{t('brief.title', { work: data().work?.name ?? '' })}</h2>
        <p class="brief-week">
          {t('brief.week', { from: chinaTime(week().fromMs).slice(0, 10), to: chinaTime(week().toMs).slice(0, 10), n: isoWeek(week().fromMs) })}
        </p>
        <section aria-label={t('brief.figures')}>
          <ul class="stat-row brief-figures">
            {figure(brief().reported, t('brief.reported'))}
            {figure(brief().resolved.length, t('brief.resolved'))}
            {figure(brief().verified, t('brief.verified'))}
            {figure(brief().open, t('brief.open2'))}
            {figure(brief().overdue, t('brief.overdue'))}
            {figure(brief().disputed, t('brief.disputed'))}
            {figure(brief().inspections, t('brief.inspections'))}
          </ul>
          <p class="small muted">{t('brief.satisfaction')}</p>
        </section>
        <section aria-labelledby="brief-pairs-h">
          <h3 id="brief-pairs-h">{t('brief.pairs')}</h3>
          <Show when={pairs().length > 0} fallback={<p class="muted">{t('brief.noPairs')}</p>}>
            <For each={pairs()}>
              {(x) => (
                <div class="brief-pair" role="group" aria-label={maskPhones(x.issue.description)}>
                  <p class="small">
                    {t(`category.${x.issue.category}`)} · {maskPhones(x.issue.description)}
                  </p>
                  <div class="pack-photos">
                    <EvidencePhoto
                      photo={x.pair!.before}
                      takenMs={takenMs(x.pair!.before)}
                      alt={`${t('brief.before')}: ${maskPhones(x.issue.description)}`}
                      place={placeOf(x.issue)}
                      author={member(x.pair!.before.author)}
                    />
                    <EvidencePhoto
                      photo={x.pair!.after}
                      takenMs={takenMs(x.pair!.after)}
                      alt={`${t('brief.after')}: ${maskPhones(x.issue.description)}`}
                      place={placeOf(x.issue)}
                      author={member(x.pair!.after.author)}
                    />
                  </div>
                </div>
              )}
            </For>
          </Show>
        </section>
        <section aria-labelledby="brief-fixed-h">
          <h3 id="brief-fixed-h">{t('brief.fixedList')}</h3>
          <Show when={brief().resolved.length > 0} fallback={<p class="muted">{t('brief.none')}</p>}>
            <ul class="brief-list">
              <For each={brief().resolved}>
                {(i) => (
                  <li>
                    {t(`category.${i.category}`)} · {maskPhones(i.description)} · {t(`status.${i.status}`)}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
        <p class="small muted">{t('brief.madeAt', { time: chinaTime(now) })}</p>
      </article>
    </Page>
  );
};
