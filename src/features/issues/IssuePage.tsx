/** One issue: what, where, its status with the moves the viewer's role may make, history and comments. */
import { A, useParams } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import {
  type EditableIssueField,
  type IssueHistoryEntry,
  LIMITS,
  type TransitionRule,
  availableTransitions,
  awaitsTriage,
  stampWall,
  targetsOf,
} from '../../core';
import { formatTime, t } from './messages';
import { t as tn } from './notice-messages';
import { type OpDraft, recordOps } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { authorLabel } from '../../ui/member-labels';
import {
  BeforeAfter,
  type PickerItem,
  PhotoPicker,
  PhotoThumbButton,
  PhotoViewer,
  type RecordedVoice,
  RetractedNote,
  UploadState,
  VoiceAudio,
  VoiceRecorder,
  comparePair,
} from '../photos';
import { locationLabel } from '../../media/location-label';
import { photoRecord } from '../../media/pick-photo';
import { saveErrorText } from '../../ui/save-error';
import { IssueSource } from '../checklists';
import { ContactList } from './ContactList';
import { EditIssue } from './EditIssue';
import { IssueClocks } from './IssueClocks';
import { IssueNo } from './IssueNo';
import { AffectedAndDuplicates, MergeTargetField, MergedNote } from './merge';
import { TriageSection } from './triage';
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
  /** What the chosen change still needs, said beside its field (the app's own words, not the browser's bubble). */
  const [missing, setMissing] = createSignal<{ field: 'reason' | 'afterPhoto'; text: string } | null>(null);
  let reasonEl: HTMLTextAreaElement | undefined;

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
    setMissing(null);
    if (rule.needs === 'reason') {
      if (!reason().trim()) {
        setMissing({ field: 'reason', text: t('issue.needReason') });
        reasonEl?.scrollIntoView({ block: 'center' });
        reasonEl?.focus();
        return;
      }
      payload.reason = reason().trim();
    }
    if (rule.needs === 'afterPhoto' && afterPhotos().length === 0) {
      setMissing({ field: 'afterPhoto', text: t('issue.needAfterPhoto') });
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

  const [voice, setVoice] = createSignal<RecordedVoice | null>(null);
  const sendComment = async (e: SubmitEvent) => {
    e.preventDefault();
    const v = voice();
    if (!comment().trim() && !v) return;
    // issues: refused here with the text kept, rather than cut short by the field.
    if (comment().length > LIMITS.comment) return setError(t('input.tooLong', { field: t('issue.comment'), n: comment().length, max: LIMITS.comment }));
    const m = membershipFor(props.work);
    if (!m) return;
    setError(null);
    try {
      // The voice note's bytes and the comment naming them in one transaction, as a photo and its op.
      await recordOps(
        appDevice(),
        m,
        [{ kind: 'issue.comment', entity: 'issue', entityId: props.issueId, payload: { text: comment().trim(), ...(v ? { voice: v.note } : {}) } }],
        v ? [{ hash: v.note.hash, display: v.bytes }] : [],
      );
      setComment('');
      setVoice(null);
    } catch (err) {
      setError(saveErrorText(err));
    }
  };

  const historyText = (h: IssueHistoryEntry) => {
    if (h.kind === 'issue.create') return t('issue.history.create', { name: nameOf(h.actor) });
    if (h.kind === 'issue.transition' && h.to) return t('issue.history.transition', { name: nameOf(h.actor), status: t(`status.${h.to}`) });
    if (h.kind === 'issue.affect') return t('issue.history.affect', { name: nameOf(h.actor) });
    if (h.kind === 'issue.triage' && h.triage) {
      const why = h.declined ? ` · ${t(`triage.reason.${h.declined}`)}${h.reason ? `：${h.reason}` : ''}` : '';
      return `${t('issue.history.triage', { name: nameOf(h.actor), decision: t(`triage.done.${h.triage}`) })}${why}`;
    }
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
            <span class="category">
              <IssueNo issue={i()} />
              <span>{t(`category.${i().category}`)}</span>
            </span>
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
          <Show when={i().location}>
            {(l) => (
              <p class="muted">
                {t('issue.place.shown', { where: locationLabel(l()) })}
                <Show when={member()?.role === 'staff'}>
                  {' · '}
                  <A href={`/w/${props.work}/plans`}>{t('issue.place.seePlan')}</A>
                </Show>
              </p>
            )}
          </Show>
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
          <Show when={member()}>{(m) => <ContactList issueId={i().id} member={m()} />}</Show>
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

          <Show when={member() && member()!.role !== 'liaison' && awaitsTriage(i())}>
            <TriageSection issue={i()} save={(d) => save(d)} onError={setError} />
          </Show>
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
                          ? (setMissing(null), setChosen(rule))
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
                  <form class="form" noValidate onSubmit={confirmTransition}>
                    <Show when={rule().needs === 'plannedDate'}>
                      <label class="field">
                        <span class="label">{t('issue.plannedDate')}</span>
                        <input type="date" required value={plannedDate()} onInput={(e) => setPlannedDate(e.currentTarget.value)} />
                      </label>
                    </Show>
                    <Show when={rule().needs === 'afterPhoto'}>
                      <p>{t('issue.afterPhotoHint')}</p>
                      <PhotoPicker
                        items={afterPhotos()}
                        onChange={(items) => {
                          setAfterPhotos(items);
                          if (items.length > 0) setMissing(null);
                        }}
                        label={t('issue.afterPhotoLabel')}
                        missing={missing()?.field === 'afterPhoto' ? missing()!.text : null}
                      />
                    </Show>
                    <Show when={rule().needs === 'into'}>
                      <MergeTargetField work={props.work} self={props.issueId} value={into()} onChange={setInto} />
                    </Show>
                    <Show when={rule().needs === 'reason'}>
                      <label class="field">
                        <span class="label">{t('issue.reason')}</span>
                        <Show when={missing()?.field === 'reason'}>
                          <p class="error" id="reason-missing" role="alert">
                            {missing()!.text}
                          </p>
                        </Show>
                        <textarea
                          ref={reasonEl}
                          rows="2"
                          required
                          maxlength="500"
                          aria-invalid={missing()?.field === 'reason'}
                          aria-describedby={missing()?.field === 'reason' ? 'reason-missing' : undefined}
                          value={reason()}
                          onInput={(e) => {
                            setReason(e.currentTarget.value);
                            if (e.currentTarget.value.trim()) setMissing(null);
                          }}
                        />
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
                      <Show when={c.text}>
                        <p>{c.text}</p>
                      </Show>
                      <Show when={c.voice}>{(v) => <VoiceAudio note={v()} work={i().work} />}</Show>
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
              <p class="hint">{t('voice.hint')}</p>
              <VoiceRecorder value={voice()} onChange={setVoice} onError={setError} />
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
