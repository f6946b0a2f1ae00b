/**
 * The resident report page (resident.html): reached from a poster's QR code, `#p=<poster token>`, or
 * from a receipt, `#f=<follow token>`. A page of its own, apart from the app: no service worker, no
 * IndexedDB, no framework, so that it opens fast in WeChat's browser on any phone.
 */
import { ISSUE_CATEGORIES } from '../core/domain';
import type { PosterView, ResidentFollowView, ResidentReceipt } from '../core/resident';
import { PROOF_TRIES, RESIDENT_ANSWERS, RESIDENT_LIMITS, type ResidentAnswer, challengeUsable, sendsAgain } from '../core/resident-links';
import { Refused, Unreachable, api } from './api';
import { h, show } from './dom';
import { type Draft, clearDraft, loadDraft, receipts, rememberReceipt, saveDraft } from './draft';
import { categoryText, lang, statusText, switchLang, t } from './messages';
import { solve } from './proof';
import { shrink } from './shrink';

const root = document.getElementById('app')!;
const RETRY_MS = 15_000;

function params(): { poster?: string; follow?: string } {
  const p = new URLSearchParams(location.hash.slice(1));
  return { poster: p.get('p') ?? undefined, follow: p.get('f') ?? undefined };
}

function header(): HTMLElement {
  return h(
    'header',
    { class: 'top' },
    h('h1', {}, t('title')),
    h('button', { type: 'button', class: 'link', lang: lang === 'zh' ? 'en' : 'zh-CN', onclick: () => (switchLang(), route()) }, t('lang')),
  );
}

function alertBox(text: string, kind: 'error' | 'info' = 'error'): HTMLElement {
  return h('p', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

function refusalText(err: unknown): string {
  if (err instanceof Refused) {
    if (err.code === 'rate_limited') return t('tooMany');
    if (err.code === 'too_many_reports') return t('workFull');
    if (err.code === 'payload_too_large') return t('tooLarge');
    if (err.code === 'unsupported_media_type') return t('notImage');
    if (err.code === 'not_found') return t('posterGone');
    if (err.code === 'proof_failed') return t('proofFailed');
    return t('failed', { why: err.message });
  }
  return t('failed', { why: String(err) });
}

// --- reporting ---------------------------------------------------------------------------------

async function reportPage(poster: string): Promise<void> {
  show(root, header(), h('p', { role: 'status' }, t('loading')));
  let info: PosterView;
  try {
    info = await api.poster(poster);
  } catch (err) {
    if (err instanceof Unreachable) {
      show(root, header(), alertBox(t('offlineOpen')));
      window.addEventListener('online', () => void reportPage(poster), { once: true });
      return;
    }
    show(root, header(), alertBox(t('posterGone')));
    return;
  }
  const draft = loadDraft(poster);
  renderForm(poster, info, draft);
  if (draft.pending) void submit(poster, info, draft);
}

let retryTimer: number | undefined;

function renderForm(poster: string, info: PosterView, draft: Draft, message?: HTMLElement): void {
  const save = () => saveDraft(poster, draft);
  const status = h('div', { 'aria-live': 'polite' }, message);

  const categories = h(
    'fieldset',
    { class: 'cats' },
    h('legend', {}, t('category')),
    ...ISSUE_CATEGORIES.map((c) =>
      h(
        'label',
        { class: 'cat' },
        h('input', {
          type: 'radio',
          name: 'category',
          value: c,
          ...(draft.category === c && { checked: true }),
          onchange: () => ((draft.category = c), save()),
        }),
        h('span', {}, categoryText(c)),
      ),
    ),
  );

  const description = h('textarea', { id: 'desc', rows: '4', maxlength: String(RESIDENT_LIMITS.description), required: true });
  description.value = draft.description;
  description.addEventListener('input', () => ((draft.description = description.value), save()));

  const photoList = h('ul', { class: 'thumbs' });
  const photoNote = h('p', { class: 'note', 'aria-live': 'polite' });
  const fileInput = h('input', { type: 'file', accept: 'image/*', multiple: true, id: 'photo-input', class: 'visually-hidden' });
  const addLabel = h('label', { for: 'photo-input', class: 'btn' }, t('addPhoto'));
  const drawPhotos = () => {
    photoList.replaceChildren(
      ...draft.photos.map((p, i) =>
        h(
          'li',
          {},
          h('img', { src: `data:image/jpeg;base64,${p.thumb}`, alt: '' }),
          h(
            'button',
            { type: 'button', class: 'remove', 'aria-label': t('removePhoto', { n: i + 1 }), onclick: () => (draft.photos.splice(i, 1), save(), drawPhotos()) },
            '×',
          ),
        ),
      ),
    );
    addLabel.hidden = draft.photos.length >= RESIDENT_LIMITS.photos;
  };
  fileInput.addEventListener('change', async () => {
    const files = Array.from(fileInput.files ?? []);
    fileInput.value = '';
    for (const file of files) {
      if (draft.photos.length >= RESIDENT_LIMITS.photos) {
        photoNote.textContent = t('photoMax', { n: RESIDENT_LIMITS.photos });
        break;
      }
      photoNote.textContent = t('photoBusy');
      try {
        draft.photos.push(await shrink(file));
        photoNote.textContent = '';
      } catch {
        photoNote.textContent = t('photoBad');
      }
      save();
      drawPhotos();
    }
  });
  drawPhotos();

  const field = (id: string, label: string, input: HTMLInputElement) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const name = h('input', { id: 'name', type: 'text', maxlength: '40', autocomplete: 'name' });
  name.value = draft.name;
  name.addEventListener('input', () => ((draft.name = name.value), save()));
  const phone = h('input', { id: 'phone', type: 'tel', maxlength: '20', autocomplete: 'tel', inputmode: 'tel' });
  phone.value = draft.phone;
  phone.addEventListener('input', () => ((draft.phone = phone.value), save()));
  const check = (checked: boolean, onchange: (v: boolean) => void, text: string) => {
    const box = h('input', { type: 'checkbox', ...(checked && { checked: true }) });
    box.addEventListener('change', () => (onchange(box.checked), save()));
    return h('label', { class: 'check' }, box, h('span', {}, text));
  };

  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void submit(poster, info, draft);
      },
    },
    categories,
    h('div', { class: 'field' }, h('label', { for: 'desc' }, t('description')), description),
    h('div', { class: 'field' }, h('p', { class: 'label' }, t('photos', { n: RESIDENT_LIMITS.photos })), photoList, fileInput, addLabel, photoNote),
    h(
      'fieldset',
      { class: 'contact' },
      h('legend', {}, t('contactTitle')),
      field('name', t('name'), name),
      field('phone', t('phone'), phone),
      check(draft.consent, (v) => (draft.consent = v), t('consent', { days: info.retentionDays })),
      check(draft.share, (v) => (draft.share = v), t('share')),
    ),
    // People never see this field; robots fill it in.
    h('div', { class: 'hp', 'aria-hidden': 'true' }, h('label', {}, t('honeypot'), h('input', { name: 'website', tabindex: '-1', autocomplete: 'off' }))),
    status,
    h('button', { type: 'submit', class: 'btn primary' }, t('submit')),
  );

  show(
    root,
    header(),
    h('p', {}, t('intro')),
    h('p', { class: 'promise' }, t('promise', { hours: info.responseHours })),
    h('p', { class: 'muted' }, [info.workName, info.pointName].filter(Boolean).join(' · ')),
    form,
    pastReports(),
  );
}

function pastReports(): HTMLElement | null {
  const list = receipts();
  if (list.length === 0) return null;
  return h('section', { class: 'past' }, h('h2', {}, t('myReports')), h('ul', {}, ...list.map((r) => h('li', {}, h('a', { href: `#f=${r.follow}` }, r.ref)))));
}

let sending = false;

/**
 * A solved challenge, asked for right before each send (never while the resident types: each is
 * taken once and lives 10 minutes). Should the phone sleep while solving and the challenge grow too
 * old, the page asks for another rather than send one bound to be refused.
 */
async function proven(): Promise<{ challenge: string; nonce: string }> {
  for (let asked = 1; ; asked++) {
    const askedAt = Date.now();
    const { challenge, bits } = await api.challenge();
    const nonce = await solve(challenge, bits);
    if (asked >= PROOF_TRIES || challengeUsable(askedAt, Date.now())) return { challenge, nonce };
  }
}

async function submit(poster: string, info: PosterView, draft: Draft): Promise<void> {
  if (sending) return;
  window.clearTimeout(retryTimer);
  const invalid = !draft.category ? t('category') : !draft.description.trim() ? t('descriptionMissing') : null;
  const wantsContact = draft.name.trim() !== '' || draft.phone.trim() !== '';
  if (invalid || (wantsContact && !draft.consent)) {
    renderForm(poster, info, draft, alertBox(invalid ?? t('consentNeeded')));
    return;
  }
  const website = (document.querySelector('input[name=website]') as HTMLInputElement | null)?.value ?? '';
  draft.pending = true;
  saveDraft(poster, draft);
  sending = true;
  renderForm(poster, info, draft, h('p', { class: 'alert info', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('sending')));
  try {
    const report = {
      poster,
      clientId: draft.clientId,
      category: draft.category,
      description: draft.description,
      photos: draft.photos,
      contact: wantsContact ? { name: draft.name.trim(), phone: draft.phone.trim(), shareWithContractor: draft.share, consent: true } : null,
      ...(website && { website }),
    };
    let receipt: ResidentReceipt;
    // A refused proof (its challenge expired or was taken) is sent again with a fresh one, a few times,
    // under the same spinner: the resident should not have to understand it. Same clientId, one report.
    for (let sent = 1; ; sent++) {
      try {
        receipt = await api.report({ ...report, proof: await proven() });
        break;
      } catch (err) {
        if (!(err instanceof Refused) || !sendsAgain(err.code, sent)) throw err;
      }
    }
    clearDraft(poster);
    rememberReceipt({ ...receipt, at: Date.now() });
    receiptPage(receipt.ref, receipt.follow);
  } catch (err) {
    if (err instanceof Unreachable) {
      const again = h('button', { type: 'button', class: 'btn', onclick: () => void submit(poster, info, draft) }, t('retry'));
      renderForm(poster, info, draft, h('div', { class: 'alert error', role: 'alert' }, h('p', {}, t('savedOffline')), again));
      retryTimer = window.setTimeout(() => void submit(poster, info, draft), RETRY_MS);
      window.addEventListener('online', () => void submit(poster, info, draft), { once: true });
    } else {
      draft.pending = false;
      saveDraft(poster, draft);
      renderForm(poster, info, draft, alertBox(refusalText(err)));
    }
  } finally {
    sending = false;
  }
}

function receiptPage(ref: string, follow: string): void {
  const link = `${location.origin}${location.pathname}#f=${follow}`;
  const copied = h('span', { 'aria-live': 'polite' });
  show(
    root,
    header(),
    h('h2', {}, t('receiptTitle')),
    h('p', { class: 'ref' }, t('receiptRef', { ref })),
    h('p', {}, t('receiptKeep')),
    h('p', { class: 'linkbox' }, link),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'btn primary', href: `#f=${follow}` }, t('follow')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onclick: () =>
            void navigator.clipboard?.writeText(link).then(
              () => (copied.textContent = t('copied')),
              () => undefined,
            ),
        },
        t('copy'),
      ),
      copied,
    ),
  );
}

// --- following ---------------------------------------------------------------------------------

async function followPage(follow: string, message?: HTMLElement): Promise<void> {
  if (!message) show(root, header(), h('p', { role: 'status' }, t('loading')));
  let view: ResidentFollowView;
  try {
    view = await api.follow(follow);
  } catch (err) {
    show(root, header(), alertBox(err instanceof Unreachable ? t('offlineOpen') : t('notFound')));
    if (err instanceof Unreachable) window.addEventListener('online', () => void followPage(follow), { once: true });
    return;
  }
  renderFollow(follow, view, message);
}

/** How often, and how many times, a photo not there yet is asked for again (its bytes may still be on the way from a phone). */
const PHOTO_RETRY_MS = 4000;
const PHOTO_TRIES = 15;

function photoGrid(follow: string, hashes: string[]): HTMLElement {
  const list = h('ul', { class: 'photos' });
  for (const hash of hashes) {
    const img = h('img', { alt: t('photoLoading') });
    list.append(h('li', {}, img));
    const load = (tries: number) =>
      api.photo(follow, hash).then(
        (blob) => {
          img.src = URL.createObjectURL(blob);
          img.alt = '';
        },
        () => {
          if (tries > 1 && img.isConnected) window.setTimeout(() => void load(tries - 1), PHOTO_RETRY_MS);
        },
      );
    void load(PHOTO_TRIES);
  }
  return list;
}

function renderFollow(follow: string, view: ResidentFollowView, message?: HTMLElement): void {
  const date = (ms: number) => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const before = view.photos.filter((p) => p.phase === 'before').map((p) => p.hash);
  const after = view.photos.filter((p) => p.phase !== 'before').map((p) => p.hash);
  const comment = h('textarea', { id: 'fb-comment', rows: '2', maxlength: String(RESIDENT_LIMITS.feedbackComment) });
  const answer = (a: ResidentAnswer) => async () => {
    try {
      renderFollow(follow, await api.feedback(follow, a, comment.value));
    } catch (err) {
      renderFollow(follow, view, alertBox(err instanceof Unreachable ? t('offlineOpen') : refusalText(err)));
    }
  };
  const withdraw = async () => {
    try {
      renderFollow(follow, await api.withdraw(follow), alertBox(t('withdrawn'), 'info'));
    } catch (err) {
      renderFollow(follow, view, alertBox(err instanceof Unreachable ? t('offlineOpen') : refusalText(err)));
    }
  };
  show(
    root,
    header(),
    h('h2', {}, t('followTitle')),
    message,
    h('p', { class: 'ref' }, t('receiptRef', { ref: view.ref })),
    h('p', { class: `status status-${view.status}` }, statusText(view.status)),
    view.plannedDate && h('p', {}, t('plannedDate', { date: view.plannedDate })),
    view.accepted && h('p', { class: 'alert info' }, t('accepted')),
    view.merged && h('p', {}, t('mergedWith', { status: statusText(view.merged.status) })),
    view.merged?.plannedDate && h('p', {}, t('plannedDate', { date: view.merged.plannedDate })),
    h('p', { class: 'muted' }, `${categoryText(view.category)} · ${t('reportedAt', { time: date(view.reportedAt) })}`),
    h('p', { class: 'desc' }, view.description),
    h(
      'ol',
      { class: 'steps' },
      ...view.steps.map((s) =>
        h(
          'li',
          {},
          `${date(s.at)} ${statusText(s.to)}${s.plannedDate ? ` · ${s.plannedDate}` : ''}${s.declined ? ` · ${t(`declined.${s.declined}`)}` : ''}${s.reason ? ` · ${s.reason}` : ''}`,
        ),
      ),
    ),
    before.length > 0 && h('h3', {}, t('before')),
    before.length > 0 && photoGrid(follow, before),
    after.length > 0 && h('h3', {}, t('after')),
    after.length > 0 && photoGrid(follow, after),
    view.canAnswer &&
      h(
        'section',
        { class: 'answer' },
        h('h3', {}, t('answerTitle')),
        h('div', { class: 'field' }, h('label', { for: 'fb-comment' }, t('comment')), comment),
        h('div', { class: 'actions' }, ...RESIDENT_ANSWERS.map((a) => h('button', { type: 'button', class: 'btn', onclick: answer(a) }, t(a)))),
      ),
    view.feedback && h('p', { class: 'alert info' }, t('answered', { answer: t(view.feedback.answer) })),
    view.contactKept && h('p', { class: 'muted' }, t('contactKept')),
    view.contactKept && h('button', { type: 'button', class: 'btn', onclick: withdraw }, t('withdraw')),
    h('button', { type: 'button', class: 'btn', onclick: () => void followPage(follow) }, t('refresh')),
  );
}

function route(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  const { poster, follow } = params();
  if (follow) void followPage(follow);
  else if (poster) void reportPage(poster);
  else show(root, header(), alertBox(t('noLink')), pastReports());
}

window.addEventListener('hashchange', route);
route();
