/** A stored photo's state for rule tests: point-1's "before" photo of work-1, by `author`, added at `addedAt`. */
import { type PhotoState, encodeStamp } from '../../src/core';

export function photoState(author: string, addedAt: number, size: { width: number; height: number } = { width: 1600, height: 1200 }): PhotoState {
  const hash = 'a'.repeat(64);
  return {
    hash,
    size: 1000,
    thumbHash: 'b'.repeat(64),
    thumbSize: 100,
    ...size,
    takenAt: null,
    location: null,
    phase: 'before',
    caption: '',
    targetType: 'point',
    targetId: 'point-1',
    id: 'photo-1',
    work: 'work-1',
    author,
    device: 'dev1',
    addedAt: encodeStamp({ wall: addedAt, counter: 0, node: 'dev1' }),
  };
}
