/**
 * A fix needs an "after" photo that stands: once that photo is retracted (the wrong place, the wrong
 * issue) it proves nothing, and resolving the issue again needs another. Judged the same by the
 * server (on both stores) and by the phone before it sends anything.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Op, type PhotoState, provesFix } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { LocalRejection, recordOp } from '../../src/sync/local';
import { type Member, type TestServer, issueCreate, issueTransition, makeOp, startServer } from './harness';

let srv: TestServer;
let volunteer: Member;
let liaison: Member;
let staff: Member;

beforeAll(async () => {
  srv = await startServer({ label: 'fix-proof' });
  volunteer = await srv.join('volunteer', '孙阿姨', 'dev-v');
  liaison = await srv.join('liaison', '施工队吴工', 'dev-l');
  staff = await srv.join('staff', '社区小王', 'dev-s');
});

afterAll(() => srv.close());

function afterPhoto(m: Member, issueId: string): Op {
  const hash = createHash('sha256').update(`after ${issueId} ${newId()}`).digest('hex');
  return makeOp(m, 'photo.add', 'photo', newId(), {
    hash,
    size: 1000,
    thumbHash: hash,
    thumbSize: 1000,
    width: 10,
    height: 10,
    takenAt: null,
    location: null,
    phase: 'after',
    caption: '',
    targetType: 'issue',
    targetId: issueId,
  });
}

const one = async (m: Member, op: Op) => (await srv.outcomes(m.token, [op]))[0];

/** An issue resolved with one after photo, reopened by the volunteer, worked on again: returns the issue and that photo's id. */
async function resolvedThenReopened(): Promise<{ issueId: string; photoId: string }> {
  const create = issueCreate(volunteer);
  expect(await one(volunteer, create)).toBe('accepted');
  expect(await one(liaison, issueTransition(liaison, create.entityId, { to: 'acknowledged', plannedDate: '2099-01-01' }))).toBe('accepted');
  const photo = afterPhoto(liaison, create.entityId);
  expect(await one(liaison, photo)).toBe('accepted');
  expect(await one(liaison, issueTransition(liaison, create.entityId, { to: 'resolved' }))).toBe('accepted');
  expect(await one(volunteer, issueTransition(volunteer, create.entityId, { to: 'reopened', reason: '还在漏水' }))).toBe('accepted');
  expect(await one(liaison, issueTransition(liaison, create.entityId, { to: 'in_progress' }))).toBe('accepted');
  return { issueId: create.entityId, photoId: photo.entityId };
}

describe('a retracted "after" photo is no proof of a fix', () => {
  it('the rule: an after photo proves a fix until it is retracted; before and during photos never do', () => {
    const retracted = { by: 'm', at: 'x', reason: '拍错了' };
    expect(provesFix({ phase: 'after' } as PhotoState)).toBe(true);
    expect(provesFix({ phase: 'after', retracted } as PhotoState)).toBe(false);
    expect(provesFix({ phase: 'before' } as PhotoState)).toBe(false);
    expect(provesFix({ phase: 'during' } as PhotoState)).toBe(false);
  });

  it('the server refuses to resolve again on a retracted after photo, and accepts once a new one is added', async () => {
    const { issueId, photoId } = await resolvedThenReopened();
    expect(await one(staff, makeOp(staff, 'photo.retract', 'photo', photoId, { reason: '拍的是隔壁单元' }))).toBe('accepted');
    expect(await one(liaison, issueTransition(liaison, issueId, { to: 'resolved' }))).toBe('missing_after_photo');
    expect(await one(liaison, afterPhoto(liaison, issueId))).toBe('accepted');
    expect(await one(liaison, issueTransition(liaison, issueId, { to: 'resolved' }))).toBe('accepted');
  });

  it('the phone refuses it too, before sending, from what it holds', async () => {
    const { issueId, photoId } = await resolvedThenReopened();
    expect(await one(staff, makeOp(staff, 'photo.retract', 'photo', photoId, { reason: '拍的是隔壁单元' }))).toBe('accepted');
    const api = createApi(srv.base);
    const device = { db: new SitewatchDB(`fix-proof-${newId()}`), deviceId: liaison.device, now: () => Date.now() };
    const m: Membership = { ...liaison, memberId: liaison.id, workName: 'demo', joinedAt: 0 };
    await syncWork(device, api, m);
    expect((await device.db.issues.get(issueId))?.status).toBe('in_progress');
    const resolve = () => recordOp(device, m, { kind: 'issue.transition', entity: 'issue', entityId: issueId, payload: { to: 'resolved' } });
    const refused = await resolve().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LocalRejection);
    expect((refused as LocalRejection).rejection.code).toBe('missing_after_photo');
  });
});
