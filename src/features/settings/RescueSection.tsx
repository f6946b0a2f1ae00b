/** Export what has not reached the server; staff import such files from volunteers, after seeing what they hold. */
import { type Component, For, Show, createSignal } from 'solid-js';
import { deviceId, memberships } from '../../app-state';
import type { Role } from '../../core';
import { db } from '../../db/db';
import { type MessageKey, formatTime, t } from './messages';
import { api } from '../../sync/api';
import { syncEngine } from '../../sync/engine';
import {
  type RescueFile,
  type RescueOutcome,
  type RescuePart,
  buildRescueFile,
  importRescueFile,
  parseRescueFile,
  rescueFileName,
  summarizeRescueFile,
} from '../../sync/rescue';
import { liveRescuable, membersOfWorks } from './queries';
import { DownloadsBlockedNote, downloadsBlocked } from '../../ui/InAppGuide';

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The kinds of records staff see named in a file's preview; any other kind shows as its id. */
const KIND_TEXT: Record<string, MessageKey> = {
  'issue.create': 'rescue.kind.issue.create',
  'issue.edit': 'rescue.kind.issue.edit',
  'issue.transition': 'rescue.kind.issue.transition',
  'issue.comment': 'rescue.kind.issue.comment',
  'issue.affect': 'rescue.kind.issue.affect',
  'photo.add': 'rescue.kind.photo.add',
  'contact.add': 'rescue.kind.contact.add',
  'inspection.start': 'rescue.kind.inspection.start',
  'inspection.answer': 'rescue.kind.inspection.answer',
  'inspection.submit': 'rescue.kind.inspection.submit',
  'inspection.discard': 'rescue.kind.inspection.discard',
  'point.create': 'rescue.kind.point.create',
  'point.place': 'rescue.kind.point.place',
};
const kindText = (kind: string) => (Object.hasOwn(KIND_TEXT, kind) ? t(KIND_TEXT[kind]!) : kind);

/** Why the server refused a part, in words (the codes of src/core/protocol.ts ERROR_CODES). */
const REFUSAL_TEXT: Record<string, MessageKey> = {
  rescue_unproven: 'rescue.reason.unproven',
  rescue_wrong_author: 'rescue.reason.wrongAuthor',
  rescue_unsigned: 'rescue.unsigned',
};

const authorText = (a: RescuePart['author']) => `${a.name}（${a.role ? t(`role.${a.role}` as `role.${Role}`) : t('rescue.notMember')}）`;

export const RescueSection: Component = () => {
  const unsynced = liveRescuable();
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = createSignal<{ done: number; total: number } | null>(null);
  const [preview, setPreview] = createSignal<{ name: string; file: RescueFile; parts: RescuePart[] } | null>(null);
  const staffOf = () => memberships().filter((m) => m.role === 'staff' && !m.removedAt);

  const exportNow = async () => {
    const now = Date.now();
    const { file, leftOut } = await buildRescueFile(db, memberships(), deviceId(), now);
    const name = rescueFileName(now);
    download(name, JSON.stringify(file));
    const text = t('rescue.exported', { file: name });
    setMessage({ text: leftOut > 0 ? `${text} ${t('rescue.leftOut', { n: leftOut })}` : text, error: false });
  };

  const chooseFile = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    if (!chosen) return;
    setMessage(null);
    setPreview(null);
    const parsed = parseRescueFile(await chosen.text());
    input.value = '';
    if (!parsed.ok) {
      setMessage({ text: t(parsed.reason === 'unsigned' ? 'rescue.unsigned' : 'rescue.badFile'), error: true });
      return;
    }
    const works = new Set(staffOf().map((m) => m.work));
    const known = await membersOfWorks([...works]);
    const parts = summarizeRescueFile(parsed.file, works, known);
    setPreview({ name: chosen.name, file: parsed.file, parts });
  };

  const toSend = () => (preview()?.parts ?? []).filter((p) => p.signed && p.importable);

  const importNow = async () => {
    const p = preview();
    if (!p) return;
    setPreview(null);
    try {
      setProgress({ done: 0, total: toSendCount(p.parts) });
      const outcome = await importRescueFile(p.file, p.parts, staffOf(), api, (done, total) => setProgress({ done, total }));
      setMessage({ text: outcomeText(outcome), error: outcome.refused.length > 0 });
      // The import went to the server, not through the outbox: pull it back now.
      syncEngine.syncNow();
    } catch (err) {
      setMessage({ text: t('rescue.importFailed'), error: true });
    } finally {
      setProgress(null);
    }
  };

  return (
    <section id="rescue" aria-labelledby="rescue-h">
      <h2 id="rescue-h">{t('rescue.title')}</h2>
      <p>{t('rescue.intro')}</p>
      <Show when={unsynced() > 0} fallback={<p class="muted">{t('rescue.nothing')}</p>}>
        <DownloadsBlockedNote />
        <button type="button" class="btn block" disabled={downloadsBlocked()} onClick={() => void exportNow()}>
          {t('rescue.export', { n: unsynced() })}
        </button>
      </Show>
      <Show when={staffOf().length > 0}>
        <h3>{t('rescue.importTitle')}</h3>
        <p>{t('rescue.importIntro')}</p>
        <label class="field">
          <span class="label">{t('rescue.importLabel')}</span>
          <input type="file" accept="application/json,.json" onChange={(e) => void chooseFile(e.currentTarget)} />
        </label>
        <Show when={preview()}>
          {(p) => (
            <div class="panel">
              <h4 id="rescue-preview-h">{t('rescue.previewTitle')}</h4>
              <p>{t('rescue.previewIntro', { file: p().name, n: p().file.ops.length, time: formatTime(p().file.exportedAt) })}</p>
              <ul aria-labelledby="rescue-preview-h" class="rescue-parts">
                <For each={p().parts}>
                  {(part, i) => (
                    <li aria-labelledby={`rescue-part-${i()}`}>
                      <p>
                        <strong id={`rescue-part-${i()}`} style={{ 'overflow-wrap': 'anywhere' }}>
                          {authorText(part.author)}
                        </strong>{' '}
                        · {part.workName}
                      </p>
                      <p>{part.kinds.map((k) => `${kindText(k.kind)} × ${k.count}`).join('，')}</p>
                      <p class={part.signed && part.importable ? 'flash' : 'error'}>
                        {t(!part.signed ? 'rescue.part.unsigned' : part.importable ? 'rescue.part.ok' : 'rescue.part.notYours', { n: part.count })}
                      </p>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={toSend().length > 0} fallback={<p class="error">{t('rescue.nothingToImport')}</p>}>
                <p>{t('rescue.checked')}</p>
              </Show>
              <div class="actions">
                <button type="button" class="btn primary" disabled={toSend().length === 0} onClick={() => void importNow()}>
                  {t('rescue.confirm', { n: toSendCount(p().parts) })}
                </button>
                <button type="button" class="btn" onClick={() => setPreview(null)}>
                  {t('rescue.cancel')}
                </button>
              </div>
            </div>
          )}
        </Show>
        <Show when={progress()}>
          {(p) => (
            <p role="status">
              <progress max={p().total} value={p().done} /> {t('rescue.importing', { done: p().done, total: p().total })}
            </p>
          )}
        </Show>
      </Show>
      <Show when={message()}>
        {(m) => (
          <p class={m().error ? 'error' : 'flash'} role={m().error ? 'alert' : 'status'}>
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
};

function toSendCount(parts: RescuePart[]): number {
  return parts.filter((p) => p.signed && p.importable).reduce((n, p) => n + p.count, 0);
}

function outcomeText(o: RescueOutcome): string {
  const lines = [t('rescue.imported', { accepted: o.accepted, rejected: o.rejected, skipped: o.skipped })];
  for (const { part, code } of o.refused) {
    lines.push(t('rescue.refused', { n: part.count, name: authorText(part.author), reason: t(REFUSAL_TEXT[code] ?? 'rescue.reason.unproven') }));
  }
  return lines.join(' ');
}
