/**
 * Staff edit a checklist: add, remove, reorder (drag a handle with a finger, or
 * the up and down buttons) and change items (kind, required, hint, condition,
 * "a fail raises an issue"), fold sections away while working on another,
 * preview it as a volunteer will see it, and save. Saving makes a new version;
 * inspections already started keep theirs.
 */
import { useNavigate, useParams } from '@solidjs/router';
import { type Component, For, Index, Show, createMemo, createSignal } from 'solid-js';
import { createStore, produce, unwrap } from 'solid-js/store';
import { membershipFor } from '../../app-state';
import { appDevice } from '../../sync/device';
import {
  CHECK_VALUES,
  ISSUE_CATEGORIES,
  ITEM_KINDS,
  type Item,
  type ItemKind,
  type TemplateBody,
  TemplateBodySchema,
  type TemplateState,
  canFail,
  latestVersion,
  moveItem,
  moveItemTo,
  parseWith,
} from '../../core';
import { newId } from '../../lib/ids';
import { recordOp } from '../../sync/local';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { flash, setFlash } from '../../ui/flash';
import { Page } from '../../ui/Layout';
import { liveTemplate } from './queries';
import { startReorderDrag } from './drag-reorder';
import { TemplatePreview } from './TemplatePreview';
import { saveErrorText } from '../../ui/save-error';
import { type ChecklistKey, t, tc } from './messages';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type AnyItem = Mutable<Item> & Record<string, unknown>;

/** An item of another kind, keeping what all kinds share. */
function withKind(item: Item, kind: ItemKind): Item {
  const { id, label, required, hint, showIf } = item;
  const common = { id, label, required, ...(hint ? { hint } : {}), ...(showIf ? { showIf } : {}) };
  switch (kind) {
    case 'check':
      return { ...common, kind, raisesIssue: item.raisesIssue ?? false };
    case 'number':
      return { ...common, kind, unit: '', min: 0, max: 100, passMin: null, passMax: null };
    case 'text':
      return { ...common, kind };
    case 'choice':
      return {
        ...common,
        kind,
        options: [
          { id: 'o1', label: '1' },
          { id: 'o2', label: '2' },
        ],
      };
    case 'photo':
      return { ...common, kind, minPhotos: 1 };
  }
}

const optionalNumber = (raw: string): number | null => (raw.trim() === '' || !Number.isFinite(Number(raw)) ? null : Number(raw));

export const TemplateEditorPage: Component = () => {
  const params = useParams<{ workId: string; templateId: string }>();
  const template = liveTemplate(() => params.templateId);
  // The editor starts from the template as first loaded: a later sync of it (a new object) must not
  // reset what is being typed. A concurrent edit by someone else is caught on save (stale_version).
  const first = createMemo<TemplateState | undefined>((prev) => prev ?? template());
  const isStaff = () => membershipFor(params.workId)?.role === 'staff';
  return (
    <Page title={tc('cl.editor')} work={params.workId} back={`/w/${params.workId}/checklists`}>
      <Show when={isStaff()} fallback={<p class="empty">{tc('cl.staffOnly')}</p>}>
        <Show when={first()} keyed fallback={<p class="empty">{tc('cl.notFound')}</p>}>
          {(tpl) => <Editor template={tpl} work={params.workId} />}
        </Show>
      </Show>
    </Page>
  );
};

const Editor: Component<{ template: TemplateState; work: string }> = (props) => {
  const navigate = useNavigate();
  // Edits start from the latest version; the template's own later changes (sync) do not disturb them.
  const latest = latestVersion(props.template);
  const [body, setBody] = createStore<TemplateBody>(structuredClone(latest.body));
  const [name, setName] = createSignal(latest.name);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Sections folded away (by id): a long checklist is edited one section at a time on a phone.
  const [folded, setFolded] = createSignal<ReadonlySet<string>>(new Set());
  const toggleFold = (id: string) =>
    setFolded((f) => {
      const next = new Set(f);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const moved = (itemId: string, delta: -1 | 1) => moveItem(unwrap(body), itemId, delta);
  const move = (si: number, itemId: string, delta: -1 | 1) => {
    const next = moved(itemId, delta);
    if (next) setBody('sections', si, 'items', structuredClone(next.sections[si]!.items));
  };
  // A drag in progress says where the item would land; a drop that had to stop short says why.
  const [dragNote, setDragNote] = createSignal('');
  const drag = (e: PointerEvent, si: number, itemId: string, n: number) => {
    const row = (e.currentTarget as HTMLElement).closest<HTMLElement>('.cl-edit-item');
    const rows = [...(row?.parentElement?.querySelectorAll<HTMLElement>(':scope > .cl-edit-item') ?? [])];
    if (!row) return;
    const first = n - rows.indexOf(row);
    startReorderDrag(e, {
      row,
      rows,
      onOver: (index) => setDragNote(tc('cl.drag.over', { n, to: first + index })),
      onDrop: (index) => {
        const { body: next, stopped } = moveItemTo(unwrap(body), itemId, index);
        setBody('sections', si, 'items', structuredClone(next.sections[si]!.items));
        setDragNote(stopped ? tc('cl.drag.stopped') : '');
      },
      onCancel: () => setDragNote(''),
    });
  };
  // The preview shows the checklist as it stands in the editor, unsaved; editing resumes where it was.
  const [preview, setPreview] = createSignal<TemplateBody | null>(null);

  const edit = (si: number, ii: number, fn: (item: AnyItem) => void) => setBody(produce((b) => fn(b.sections[si]!.items[ii] as AnyItem)));
  const replace = (si: number, ii: number, item: Item) => setBody(produce((b) => void (b.sections[si]!.items[ii] = item)));
  const earlier = (si: number, ii: number) =>
    body.sections
      .flatMap((s, sIdx) => s.items.filter((_, iIdx) => sIdx < si || (sIdx === si && iIdx < ii)))
      .filter((i) => i.kind === 'check' || i.kind === 'choice');
  const valuesOf = (id: string): Array<{ id: string; label: string }> => {
    const source = body.sections.flatMap((s) => s.items).find((i) => i.id === id);
    if (source?.kind === 'choice') return source.options.map((o) => ({ id: o.id, label: o.label }));
    return CHECK_VALUES.map((v) => ({ id: v, label: tc(v === 'pass' ? 'cl.pass' : v === 'fail' ? 'cl.fail' : 'cl.na') }));
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const m = membershipFor(props.work);
    if (!m) return;
    setError(null);
    const parsed = parseWith(TemplateBodySchema, structuredClone(unwrap(body)));
    if (!parsed.ok) return setError(tc('cl.invalidTemplate', { message: parsed.message }));
    setBusy(true);
    try {
      const next = latestVersion(props.template).version + 1;
      await recordOp(appDevice(), m, {
        kind: 'template.revise',
        entity: 'template',
        entityId: props.template.id,
        payload: { version: next, name: name().trim(), body: parsed.value },
      });
      setFlash(tc('cl.saved', { n: next }));
      navigate(`/w/${props.work}/checklists/${props.template.id}`);
    } catch (err) {
      setError(saveErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  let counter = 0;
  // Made once: the preview takes its place and gives it back as it was (what is typed, what is folded).
  const editor = (
    <form class="form cl-editor" onSubmit={save} novalidate>
      <Show when={flash()}>
        <p class="flash" role="status">
          {flash()}
        </p>
      </Show>
      <button type="button" class="btn block" aria-pressed="false" onClick={() => setPreview(structuredClone(unwrap(body)))}>
        👁 {tc('cl.preview')}
      </button>
      <p class="visually-hidden" role="status">
        {dragNote()}
      </p>
      <label class="field">
        <span class="label">{tc('cl.name')}</span>
        <input value={name()} maxlength="80" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <Index each={body.sections}>
        {(section, si) => (
          <section class="panel" aria-label={section().title}>
            <label class="field">
              <span class="label">{tc('cl.sectionTitle')}</span>
              <input value={section().title} maxlength="80" onInput={(e) => setBody('sections', si, 'title', e.currentTarget.value)} />
            </label>
            <button
              type="button"
              class="btn"
              aria-expanded={!folded().has(section().id)}
              aria-label={tc(folded().has(section().id) ? 'cl.unfold' : 'cl.fold', { section: section().title, n: section().items.length })}
              onClick={() => toggleFold(section().id)}
            >
              {folded().has(section().id) ? `▸ ${tc('cl.unfoldShort', { n: section().items.length })}` : `▾ ${tc('cl.foldShort')}`}
            </button>
            <Show when={!folded().has(section().id)}>
              <Index each={section().items}>
                {(item, ii) => {
                  const n = () => body.sections.slice(0, si).reduce((k, s) => k + s.items.length, 0) + ii + 1;
                  return (
                    <fieldset class="cl-edit-item">
                      <legend class="label">{tc('cl.item', { n: n() })}</legend>
                      <label class="field">
                        <span>{tc('cl.itemLabel')}</span>
                        <input value={item().label} maxlength="200" onInput={(e) => edit(si, ii, (x) => (x.label = e.currentTarget.value))} />
                      </label>
                      <label class="field">
                        <span>{tc('cl.kind')}</span>
                        <select value={item().kind} onChange={(e) => replace(si, ii, withKind(item(), e.currentTarget.value as ItemKind))}>
                          <For each={ITEM_KINDS}>{(k) => <option value={k}>{tc(`cl.kind.${k}` as ChecklistKey)}</option>}</For>
                        </select>
                      </label>
                      <label class="choice">
                        <input type="checkbox" checked={item().required} onChange={(e) => edit(si, ii, (x) => (x.required = e.currentTarget.checked))} />
                        <span>{tc('cl.required')}</span>
                      </label>
                      <label class="field">
                        <span>{tc('cl.hint')}</span>
                        <input
                          value={item().hint ?? ''}
                          maxlength="500"
                          onInput={(e) => edit(si, ii, (x) => (e.currentTarget.value ? (x.hint = e.currentTarget.value) : delete x.hint))}
                        />
                      </label>
                      <Show when={item().kind === 'number' && (item() as Extract<Item, { kind: 'number' }>)}>
                        {(num) => (
                          <div class="cl-grid">
                            <label class="field">
                              <span>{tc('cl.unit')}</span>
                              <input value={num().unit} maxlength="20" onInput={(e) => edit(si, ii, (x) => (x.unit = e.currentTarget.value))} />
                            </label>
                            <label class="field">
                              <span>{tc('cl.min')}</span>
                              <input
                                type="number"
                                step="any"
                                value={num().min}
                                onChange={(e) => edit(si, ii, (x) => (x.min = optionalNumber(e.currentTarget.value) ?? 0))}
                              />
                            </label>
                            <label class="field">
                              <span>{tc('cl.max')}</span>
                              <input
                                type="number"
                                step="any"
                                value={num().max}
                                onChange={(e) => edit(si, ii, (x) => (x.max = optionalNumber(e.currentTarget.value) ?? 0))}
                              />
                            </label>
                            <label class="field">
                              <span>{tc('cl.passMin')}</span>
                              <input
                                type="number"
                                step="any"
                                value={num().passMin ?? ''}
                                onChange={(e) => edit(si, ii, (x) => (x.passMin = optionalNumber(e.currentTarget.value)))}
                              />
                            </label>
                            <label class="field">
                              <span>{tc('cl.passMax')}</span>
                              <input
                                type="number"
                                step="any"
                                value={num().passMax ?? ''}
                                onChange={(e) => edit(si, ii, (x) => (x.passMax = optionalNumber(e.currentTarget.value)))}
                              />
                            </label>
                          </div>
                        )}
                      </Show>
                      <Show when={item().kind === 'choice' && (item() as Extract<Item, { kind: 'choice' }>)}>
                        {(choice) => (
                          <>
                            <label class="field">
                              <span>{tc('cl.options')}</span>
                              <textarea
                                rows="3"
                                value={choice()
                                  .options.map((o) => o.label)
                                  .join('\n')}
                                onChange={(e) =>
                                  edit(si, ii, (x) => {
                                    const old = (x as Extract<Item, { kind: 'choice' }>).options;
                                    const labels = e.currentTarget.value
                                      .split('\n')
                                      .map((l) => l.trim())
                                      .filter(Boolean);
                                    // An option keeps its id while its line stays in place, so conditions and fails keep pointing at it.
                                    const used = new Set<string>();
                                    x.options = labels.map((label, k) => {
                                      let id = old[k]?.id ?? `o${k + 1}`;
                                      while (used.has(id)) id = `o${k + 1}-${++counter}`;
                                      used.add(id);
                                      return { id, label };
                                    });
                                    const ids = new Set((x.options as Array<{ id: string }>).map((o) => o.id));
                                    if (x.failOptions) x.failOptions = (x.failOptions as string[]).filter((f) => ids.has(f));
                                  })
                                }
                              />
                            </label>
                            <fieldset class="choices">
                              <legend>{tc('cl.failOptions')}</legend>
                              <For each={choice().options}>
                                {(o) => (
                                  <label class="choice">
                                    <input
                                      type="checkbox"
                                      checked={(choice().failOptions ?? []).includes(o.id)}
                                      onChange={(e) =>
                                        edit(si, ii, (x) => {
                                          const f = new Set((x.failOptions as string[] | undefined) ?? []);
                                          if (e.currentTarget.checked) f.add(o.id);
                                          else f.delete(o.id);
                                          x.failOptions = [...f];
                                        })
                                      }
                                    />
                                    <span>{o.label}</span>
                                  </label>
                                )}
                              </For>
                            </fieldset>
                          </>
                        )}
                      </Show>
                      <Show when={item().kind === 'photo' && (item() as Extract<Item, { kind: 'photo' }>)}>
                        {(photo) => (
                          <label class="field">
                            <span>{tc('cl.minPhotos')}</span>
                            <input
                              type="number"
                              min="1"
                              max="20"
                              value={photo().minPhotos}
                              onChange={(e) => edit(si, ii, (x) => (x.minPhotos = Math.round(optionalNumber(e.currentTarget.value) ?? 1)))}
                            />
                          </label>
                        )}
                      </Show>
                      <Show when={canFail(item()) || item().raisesIssue}>
                        <label class="choice">
                          <input
                            type="checkbox"
                            checked={item().raisesIssue ?? false}
                            onChange={(e) => edit(si, ii, (x) => (x.raisesIssue = e.currentTarget.checked))}
                          />
                          <span>{tc('cl.raises')}</span>
                        </label>
                        <Show when={item().raisesIssue}>
                          <label class="field">
                            <span>{t('category.label')}</span>
                            <select
                              value={item().issueCategory ?? 'other'}
                              onChange={(e) => edit(si, ii, (x) => (x.issueCategory = e.currentTarget.value as Item['issueCategory']))}
                            >
                              <For each={ISSUE_CATEGORIES}>{(c) => <option value={c}>{t(`category.${c}`)}</option>}</For>
                            </select>
                          </label>
                        </Show>
                      </Show>
                      <Show when={earlier(si, ii).length > 0}>
                        <div class="cl-grid">
                          <label class="field">
                            <span>{tc('cl.showIf')}</span>
                            <select
                              value={item().showIf?.itemId ?? ''}
                              onChange={(e) =>
                                edit(si, ii, (x) => {
                                  const src = e.currentTarget.value;
                                  if (!src) delete x.showIf;
                                  else x.showIf = { itemId: src, equals: valuesOf(src)[0]!.id };
                                })
                              }
                            >
                              <option value="">{tc('cl.showIfNone')}</option>
                              <For each={earlier(si, ii)}>{(src) => <option value={src.id}>{src.label}</option>}</For>
                            </select>
                          </label>
                          <Show when={item().showIf}>
                            {(cond) => (
                              <label class="field">
                                <span>{tc('cl.showIfValue')}</span>
                                <select
                                  value={cond().equals}
                                  onChange={(e) => edit(si, ii, (x) => (x.showIf = { itemId: cond().itemId, equals: e.currentTarget.value }))}
                                >
                                  <For each={valuesOf(cond().itemId)}>{(v) => <option value={v.id}>{v.label}</option>}</For>
                                </select>
                              </label>
                            )}
                          </Show>
                        </div>
                      </Show>
                      <div class="actions">
                        <button
                          type="button"
                          class="btn drag-handle"
                          aria-label={tc('cl.drag', { n: n() })}
                          onPointerDown={(e) => drag(e, si, item().id, n())}
                          onKeyDown={(e) => {
                            // The handle moves by keyboard too: arrows up and down, as the buttons beside it.
                            const delta = e.key === 'ArrowUp' ? -1 : e.key === 'ArrowDown' ? 1 : 0;
                            if (!delta) return;
                            e.preventDefault();
                            move(si, item().id, delta);
                          }}
                        >
                          ⠿ {tc('cl.dragShort')}
                        </button>
                        <button
                          type="button"
                          class="btn"
                          aria-label={tc('cl.moveUp', { n: n() })}
                          disabled={!moved(item().id, -1)}
                          onClick={() => move(si, item().id, -1)}
                        >
                          ↑ {tc('cl.up')}
                        </button>
                        <button
                          type="button"
                          class="btn"
                          aria-label={tc('cl.moveDown', { n: n() })}
                          disabled={!moved(item().id, 1)}
                          onClick={() => move(si, item().id, 1)}
                        >
                          ↓ {tc('cl.down')}
                        </button>
                      </div>
                      <button type="button" class="btn" onClick={() => setBody(produce((b) => void b.sections[si]!.items.splice(ii, 1)))}>
                        🗑 {tc('cl.removeItem', { n: n() })}
                      </button>
                    </fieldset>
                  );
                }}
              </Index>
              <button
                type="button"
                class="btn block"
                onClick={() => setBody(produce((b) => void b.sections[si]!.items.push({ id: newId(), kind: 'check', label: '', required: false })))}
              >
                ＋ {tc('cl.addItem', { section: section().title })}
              </button>
            </Show>
          </section>
        )}
      </Index>
      <button type="button" class="btn" onClick={() => setBody(produce((b) => void b.sections.push({ id: newId(), title: tc('cl.section'), items: [] })))}>
        ＋ {tc('cl.addSection')}
      </button>
      <ErrorAlert message={error()} />
      <button type="submit" class="btn primary big" disabled={busy()}>
        {busy() ? tc('cl.saving') : tc('cl.save')}
      </button>
    </form>
  );
  return (
    <Show when={preview()} fallback={editor}>
      {(shown) => (
        <div class="form">
          <button type="button" class="btn block" aria-pressed="true" onClick={() => setPreview(null)}>
            ✎ {tc('cl.preview.back')}
          </button>
          <TemplatePreview name={name().trim() || tc('cl.name')} body={shown()} work={props.work} />
          <button type="button" class="btn block" onClick={() => setPreview(null)}>
            ✎ {tc('cl.preview.back')}
          </button>
        </div>
      )}
    </Show>
  );
};
