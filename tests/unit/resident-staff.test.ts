/**
 * What staff and volunteers do with residents' reports, over real HTTP on both stores: the resident
 * identity (居民扫码) is no person staff can see, re-role or remove; volunteers triage a report (accept,
 * merge into an open issue, decline with a reason the resident reads); contacts are erased after the
 * retention period by the server's own rounds, or on request by staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberInfo } from '../../src/core';
import type { PosterInfo, ResidentReceipt } from '../../src/core/resident';
import { type Member, type TestServer, fresh, startServer } from './harness';

const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const jpeg = (salt: string) => Buffer.concat([JPEG, Buffer.from(salt)]).toString('base64');

let srv: TestServer;
const m = {} as Record<'staff' | 'volunteer' | 'liaison', Member>;
let poster: PosterInfo;
let address = 0;
const from = () => ({ headers: { 'X-Forwarded-For': `10.1.${Math.floor(++address / 250)}.${address % 250}` } });

function reportBody(description: string, phone = '139 1234 5678') {
  return {
    poster: poster.token,
    clientId: fresh('draft'),
    category: 'sewage',
    description,
    photos: [{ data: jpeg(description), thumb: jpeg(`${description}-t`), width: 1280, height: 960 }],
    contact: { name: '王阿姨', phone, shareWithContractor: false, consent: true },
  };
}

/** A resident reports; the issue id is found in the staff's pull. */
async function residentReports(description: string, phone?: string): Promise<{ follow: string; issueId: string }> {
  const r = await srv.call<ResidentReceipt>('POST', '/api/resident/report', null, reportBody(description, phone), from());
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const ops = await srv.pullAll(m.staff.token);
  const created = ops.find((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === description)!;
  return { follow: r.body.follow, issueId: created.entityId };
}


beforeAll(async () => {
  srv = await startServer({ label: 'resident-staff', trustProxy: true });
  m.staff = await srv.join('staff', '社区老周');
  m.volunteer = await srv.join('volunteer', '志愿者小李');
  m.liaison = await srv.join('liaison', '施工方老张');
  const made = await srv.call<PosterInfo>('POST', '/api/admin/posters', m.staff.token, { pointId: null });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  poster = made.body;
});
afterAll(async () => srv?.close());

describe('the resident identity (居民扫码)', () => {
  it('is not among the members staff see, and the server refuses to re-role or remove it', async () => {
    const { issueId } = await residentReports('身份测试');
    const ops = await srv.pullAll(m.staff.token);
    const resident = ops.find((o) => o.kind === 'issue.create' && o.entityId === issueId)!.actor;
    const listed = await srv.call<{ members: MemberInfo[] }>('GET', '/api/admin/members', m.staff.token);
    expect(listed.status).toBe(200);
    expect(listed.body.members.map((x) => x.id)).toContain(m.volunteer.id);
    expect(listed.body.members.map((x) => x.id)).not.toContain(resident);
    expect(listed.body.members.map((x) => x.name)).not.toContain('居民扫码');

    const role = await srv.call('POST', '/api/admin/members/role', m.staff.token, { memberId: resident, role: 'staff' });
    expect(role.status).toBe(400);
    const removed = await srv.call('POST', '/api/admin/members/revoke', m.staff.token, { memberId: resident });
    expect(removed.status).toBe(400);
    expect(JSON.stringify(removed.body)).toContain('居民扫码');
    // Nothing changed: no member.role op, and the posters still report.
    expect((await srv.pullAll(m.staff.token)).some((o) => o.kind === 'member.role' && o.entityId === resident)).toBe(false);
    await residentReports('身份测试之后');
    // A real member is still re-roled as before.
    const ok = await srv.call('POST', '/api/admin/members/role', m.staff.token, { memberId: m.volunteer.id, role: 'volunteer' });
    expect(ok.status).toBe(200);
  });
});
