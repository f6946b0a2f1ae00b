import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/core';
import { memberLabels } from '../../src/ui/member-labels';

const ROLE: Record<Role, string> = { volunteer: '监督员', liaison: '施工联络人', staff: '社区工作人员' };
const member = (id: string, name: string, role: Role, joinedAt: string) => ({ id, name, role, joinedAt });

describe('memberLabels', () => {
  it('leaves a name alone when nobody else has it', () => {
    const labels = memberLabels([member('a', '王阿姨', 'volunteer', '1'), member('b', '李工', 'liaison', '2')], (r) => ROLE[r]);
    expect([...labels.values()]).toEqual(['王阿姨', '李工']);
  });

  it('adds the role when two members share a name, and a number in joining order when they share the role too', () => {
    const labels = memberLabels(
      [
        member('late', '王阿姨', 'volunteer', '0003'),
        member('staff', '王阿姨', 'staff', '0002'),
        member('early', '王阿姨', 'volunteer', '0001'),
        member('other', '李工', 'liaison', '0004'),
      ],
      (r) => ROLE[r],
    );
    expect(labels.get('early')).toBe('王阿姨（监督员）');
    expect(labels.get('late')).toBe('王阿姨（监督员 2）');
    expect(labels.get('staff')).toBe('王阿姨（社区工作人员）');
    expect(labels.get('other')).toBe('李工');
    expect(new Set(labels.values()).size).toBe(4);
  });
});
