/** Record a resident's complaint: works offline, saved on the device at once. */
import { useNavigate, useParams } from '@solidjs/router';
import { type Component, For, Show, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import { ISSUE_CATEGORIES, type IssueCategory, LIMITS, type LatLng, type Phase, SEVERITIES, type Severity } from '../../core';
import { t } from './messages';
import { newId } from '../../lib/ids';
import { type OpDraft, type PhotoBytes, recordOps } from '../../sync/local';
import { setFlash } from '../../ui/flash';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Page } from '../../ui/Layout';
import { type PickerItem, PhotoPicker, type RecordedVoice, VoiceRecorder } from '../photos';
import { photoRecord } from '../../media/pick-photo';
import { saveErrorText } from '../../ui/save-error';
import { ContactFields } from './ContactFields';
import { type ContactInput, EMPTY_CONTACT, contactDraft } from './contact-form';
import { MeToo } from './MeToo';
import { PlaceField } from './PlaceField';
import type { PhotoLocation } from '../../media/location';
import { livePointsByName } from './queries';

export const NewIssuePage: Component = () => {
  const params = useParams<{ workId: string }>();
  const navigate = useNavigate();
  const points = livePointsByName(() => params.workId);
  const [category, setCategory] = createSignal<IssueCategory | null>(null);
  const [severity, setSeverity] = createSignal<Severity>('low');
  const [description, setDescription] = createSignal('');
  const [pointId, setPointId] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  // A missing field is said next to it, and the form scrolls there and puts the focus on it:
  // a message at the foot of a long form is not seen from the field it is about.
  const [fieldError, setFieldError] = createSignal<{ field: 'category' | 'description'; message: string } | null>(null);
  let categoryBox: HTMLFieldSetElement | undefined;
  let descriptionBox: HTMLTextAreaElement | undefined;
  const failAt = (field: 'category' | 'description', message: string) => {
    setError(null);
    setFieldError({ field, message });
    const target = field === 'category' ? categoryBox?.querySelector('input') : descriptionBox;
    target?.scrollIntoView({ block: 'center' });
    target?.focus({ preventScroll: true });
  };
  const [busy, setBusy] = createSignal(false);
  const [photos, setPhotos] = createSignal<PickerItem[]>([]);
  // Which stage the complaint's photos show: most show the trouble as it is (during), the person may say otherwise.
  const [photoPhase, setPhotoPhase] = createSignal<Phase>('during');
  // Where the trouble is, beside (or instead of) a point: the phone's position or a tap on the plan.
  const [place, setPlace] = createSignal<PhotoLocation | null>(null);
  // issues: the resident's contact (private), and "me too" for an open issue nearby.
  const [contact, setContact] = createSignal<ContactInput>(EMPTY_CONTACT);
  // Said rather than typed: it goes with the complaint as its first comment (the same blob queue as photos).
  const [voice, setVoice] = createSignal<RecordedVoice | null>(null);
  /** The recording, if any, as a comment on the issue it goes with, and its bytes. */
  const voiceComment = (issueId: string): { drafts: OpDraft[]; bytes: PhotoBytes[] } => {
    const v = voice();
    return v
      ? {
          drafts: [{ kind: 'issue.comment', entity: 'issue', entityId: issueId, payload: { text: '', voice: v.note } }],
          bytes: [{ hash: v.note.hash, display: v.bytes }],
        }
      : { drafts: [], bytes: [] };
  };
  const tooLong = () => description().length > LIMITS.description;
  const position = (): LatLng | null => {
    const chosen = place();
    if (chosen) return { lat: chosen.lat, lng: chosen.lng };
    const p = points().find((x) => x.id === pointId());
    if (p && p.lat !== null && p.lng !== null) return { lat: p.lat, lng: p.lng };
    const located = photos().find((x) => x.picked.location);
    return located?.picked.location ? { lat: located.picked.location.lat, lng: located.picked.location.lng } : null;
  };

  /** Adds this resident to an open issue instead of recording a new one. */
  const affect = async (issueId: string) => {
    const member = membershipFor(params.workId);
    if (!member) return;
    const c = contactDraft(contact(), issueId);
    if ('error' in c) return setError(c.error);
    setBusy(true);
    setError(null);
    try {
      // A recording made for the new report is not lost: it goes on the issue joined, as a comment.
      const said = voiceComment(issueId);
      await recordOps(
        appDevice(),
        member,
        [{ kind: 'issue.affect', entity: 'issue', entityId: issueId, payload: {} }, ...said.drafts, ...(c.draft ? [c.draft] : [])],
        said.bytes,
      );
      setFlash(t('metoo.added'));
      navigate(`/w/${params.workId}`);
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const member = membershipFor(params.workId);
    const cat = category();
    if (!member) return;
    if (!cat) return failAt('category', t('issue.error.category'));
    if (!description().trim() && !voice()) return failAt('description', t('issue.error.description'));
    setFieldError(null);
    // Refused here, with the text kept, rather than cut by the field or refused later by the server.
    if (tooLong()) return setError(t('input.tooLong', { field: t('issue.description'), n: description().length, max: LIMITS.description }));
    const issueId = newId();
    const c = contactDraft(contact(), issueId);
    if ('error' in c) return setError(c.error);
    setBusy(true);
    setError(null);
    try {
      const attached = photos().map((p) => photoRecord(p.picked, { phase: photoPhase(), caption: '', targetType: 'issue', targetId: issueId }));
      const said = voiceComment(issueId);
      // The complaint and its photos are one change: saved together, and applied all or nothing by the server.
      await recordOps(
        appDevice(),
        member,
        [
          {
            kind: 'issue.create',
            entity: 'issue',
            entityId: issueId,
            payload: {
              category: cat,
              // Only spoken: the list and the paperwork still say what it is and where to hear it.
              description: description().trim() || t('voice.standIn'),
              severity: severity(),
              pointId: pointId() || null,
              ...(place() ? { location: place() } : {}),
            },
          },
          ...attached.map((a) => a.draft),
          ...said.drafts,
          ...(c.draft ? [c.draft] : []),
        ],
        [...attached.map((a) => a.bytes), ...said.bytes],
      );
      setFlash(t('issue.saved'));
      navigate(`/w/${params.workId}`);
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('issue.new.title')} work={params.workId} back={`/w/${params.workId}`}>
      <form class="form" onSubmit={submit} novalidate>
        <fieldset class="choices" ref={categoryBox} aria-describedby={fieldError()?.field === 'category' ? 'category-error' : undefined}>
          <legend class="label">{t('category.label')}</legend>
          <For each={ISSUE_CATEGORIES}>
            {(c) => (
              <label class="choice">
                <input
                  type="radio"
                  name="category"
                  value={c}
                  checked={category() === c}
                  onChange={() => {
                    setCategory(c);
                    if (fieldError()?.field === 'category') setFieldError(null);
                  }}
                />
                <span>{t(`category.${c}`)}</span>
              </label>
            )}
          </For>
          <Show when={fieldError()?.field === 'category'}>
            <p id="category-error" class="error field-error" role="alert">
              {fieldError()!.message}
            </p>
          </Show>
        </fieldset>
        <label class="field">
          <span class="label">{t('issue.description')}</span>
          <textarea
            ref={descriptionBox}
            name="description"
            rows="4"
            placeholder={t('issue.descriptionHint')}
            aria-invalid={tooLong() || fieldError()?.field === 'description'}
            aria-describedby={fieldError()?.field === 'description' ? 'description-error description-count' : 'description-count'}
            value={description()}
            onInput={(e) => {
              setDescription(e.currentTarget.value);
              if (fieldError()?.field === 'description') setFieldError(null);
            }}
          />
          <Show when={fieldError()?.field === 'description'}>
            <span id="description-error" class="error" role="alert">
              {fieldError()!.message}
            </span>
          </Show>
          <span id="description-count" class="muted small" classList={{ over: tooLong() }}>
            {t('input.count', { n: description().length, max: LIMITS.description })}
          </span>
        </label>
        <p class="hint">{t('voice.hint')}</p>
        <VoiceRecorder
          value={voice()}
          onChange={(rec) => {
            setVoice(rec);
            if (rec && fieldError()?.field === 'description') setFieldError(null);
          }}
          onError={setError}
        />
        <label class="field">
          <span class="label">{t('issue.point')}</span>
          <select name="point" value={pointId()} onChange={(e) => setPointId(e.currentTarget.value)}>
            <option value="">{t('issue.noPoint')}</option>
            <For each={points()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
        </label>
        <PlaceField work={params.workId} value={place()} onChange={setPlace} />
        <fieldset class="choices three">
          <legend class="label">{t('severity.label')}</legend>
          <For each={SEVERITIES}>
            {(s) => (
              <label class="choice">
                <input type="radio" name="severity" value={s} checked={severity() === s} onChange={() => setSeverity(s)} />
                <span>{t(`severity.${s}`)}</span>
              </label>
            )}
          </For>
        </fieldset>
        <PhotoPicker items={photos()} onChange={setPhotos} phase={photoPhase()} onPhase={setPhotoPhase} />
        {/* The resident's contact first: it goes with a new report, or with "me too" on an issue offered below. */}
        <ContactFields value={contact()} onChange={setContact} />
        <MeToo
          work={params.workId}
          category={category()}
          pointId={pointId() || null}
          position={position()}
          points={points()}
          busy={busy()}
          onAffect={(id) => void affect(id)}
        />
        <ErrorAlert message={error()} />
        <button type="submit" class="btn primary big" disabled={busy()}>
          {busy() ? t('issue.saving') : t('issue.save')}
        </button>
      </form>
    </Page>
  );
};
