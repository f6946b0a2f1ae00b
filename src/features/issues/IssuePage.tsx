/** One issue: what, where, its status with the moves the viewer's role may make, history and comments. */
import { A, useParams } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { appDevice, membershipFor } from '../../app-state';
import { type EditableIssueField, type IssueHistoryEntry, LIMITS, type TransitionRule, availableTransitions, stampWall, targetsOf } from '../../core';
import { formatTime, t } from './messages';
import { t as tn } from './notice-messages';
import { type OpDraft, recordOps } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { authorLabel } from '../../ui/member-labels';
import { BeforeAfter, type PickerItem, PhotoPicker, PhotoThumbButton, PhotoViewer, RetractedNote, UploadState, comparePair } from '../photos';
import { photoRecord } from '../../media/pick-photo';
import { saveErrorText } from '../../ui/save-error';
import { IssueSource } from '../checklists';
import { ContactList } from './ContactList';
import { EditIssue } from './EditIssue';
import { IssueClocks } from './IssueClocks';
import { AffectedAndDuplicates, MergeTargetField, MergedNote } from './merge';
import { liveIssue, liveIssuePhotos, liveMembers, livePoints, liveWork } from './queries';

const EDITABLE: readonly EditableIssueField[] = ['category', 'description', 'severity', 'pointId'];
const isEditable = (f: string): f is EditableIssueField => (EDITABLE as readonly string[]).includes(f);

function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const IssuePage: Component = () => {
  const params = useParams<{ workId: string; issueId: string }>();
  return (
    <Page title={t('work.issues')} work={params.workId} back={`/w/${params.workId}`}>
      <IssueDetail work={params.workId} issueId={params.issueId} />
    </Page>
  );
};

/** The issue itself, with its photos, moves, comments and history: the issue page, and the desk's pane beside the issues table. */
export const IssueDetail: Component<{ work: string; issueId: string }> = (props) => {
  const member = () => membershipFor(props.work);
  const issue = liveIssue(() => props.issueId);
  const work = liveWork(() => props.work);
  const members = liveMembers(() => props.work);
  const points = livePoints(() => props.work);
  const photos = liveIssuePhotos(() => props.issueId);
  // Every author with their role: a display name alone could copy someone else's.
  const nameOf = (id: string) =>
    id === 'system'
      ? t('app.name')
      : authorLabel(
          members().find((m) => m.id === id),
          (r) => t(`role.${r}`),
        );
  const [error, setError] = createSignal<string | null>(null);
  const [chosen, setChosen] = createSignal<TransitionRule | null>(null);
  const [plannedDate, setPlannedDate] = createSignal(tomorrow());
  const [reason, setReason] = createSignal('');
  const [comment, setComment] = createSignal('');
  const [into, setInto] = createSignal(''); // merge duplicates: the issue picked to merge into
  const moveLabel = (to: TransitionRule['to']) => t(`transition.${to}`);

  const [afterPhotos, setAfterPhotos] = createSignal<PickerItem[]>([]);

  /** Saves the change, with any photos that prove it (all one group: applied together or not at all). */
  const save = async (draft: OpDraft, photos: PickerItem[] = []): Promise<boolean> => {
    const m = member();
    if (!m) return false;
    setError(null);
    try {
      const attached = photos.map((p) => photoRecord(p.picked, { phase: 'after', caption: '', targetType: 'issue', targetId: props.issueId }));
      await recordOps(
        appDevice(),
        m,
        [...attached.map((a) => a.draft), draft],
        attached.map((a) => a.bytes),
      );
      return true;
    } catch (err) {
      setError(saveErrorText(err));
      return false;
    }
  };

  const confirmTransition = async (e: SubmitEvent) => {
    e.preventDefault();
    const rule = chosen();
    if (!rule) return;
    const payload: { to: typeof rule.to; reason?: string; plannedDate?: string; into?: string } = { to: rule.to };
    if (rule.needs === 'plannedDate') payload.plannedDate = plannedDate();
    if (rule.needs === 'reason') payload.reason = reason().trim();
    if (rule.needs === 'afterPhoto' && afterPhotos().length === 0) {
      setError(t('issue.needAfterPhoto'));
      return;
    }
    if (rule.needs === 'into') {
      if (!into()) return setError(t('merge.pick'));
      payload.into = into();
    }
    const photos = rule.needs === 'afterPhoto' ? afterPhotos() : [];
    const ok = await save({ kind: 'issue.transition', entity: 'issue', entityId: props.issueId, payload }, photos);
    if (ok) {
      setChosen(null);
      setReason('');
      setAfterPhotos([]);
      setInto('');
    }
  };

  const sendComment = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!comment().trim()) return;
    // issues: refused here with the text kept, rather than cut short by the field.
    if (comment().length > LIMITS.comment) return setError(t('input.tooLong', { field: t('issue.comment'), n: comment().length, max: LIMITS.comment }));
    const ok = await save({ kind: 'issue.comment', entity: 'issue', entityId: props.issueId, payload: { text: comment().trim() } });
    if (ok) setComment('');
  };

  const historyText = (h: IssueHistoryEntry) => {
    if (h.kind === 'issue.create') return t('issue.history.create', { name: nameOf(h.actor) });
    if (h.kind === 'issue.transition' && h.to) return t('issue.history.transition', { name: nameOf(h.actor), status: t(`status.${h.to}`) });
    if (h.kind === 'issue.affect') return t('issue.history.affect', { name: nameOf(h.actor) });
    const fields = (h.fields ?? []).filter(isEditable);
    if (h.kind === 'issue.edit' && fields.length > 0)
      return t('issue.history.editFields', { name: nameOf(h.actor), fields: fields.map((f) => t(`field.${f}`)).join(t('field.sep')) });
    return t('issue.history.edit', { name: nameOf(h.actor) });
  };

  return (
    <Show when={issue()} fallback={<p class="empty">{t('issue.notFound')}</p>}>
      {(i) => (
        <article class="issue">
          <p class="card-top">
            <span class="category">{t(`category.${i().category}`)}</span>
            <span class={`status status-${i().status}`}>{t(`status.${i().status}`)}</span>
          </p>
          <Show when={i().mergedInto}>{(id) => <MergedNote work={props.work} into={id()} />}</Show>
          <p class="desc-full">{i().description}</p>
          {/* checklists */}
          <Show when={i().source}>{(s) => <IssueSource work={props.work} source={s()} />}</Show>
          <p class="muted">
            {t(`severity.${i().severity}`)}
            {i().pointId ? ` · ${points().find((p) => p.id === i().pointId)?.name ?? ''}` : ''}
          </p>
          <p class="muted">{t('issue.reportedBy', { name: nameOf(i().reportedBy), time: formatTime(stampWall(i().reportedAt)) })}</p>
          <AffectedAndDuplicates issue={i()} />
          <Show when={i().plannedDate}>
            <p>{t('issue.plannedFor', { date: i().plannedDate! })}</p>
          </Show>
          <IssueClocks issue={i()} targets={targetsOf(work())} />
          <Show when={member()?.role === 'staff'}>
            <A class="btn" href={`/w/${props.work}/issues/${i().id}/notice`}>
              {tn('notice.open')}
            </A>
          </Show>
          <Show when={member()}>{(m) => <ContactList issueId={i().id} role={m().role} />}</Show>
          <Show when={photos().length > 0}>
            <ul class="picked" aria-label={t('issue.photos')}>
              <For each={photos()}>
                {(p, n) => (
                  <li>
                    <Show when={!p.retracted} fallback={<RetractedNote photo={p} nameOf={nameOf} formatTime={formatTime} />}>
                      <PhotoThumbButton class="thumb" photo={p} alt={`${t('issue.photoN', { n: n() + 1 })} · ${t(`phase.${p.phase}`)}`} />
                      <UploadState hash={p.hash} />
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <BeforeAfter title={t('compare.issue')} pair={comparePair(photos(), 'issue')} />
          <PhotoViewer photos={photos()} work={props.work} />
          <p>
            <Show when={i().syncPending} fallback={<span class="sync-mark synced">✓ {t('issue.synced')}</span>}>
              <span class="sync-mark pending">{t('issue.pending')}</span>
            </Show>
          </p>

          <Show when={member() && availableTransitions(i().status, member()!.role).length > 0}>
            <section aria-label={t('issue.actions')}>
              <h2>{t('issue.actions')}</h2>
              <div class="actions">
                <For each={availableTransitions(i().status, member()!.role)}>
                  {(rule) => (
                    <button
                      type="button"
                      class="btn"
                      aria-pressed={chosen()?.to === rule.to}
                      onClick={() =>
                        rule.needs
                          ? setChosen(rule)
                          : void save({ kind: 'issue.transition', entity: 'issue', entityId: props.issueId, payload: { to: rule.to } })
                      }
                    >
                      {moveLabel(rule.to)}
                    </button>
                  )}
                </For>
              </div>
              <Show when={chosen()}>
                {(rule) => (
                  <form class="form" onSubmit={confirmTransition}>
                    <Show when={rule().needs === 'plannedDate'}>
                      <label class="field">
                        <span class="label">{t('issue.plannedDate')}</span>
                        <input type="date" required value={plannedDate()} onInput={(e) => setPlannedDate(e.currentTarget.value)} />
                      </label>
                    </Show>
                    <Show when={rule().needs === 'afterPhoto'}>
                      <p>{t('issue.afterPhotoHint')}</p>
                      <PhotoPicker items={afterPhotos()} onChange={setAfterPhotos} />
                    </Show>
                    <Show when={rule().needs === 'into'}>
                      <MergeTargetField work={props.work} self={props.issueId} value={into()} onChange={setInto} />
                    </Show>
                    <Show when={rule().needs === 'reason'}>
                      <label class="field">
                        <span class="label">{t('issue.reason')}</span>
                        <textarea rows="2" required maxlength="500" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
                      </label>
                    </Show>
                    <button type="submit" class="btn primary big">
                      {moveLabel(rule().to)} ✓
                    </button>
                  </form>
                )}
              </Show>
            </section>
          </Show>
          <Show when={member() && (member()!.role === 'staff' || member()!.memberId === i().reportedBy)}>
            <EditIssue issue={i()} save={save} onError={setError} />
          </Show>
          <ErrorAlert message={error()} />

          <section aria-label={t('issue.comments')}>
            <h2>{t('issue.comments')}</h2>
            <Show when={i().comments.length > 0} fallback={<p class="muted">{t('issue.noComments')}</p>}>
              <ul class="timeline">
                <For each={i().comments}>
                  {(c) => (
                    <li>
                      <strong>{nameOf(c.actor)}</strong> <span class="muted">{formatTime(stampWall(c.at))}</span>
                      <p>{c.text}</p>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <form class="form" onSubmit={sendComment}>
              <label class="field">
                <span class="label">{t('issue.comment')}</span>
                <textarea rows="2" value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
              </label>
              <button type="submit" class="btn">
                {t('issue.addComment')}
              </button>
            </form>
          </section>

          <section aria-label={t('issue.history')}>
            <h2>{t('issue.history')}</h2>
            <ul class="timeline">
              <For each={i().history}>
                {(h) => (
                  <li>
                    {historyText(h)} <span class="muted">{formatTime(stampWall(h.at))}</span>
                    <Show when={h.plannedDate}>
                      <br />
                      {t('issue.plannedFor', { date: h.plannedDate! })}
                    </Show>
                    <Show when={h.reason}>
                      <br />
                      {t('issue.reason')}: {h.reason}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </section>
        </article>
      )}
    </Show>
  );
};
