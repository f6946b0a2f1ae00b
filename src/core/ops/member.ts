/** Members of a work: made by the server only (a join through an invite; a role change by staff through the member endpoint). */
import * as v from 'valibot';
import { LIMITS, ROLES, type Role } from '../domain';
import { personName } from '../schema-parts';
import { changeOp, createOp } from './define';

export interface MemberState {
  id: string;
  work: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export const MemberJoinPayload = v.strictObject({
  name: personName(LIMITS.name),
  role: v.picklist(ROLES),
});

export const MemberRolePayload = v.strictObject({
  role: v.picklist(ROLES),
});

export const memberJoin = createOp({
  kind: 'member.join',
  entity: 'member',
  payload: MemberJoinPayload,
  serverOnly: true,
  check: () => null,
  apply: (op): MemberState => ({ id: op.entityId, work: op.work, ...op.payload, joinedAt: op.hlc }),
});

export const memberRole = changeOp({
  kind: 'member.role',
  entity: 'member',
  payload: MemberRolePayload,
  serverOnly: true,
  check: () => null,
  apply: (op, member: MemberState): MemberState => ({ ...member, role: op.payload.role }),
});
