/**
 * Names to tell members apart in lists and filters. People join with any display name, and a
 * compound easily has two 王阿姨: a name shared by several members gets their role added, and if
 * that is shared too, a number in the order they joined (the earliest keeps no number).
 */
import type { MemberState, Role } from '../core';

type Member = Pick<MemberState, 'id' | 'name' | 'role' | 'joinedAt'>;

export function memberLabels(members: readonly Member[], roleName: (role: Role) => string): Map<string, string> {
  const byJoining = [...members].sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.id < b.id ? -1 : 1));
  const count = (key: (m: Member) => string) => {
    const n = new Map<string, number>();
    for (const m of byJoining) n.set(key(m), (n.get(key(m)) ?? 0) + 1);
    return n;
  };
  const sameName = count((m) => m.name);
  const sameNameAndRole = count((m) => `${m.role}\u0000${m.name}`);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const m of byJoining) {
    if (sameName.get(m.name)! === 1) {
      labels.set(m.id, m.name);
      continue;
    }
    const key = `${m.role}\u0000${m.name}`;
    const k = (seen.get(key) ?? 0) + 1;
    seen.set(key, k);
    const suffix = sameNameAndRole.get(key)! > 1 && k > 1 ? ` ${k}` : '';
    labels.set(m.id, `${m.name}（${roleName(m.role)}${suffix}）`);
  }
  return labels;
}

/**
 * The author of a record, comment or change as shown beside it: the name with the role, always. A name
 * alone is whatever someone typed when joining; the role comes from the work's own records, so a
 * volunteer who calls themselves "社区工作人员 周老师" still shows as 监督员 there.
 */
export function authorLabel(member: Pick<MemberState, 'name' | 'role'> | undefined, roleName: (role: Role) => string, unknown = '…'): string {
  return member ? `${member.name}（${roleName(member.role)}）` : unknown;
}
