/** Staff invite people by role: a short code and a QR code of the join link; print, rotate or stop a code. */
import { A } from '@solidjs/router';
import { type Component, For, Show, createResource, createSignal } from 'solid-js';
import { membershipFor } from '../../app-state';
import { type InviteInfo, ROLES, type Role, formatInviteCode } from '../../core';
import { inviteLink, inviteSheetPath, isInviteOpen } from '../../core/admin';
import { formatTime, t, ta } from './messages';
import { adminApi } from '../../sync/admin-api';
import { ActionResult, createAdminAction } from './admin-action';
import { ConfirmButton } from './ConfirmButton';
import { qrImageUrl } from './qr';

const DURATIONS: Array<number | null> = [7, 30, 90, null];

export function expiryText(invite: InviteInfo): string {
  return invite.expiresAt === null ? ta('invite.noExpiry') : ta('invite.expires', { time: new Date(invite.expiresAt).toLocaleDateString() });
}

export const InviteCard: Component<{ invite: InviteInfo; workName: string; big?: boolean }> = (props) => {
  const link = () => inviteLink(location.origin, props.invite.code);
  return (
    <div class={props.big ? 'invite-card big' : 'invite-card'}>
      <p class="invite-role">{t(`role.${props.invite.role}`)}</p>
      <p class="invite-code" aria-label={ta('invite.codeLabel', { code: formatInviteCode(props.invite.code) })}>
        {formatInviteCode(props.invite.code)}
      </p>
      <img class="qr" src={qrImageUrl(link())} alt={ta('invite.qrAlt', { work: props.workName })} />
      <p class="invite-link small">
        <a href={link()}>{link()}</a>
      </p>
    </div>
  );
};

export const InvitesSection: Component<{ work: string; workName: string }> = (props) => {
  const token = () => membershipFor(props.work)?.token ?? '';
  const [list, { refetch }] = createResource(token, async (tk) => (await adminApi.invites(tk)).invites);
  const [role, setRole] = createSignal<Role>('volunteer');
  const [days, setDays] = createSignal<number | null>(30);
  const open = () => (list() ?? []).filter((i) => isInviteOpen(i, Date.now()));
  const closed = () => (list() ?? []).filter((i) => !isInviteOpen(i, Date.now()));

  const { act, busy, error, note } = createAdminAction(refetch);

  return (
    <section aria-labelledby="invites-h">
      <h2 id="invites-h">{ta('invite.title')}</h2>
      <div class="form">
        <div class="row2">
          <label class="field">
            <span class="label">{ta('invite.role')}</span>
            <select value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <For each={ROLES}>{(r) => <option value={r}>{t(`role.${r}`)}</option>}</For>
            </select>
          </label>
          <label class="field">
            <span class="label">{ta('invite.validFor')}</span>
            <select value={String(days())} onChange={(e) => setDays(e.currentTarget.value === 'null' ? null : Number(e.currentTarget.value))}>
              <For each={DURATIONS}>{(d) => <option value={String(d)}>{d === null ? ta('invite.forever') : ta('invite.days', { n: d })}</option>}</For>
            </select>
          </label>
        </div>
        <button
          type="button"
          class="btn primary"
          disabled={busy()}
          onClick={() => void act(() => adminApi.createInvite(token(), role(), days()), ta('invite.made', { role: t(`role.${role()}`) }))}
        >
          {ta('invite.make')}
        </button>
      </div>
      <ActionResult error={error()} listError={list.error} note={note()} />
      <Show when={list.loading}>
        <p class="muted">{ta('admin.loading')}</p>
      </Show>
      <ul class="cards" aria-label={ta('invite.openList')}>
        <For each={open()}>
          {(inv) => (
            <li class="panel" aria-label={ta('invite.itemLabel', { role: t(`role.${inv.role}`), code: formatInviteCode(inv.code) })}>
              <InviteCard invite={inv} workName={props.workName} />
              <p class="muted small">{expiryText(inv)}</p>
              <div class="actions">
                <A class="btn" href={inviteSheetPath(props.work, inv.code)}>
                  {ta('invite.print')}
                </A>
                <button
                  type="button"
                  class="btn"
                  disabled={busy()}
                  onClick={() => void act(() => adminApi.rotateInvite(token(), inv.code), ta('invite.rotated'))}
                >
                  {ta('invite.rotate')}
                </button>
                <ConfirmButton
                  label={ta('invite.expire')}
                  question={ta('invite.expireQuestion')}
                  confirmLabel={ta('invite.expireConfirm')}
                  disabled={busy()}
                  onConfirm={() => act(() => adminApi.expireInvite(token(), inv.code), ta('invite.expired'))}
                />
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={closed().length > 0}>
        <details>
          <summary>{ta('invite.closed', { n: closed().length })}</summary>
          <ul>
            <For each={closed()}>
              {(inv) => (
                <li class="muted">
                  {formatInviteCode(inv.code)} · {t(`role.${inv.role}`)} · {ta('invite.stoppedAt', { time: formatTime(inv.expiresAt!) })}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
};
