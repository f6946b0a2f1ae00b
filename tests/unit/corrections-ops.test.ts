/** inspection.discard (throw away a draft started by mistake) and work.targets (staff change the response targets). */
import { describe, expect, it } from 'vitest';
import {
  type InspectionState,
  type OpOf,
  RULES_VERSION,
  type WorkState,
  applyOp,
  checkOp,
  encodeStamp,
  isKeptInspection,
  issueClocks,
  parseOp,
  targetsOf,
} from '../../src/core';

const T0 = 1_732_800_000_000;
const HOUR = 3_600_000;
const stamp = (wall: number, node = 'dev1') => encodeStamp({ wall, counter: 0, node });
let n = 0;

const draft: InspectionState = {
  id: 'insp-1',
  work: 'w1',
  templateId: 'tpl-1',
  version: 1,
  pointId: 'p1',
  status: 'draft',
  startedBy: 'vol-1',
  startedAt: stamp(T0),
  submittedBy: null,
  submittedAt: null,
  answers: {},
  raised: {},
  history: [{ op: 'op-start', kind: 'inspection.start', actor: 'vol-1', device: 'dev1', at: stamp(T0) }],
  answerCount: 0,
  updatedAt: stamp(T0),
};

function discard(actor: string, wall = T0 + HOUR): OpOf<'inspection.discard'> {
  return {
    id: `op-${++n}`,
    work: 'w1',
    entity: 'inspection',
    entityId: 'insp-1',
    kind: 'inspection.discard',
    actor,
    device: 'dev1',
    hlc: stamp(wall),
    v: RULES_VERSION,
    payload: {},
  };
}

describe('inspection.discard', () => {
  it('lets whoever started the draft, or staff, discard it; not another volunteer, never the liaison', () => {
    expect(checkOp(discard('vol-1'), { actorRole: 'volunteer', current: draft })).toBeNull();
    expect(checkOp(discard('staff-1'), { actorRole: 'staff', current: draft })).toBeNull();
    expect(checkOp(discard('vol-2'), { actorRole: 'volunteer', current: draft })?.code).toBe('not_author');
    expect(checkOp(discard('lia-1'), { actorRole: 'liaison', current: draft })?.code).toBe('forbidden_role');
    expect(parseOp({ ...discard('vol-1'), payload: { reason: 'x' } }).ok).toBe(false);
  });

  it('closes the draft for good: it leaves the lists, keeps its history, and refuses answers, a submit or a second discard', () => {
    const gone = applyOp(draft, discard('vol-1')) as InspectionState;
    expect(gone.status).toBe('discarded');
    expect(gone.discarded).toEqual({ by: 'vol-1', at: stamp(T0 + HOUR) });
    expect(gone.history.map((h) => h.kind)).toEqual(['inspection.start', 'inspection.discard']);
    expect(isKeptInspection(gone)).toBe(false);
    expect(isKeptInspection(draft)).toBe(true);
    const answer: OpOf<'inspection.answer'> = {
      ...discard('vol-1'),
      kind: 'inspection.answer',
      payload: { itemId: 'joints', answer: { value: 'pass', note: '', photos: [] } },
    } as OpOf<'inspection.answer'>;
    expect(checkOp(answer, { actorRole: 'volunteer', current: gone })?.code).toBe('inspection_closed');
    const submit = { ...discard('vol-1'), kind: 'inspection.submit', payload: { raised: {} } } as OpOf<'inspection.submit'>;
    expect(checkOp(submit, { actorRole: 'volunteer', current: gone })?.code).toBe('inspection_closed');
    expect(checkOp(discard('staff-1'), { actorRole: 'staff', current: gone })?.code).toBe('inspection_closed');
  });

  it('cannot discard a submitted inspection: that is a record', () => {
    const submitted: InspectionState = { ...draft, status: 'submitted', submittedBy: 'vol-1', submittedAt: stamp(T0 + 1) };
    expect(checkOp(discard('staff-1'), { actorRole: 'staff', current: submitted })?.code).toBe('inspection_closed');
  });
});

const work: WorkState = {
  id: 'w1',
  work: 'w1',
  name: '阳光花园',
  compound: '阳光花园',
  community: '',
  kind: 'drainage',
  contractor: '',
  startDate: null,
  endDate: null,
  responseTargets: { acknowledgeHours: 24, resolveDays: 7 },
  createdAt: stamp(T0),
};

function targets(acknowledgeHours: number, resolveDays: number, wall: number, actor = 'staff-1'): OpOf<'work.targets'> {
  return {
    id: `op-${++n}`,
    work: 'w1',
    entity: 'work',
    entityId: 'w1',
    kind: 'work.targets',
    actor,
    device: `dev-${actor}`,
    hlc: stamp(wall, `dev-${actor}`),
    v: RULES_VERSION,
    payload: { responseTargets: { acknowledgeHours, resolveDays } },
  };
}

describe('work.targets', () => {
  it('is for staff only, within the same bounds as a new work', () => {
    expect(checkOp(targets(12, 5, T0 + 1), { actorRole: 'staff', current: work })).toBeNull();
    expect(checkOp(targets(12, 5, T0 + 1), { actorRole: 'liaison', current: work })?.code).toBe('forbidden_role');
    expect(checkOp(targets(12, 5, T0 + 1), { actorRole: 'volunteer', current: work })?.code).toBe('forbidden_role');
    expect(parseOp(targets(0, 5, T0 + 1)).ok).toBe(false);
    expect(parseOp(targets(12, 366, T0 + 1)).ok).toBe(false);
    expect(parseOp(targets(1.5, 5, T0 + 1)).ok).toBe(false);
  });

  it('the later change wins, in any order of arrival, and says who made it', () => {
    const a = targets(12, 5, T0 + 10, 'staff-1');
    const b = targets(48, 10, T0 + 20, 'staff-2');
    const ab = [a, b].reduce<WorkState>((s, op) => applyOp(s, op) as WorkState, work);
    const ba = [b, a].reduce<WorkState>((s, op) => applyOp(s, op) as WorkState, work);
    expect(ab).toEqual(ba);
    expect(targetsOf(ab)).toEqual({ acknowledgeHours: 48, resolveDays: 10 });
    expect(ab.targetsBy).toBe('staff-2');
  });

  it("moves every issue's clocks: a report 30 hours old is late against 24 hours, in time against 48", () => {
    const now = T0 + 30 * HOUR;
    const issue = { status: 'reported' as const, plannedDate: null, history: [{ at: stamp(T0), to: 'reported' as const }] };
    expect(issueClocks(issue, { targets: targetsOf(work), now }).acknowledgeLateMs).toBe(6 * HOUR);
    const changed = applyOp(work, targets(48, 10, T0 + HOUR)) as WorkState;
    expect(issueClocks(issue, { targets: targetsOf(changed), now }).acknowledgeLateMs).toBe(0);
  });
});
