/** Staff make QR posters residents scan to report a problem (for the whole work or one point), print them, or stop them. */
import { A } from '@solidjs/router';
import { type Component, For, Show, createResource, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import type { PosterInfo } from '../../core/resident';
import { formatTime, ta } from './messages';
import { adminApi } from '../../sync/admin-api';
import { ActionResult, createAdminAction } from './admin-action';
import { ConfirmButton } from './ConfirmButton';
import { livePoints } from './queries';

export const posterSheetPath = (work: string, token: string, size: 'a4' | 'a5') => `/w/${work}/poster#t=${token}&size=${size}`;

export const PostersSection: Component<{ work: string }> = (props) => {
  const token = () => membershipFor(props.work)?.token ?? '';
  const [list, { refetch }] = createResource(token, async (tk) => (await adminApi.posters(tk)).posters);
  const points = livePoints(() => props.work);
  const [pointId, setPointId] = createSignal<string>('');
  const { act, busy, error, note } = createAdminAction(refetch);
  const placeOf = (p: PosterInfo) => (p.pointId ? (points().find((x) => x.id === p.pointId)?.name ?? p.pointId) : ta('poster.wholeWork'));
  const open = () => (list() ?? []).filter((p) => p.revokedAt === null);
  const closed = () => (list() ?? []).filter((p) => p.revokedAt !== null);

  return (
    <section aria-labelledby="posters-h">
      <h2 id="posters-h">{ta('poster.title')}</h2>
      <p class="muted">{ta('poster.intro')}</p>
      <div class="form">
        <label class="field">
          <span class="label">{ta('poster.for')}</span>
          <select value={pointId()} onChange={(e) => setPointId(e.currentTarget.value)}>
            <option value="">{ta('poster.wholeWork')}</option>
            <For each={points()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
          </select>
        </label>
        <button
          type="button"
          class="btn primary"
          disabled={busy()}
          onClick={() => void act(() => adminApi.createPoster(token(), pointId() || null), ta('poster.made'))}
        >
          {ta('poster.make')}
        </button>
      </div>
      <ActionResult error={error()} listError={list.error} note={note()} />
      <ul class="cards" aria-label={ta('poster.openList')}>
        <For each={open()}>
          {(p) => (
            <li class="panel" aria-label={ta('poster.itemLabel', { place: placeOf(p) })}>
              <p>
                <strong>{placeOf(p)}</strong> <span class="muted small">{formatTime(p.createdAt)}</span>
              </p>
              <div class="actions">
                <A class="btn" href={posterSheetPath(props.work, p.token, 'a4')}>
                  {ta('poster.printA4')}
                </A>
                <A class="btn" href={posterSheetPath(props.work, p.token, 'a5')}>
                  {ta('poster.printA5')}
                </A>
                <ConfirmButton
                  label={ta('poster.stop')}
                  question={ta('poster.stopQuestion')}
                  confirmLabel={ta('poster.stopConfirm')}
                  disabled={busy()}
                  onConfirm={() => act(() => adminApi.revokePoster(token(), p.token), ta('poster.stopped'))}
                />
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={closed().length > 0}>
        <details>
          <summary>{ta('poster.closed', { n: closed().length })}</summary>
          <ul>
            <For each={closed()}>
              {(p) => (
                <li class="muted">
                  {placeOf(p)} · {formatTime(p.revokedAt!)}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
};
