/**
 * Residents report by scanning a poster, over real HTTP on both stores: staff make a poster; a
 * resident with no account reports with a photo and a contact, gets a receipt, follows the report and
 * answers once it is fixed; the report is an issue every role pulls, its contact only staff (and the
 * liaison with consent). Hostile input is refused with a clear error and leaves nothing behind; each
 * limit (per address, per poster, per work and day, sizes, non-images, the honeypot, the proof of work
 * and its challenges, the draft id's length) holds.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContactState, type Op, applyOp } from '../../src/core';
import type { PosterInfo, PosterView, ResidentChallenge, ResidentFollowView, ResidentReceipt } from '../../src/core/resident';
import { RESIDENT_LIMITS, leadingZeroBits, proofMessage } from '../../src/core/resident';
import { chinaDayStart } from '../../sync-server/resident-routes';
import { type Member, type TestServer, fresh, makeOp, startServer } from './harness';
import { clientId, proven, solveProof } from './resident-proof';

// A 1x1 JPEG (the smallest a phone's canvas could make) and a PNG header.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const jpeg = (salt: string) => Buffer.concat([JPEG, Buffer.from(salt)]).toString('base64');

let srv: TestServer;
const m = {} as Record<'staff' | 'volunteer' | 'liaison', Member>;
let poster: PosterInfo;
/** Each test sends from its own address (X-Forwarded-For behind a trusted proxy), so the per-address limit stays out of the way. */
let address = 0;
const from = () => ({ headers: { 'X-Forwarded-For': `10.0.${Math.floor(++address / 250)}.${address % 250}` } });

function reportBody(extra: Record<string, unknown> = {}) {
  return {
    poster: poster.token,
    clientId: clientId(),
    category: 'sewage',
    description: '3号楼北面污水井冒水，味道很大',
    photos: [{ data: jpeg('a'), thumb: jpeg('a-thumb'), width: 1280, height: 960 }],
    contact: { name: '王阿姨', phone: '139 1234 5678', shareWithContractor: false, consent: true },
    ...extra,
  };
}

/** Sends a report as the page does, with a solved proof (unless the body brings its own). */
const report = async (body: unknown, o = from()) => srv.call<ResidentReceipt>('POST', '/api/resident/report', null, await proven(srv, body, o), o);
const follow = (token: string) => srv.call<ResidentFollowView>('POST', '/api/resident/follow', null, { follow: token }, from());

beforeAll(async () => {
  srv = await startServer({ label: 'resident', trustProxy: true });
  m.staff = await srv.join('staff', '社区老周');
  m.volunteer = await srv.join('volunteer', '志愿者小李');
  m.liaison = await srv.join('liaison', '施工方老张');
  const made = await srv.call<PosterInfo>('POST', '/api/admin/posters', m.staff.token, { pointId: null });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  poster = made.body;
});
afterAll(async () => srv?.close());

describe('posters', () => {
  it('only staff make posters; a poster shows its work and the response promise', async () => {
    const denied = await srv.call('POST', '/api/admin/posters', m.volunteer.token, { pointId: null });
    expect(denied.status).toBe(403);
    const shown = await srv.call<PosterView>('POST', '/api/resident/poster', null, { poster: poster.token }, from());
    expect(shown.status).toBe(200);
    expect(shown.body.workName).not.toBe('');
    expect(shown.body.responseHours).toBe(24);
    const listed = await srv.call<{ posters: PosterInfo[] }>('GET', '/api/admin/posters', m.staff.token);
    expect(listed.body.posters.map((p) => p.token)).toContain(poster.token);
  });

  it('a poster for a point of another work, or an unknown point, is refused', async () => {
    const r = await srv.call('POST', '/api/admin/posters', m.staff.token, { pointId: 'no-such-point' });
    expect(r.status).toBe(404);
  });

  it('a revoked poster takes no more reports, and says so', async () => {
    const made = await srv.call<PosterInfo>('POST', '/api/admin/posters', m.staff.token, { pointId: null });
    expect((await srv.call('POST', '/api/admin/posters/revoke', m.staff.token, { token: made.body.token })).status).toBe(200);
    const r = await report({ ...reportBody(), poster: made.body.token });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('停用');
  });
});

describe('a report', () => {
  it('becomes an issue with its photo every role pulls, reported by the resident identity; the contact reaches staff only', async () => {
    const r = await report(reportBody());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.ref).toMatch(/^JM-\d{4}$/);
    expect(r.body.follow).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const view = await follow(r.body.follow);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ ref: r.body.ref, status: 'reported', category: 'sewage', contactKept: true, canAnswer: false });
    expect(view.body.photos).toHaveLength(1);

    const staffOps = await srv.pullAll(m.staff.token);
    const created = staffOps.find((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description.startsWith('3号楼'))!;
    expect(created).toBeDefined();
    const reporter = staffOps.find((o) => o.kind === 'member.join' && o.entityId === created.actor)!;
    expect((reporter.payload as { name: string }).name).toBe('居民扫码');
    expect(staffOps.some((o) => o.kind === 'photo.add' && (o.payload as { targetId: string }).targetId === created.entityId)).toBe(true);
    expect(JSON.stringify(staffOps)).toContain('139 1234 5678');
    for (const who of [m.volunteer, m.liaison]) {
      const ops = await srv.pullAll(who.token);
      expect(ops.some((o) => o.entityId === created.entityId)).toBe(true);
      expect(JSON.stringify(ops)).not.toContain('139 1234 5678');
    }
    // The photo's bytes are there for the work's devices.
    const photo = staffOps.find((o) => o.kind === 'photo.add' && (o.payload as { targetId: string }).targetId === created.entityId)!;
    const bytes = await fetch(`${srv.base}/api/blobs/${(photo.payload as { hash: string }).hash}`, {
      headers: { Authorization: `Bearer ${m.volunteer.token}` },
    });
    expect(bytes.status).toBe(200);
  });

  it('a retried submit (the answer was lost) gives the same receipt and makes no second issue', async () => {
    const body = reportBody({ description: '重试的反映' });
    const first = await report(body);
    const second = await report(body);
    expect(second.status).toBe(200);
    expect(second.body.ref).toBe(first.body.ref);
    // The follow token first handed out was replaced: only the last one answers.
    expect((await follow(second.body.follow)).status).toBe(200);
    expect((await follow(first.body.follow)).status).toBe(404);
    const ops = await srv.pullAll(m.staff.token);
    expect(ops.filter((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === '重试的反映')).toHaveLength(1);
  });

  it('the contact is shared with the liaison only if the resident agreed', async () => {
    const r = await report(reportBody({ contact: { name: '李先生', phone: '137 0000 1111', shareWithContractor: true, consent: true } }));
    expect(r.status).toBe(200);
    expect(JSON.stringify(await srv.pullAll(m.liaison.token))).toContain('137 0000 1111');
    expect(JSON.stringify(await srv.pullAll(m.volunteer.token))).not.toContain('137 0000 1111');
  });
});

describe('withdrawing the contact', () => {
  it('erases the name and phone on the server and on the devices that held them; volunteers hear nothing of it', async () => {
    const r = await report(reportBody({ contact: { name: '赵女士', phone: '135 2222 3333', shareWithContractor: true, consent: true } }));
    const w = await srv.call<ResidentFollowView>('POST', '/api/resident/withdraw', null, { follow: r.body.follow }, from());
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.contactKept).toBe(false);
    const staffOps = await srv.pullAll(m.staff.token);
    const added = staffOps.find((o) => o.kind === 'contact.add' && (o.payload as { phone: string }).phone === '135 2222 3333')!;
    const erase = staffOps.find((o) => o.kind === 'contact.erase' && o.entityId === added.entityId);
    expect(erase).toBeDefined();
    expect((await srv.pullAll(m.liaison.token)).some((o) => o.kind === 'contact.erase' && o.entityId === added.entityId)).toBe(true);
    expect((await srv.pullAll(m.volunteer.token)).some((o) => o.entityId === added.entityId)).toBe(false);
    // Every device folds the same ops: the contact ends erased.
    const state = applyOp(applyOp(undefined, added as Op), erase as Op) as ContactState;
    expect(state).toMatchObject({ name: '', phone: '', erased: { reason: 'withdrawn' } });
    const stored = (await srv.store.listEntities(m.staff.work)).find((e) => e.type === 'contact' && e.state.id === added.entityId)!;
    expect(JSON.stringify(stored.state)).not.toContain('135 2222 3333');
    // Withdrawing twice changes nothing more.
    await srv.call('POST', '/api/resident/withdraw', null, { follow: r.body.follow }, from());
    expect((await srv.pullAll(m.staff.token)).filter((o) => o.kind === 'contact.erase' && o.entityId === added.entityId)).toHaveLength(1);
    // The audit chain records it.
    expect((await srv.store.listAudit()).some((a) => a.action === 'resident.withdraw' && a.detail.includes(added.entityId))).toBe(true);
  });

  it('a device cannot send an erase itself', async () => {
    const op = makeOp({ id: m.staff.id, work: m.staff.work, device: m.staff.device }, 'contact.erase', 'contact', fresh('contact'), {
      shareWithContractor: false,
      reason: 'withdrawn',
    });
    expect(await srv.outcomes(m.staff.token, [op])).toEqual(['server_only']);
  });
});

describe('hostile input', () => {
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['a description too long', { description: 'x'.repeat(RESIDENT_LIMITS.description + 1) }, 400],
    ['an empty description', { description: '   ' }, 400],
    ['four photos', { photos: Array.from({ length: 4 }, (_, i) => ({ data: jpeg(`p${i}`), thumb: jpeg(`t${i}`), width: 10, height: 10 })) }, 400],
    [
      'a photo that is not a picture',
      { photos: [{ data: Buffer.from('<script>alert(1)</script>').toString('base64'), thumb: jpeg('t'), width: 10, height: 10 }] },
      415,
    ],
    [
      'a photo too large',
      { photos: [{ data: Buffer.alloc(RESIDENT_LIMITS.photoBytes + 10, 0xff).toString('base64'), thumb: jpeg('t'), width: 10, height: 10 }] },
      400,
    ],
    ['a contact without consent', { contact: { name: '王', phone: '139', shareWithContractor: false, consent: false } }, 400],
    ['a phone that is not one', { contact: { name: '王', phone: 'call me <b>', shareWithContractor: false, consent: true } }, 400],
    ['an unknown field', { admin: true }, 400],
    ['an unknown category', { category: 'ufo' }, 400],
    ['a guessed poster token', { poster: 'A'.repeat(43) }, 404],
    ['a poster token of the wrong form', { poster: '../../etc' }, 400],
  ];
  for (const [what, extra, status] of cases) {
    it(`${what}: ${status}, and nothing is stored`, async () => {
      const before = (await srv.pullAll(m.staff.token)).length;
      const r = await report(reportBody(extra));
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.message.length).toBeGreaterThan(5);
      expect((await srv.pullAll(m.staff.token)).length).toBe(before);
    });
  }

  it('a body that is not JSON, or too big, is refused', async () => {
    const bad = await srv.call('POST', '/api/resident/report', null, '{"poster":', from());
    expect(bad.status).toBe(400);
    const huge = await srv.call('POST', '/api/resident/report', null, JSON.stringify({ pad: 'x'.repeat(RESIDENT_LIMITS.reportBodyBytes + 1) }), from());
    expect(huge.status).toBe(413);
  });

  it('the honeypot: a robot gets a receipt that follows nothing, and nothing is stored', async () => {
    const before = (await srv.pullAll(m.staff.token)).length;
    const r = await report(reportBody({ website: 'http://spam.example' }));
    expect(r.status).toBe(200);
    expect((await follow(r.body.follow)).status).toBe(404);
    expect((await srv.pullAll(m.staff.token)).length).toBe(before);
  });

  it('a follow token that is guessed or derived from the reference finds nothing', async () => {
    const r = await report(reportBody());
    expect((await follow('B'.repeat(43))).status).toBe(404);
    expect((await srv.call('POST', '/api/resident/follow', null, { follow: r.body.ref }, from())).status).toBe(400);
  });

  it('a follow token reads only its own report photos', async () => {
    const r = await report(reportBody());
    const other = await srv.call('POST', '/api/resident/photo', null, { follow: r.body.follow, hash: 'f'.repeat(64) }, from());
    expect(other.status).toBe(404);
  });
});

describe('following to the end', () => {
  it('the liaison fixes it; the resident says it is solved, and it is verified', async () => {
    const r = await report(reportBody({ description: '路面塌陷', photos: [] }));
    const ops = await srv.pullAll(m.staff.token);
    const issueId = ops.find((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === '路面塌陷')!.entityId;
    const author = { id: m.liaison.id, work: m.liaison.work, device: m.liaison.device };
    const tomorrow = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
    expect(await srv.outcomes(m.liaison.token, [makeOp(author, 'issue.transition', 'issue', issueId, { to: 'acknowledged', plannedDate: tomorrow })])).toEqual([
      'accepted',
    ]);
    expect((await follow(r.body.follow)).body).toMatchObject({ status: 'acknowledged', plannedDate: tomorrow, canAnswer: false });
    const early = await srv.call('POST', '/api/resident/feedback', null, { follow: r.body.follow, answer: 'solved', comment: '' }, from());
    expect(early.status).toBe(400);
    const photoOp = makeOp(author, 'photo.add', 'photo', fresh('after'), {
      hash: 'a'.repeat(64),
      size: 10,
      thumbHash: 'b'.repeat(64),
      thumbSize: 5,
      width: 10,
      height: 10,
      takenAt: null,
      location: null,
      phase: 'after',
      caption: '',
      targetType: 'issue',
      targetId: issueId,
    });
    expect(await srv.outcomes(m.liaison.token, [photoOp, makeOp(author, 'issue.transition', 'issue', issueId, { to: 'resolved' })])).toEqual([
      'accepted',
      'accepted',
    ]);
    const fixed = await follow(r.body.follow);
    expect(fixed.body).toMatchObject({ status: 'resolved', canAnswer: true });
    expect(fixed.body.photos.map((p) => p.phase)).toEqual(['after']);
    const said = await srv.call<ResidentFollowView>(
      'POST',
      '/api/resident/feedback',
      null,
      { follow: r.body.follow, answer: 'solved', comment: '谢谢' },
      from(),
    );
    expect(said.status, JSON.stringify(said.body)).toBe(200);
    expect(said.body).toMatchObject({ status: 'verified', canAnswer: false, feedback: { answer: 'solved', comment: '谢谢' } });
  });

  it('an answer of "partly" reopens it for the volunteers, with the resident’s words', async () => {
    const r = await report(reportBody({ description: '噪音扰民', photos: [] }));
    const ops = await srv.pullAll(m.staff.token);
    const issueId = ops.find((o) => o.kind === 'issue.create' && (o.payload as { description: string }).description === '噪音扰民')!.entityId;
    const author = { id: m.liaison.id, work: m.liaison.work, device: m.liaison.device };
    const photoOp = makeOp(author, 'photo.add', 'photo', fresh('after'), {
      hash: 'c'.repeat(64),
      size: 10,
      thumbHash: 'd'.repeat(64),
      thumbSize: 5,
      width: 10,
      height: 10,
      takenAt: null,
      location: null,
      phase: 'after',
      caption: '',
      targetType: 'issue',
      targetId: issueId,
    });
    const tomorrow = new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10);
    await srv.outcomes(m.liaison.token, [
      makeOp(author, 'issue.transition', 'issue', issueId, { to: 'acknowledged', plannedDate: tomorrow }),
      photoOp,
      makeOp(author, 'issue.transition', 'issue', issueId, { to: 'resolved' }),
    ]);
    const said = await srv.call<ResidentFollowView>(
      'POST',
      '/api/resident/feedback',
      null,
      { follow: r.body.follow, answer: 'partly', comment: '晚上还是吵' },
      from(),
    );
    expect(said.body.status).toBe('reopened');
    const pulled = await srv.pullAll(m.volunteer.token);
    const reopen = pulled.find((o) => o.kind === 'issue.transition' && o.entityId === issueId && (o.payload as { to: string }).to === 'reopened')!;
    expect((reopen.payload as { reason: string }).reason).toContain('晚上还是吵');
    const twice = await srv.call('POST', '/api/resident/feedback', null, { follow: r.body.follow, answer: 'solved', comment: '' }, from());
    expect(twice.status).toBe(400);
  });
});

// Before the limits below: the daily cap they reach would refuse this block's good report.
describe('the proof of work and the draft id', () => {
  it('a report carries a solved, fresh, unused challenge; else it is refused and nothing is stored', async () => {
    const o = from();
    const before = (await srv.pullAll(m.staff.token)).length;
    const asked = await srv.call<ResidentChallenge>('POST', '/api/resident/challenge', null, {}, o);
    expect(asked.status).toBe(200);
    expect(asked.body.bits).toBe(RESIDENT_LIMITS.proofBits);
    expect(asked.body.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { challenge, bits } = asked.body;
    const send = (proof: unknown) => report({ ...reportBody(), proof }, o);
    // No proof at all: the body's form is wrong.
    const bare = await srv.call<ResidentReceipt>('POST', '/api/resident/report', null, reportBody(), o);
    expect(bare.status).toBe(400);
    // A nonce whose hash falls short.
    let weak = 0;
    while (
      leadingZeroBits(
        createHash('sha256')
          .update(proofMessage(challenge, weak.toString(36)))
          .digest(),
      ) >= bits
    )
      weak++;
    const short = await send({ challenge, nonce: weak.toString(36) });
    expect(short.status).toBe(403);
    expect(short.body.error.code).toBe('proof_failed');
    // A challenge the server never issued, solved.
    const made = 'Q'.repeat(43);
    expect((await send({ challenge: made, nonce: solveProof(made, bits) })).status).toBe(403);
    // An expired one, solved.
    const old = 'E'.repeat(43);
    await srv.store.addChallenge(old, Date.now() - 1, Date.now(), 20);
    expect((await send({ challenge: old, nonce: solveProof(old, bits) })).status).toBe(403);
    expect((await srv.pullAll(m.staff.token)).length).toBe(before);
    // The issued one, solved (a failed try did not use it up): taken once, never twice.
    const good = { challenge, nonce: solveProof(challenge, bits) };
    expect((await send(good)).status).toBe(200);
    const again = await send(good);
    expect(again.status).toBe(403);
    expect(again.body.error.message).toContain('提交');
  });

  it('challenges per client address', async () => {
    const o = from();
    const statuses: number[] = [];
    for (let i = 0; i <= RESIDENT_LIMITS.challengesPerAddressPerMinute; i++)
      statuses.push((await srv.call('POST', '/api/resident/challenge', null, {}, o)).status);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('a draft id shorter than 16 characters is refused', async () => {
    const r = await report(reportBody({ clientId: 'a1b2c3d4e5f6g7h' }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('16');
  });
});

describe('limits', () => {
  it('per client address', async () => {
    const o = from();
    const statuses: number[] = [];
    for (let i = 0; i <= RESIDENT_LIMITS.reportsPerAddressPerHour; i++) statuses.push((await report(reportBody(), o)).status);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    const last = await report(reportBody(), o);
    expect(last.status).toBe(429);
    expect(last.body.error.code).toBe('rate_limited');
  });

  it('follow-page reads per client address', async () => {
    const r = await report(reportBody({ photos: [] }));
    const o = from();
    const statuses: number[] = [];
    for (let i = 0; i <= RESIDENT_LIMITS.followPerAddressPerMinute; i++) {
      statuses.push((await srv.call('POST', '/api/resident/follow', null, { follow: r.body.follow }, o)).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const last = await srv.call('POST', '/api/resident/follow', null, { follow: r.body.follow }, o);
    expect(last.body.error.code).toBe('rate_limited');
    // Another address still reads it.
    expect((await follow(r.body.follow)).status).toBe(200);
  });

  it('per poster', async () => {
    const made = await srv.call<PosterInfo>('POST', '/api/admin/posters', m.staff.token, { pointId: null });
    let last = 0;
    for (let i = 0; i <= RESIDENT_LIMITS.reportsPerPosterPerHour; i++) last = (await report({ ...reportBody({ photos: [] }), poster: made.body.token })).status;
    expect(last).toBe(429);
  });

  it('per work and day: a clear message to call the community instead', async () => {
    let r = await report(reportBody({ photos: [] }));
    for (let i = 0; i < RESIDENT_LIMITS.reportsPerWorkPerDay && r.status === 200; i++) {
      const made = await srv.call<PosterInfo>('POST', '/api/admin/posters', m.staff.token, { pointId: null });
      for (let k = 0; k < RESIDENT_LIMITS.reportsPerPosterPerHour - 1 && r.status === 200; k++)
        r = await report({ ...reportBody({ photos: [] }), poster: made.body.token });
    }
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_reports');
    expect(r.body.error.message).toContain('社区');
  }, 120_000);

  it('the day is China’s', () => {
    // 2026-12-04 23:30 in Beijing is 15:30 UTC; its day began at 16:00 UTC the day before.
    expect(chinaDayStart(Date.UTC(2026, 11, 4, 15, 30))).toBe(Date.UTC(2026, 11, 3, 16, 0));
  });
});
