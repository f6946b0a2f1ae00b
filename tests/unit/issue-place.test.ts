/** A complaint at a place: issue.create's optional location (a tap on the site plan, the phone's position), on both stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IssueState, applyOp, parseOp } from '../../src/core';
import { type Member, type TestServer, issueCreate, startServer } from './harness';

let srv: TestServer;
let volunteer: Member;

beforeAll(async () => {
  srv = await startServer({ label: 'issue-place' });
  volunteer = await srv.join('volunteer', '孙阿姨', 'dev-v');
});

afterAll(() => srv.close());

const tapped = { lat: 29.8675, lng: 121.544, accuracy: null, source: 'plan' as const };

describe('a complaint at a place', () => {
  it('keeps where it was tapped on the plan (or measured), beside or instead of a point', () => {
    const op = issueCreate(volunteer, { location: tapped });
    expect(parseOp(op).ok).toBe(true);
    expect((applyOp(undefined, op) as IssueState).location).toEqual(tapped);
    // Older complaints carry none: still valid, and read as no place.
    const without = issueCreate(volunteer);
    expect(parseOp(without).ok).toBe(true);
    expect((applyOp(undefined, without) as IssueState).location).toBeUndefined();
  });

  it('refuses a place that is not on Earth or of an unknown kind', () => {
    expect(parseOp(issueCreate(volunteer, { location: { ...tapped, lat: 91 } })).ok).toBe(false);
    expect(parseOp(issueCreate(volunteer, { location: { ...tapped, source: 'guess' as never } })).ok).toBe(false);
  });

  it('reaches the server and every phone that pulls it', async () => {
    const op = issueCreate(volunteer, { location: { lat: 29.8671, lng: 121.5434, accuracy: 8, source: 'device' } });
    expect(await srv.outcomes(volunteer.token, [op])).toEqual(['accepted']);
    const pulled = (await srv.pullAll(volunteer.token)).find((o) => o.id === op.id);
    expect(pulled?.payload).toMatchObject({ location: { lat: 29.8671, lng: 121.5434, accuracy: 8, source: 'device' } });
    const bad = issueCreate(volunteer, { location: { ...tapped, lng: 200 } });
    expect(await srv.outcomes(volunteer.token, [bad])).toEqual(['invalid']);
  });
});
