/**
 * Voice notes on a complaint and on a checklist answer: an issue.comment or an inspection.answer may carry one
 * (bounded), its bytes are a blob the op names.
 */
import { describe, expect, it } from 'vitest';
import {
  type InspectionState,
  type IssueState,
  type OpOf,
  RULES_VERSION,
  VOICE_LIMITS,
  applyOp,
  blobRefsOf,
  checkOp,
  encodeStamp,
  parseOp,
} from '../../src/core';

const HASH = 'c'.repeat(64);
const voice = { hash: HASH, size: 48_000, durationMs: 12_000, type: 'audio/webm' as const };

function comment(payload: unknown): OpOf<'issue.comment'> {
  return {
    id: 'op-1',
    work: 'work-1',
    entity: 'issue',
    entityId: 'issue-1',
    kind: 'issue.comment',
    actor: 'member-1',
    device: 'dev1',
    hlc: encodeStamp({ wall: 1_732_800_000_000, counter: 0, node: 'dev1' }),
    v: RULES_VERSION,
    payload: payload as OpOf<'issue.comment'>['payload'],
  };
}

const issue = { id: 'issue-1', work: 'work-1', status: 'reported', comments: [], commentCount: 0, history: [], updatedAt: '' } as unknown as IssueState;

describe('voice notes on a complaint', () => {
  it('takes a comment of words, of a voice note, or both, and refuses one of neither', () => {
    const verdict = (payload: unknown) => checkOp(comment(payload), { actorRole: 'volunteer', current: issue })?.code ?? 'accepted';
    expect(verdict({ text: '东门又堵了' })).toBe('accepted');
    expect(verdict({ text: '', voice })).toBe('accepted');
    expect(verdict({ text: '补充一句', voice })).toBe('accepted');
    expect(verdict({ text: '  ' })).toBe('invalid');
  });

  it('bounds a voice note to two minutes, 4 MiB and the recorders phones have', () => {
    const ok = (v: object) => parseOp(comment({ text: '', voice: { ...voice, ...v } })).ok;
    expect(ok({})).toBe(true);
    expect(ok({ type: 'audio/mp4' })).toBe(true);
    expect(ok({ durationMs: VOICE_LIMITS.ms })).toBe(true);
    expect(ok({ durationMs: VOICE_LIMITS.ms + 1 })).toBe(false);
    expect(ok({ size: VOICE_LIMITS.bytes + 1 })).toBe(false);
    expect(ok({ type: 'video/mp4' })).toBe(false);
    expect(ok({ hash: 'not-a-hash' })).toBe(false);
  });

  it('names its bytes, so the server takes their upload, and keeps the note with the comment', () => {
    const op = comment({ text: '', voice });
    expect(blobRefsOf(op)).toEqual([{ hash: HASH, size: 48_000 }]);
    expect(blobRefsOf(comment({ text: '没有录音' }))).toEqual([]);
    const after = applyOp(issue, op) as IssueState;
    expect(after.comments.at(-1)).toMatchObject({ text: '', voice });
  });
});

function answer(answerPayload: unknown): OpOf<'inspection.answer'> {
  return {
    id: 'op-2',
    work: 'work-1',
    entity: 'inspection',
    entityId: 'insp-1',
    kind: 'inspection.answer',
    actor: 'member-1',
    device: 'dev1',
    hlc: encodeStamp({ wall: 1_732_800_000_000, counter: 1, node: 'dev1' }),
    v: RULES_VERSION,
    payload: { itemId: 'item-1', answer: answerPayload } as OpOf<'inspection.answer'>['payload'],
  };
}

describe('voice notes on a checklist answer', () => {
  it('takes an answer with a voice note, bounded as a comment’s', () => {
    const ok = (a: unknown) => parseOp(answer(a)).ok;
    expect(ok({ value: 'fail', note: '', photos: [], voice })).toBe(true);
    expect(ok({ value: null, note: '', photos: [] })).toBe(true);
    expect(ok({ value: 'fail', note: '', photos: [], voice: { ...voice, durationMs: VOICE_LIMITS.ms + 1 } })).toBe(false);
    expect(ok({ value: 'fail', note: '', photos: [], voice: { ...voice, type: 'text/plain' } })).toBe(false);
  });

  it('names its bytes, so the server takes their upload, and keeps the note with the answer', () => {
    const op = answer({ value: 'fail', note: '', photos: [], voice });
    expect(blobRefsOf(op)).toEqual([{ hash: HASH, size: 48_000 }]);
    expect(blobRefsOf(answer({ value: 'pass', note: '', photos: [] }))).toEqual([]);
    expect(blobRefsOf(answer(null))).toEqual([]);
    const inspection = { id: 'insp-1', work: 'work-1', answers: {}, history: [], answerCount: 0, updatedAt: '' } as unknown as InspectionState;
    const after = applyOp(inspection, op) as InspectionState;
    expect(after.answers['item-1']).toMatchObject({ value: 'fail', voice });
  });
});
