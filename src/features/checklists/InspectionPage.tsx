/**
 * One inspection. A draft: items to answer in any order, what is
 * still missing, and submit (failed items marked so become issues). Submitted:
 * a read-only record with its raised issues, printable.
 */
import { A, useNavigate, useParams } from '@solidjs/router';
import { type Component, For, Index, Show, createMemo, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import {
  type Answer,
  type Item,
  type InspectionHistoryEntry,
  allItems,
  answerTo,
  isFailed,
  itemsRaisingIssues,
  stampWall,
  submitProblems,
  visibleItemIds,
} from '../../core';
import { newId } from '../../lib/ids';
import { recordOp, recordOps } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { flash, setFlash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { liveInspection, liveMembers, livePoints, liveRaisedIssues, liveTemplates } from './queries';
import { authorLabel } from '../../ui/member-labels';
import { saveErrorText } from '../../ui/save-error';
import type { PickedPhoto } from '../../media/pick-photo';
import { photoRecord } from '../../media/pick-photo';
import { type RecordedVoice, VoiceAudio } from '../photos';
import { pinnedVersion, sameAnswerEntry, saveAnswer } from './data';
import { ItemField, passRangeText } from './ItemField';
import { failedValueText, submitDrafts } from './submit';
import { formatTime, t, tc } from './messages';

export const InspectionPage: Component = () => {
  const params = useParams<{ workId: string; inspectionId: string }>();
  const member = () => membershipFor(params.workId);
  const inspection = liveInspection(() => params.inspectionId);
  const templates = liveTemplates(() => params.workId);
  const points = livePoints(() => params.workId);
  const members = liveMembers(() => params.workId);
  const raisedIssues = liveRaisedIssues(
    () => params.workId,
    () => params.inspectionId,
  );
  // Every author with their role: a display name alone could copy someone else's.
  const nameOf = (id: string) =>
    id === 'system'
      ? t('app.name')
      : authorLabel(
          members().find((m) => m.id === id),
          (r) => t(`role.${r}`),
        );
  const version = createMemo(() => {
    const i = inspection();
    return i ? pinnedVersion(templates(), i) : undefined;
  });
  const answers = () => inspection()?.answers ?? {};
  const shown = createMemo(() => (version() ? visibleItemIds(version()!.body, answers()) : new Set<string>()));
  const problems = createMemo(() => (version() ? submitProblems(version()!.body, answers()) : []));
  const raising = createMemo(() => (version() ? itemsRaisingIssues(version()!.body, answers()) : []));
  const itemById = createMemo(() => new Map((version() ? allItems(version()!.body) : []).map((i) => [i.id, i])));
  const draft = () => inspection()?.status === 'draft';
  const status = () => inspection()?.status ?? 'draft';
  // A draft may be thrown away by whoever started it, or by staff (the rule is inspection.discard's, in core).
  const canDiscard = () =>
    draft() && member() !== undefined && (member()!.role === 'staff' || member()!.memberId === inspection()!.startedBy) && member()!.role !== 'liaison';
  const [asking, setAsking] = createSignal(false);
  const navigate = useNavigate();
  const canAnswer = () => draft() && member() !== undefined && member()!.role !== 'liaison';
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [historyOpen, setHistoryOpen] = createSignal(false);
  let missingBox: HTMLElement | undefined;

  const save = async (itemId: string, patch: Partial<Answer>, picked?: PickedPhoto, voice?: RecordedVoice | null) => {
    const i = inspection();
    if (!i) return;
    setError(null);
    try {
      const item = itemById().get(itemId);
      const photo =
        picked && i.pointId
          ? photoRecord(picked, { phase: 'during', caption: (item?.label ?? '').slice(0, 200), targetType: 'point', targetId: i.pointId })
          : undefined;
      await saveAnswer(params.workId, i, itemId, patch, photo, voice);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  const submit = async () => {
    const i = inspection();
    const v = version();
    const m = member();
    if (!i || !v || !m) return;
    if (problems().length > 0) {
      missingBox?.focus();
      missingBox?.scrollIntoView({ block: 'start' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await recordOps(appDevice(), m, submitDrafts(i, v, newId));
      setFlash(tc('cl.submitted'));
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    const i = inspection();
    const m = member();
    if (!i || !m) return;
    setBusy(true);
    setError(null);
    try {
      await recordOp(appDevice(), m, { kind: 'inspection.discard', entity: 'inspection', entityId: i.id, payload: {} });
      setFlash(tc('cl.discarded'));
      navigate(back());
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };

  const valueText = (item: Item, a: Answer | undefined | null): string => {
    if (!a || (a.value === null && a.photos.length === 0)) return tc('cl.empty');
    const v = a.value;
    let text = '';
    if (item.kind === 'check' && typeof v === 'string') text = tc(v === 'pass' ? 'cl.pass' : v === 'fail' ? 'cl.fail' : 'cl.na');
    else if (item.kind === 'choice') text = item.options.find((o) => o.id === v)?.label ?? String(v ?? '');
    else if (item.kind === 'number' && v !== null) text = `${v} ${item.unit}`.trim();
    else if (v !== null) text = String(v);
    if (a.photos.length) text += `${text ? ' · ' : ''}📷 ${a.photos.length}`;
    return text || tc('cl.empty');
  };

  const historyText = (h: InspectionHistoryEntry) => {
    if (h.kind === 'inspection.start') return tc('cl.startedBy', { name: nameOf(h.actor) });
    if (h.kind === 'inspection.submit') return tc('cl.submittedBy', { name: nameOf(h.actor) });
    if (h.kind === 'inspection.discard') return tc('cl.discardedBy', { name: nameOf(h.actor) });
    const item = itemById().get(h.itemId ?? '');
    const label = item?.label ?? h.itemId ?? '';
    if (!h.answer) return tc('cl.cleared', { name: nameOf(h.actor), item: label });
    return tc('cl.answered', { name: nameOf(h.actor), item: label, value: item ? valueText(item, h.answer) : '' });
  };

  const pointName = () => points().find((p) => p.id === inspection()?.pointId)?.name ?? '';
  const back = () => (inspection()?.pointId ? `/w/${params.workId}/points/${inspection()!.pointId}` : `/w/${params.workId}/checklists`);

  return (
    <Page title={version()?.name ?? tc('cl.title')} work={params.workId} back={back()}>
      <Show when={inspection() && version()} fallback={<p class="empty">{tc('cl.notFound')}</p>}>
        <article class="inspection">
          <p class="card-top">
            <span>
              {pointName()} · {tc('cl.version', { n: inspection()!.version })}
            </span>
            <span class={`status status-${status() === 'draft' ? 'acknowledged' : status() === 'submitted' ? 'verified' : 'rejected'}`}>
              {tc(`cl.status.${status()}`)}
            </span>
          </p>
          <p class="muted">{tc('cl.by', { name: nameOf(inspection()!.startedBy), time: formatTime(stampWall(inspection()!.startedAt)) })}</p>
          <p>
            <Show when={inspection()!.syncPending} fallback={<span class="sync-mark synced">✓ {t('issue.synced')}</span>}>
              <span class="sync-mark pending">{t('issue.pending')}</span>
            </Show>
          </p>
          <Show when={flash()}>
            <p class="flash" role="status">
              {flash()}
            </p>
          </Show>

          <Show when={status() === 'discarded'}>
            <p class="panel" role="note">
              {tc('cl.discardedNote')}
            </p>
          </Show>

          <Show when={draft()}>
            <section class="panel missing" tabindex="-1" ref={(el) => (missingBox = el)} aria-label={tc('cl.missingTitle')}>
              <Show when={problems().length > 0} fallback={<p>✓ {tc('cl.complete')}</p>}>
                <h2>{tc('cl.missing', { n: problems().length })}</h2>
                {/* Index, not For: the problems are new objects after every answer; rows are updated in place. */}
                <ul>
                  <Index each={problems()}>
                    {(p) => (
                      <li>
                        <a href={`#item-${p().itemId}`}>{itemById().get(p().itemId)?.label}</a>
                        {p().reason === 'invalid' ? ` (${tc('cl.invalid')})` : ''}
                      </li>
                    )}
                  </Index>
                </ul>
              </Show>
              <Show when={raising().length > 0}>
                <p>⚑ {tc('cl.willRaise', { n: raising().length })}</p>
              </Show>
            </section>
          </Show>

          <For each={version()!.body.sections}>
            {(section) => (
              <section aria-label={section.title}>
                <h2>{section.title}</h2>
                <Show
                  when={canAnswer()}
                  fallback={
                    <table class="cl-summary">
                      <tbody>
                        <For each={section.items.filter((i) => shown().has(i.id))}>
                          {(item) => (
                            <tr classList={{ failed: isFailed(item, answerTo(answers(), item.id)) }}>
                              <th scope="row">{item.label}</th>
                              <td>
                                {valueText(item, answerTo(answers(), item.id))}
                                <Show when={answerTo(answers(), item.id)?.note}>
                                  <br />
                                  <span class="muted">{answerTo(answers(), item.id)!.note}</span>
                                </Show>
                                <Show when={answerTo(answers(), item.id)?.voice}>
                                  {(v) => (
                                    <>
                                      <br />
                                      <VoiceAudio note={v()} work={params.workId} />
                                    </>
                                  )}
                                </Show>
                              </td>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  }
                >
                  <For each={section.items.filter((i) => shown().has(i.id))}>
                    {(item) => {
                      // Every save reads the inspection again, all its answers as new objects: each item follows
                      // its own answer only (the same op is the same answer), so one answer updates one item.
                      const answer = createMemo(() => answerTo(answers(), item.id), undefined, { equals: sameAnswerEntry });
                      return (
                        <ItemField
                          item={item}
                          answer={answer()}
                          work={params.workId}
                          canPhoto={inspection()!.pointId !== null}
                          failed={isFailed(item, answer())}
                          onSave={(patch, photo, voice) => save(item.id, patch, photo, voice)}
                        />
                      );
                    }}
                  </For>
                </Show>
              </section>
            )}
          </For>

          <ErrorAlert message={error()} />
          <Show when={canAnswer()}>
            <button type="button" class="btn primary big" disabled={busy()} onClick={() => void submit()}>
              {busy() ? tc('cl.saving') : tc('cl.submit')}
            </button>
          </Show>
          <Show when={canDiscard()}>
            <Show
              when={asking()}
              fallback={
                <button type="button" class="btn danger block" disabled={busy()} onClick={() => setAsking(true)}>
                  {tc('cl.discard')}
                </button>
              }
            >
              <div class="confirm panel" role="group" aria-label={tc('cl.discard')}>
                <p>{tc('cl.discardAsk')}</p>
                <button type="button" class="btn danger" disabled={busy()} onClick={() => void discard()}>
                  {tc('cl.discardConfirm')}
                </button>
                <button type="button" class="btn" onClick={() => setAsking(false)}>
                  {tc('cl.discardCancel')}
                </button>
              </div>
            </Show>
          </Show>

          <Show when={status() === 'submitted'}>
            <section aria-label={tc('cl.raisedIssues')}>
              <h2>{tc('cl.raisedIssues')}</h2>
              <Show when={raisedIssues().length > 0} fallback={<p class="muted">–</p>}>
                <ul class="timeline">
                  <For each={raisedIssues()}>
                    {(issue) => {
                      const item = () => itemById().get(issue.source!.itemId);
                      return (
                        <li>
                          <A href={`/w/${params.workId}/issues/${issue.id}`}>{item()?.label ?? issue.description}</A>
                          {item() ? ` · ${failedValueText(item()!, answerTo(answers(), item()!.id), version()!.body.lang)}` : ''}
                          {item() && passRangeText(item()!) ? ` (${tc('cl.passRange', { range: passRangeText(item()!)! })})` : ''}
                          {' · '}
                          <span class={`status status-${issue.status}`}>{t(`status.${issue.status}`)}</span>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              </Show>
              <button type="button" class="btn no-print" onClick={() => window.print()}>
                🖨 {tc('cl.print')}
              </button>
            </section>
          </Show>

          {/* The history (one entry per answer) is built only when opened: it grows with every tap. */}
          <details class="no-print" onToggle={(e) => setHistoryOpen(e.currentTarget.open)}>
            <summary>{tc('cl.history')}</summary>
            <Show when={historyOpen()}>
              <ul class="timeline">
                <For each={inspection()!.history}>
                  {(h) => (
                    <li>
                      {historyText(h)} <span class="muted">{formatTime(stampWall(h.at))}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </details>
        </article>
      </Show>
    </Page>
  );
};
