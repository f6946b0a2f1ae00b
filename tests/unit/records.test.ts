import { describe, expect, it } from 'vitest';
import { countRecords } from '../../src/core';

const op = (entity: string, entityId: string, kind: string, payload: Record<string, unknown> = {}) => ({ entity, entityId, kind, payload }) as never;

describe('records waiting to sync', () => {
  it('counts a complaint with its photos and contact as one record, and a checklist run with its answers as one', () => {
    const ops = [
      op('issue', 'i1', 'issue.create'),
      op('photo', 'p1', 'photo.add', { targetType: 'issue', targetId: 'i1' }),
      op('photo', 'p2', 'photo.add', { targetType: 'issue', targetId: 'i1' }),
      op('contact', 'c1', 'contact.add', { issueId: 'i1' }),
      op('inspection', 'x1', 'inspection.start'),
      ...Array.from({ length: 16 }, (_, n) => op('inspection', 'x1', 'inspection.answer', { itemId: `item-${n}` })),
    ];
    expect(countRecords(ops)).toBe(2);
  });
  it('counts photos of a point with the point, and two complaints as two', () => {
    expect(
      countRecords([
        op('photo', 'p1', 'photo.add', { targetType: 'point', targetId: 'pt1' }),
        op('photo', 'p2', 'photo.add', { targetType: 'point', targetId: 'pt1' }),
        op('issue', 'i1', 'issue.create'),
        op('issue', 'i2', 'issue.create'),
      ]),
    ).toBe(3);
  });
});
