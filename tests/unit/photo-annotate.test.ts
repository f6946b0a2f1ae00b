/** photo.annotate: who may draw on a photo, what a drawing may hold, and how concurrent drawings merge. */
import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS, type Actor, type OpOf, type PhotoState, RULES_VERSION, applyOp, checkOp, encodeStamp, parseOp } from '../../src/core';
import { photoState } from './photo-state';

const T0 = 1_732_800_000_000;
const AUTHOR = 'member-author';
const stamp = (wall: number, node = 'dev1') => encodeStamp({ wall, counter: 0, node });
let n = 0;

function photo(): PhotoState {
  return photoState(AUTHOR, T0);
}

type Shapes = OpOf<'photo.annotate'>['payload']['shapes'];
const ARROW_AND_NOTE: Shapes = [
  { type: 'arrow', from: { x: 0.1, y: 0.1 }, to: { x: 0.5, y: 0.6 } },
  { type: 'circle', at: { x: 0.5, y: 0.6 }, r: 0.08 },
  { type: 'text', at: { x: 0.55, y: 0.7 }, text: '井盖破损' },
];

function annotate(actor: string, wall: number, shapes: unknown = ARROW_AND_NOTE): OpOf<'photo.annotate'> {
  return {
    id: `op-${++n}`,
    work: 'work-1',
    entity: 'photo',
    entityId: 'photo-1',
    kind: 'photo.annotate',
    actor,
    device: `dev-${actor}`,
    hlc: stamp(wall, `dev-${actor}`),
    v: RULES_VERSION,
    payload: { shapes } as OpOf<'photo.annotate'>['payload'],
  };
}

const verdict = (op: OpOf<'photo.annotate'>, role: Actor) => checkOp(op, { actorRole: role, current: photo() })?.code ?? 'accepted';

describe('photo.annotate', () => {
  it("lets the photo's author and staff draw on it, and nobody else", () => {
    expect(verdict(annotate(AUTHOR, T0 + 1_000), 'volunteer')).toBe('accepted');
    expect(verdict(annotate(AUTHOR, T0 + 1_000), 'liaison')).toBe('accepted');
    expect(verdict(annotate('member-staff', T0 + 1_000), 'staff')).toBe('accepted');
    expect(verdict(annotate('member-other', T0 + 1_000), 'volunteer')).toBe('not_author');
    expect(verdict(annotate('member-other', T0 + 1_000), 'liaison')).toBe('not_author');
  });

  it('takes shapes inside the photo only, a bounded number of them, with short non-empty texts', () => {
    const ok = (shapes: unknown) => parseOp(annotate(AUTHOR, T0 + 1_000, shapes)).ok;
    expect(ok(ARROW_AND_NOTE)).toBe(true);
    expect(ok([])).toBe(true); // clears the drawing
    expect(ok([{ type: 'arrow', from: { x: -0.1, y: 0 }, to: { x: 0.5, y: 0.5 } }])).toBe(false);
    expect(ok([{ type: 'arrow', from: { x: 0, y: 0 }, to: { x: 0.5, y: 1.01 } }])).toBe(false);
    expect(ok([{ type: 'circle', at: { x: 0.5, y: 0.5 }, r: Infinity }])).toBe(false);
    expect(ok([{ type: 'circle', at: { x: Number.NaN, y: 0.5 }, r: 0.1 }])).toBe(false);
    expect(ok([{ type: 'text', at: { x: 0.5, y: 0.5 }, text: '  ' }])).toBe(false);
    expect(ok([{ type: 'text', at: { x: 0.5, y: 0.5 }, text: '字'.repeat(ANNOTATION_LIMITS.text) }])).toBe(true);
    expect(ok([{ type: 'text', at: { x: 0.5, y: 0.5 }, text: '字'.repeat(ANNOTATION_LIMITS.text + 1) }])).toBe(false);
    expect(ok([{ type: 'scribble', at: { x: 0.5, y: 0.5 } }])).toBe(false);
    expect(ok([{ type: 'circle', at: { x: 0.5, y: 0.5 }, r: 0.1, colour: 'red' }])).toBe(false);
    const many = Array.from({ length: ANNOTATION_LIMITS.shapes }, () => ARROW_AND_NOTE[0]);
    expect(ok(many)).toBe(true);
    expect(ok([...many, ARROW_AND_NOTE[0]])).toBe(false);
  });

  it('lays the drawing beside the photo, leaving its hash and every other field as they were', () => {
    const op = annotate(AUTHOR, T0 + 1_000);
    const drawn = applyOp(photo(), op) as PhotoState;
    expect(drawn.annotation).toEqual({ shapes: ARROW_AND_NOTE, by: AUTHOR, at: op.hlc });
    const { annotation: _, ...rest } = drawn;
    expect(rest).toEqual(photo());
  });

  it('keeps the latest drawing by HLC whatever order the ops arrive in; an empty one clears it', () => {
    const first = annotate(AUTHOR, T0 + 1_000);
    const cleared = annotate('member-staff', T0 + 2_000, []);
    const a = applyOp(applyOp(photo(), first), cleared) as PhotoState;
    const b = applyOp(applyOp(photo(), cleared), first) as PhotoState;
    expect(a).toEqual(b);
    expect(a.annotation).toEqual({ shapes: [], by: 'member-staff', at: cleared.hlc });
  });
});
