/** Staff see members and their devices (phone model, role, last seen), change a role, revoke a device or a member. */
import { type Component, For, Show, createResource, createSignal } from 'solid-js';
import { deviceId, membershipFor } from '../../app-state';
import { type DeviceInfo, type MemberInfo, ROLES, type Role } from '../../core';
import { locale } from '../../i18n';
import { deviceLabel } from '../../lib/device-model';
import { formatTime, t, ta } from './messages';
import { adminApi } from '../../sync/admin-api';
import { ActionResult, createAdminAction } from './admin-action';
import { ConfirmButton } from './ConfirmButton';

/**
 * A device as staff can tell it apart: the phone's model and system from the User-Agent it joined with
 * (never its id, which means nothing to a person); devices that joined before it was kept say so.
 */
const modelOf = (d: DeviceInfo) => (d.userAgent ? deviceLabel(d.userAgent, locale()) : null) ?? ta('members.deviceUnknown');

export const MembersSection: Component<{ work: string }> = (props) => {
  const me = () => membershipFor(props.work);
  const token = () => me()?.token ?? '';
  const [list, { refetch }] = createResource(token, async (tk) => (await adminApi.members(tk)).members);
  const { act, error, note } = createAdminAction(refetch);

  const isMe = (m: MemberInfo) => m.id === me()?.memberId;

  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">{ta('members.title')}</h2>
      <div class="actions">
        <button type="button" class="btn" onClick={() => void refetch()}>
          {ta('members.refresh')}
        </button>
      </div>
      <ActionResult error={error()} listError={list.error} note={note()} />
      <ul class="cards" aria-label={ta('members.list')}>
        <For each={list() ?? []}>
          {(m) => (
            <li class="panel member" aria-label={m.name}>
              <p>
                <strong>{m.name}</strong> · {t(`role.${m.role}`)}
                <Show when={isMe(m)}> · {ta('members.you')}</Show>
                <Show when={m.removed}>
                  {' '}
                  <span class="status status-reported">{t('members.removed')}</span>
                </Show>
              </p>
              <Show when={!m.removed && !isMe(m)}>
                <RoleField
                  member={m}
                  onConfirm={(role) =>
                    act(() => adminApi.changeRole(token(), m.id, role), ta('members.roleChanged', { name: m.name, role: t(`role.${role}`) }))
                  }
                />
              </Show>
              <ul class="devices" aria-label={ta('members.devicesOf', { name: m.name })}>
                <For each={m.devices} fallback={<li class="muted small">{ta('members.noDevices')}</li>}>
                  {(d) => (
                    <li>
                      <span class="small">
                        {ta('members.device', { model: modelOf(d), time: formatTime(d.createdAt) })}
                        <Show when={isMe(m) && d.deviceId === deviceId()}>{ta('members.thisDevice')}</Show> ·{' '}
                        {d.revokedAt !== null
                          ? ta('members.deviceRevoked', { time: formatTime(d.revokedAt) })
                          : d.lastSeenAt !== null
                            ? ta('members.lastSeen', { time: formatTime(d.lastSeenAt) })
                            : ta('members.neverSeen')}
                      </span>
                      <Show when={d.revokedAt === null && !m.removed && !(isMe(m) && d.deviceId === deviceId())}>
                        <ConfirmButton
                          label={ta('members.revokeDevice')}
                          question={ta('members.revokeDeviceQuestion', { name: m.name })}
                          confirmLabel={ta('members.revokeDeviceConfirm')}
                          onConfirm={() => act(() => adminApi.revokeDevice(token(), m.id, d.deviceId), ta('members.deviceRevokedNote', { name: m.name }))}
                        />
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={!m.removed && !isMe(m)}>
                <ConfirmButton
                  label={ta('members.remove', { name: m.name })}
                  question={ta('members.removeQuestion', { name: m.name })}
                  confirmLabel={ta('members.removeConfirm')}
                  onConfirm={() => act(() => adminApi.revokeMember(token(), m.id), ta('members.removedNote', { name: m.name }))}
                />
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
};

/**
 * A member's role, changed only after the staff confirm it: a role decides what a person may do and see
 * (a liaison sees residents' phone numbers), and a slip of the finger on a list must not change it.
 */
const RoleField: Component<{ member: MemberInfo; onConfirm: (role: Role) => Promise<void> | void }> = (props) => {
  const [pending, setPending] = createSignal<Role | null>(null);
  let select!: HTMLSelectElement;
  const cancel = () => {
    setPending(null);
    select.value = props.member.role;
  };
  return (
    <>
      <label class="field">
        <span class="label">{ta('members.roleOf', { name: props.member.name })}</span>
        <select
          ref={select}
          value={props.member.role}
          onChange={(e) => {
            const role = e.currentTarget.value as Role;
            setPending(role === props.member.role ? null : role);
          }}
        >
          <For each={ROLES}>{(r) => <option value={r}>{t(`role.${r}`)}</option>}</For>
        </select>
      </label>
      <Show when={pending()}>
        {(role) => {
          const question = () => ta('members.roleQuestion', { name: props.member.name, from: t(`role.${props.member.role}`), to: t(`role.${role()}`) });
          return (
            <div class="confirm" role="group" aria-label={question()}>
              <span>{question()}</span>
              <button
                type="button"
                class="btn primary"
                onClick={async () => {
                  const r = role();
                  setPending(null);
                  await props.onConfirm(r);
                }}
              >
                {ta('members.roleConfirm')}
              </button>
              <button type="button" class="btn" onClick={cancel}>
                {ta('admin.cancel')}
              </button>
            </div>
          );
        }}
      </Show>
    </>
  );
};
