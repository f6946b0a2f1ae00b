/**
 * issues: a resident's contact reaches staff, and the liaison only with
 * the resident's consent; never a volunteer (not even the one who wrote it
 * down, once the server has it), over real HTTP with real client stores
 * (fake-indexeddb). "Me too" grows the count of residents affected on every
 * device. A pull page whose last op is hidden still moves the device's cursor.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinResponse, PullResponse, Role } from '../../src/core';
import { SitewatchDB } from '../../src/db/db';
import { newId } from '../../src/lib/ids';
import type { Membership } from '../../src/lib/settings';
import { createApi } from '../../src/sync/api';
import { syncWork } from '../../src/sync/engine';
import { type Device, recordOps } from '../../src/sync/local';
import { DEMO_WORK_ID } from '../../sync-server/seed';
import type { Store } from '../../sync-server/store';
import { type TestServer, startServer } from './harness';

const PHONE_SECRET = '139 1234 5678';
const PHONE_SHARED = '137 8765 4321';

let srv: TestServer;
let store: Store;
let base = '';
const api = () => createApi(base);

interface Phone {
  device: Device;
  m: Membership;
}
const phones = {} as Record<'volunteer' | 'volunteer2' | 'liaison' | 'staff', Phone>;

async function joinPhone(role: Role, name: string, key: keyof typeof phones): Promise<void> {
  const codes = srv.codes;
  const deviceId = `dev-${key}`;
  const joined: JoinResponse = await api().join({ code: codes[role], name, deviceId });
  phones[key] = {
    device: { db: new SitewatchDB(`privacy-${key}-${Date.now()}`), deviceId, now: () => Date.now() },
    m: { work: DEMO_WORK_ID, workName: joined.workName, memberId: joined.member.id, name, role, token: joined.token, joinedAt: Date.now() },
  };
}

const sync = (p: Phone) => syncWork(p.device, api(), p.m);

/** Every op a token's pull returns, as raw text (what travels). */
async function pulledText(p: Phone): Promise<string> {
  let after = 0;
  let text = '';
  for (;;) {
    const res = await fetch(`${base}/api/sync/pull?after=${after}&limit=1000`, { headers: { Authorization: `Bearer ${p.m.token}` } });
    const body = await res.text();
    text += body;
    const page = JSON.parse(body) as PullResponse;
    after = page.cursor;
    if (!page.hasMore) return text;
  }
}

beforeAll(async () => {
  srv = await startServer({ label: 'issue-privacy', joinAttemptsPerMinute: 1000 });
  ({ store, base } = srv);
  await joinPhone('volunteer', '孙阿姨', 'volunteer');
  await joinPhone('volunteer', '王伯', 'volunteer2');
  await joinPhone('liaison', '吴工', 'liaison');
  await joinPhone('staff', '小王', 'staff');
});

afterAll(() => srv.close());

describe("residents' contacts", () => {
  const issueId = newId();
  /**
   * The complaint and its two contacts, recorded once by whichever test needs them first (each test
   * below may run alone or in any order).
   */
  let recording: Promise<void> | undefined;
  const contactsRecorded = () => (recording ??= recordContacts());

  async function recordContacts(): Promise<void> {
    const v = phones.volunteer;
    await recordOps(v.device, v.m, [
      {
        kind: 'issue.create',
        entity: 'issue',
        entityId: issueId,
        payload: { category: 'noise', description: '夜间施工噪音', severity: 'high', pointId: 'demo-point-1' },
      },
      { kind: 'contact.add', entity: 'contact', entityId: newId(), payload: { issueId, name: '李阿姨', phone: PHONE_SECRET, shareWithContractor: false } },
    ]);
    // Before it is sent, the device holds it (nothing may be lost offline).
    expect(await v.device.db.contacts.count()).toBe(1);
    await sync(v);
    // Once the server has it, the volunteer's phone no longer does: not in the view, the outbox or the sent log.
    expect(await v.device.db.contacts.count()).toBe(0);
    expect(JSON.stringify(await v.device.db.outbox.toArray())).not.toContain(PHONE_SECRET);
    expect(JSON.stringify(await v.device.db.sent.toArray())).not.toContain(PHONE_SECRET);
    expect(await v.device.db.outbox.count()).toBe(0);

    // A second volunteer adds a neighbour ("me too"), who agrees to share with the contractor.
    const v2 = phones.volunteer2;
    await sync(v2);
    await recordOps(v2.device, v2.m, [
      { kind: 'issue.affect', entity: 'issue', entityId: issueId, payload: {} },
      { kind: 'contact.add', entity: 'contact', entityId: newId(), payload: { issueId, name: '张师傅', phone: PHONE_SHARED, shareWithContractor: true } },
    ]);
    await sync(v2);
    expect(await v2.device.db.outbox.count()).toBe(0);
  }

  it('a volunteer records a complaint with a contact that did not consent, then one who did ("me too")', async () => {
    await contactsRecorded();
  });

  it("a volunteer's pull never carries a phone number; the non-consenting one never reaches the liaison; staff get both", async () => {
    await contactsRecorded();
    const vol = await pulledText(phones.volunteer);
    expect(vol).toContain('夜间施工噪音');
    expect(vol).not.toContain(PHONE_SECRET);
    expect(vol).not.toContain(PHONE_SHARED);
    const lia = await pulledText(phones.liaison);
    expect(lia).not.toContain(PHONE_SECRET);
    expect(lia).toContain(PHONE_SHARED);
    const staff = await pulledText(phones.staff);
    expect(staff).toContain(PHONE_SECRET);
    expect(staff).toContain(PHONE_SHARED);
  });

  it('on the devices: everyone sees 2 residents affected; contacts only where allowed', async () => {
    await contactsRecorded();
    for (const p of Object.values(phones)) await sync(p);
    for (const p of Object.values(phones)) expect((await p.device.db.issues.get(issueId))?.affected).toBe(2);
    // This complaint's contacts (another test may add contacts to an issue of its own).
    const phonesOn = async (p: Phone) =>
      (await p.device.db.contacts.toArray())
        .filter((c) => c.issueId === issueId)
        .map((c) => c.phone)
        .sort();
    expect(await phonesOn(phones.staff)).toEqual([PHONE_SHARED, PHONE_SECRET].sort());
    expect(await phonesOn(phones.liaison)).toEqual([PHONE_SHARED]);
    expect(await phonesOn(phones.volunteer)).toEqual([]);
    expect(await phonesOn(phones.volunteer2)).toEqual([]);
  });

  it('a page that ends on a hidden op still moves the cursor, and the next pull is accepted (no reset)', async () => {
    // Make the log end on a secret contact (hidden from volunteers), on a complaint of this test's own.
    const v = phones.volunteer;
    await sync(v);
    const s = phones.staff;
    const ownIssue = newId();
    await recordOps(s.device, s.m, [
      {
        kind: 'issue.create',
        entity: 'issue',
        entityId: ownIssue,
        payload: { category: 'noise', description: '凌晨卸货', severity: 'medium', pointId: 'demo-point-1' },
      },
      {
        kind: 'contact.add',
        entity: 'contact',
        entityId: newId(),
        payload: { issueId: ownIssue, name: '赵先生', phone: '135 0000 0000', shareWithContractor: false },
      },
    ]);
    await sync(s);
    const before = (await v.device.db.syncState.get(DEMO_WORK_ID))!;
    await sync(v);
    const after = (await v.device.db.syncState.get(DEMO_WORK_ID))!;
    expect(after.cursor).toBe(await store.maxSeq());
    expect(after.cursor).toBeGreaterThan(before.cursor);
    expect(after.error).toBeNull();
    // The cursor id names the hidden op, which the server recognises.
    const res = await fetch(`${base}/api/sync/pull?after=${after.cursor}&afterId=${after.cursorId}`, { headers: { Authorization: `Bearer ${v.m.token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as PullResponse).ops).toEqual([]);
  });
});
