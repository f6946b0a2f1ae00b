/** The administration API: staff set up works, invites and members; staff accounts sign in. Online only. */
import type { CreateWorkRequest, GrantedMembership, InviteInfo, MemberInfo, Role, SignInRequest, SignInResponse } from '../core';
import type { PosterInfo } from '../core/resident';
import type { Membership } from '../lib/settings';
import { call } from './api';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;
const browserFetch: Fetch = (input, init) => fetch(input, init);

export function createAdminApi(base = '', f: Fetch = browserFetch) {
  const post = <T>(path: string, token: string | null, body: unknown) =>
    call<T>(f, `${base}${path}`, { method: 'POST', body: JSON.stringify(body), ...(token ? { token } : {}) });
  const get = <T>(path: string, token: string) => call<T>(f, `${base}${path}`, { method: 'GET', token });
  return {
    createWork: (token: string, req: CreateWorkRequest) => post<GrantedMembership>('/api/admin/works', token, req),
    invites: (token: string) => get<{ invites: InviteInfo[]; serverTime: number }>('/api/admin/invites', token),
    createInvite: (token: string, role: Role, days: number | null) => post<InviteInfo>('/api/admin/invites', token, { role, days }),
    rotateInvite: (token: string, code: string) => post<InviteInfo>('/api/admin/invites/rotate', token, { code }),
    expireInvite: (token: string, code: string) => post<InviteInfo>('/api/admin/invites/expire', token, { code }),
    members: (token: string) => get<{ members: MemberInfo[]; serverTime: number }>('/api/admin/members', token),
    changeRole: (token: string, memberId: string, role: Role) => post<unknown>('/api/admin/members/role', token, { memberId, role }),
    revokeMember: (token: string, memberId: string) => post<unknown>('/api/admin/members/revoke', token, { memberId }),
    revokeDevice: (token: string, memberId: string, deviceId: string) => post<unknown>('/api/admin/devices/revoke', token, { memberId, deviceId }),
    posters: (token: string) => get<{ posters: PosterInfo[] }>('/api/admin/posters', token),
    createPoster: (token: string, pointId: string | null) => post<PosterInfo>('/api/admin/posters', token, { pointId }),
    revokePoster: (token: string, posterToken: string) => post<unknown>('/api/admin/posters/revoke', token, { token: posterToken }),
    eraseContact: (token: string, contactId: string) => post<{ contactId: string; erased: boolean }>('/api/admin/contacts/erase', token, { contactId }),
    signIn: (req: SignInRequest) => post<SignInResponse>('/api/signin', null, req),
  };
}

export const adminApi = createAdminApi();

/** A membership as the device keeps it, from a join-shaped grant. */
export function toMembership(g: GrantedMembership, now: number): Membership {
  return { work: g.member.work, workName: g.workName, memberId: g.member.id, name: g.member.name, role: g.member.role, token: g.token, joinedAt: now };
}
