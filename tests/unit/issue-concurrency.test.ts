/**
 * issues: people acting on one issue at the same time, each offline,
 * end in one state on every device, and nothing is lost from the history.
 * Two liaisons acknowledge the same report with different planned dates, staff
 * rejects it, a volunteer comments and another resident says "me too"; then
 * they sync in a chosen order. The server's order decides: the first
 * acknowledgement wins, the second is refused (invalid_transition, kept and
 * shown to its author), the rejection applies on top, comments and "me too"
 * accumulate. Real server over HTTP, real client stores (fake-indexeddb).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssueState, JoinResponse, Role } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOp } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import { type TestServer, startServer } from './harness';

interface Phone {
  device: Device;
  m: Membership;
}
type Who = 'volunteer' | 'volunteer2' | 'liaisonA' | 'liaisonB' | 'staff';

let srv: TestServer;
let base = '';
let phones = {} as Record<Who, Phone>;
let run = 0;

async function joinPhone(role: Role, who: Who): Promise<void> {
  const codes = srv.codes;
  const deviceId = `dev-${who}`;
  const joined: JoinResponse = await createApi(base).join({ code: codes[role], name: who, deviceId });
  phones[who] = {
    device: { db: new SitewatchDB(`concurrency-${run}-${who}`), deviceId, now: () => Date.now() },
    m: { work: DEMO_WORK_ID, workName: joined.workName, memberId: joined.member.id, name: who, role, token: joined.token, joinedAt: Date.now() },
  };
}
const sync = (p: Phone) => syncWork(p.device, createApi(base), p.m);

beforeEach(async () => {
  run++;
  srv = await startServer({ label: 'issue-concurrency', joinAttemptsPerMinute: 1000 });
  base = srv.base;
  phones = {} as Record<Who, Phone>;
  await joinPhone('volunteer', 'volunteer');
  await joinPhone('volunteer', 'volunteer2');
  await joinPhone('liaison', 'liaisonA');
  await joinPhone('liaison', 'liaisonB');
  await joinPhone('staff', 'staff');
});

afterEach(() => srv.close());

/** Everyone acts on the same issue without syncing, then syncs in `order`, then all sync again. */
async function scenario(order: Who[]): Promise<{ states: Array<Omit<IssueState, never>>; issueId: string }> {
  const issueId = newId();
  const v = phones.volunteer;
  await recordOp(v.device, v.m, {
    kind: 'issue.create',
    entity: 'issue',
    entityId: issueId,
    payload: { category: 'sewage', description: '污水冒出', severity: 'high', pointId: null },
  });
  for (const p of Object.values(phones)) await sync(p);

  const act = (who: Who, draft: Parameters<typeof recordOp>[2]) => recordOp(phones[who].device, phones[who].m, draft);
  await act('liaisonA', { kind: 'issue.transition', entity: 'issue', entityId: issueId, payload: { to: 'acknowledged', plannedDate: '2099-03-01' } });
  await act('liaisonB', { kind: 'issue.transition', entity: 'issue', entityId: issueId, payload: { to: 'acknowledged', plannedDate: '2099-04-01' } });
  await act('staff', { kind: 'issue.transition', entity: 'issue', entityId: issueId, payload: { to: 'rejected', reason: '已由物业处理' } });
  await act('volunteer', { kind: 'issue.comment', entity: 'issue', entityId: issueId, payload: { text: '今天又冒了' } });
  await act('volunteer2', { kind: 'issue.affect', entity: 'issue', entityId: issueId, payload: {} });

  for (const who of order) await sync(phones[who]);
  for (const p of Object.values(phones)) await sync(p);
  const states = await Promise.all(
    Object.values(phones).map(async (p) => {
      const { syncPending, ...state } = (await p.device.db.issues.get(issueId))!;
      expect(syncPending).toBe(false);
      return state;
    }),
  );
  return { states, issueId };
}

describe('two liaisons and staff on one issue at once', () => {
  it("liaison B first: B's acknowledgement stands, A's is refused and shown to A, \"me too\" counts, staff's rejection applies; all devices agree", async () => {
    const { states, issueId } = await scenario(['liaisonB', 'liaisonA', 'volunteer2', 'staff', 'volunteer']);
    for (const s of states) expect(s).toEqual(states[0]);
    const s = states[0]!;
    expect(s.status).toBe('rejected');
    expect(s.plannedDate).toBe('2099-04-01');
    expect(s.history.map((h) => [h.kind, h.to ?? null, h.actor])).toEqual([
      ['issue.create', 'reported', phones.volunteer.m.memberId],
      ['issue.transition', 'acknowledged', phones.liaisonB.m.memberId],
      ['issue.affect', null, phones.volunteer2.m.memberId],
      ['issue.transition', 'rejected', phones.staff.m.memberId],
    ]);
    expect(s.comments.map((c) => c.text)).toEqual(['今天又冒了']);
    expect(s.affected).toBe(2);
    const refused = await phones.liaisonA.device.db.rejected.toArray();
    expect(refused.map((r) => [r.op.entityId, r.reason.code, r.reason.params])).toEqual([
      [issueId, 'invalid_transition', { from: 'acknowledged', to: 'acknowledged' }],
    ]);
    expect(await phones.liaisonA.device.db.outbox.count()).toBe(0);
  });

  it('staff first: the rejection stands and both acknowledgements are refused; "me too" on a rejected issue is refused too; all devices agree', async () => {
    const { states } = await scenario(['staff', 'liaisonA', 'liaisonB', 'volunteer2', 'volunteer']);
    for (const s of states) expect(s).toEqual(states[0]);
    const s = states[0]!;
    expect(s.status).toBe('rejected');
    expect(s.plannedDate).toBeNull();
    expect(s.history.map((h) => h.to ?? h.kind)).toEqual(['reported', 'rejected']);
    expect(s.comments.map((c) => c.text)).toEqual(['今天又冒了']);
    expect(s.affected).toBe(1);
    for (const who of ['liaisonA', 'liaisonB'] as const) {
      expect((await phones[who].device.db.rejected.toArray()).map((r) => r.reason.code)).toEqual(['invalid_transition']);
    }
    expect((await phones.volunteer2.device.db.rejected.toArray()).map((r) => r.reason.code)).toEqual(['issue_closed']);
  });
});
