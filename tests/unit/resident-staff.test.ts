/**
 * What staff and volunteers do with residents' reports, over real HTTP on both stores: the resident
 * identity (居民扫码) is no person staff can see, re-role or remove; volunteers triage a report (accept,
 * merge into an open issue, decline with a reason the resident reads); contacts are erased after the
 * retention period by the server's own rounds, or on request by staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_RETENTION_DAYS, type ContactState, type IssueState, type MemberInfo, type OpOf, residentsAffected } from '../../src/core';
import { eraseExpiredContacts } from '../../sync-server/retention';
import type { PosterInfo, ResidentFollowView, ResidentReceipt } from '../../src/core/resident';
import type { GrantedMembership } from '../../src/core/admin';
import { type Member, type TestServer, issueCreate, makeOp, newWorkRequest, startServer } from './harness';
import { clientId, proven } from './resident-proof';

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
    clientId: clientId(),
    category: 'sewage',
    description,
    photos: [{ data: jpeg(description), thumb: jpeg(`${description}-t`), width: 1280, height: 960 }],
    contact: { name: '王阿姨', phone, shareWithContractor: false, consent: true },
  };
}

/** A resident reports; the issue id is found in the staff's pull. */
async function residentReports(description: string, phone?: string): Promise<{ follow: string; issueId: string }> {
  const o = from();
  const r = await srv.call<ResidentReceipt>('POST', '/api/resident/report', null, await proven(srv, reportBody(description, phone), o), o);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const ops = await srv.pullAll(m.staff.token);
  const created = ops.find((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === description)!;
  return { follow: r.body.follow, issueId: created.entityId };
}

const follow = async (token: string) => (await srv.call<ResidentFollowView>('POST', '/api/resident/follow', null, { follow: token }, from())).body;
const author = (who: Member) => ({ id: who.id, work: who.work, device: who.device });
const triage = (who: Member, issueId: string, payload: OpOf<'issue.triage'>['payload']) =>
  srv.outcomes(who.token, [makeOp(author(who), 'issue.triage', 'issue', issueId, payload)]);

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

describe('triage of a resident report', () => {
  it('a volunteer accepts it: the resident reads that it was taken on; a second triage is refused (already_triaged)', async () => {
    const { follow: token, issueId } = await residentReports('分诊：受理');
    expect((await follow(token)).accepted).toBe(false);
    expect(await triage(m.volunteer, issueId, { decision: 'accept' })).toEqual(['accepted']);
    const view = await follow(token);
    expect(view).toMatchObject({ accepted: true, status: 'reported' });
    expect(await triage(m.staff, issueId, { decision: 'decline', reason: 'duplicate', note: '' })).toEqual(['already_triaged']);
    // The liaison then works on it as on any issue.
    const state = (await srv.store.listEntities(m.staff.work)).find((e) => e.type === 'issue' && e.state.id === issueId)!.state as IssueState;
    expect(state.triage).toMatchObject({ decision: 'accept', by: m.volunteer.id });
  });

  it('a volunteer merges it into an open issue: that issue counts the resident, and the resident follows its progress', async () => {
    const main = issueCreate(author(m.volunteer), { description: '北门污水井冒水（志愿者记录）' });
    expect(await srv.outcomes(m.volunteer.token, [main])).toEqual(['accepted']);
    const { follow: token, issueId } = await residentReports('分诊：合并');
    expect(await triage(m.volunteer, issueId, { decision: 'merge', into: issueId })).toEqual(['invalid']);
    expect(await triage(m.volunteer, issueId, { decision: 'merge', into: 'no-such-issue' })).toEqual(['unknown_entity']);
    expect(await triage(m.volunteer, issueId, { decision: 'merge', into: main.entityId })).toEqual(['accepted']);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const ack = makeOp(author(m.liaison), 'issue.transition', 'issue', main.entityId, { to: 'acknowledged', plannedDate: tomorrow });
    expect(await srv.outcomes(m.liaison.token, [ack])).toEqual(['accepted']);
    const view = await follow(token);
    expect(view.status).toBe('merged');
    expect(view.merged).toEqual({ status: 'acknowledged', plannedDate: tomorrow });
    // The other issue's description is not the resident's to read.
    expect(JSON.stringify(view)).not.toContain('志愿者记录');
    const states = (await srv.store.listEntities(m.staff.work)).filter((e) => e.type === 'issue').map((e) => e.state as IssueState);
    expect(
      residentsAffected(
        states.find((i) => i.id === main.entityId)!,
        states,
      ),
    ).toBe(2);
  });

  it('a volunteer declines it with a reason and a note the resident reads on the follow page', async () => {
    const { follow: token, issueId } = await residentReports('分诊：不予受理');
    expect(await triage(m.volunteer, issueId, { decision: 'decline', reason: 'out_of_scope', note: '这是物业的事，请找物业' })).toEqual(['accepted']);
    const view = await follow(token);
    expect(view.status).toBe('rejected');
    expect(view.steps.at(-1)).toMatchObject({ to: 'rejected', declined: 'out_of_scope', reason: '这是物业的事，请找物业' });
  });

  it('the liaison may not triage; an issue a volunteer reported is not triaged; no device may make a poster report', async () => {
    const { issueId } = await residentReports('分诊：施工方');
    expect(await triage(m.liaison, issueId, { decision: 'accept' })).toEqual(['forbidden_role']);
    const own = issueCreate(author(m.volunteer), { description: '志愿者自己的记录' });
    await srv.outcomes(m.volunteer.token, [own]);
    expect(await triage(m.staff, own.entityId, { decision: 'accept' })).toEqual(['invalid']);
    const forged = issueCreate(author(m.volunteer), { description: '冒充居民', viaPoster: true });
    expect(await srv.outcomes(m.volunteer.token, [forged])).toEqual(['server_only']);
  });
});

describe('erasing residents’ contacts', () => {
  const contactOf = async (phone: string) => {
    const ops = await srv.pullAll(m.staff.token);
    return ops.find((o) => o.kind === 'contact.add' && (o.payload as { phone: string }).phone === phone)!;
  };
  const erasesOf = async (who: Member, contactId: string) =>
    (await srv.pullAll(who.token)).filter((o) => o.kind === 'contact.erase' && o.entityId === contactId);

  it('after the retention period of a closed issue, the server erases the contact, on every device that held it; an open one stays', async () => {
    const closed = await residentReports('保留期：已关闭', '186 0000 1001');
    await residentReports('保留期：未关闭', '186 0000 1002');
    expect(await triage(m.volunteer, closed.issueId, { decision: 'decline', reason: 'duplicate', note: '' })).toEqual(['accepted']);
    const closedContact = await contactOf('186 0000 1001');
    const openContact = await contactOf('186 0000 1002');

    // Not yet: the issue was closed just now.
    const early = await eraseExpiredContacts(srv.store, Date.now());
    expect(early.erased).toBe(0);
    expect(await erasesOf(m.staff, closedContact.entityId)).toHaveLength(0);

    // 91 days on (the round is told the time): erased, with the reason, on the server and for staff's devices.
    const later = Date.now() + (CONTACT_RETENTION_DAYS + 1) * 86_400_000;
    const round = await eraseExpiredContacts(srv.store, later);
    expect(round.erased).toBeGreaterThanOrEqual(1);
    expect(round.works).toContain(m.staff.work);
    const [erase] = await erasesOf(m.staff, closedContact.entityId);
    expect(erase?.payload).toMatchObject({ reason: 'retention' });
    const stored = (await srv.store.listEntities(m.staff.work)).filter((e) => e.type === 'contact').map((e) => e.state as ContactState);
    expect(stored.find((c) => c.id === closedContact.entityId)).toMatchObject({ name: '', phone: '', erased: { reason: 'retention' } });
    expect(JSON.stringify(stored)).not.toContain('186 0000 1001');
    expect(stored.find((c) => c.id === openContact.entityId)?.phone).toBe('186 0000 1002');
    // The resident's follow page says no contact is kept; volunteers never heard of it.
    expect((await follow(closed.follow)).contactKept).toBe(false);
    expect(await erasesOf(m.volunteer, closedContact.entityId)).toHaveLength(0);
    // A second round finds nothing more to do for it (bounded: erased contacts are no longer read).
    await eraseExpiredContacts(srv.store, later);
    expect(await erasesOf(m.staff, closedContact.entityId)).toHaveLength(1);
    expect((await srv.store.listAudit()).some((a) => a.action === 'contact.erase' && a.detail.includes(closedContact.entityId))).toBe(true);
  });

  it('a round erases at most its limit; the next round takes the rest', async () => {
    for (const n of [1, 2, 3]) {
      const r = await residentReports(`保留期：批量 ${n}`, `186 0000 20${n}0`);
      await triage(m.staff, r.issueId, { decision: 'decline', reason: 'not_enough_info', note: '' });
    }
    const later = Date.now() + (CONTACT_RETENTION_DAYS + 1) * 86_400_000;
    const first = await eraseExpiredContacts(srv.store, later, 2);
    expect(first.due).toBe(2);
    let rounds = 1;
    while ((await eraseExpiredContacts(srv.store, later, 2)).due > 0) rounds++;
    expect(rounds).toBeGreaterThanOrEqual(2);
    const stored = JSON.stringify((await srv.store.listEntities(m.staff.work)).filter((e) => e.type === 'contact').map((e) => e.state));
    for (const n of [1, 2, 3]) expect(stored).not.toContain(`186 0000 20${n}0`);
  });

  it('each work keeps contacts for its own period, set by staff in the work’s settings (default 90 days)', async () => {
    const DAY = 86_400_000;
    // A second work, left at the default; this work is set to 30 days by staff (a volunteer may not).
    const req = newWorkRequest('dev-retention');
    const granted = await srv.call<GrantedMembership>('POST', '/api/admin/works', m.staff.token, req);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const otherStaff = { token: granted.body.token, id: granted.body.member.id, work: req.workId, device: 'dev-retention' };
    const otherPoster = await srv.call<PosterInfo>('POST', '/api/admin/posters', otherStaff.token, { pointId: null });
    const setTo = (who: { id: string; work: string; device: string }, days?: number) =>
      makeOp(who, 'work.targets', 'work', who.work, {
        responseTargets: { acknowledgeHours: 24, resolveDays: 7 },
        ...(days !== undefined && { contactRetentionDays: days }),
      });
    expect(await srv.outcomes(m.volunteer.token, [setTo(author(m.volunteer), 30)])).toEqual(['forbidden_role']);
    expect(await srv.outcomes(m.staff.token, [setTo(author(m.staff), 0)])).toEqual(['invalid']);
    expect(await srv.outcomes(m.staff.token, [setTo(author(m.staff), 30)])).toEqual(['accepted']);
    // A phone whose form predates the field sends targets alone: the period stays.
    expect(await srv.outcomes(m.staff.token, [setTo(author(m.staff))])).toEqual(['accepted']);
    const work = (await srv.store.listEntities(m.staff.work)).find((e) => e.type === 'work')!.state as { contactRetentionDays?: number };
    expect(work.contactRetentionDays).toBe(30);
    // The poster says so to residents, in the consent text.
    const shown = await srv.call<{ retentionDays: number }>('POST', '/api/resident/poster', null, { poster: poster.token }, from());
    expect(shown.body.retentionDays).toBe(30);
    expect(
      (await srv.call<{ retentionDays: number }>('POST', '/api/resident/poster', null, { poster: otherPoster.body.token }, from())).body.retentionDays,
    ).toBe(CONTACT_RETENTION_DAYS);

    const here = await residentReports('保留期：本工程 30 天', '186 0000 4004');
    expect(await triage(m.volunteer, here.issueId, { decision: 'decline', reason: 'duplicate', note: '' })).toEqual(['accepted']);
    const o = from();
    const elsewhere = await srv.call<ResidentReceipt>(
      'POST',
      '/api/resident/report',
      null,
      await proven(srv, { ...reportBody('保留期：另一工程 默认', '186 0000 5005'), poster: otherPoster.body.token }, o),
      o,
    );
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    const otherIssue = (await srv.pullAll(otherStaff.token)).find((op) => op.kind === 'issue.create')!.entityId;
    expect(
      await srv.outcomes(otherStaff.token, [makeOp(otherStaff, 'issue.triage', 'issue', otherIssue, { decision: 'decline', reason: 'duplicate', note: '' })]),
    ).toEqual(['accepted']);
    const phones = async () =>
      JSON.stringify([...(await srv.store.listEntities(m.staff.work)), ...(await srv.store.listEntities(req.workId))].filter((e) => e.type === 'contact'));

    // 29 days on: neither; 31 days on: this work's only; 91 days on: the other's too.
    await eraseExpiredContacts(srv.store, Date.now() + 29 * DAY);
    expect(await phones()).toContain('186 0000 4004');
    const at31 = await eraseExpiredContacts(srv.store, Date.now() + 31 * DAY);
    expect(at31.works).toContain(m.staff.work);
    expect(at31.works).not.toContain(req.workId);
    expect(await phones()).not.toContain('186 0000 4004');
    expect(await phones()).toContain('186 0000 5005');
    const at91 = await eraseExpiredContacts(srv.store, Date.now() + 91 * DAY);
    expect(at91.works).toContain(req.workId);
    expect(await phones()).not.toContain('186 0000 5005');
    expect((await follow(here.follow)).contactKept).toBe(false);
  });

  it('staff erase one on request, at once; nobody else may; another work’s contact is not found', async () => {
    const r = await residentReports('应要求删除', '186 0000 3003');
    const contact = await contactOf('186 0000 3003');
    for (const who of [m.volunteer, m.liaison]) {
      expect((await srv.call('POST', '/api/admin/contacts/erase', who.token, { contactId: contact.entityId })).status).toBe(403);
    }
    expect((await srv.call('POST', '/api/admin/contacts/erase', m.staff.token, { contactId: 'no-such-contact' })).status).toBe(404);
    const done = await srv.call<{ erased: boolean }>('POST', '/api/admin/contacts/erase', m.staff.token, { contactId: contact.entityId });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.erased).toBe(true);
    const [erase] = await erasesOf(m.staff, contact.entityId);
    expect(erase?.payload).toMatchObject({ reason: 'request' });
    expect((await follow(r.follow)).contactKept).toBe(false);
    const audited = (await srv.store.listAudit()).find((a) => a.action === 'contact.erase' && a.detail.includes(contact.entityId));
    expect(audited?.actor).toBe(m.staff.id);
    // Twice changes nothing more.
    expect((await srv.call<{ erased: boolean }>('POST', '/api/admin/contacts/erase', m.staff.token, { contactId: contact.entityId })).body.erased).toBe(false);
    expect(await erasesOf(m.staff, contact.entityId)).toHaveLength(1);
  });
});
