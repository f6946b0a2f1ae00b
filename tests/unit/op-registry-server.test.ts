/**
 * The server resolves the lookups an op's definition declares (src/core/ops/) from its store,
 * within the op's work: a row of another work answers as absent, whatever its id. Runs on both
 * stores (through tests/unit/test-db.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, type Op, type PushResult, RULES_VERSION, encodeStamp, parseOp } from '../../src/core';
import { acceptOrReject } from '../../sync-server/apply';
import { DEMO_WORK_ID, seedDemoIfEmpty } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestDatabase, testDatabase } from './test-db';

let database: TestDatabase;
let store: Store;
let n = 0;
const T0 = Date.now();
const OTHER = `registry-other-${T0.toString(36)}`;
const HASH = 'c'.repeat(64);

function op(work: string, entity: string, entityId: string, kind: string, payload: unknown): Op {
  const i = ++n;
  const parsed = parseOp({
    id: `reg-op-${i}-${T0}`,
    work,
    entity,
    entityId,
    kind,
    payload,
    actor: 'reg-actor',
    device: 'reg-dev',
    hlc: encodeStamp({ wall: T0, counter: i, node: 'reg-dev' }),
    v: RULES_VERSION,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

const push = (o: Op, role: Actor): Promise<PushResult> => store.transaction((tx) => acceptOrReject(tx, o, role, Date.now()));

const reasonOf = (r: PushResult) => (r.status === 'rejected' ? r.reason.code : r.status);

const photo = (work: string, targetType: 'point' | 'issue', targetId: string) =>
  op(work, 'photo', `reg-photo-${n + 1}-${T0}`, 'photo.add', {
    hash: HASH,
    size: 10,
    thumbHash: HASH,
    thumbSize: 10,
    width: 10,
    height: 10,
    takenAt: null,
    location: null,
    phase: 'after',
    caption: '',
    targetType,
    targetId,
  });

beforeAll(async () => {
  database = await testDatabase('registry');
  store = await database.open();
  await seedDemoIfEmpty(store);
  // Another work, with a point, an issue and a plan of its own (made by the server: no rules apply).
  const work = { name: 'other', compound: 'c', community: '', kind: 'other', contractor: '', startDate: null, endDate: null };
  for (const o of [
    op(OTHER, 'work', OTHER, 'work.create', work),
    op(OTHER, 'point', `${OTHER}-point`, 'point.create', { name: 'gate', lat: null, lng: null }),
    op(OTHER, 'issue', `${OTHER}-issue`, 'issue.create', { category: 'noise', description: 'drilling', severity: 'low', pointId: null }),
    op(OTHER, 'plan', `${OTHER}-plan`, 'plan.add', { name: 'plan', hash: HASH, size: 10, width: 1000, height: 800, controlPoints: null }),
  ]) {
    expect(reasonOf(await push(o, 'system'))).toBe('accepted');
  }
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describe("the server resolves declared lookups within the op's work", () => {
  it("registry: another work's point, issue and plan answer as absent; this work's as present", async () => {
    const mine = op(DEMO_WORK_ID, 'issue', `reg-issue-${T0}`, 'issue.create', {
      category: 'noise',
      description: 'mine',
      severity: 'low',
      pointId: 'demo-point-1',
    });
    expect(reasonOf(await push(mine, 'volunteer'))).toBe('accepted');

    expect(reasonOf(await push(photo(DEMO_WORK_ID, 'point', `${OTHER}-point`), 'volunteer'))).toBe('unknown_point');
    expect(reasonOf(await push(photo(DEMO_WORK_ID, 'issue', `${OTHER}-issue`), 'volunteer'))).toBe('unknown_entity');
    expect(reasonOf(await push(photo(DEMO_WORK_ID, 'point', 'demo-point-1'), 'volunteer'))).toBe('accepted');
    expect(reasonOf(await push(photo(DEMO_WORK_ID, 'issue', mine.entityId), 'volunteer'))).toBe('accepted');

    const contact = (issueId: string) =>
      op(DEMO_WORK_ID, 'contact', `reg-contact-${++n}-${T0}`, 'contact.add', { issueId, name: '王', phone: '123', shareWithContractor: false });
    expect(reasonOf(await push(contact(`${OTHER}-issue`), 'staff'))).toBe('unknown_entity');
    expect(reasonOf(await push(contact(mine.entityId), 'staff'))).toBe('accepted');

    const merge = (into: string) => op(DEMO_WORK_ID, 'issue', mine.entityId, 'issue.transition', { to: 'merged', into });
    expect(reasonOf(await push(merge(`${OTHER}-issue`), 'staff'))).toBe('unknown_entity');

    const place = (planId: string) => op(DEMO_WORK_ID, 'point', 'demo-point-1', 'point.place', { place: { planId, x: 1, y: 1 } });
    expect(reasonOf(await push(place(`${OTHER}-plan`), 'staff'))).toBe('unknown_entity');

    // The after-photo count is this work's too: the photo above makes the fix acceptable.
    const ack = op(DEMO_WORK_ID, 'issue', mine.entityId, 'issue.transition', { to: 'acknowledged', plannedDate: '2099-01-01' });
    expect(reasonOf(await push(ack, 'liaison'))).toBe('accepted');
    const fixed = op(DEMO_WORK_ID, 'issue', mine.entityId, 'issue.transition', { to: 'resolved' });
    expect(reasonOf(await push(fixed, 'liaison'))).toBe('accepted');
  });
});
