/** point.update: staff rename or archive a point; each field merges last writer wins by HLC. */
import { describe, expect, it } from 'vitest';
import { type OpOf, type PointState, RULES_VERSION, applyOp, checkOp, encodeStamp, isActivePoint, parseOp } from '../../src/core';

const T0 = 1_732_800_000_000;
const stamp = (wall: number) => encodeStamp({ wall, counter: 0, node: 'dev1' });
const point: PointState = { id: 'p1', work: 'w1', name: '南门', lat: null, lng: null, createdAt: stamp(T0) };
let n = 0;
const update = (payload: OpOf<'point.update'>['payload'], wall: number): OpOf<'point.update'> => ({
  id: `op-${++n}`,
  work: 'w1',
  entity: 'point',
  entityId: 'p1',
  kind: 'point.update',
  actor: 'staff-1',
  device: 'dev1',
  hlc: stamp(wall),
  v: RULES_VERSION,
  payload,
});

describe('point.update', () => {
  it('is for staff only, and must change something', () => {
    expect(checkOp(update({ name: '南门检查井' }, T0 + 1), { actorRole: 'staff', current: point })).toBeNull();
    expect(checkOp(update({ archived: true }, T0 + 1), { actorRole: 'volunteer', current: point })?.code).toBe('forbidden_role');
    expect(checkOp(update({ archived: true }, T0 + 1), { actorRole: 'liaison', current: point })?.code).toBe('forbidden_role');
    expect(parseOp({ ...update({ name: 'x' }, T0 + 1), payload: {} }).ok).toBe(false);
    expect(parseOp(update({ name: '  ' }, T0 + 1)).ok).toBe(false);
  });

  it('merges the name and the archived flag each by its own latest stamp, in any order', () => {
    const ops = [
      update({ name: '南门（旧）' }, T0 + 10),
      update({ archived: true }, T0 + 20),
      update({ name: '南门检查井' }, T0 + 30),
      update({ archived: false, name: '早的名字' }, T0 + 5),
    ];
    const orders = [ops, [...ops].reverse(), [ops[2]!, ops[0]!, ops[3]!, ops[1]!]];
    const results = orders.map((o) => o.reduce<PointState>((s, op) => applyOp(s, op) as PointState, point));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]!.name).toBe('南门检查井');
    expect(results[0]!.archived).toBe(true);
    expect(isActivePoint(results[0]!)).toBe(false);
    expect(isActivePoint(point)).toBe(true);
  });
});
