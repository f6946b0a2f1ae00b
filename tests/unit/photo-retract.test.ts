/** photo.retract: who may hide a photo, until when, and how concurrent retractions merge. */
import { describe, expect, it } from 'vitest';
import { type Actor, type OpOf, type PhotoState, RETRACT_WINDOW_MS, RULES_VERSION, applyOp, checkOp, encodeStamp, isShown, parseOp } from '../../src/core';
import { photoState } from './photo-state';

const T0 = 1_732_800_000_000;
const AUTHOR = 'member-author';
const stamp = (wall: number, node = 'dev1') => encodeStamp({ wall, counter: 0, node });
let n = 0;

function photo(addedAt = T0): PhotoState {
  return photoState(AUTHOR, addedAt, { width: 10, height: 10 });
}

function retract(actor: string, wall: number, reason = '拍错了地方'): OpOf<'photo.retract'> {
  return {
    id: `op-${++n}`,
    work: 'work-1',
    entity: 'photo',
    entityId: 'photo-1',
    kind: 'photo.retract',
    actor,
    device: `dev-${actor}`,
    hlc: stamp(wall, `dev-${actor}`),
    v: RULES_VERSION,
    payload: { reason },
  };
}

const verdict = (op: OpOf<'photo.retract'>, role: Actor, state = photo()) => checkOp(op, { actorRole: role, current: state })?.code ?? 'accepted';

describe('photo.retract', () => {
  it('lets the author retract within a day of adding the photo, and not after', () => {
    expect(verdict(retract(AUTHOR, T0 + 60_000), 'volunteer')).toBe('accepted');
    expect(verdict(retract(AUTHOR, T0 + RETRACT_WINDOW_MS), 'liaison')).toBe('accepted');
    expect(verdict(retract(AUTHOR, T0 + RETRACT_WINDOW_MS + 1), 'volunteer')).toBe('retract_window');
  });

  it("lets staff retract any photo at any time, and nobody else retract another's", () => {
    expect(verdict(retract('member-staff', T0 + 30 * RETRACT_WINDOW_MS), 'staff')).toBe('accepted');
    expect(verdict(retract('member-other', T0 + 60_000), 'volunteer')).toBe('not_author');
    expect(verdict(retract('member-other', T0 + 60_000), 'liaison')).toBe('not_author');
  });

  it('needs a reason', () => {
    const op = retract(AUTHOR, T0 + 60_000, '   ');
    expect(parseOp(op).ok).toBe(false);
    expect(parseOp({ ...op, payload: {} }).ok).toBe(false);
    expect(parseOp(retract(AUTHOR, T0 + 60_000)).ok).toBe(true);
  });

  it('hides the photo with who, when and why, keeping everything else; the earliest retraction stands in any order', () => {
    const first = retract(AUTHOR, T0 + 1_000, '拍到了居民的脸');
    const second = retract('member-staff', T0 + 2_000, '不是这个点位');
    const a = applyOp(applyOp(photo(), first), second) as PhotoState;
    const b = applyOp(applyOp(photo(), second), first) as PhotoState;
    expect(a).toEqual(b);
    expect(a.retracted).toEqual({ by: AUTHOR, at: first.hlc, reason: '拍到了居民的脸' });
    expect(isShown(a)).toBe(false);
    expect(isShown(photo())).toBe(true);
    const { retracted: _, ...rest } = a;
    expect(rest).toEqual(photo());
  });
});
