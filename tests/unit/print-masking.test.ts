/**
 * Residents' phones never leave in a print or an export unmasked: the contact a resident left, and a
 * number they typed into their report (or a caption, or their answer), come out as 138****5678 in the
 * CSV, the Excel ledger and the photo ZIP (their bytes, searched), and every print page (整改通知单, the
 * weekly brief, the meeting pack) passes what it shows of a description, caption or reason through
 * maskPhones (their source, searched).
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type ContactState, type IssueState, type WorkState, RULES_VERSION, applyOp, encodeStamp, maskName, maskPhone, maskPhones } from '../../src/core';
import { db } from '../../src/db/db';
import { issuesCsv } from '../../src/features/review/export-csv';
import { buildLedger } from '../../src/features/review/export-ledger';
import { photosZip } from '../../src/features/review/export-zip';
import { EMPTY_REVIEW, type ReviewData } from '../../src/features/review/review-data';
import type { Membership } from '../../src/lib/settings';

/** A phone number anywhere in a text, unmasked: 11 digits of a mobile, in groups or not, or a landline. */
const UNMASKED = /(?<!\d)(1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-?\d{7,8})(?!\d)/;

describe('maskPhones', () => {
  it.each([
    ['请打13912345678联系我', '请打139****5678联系我'],
    ['电话 139 1234 5678，谢谢', '电话 139****5678，谢谢'],
    ['+86 139-1234-5678', '139****5678'],
    ['物业 0574-87654321', '物业 057****4321'],
  ])('%s → %s', (text, masked) => {
    expect(maskPhones(text)).toBe(masked);
    expect(maskPhones(text)).not.toMatch(UNMASKED);
  });

  it.each(['2026-12-04 晚上 10 点', '3号楼 12 户', '井盖 60cm', '编号 20261204'])('leaves "%s" alone', (text) => {
    expect(maskPhones(text)).toBe(text);
  });

  it('masks a contact as the ledger always did', () => {
    expect(maskName('王小明')).toBe('王**');
    expect(maskPhone('138 0013 8000')).toBe('138****8000');
  });
});

const WORK = 'work-mask';
const T0 = Date.UTC(2026, 11, 1, 2, 0);
const stamp = (ms: number) => encodeStamp({ wall: T0 + ms, counter: 0, node: 'dev1' });

function data(): ReviewData {
  const created = applyOp(undefined, {
    id: 'op-1',
    work: WORK,
    actor: 'resident',
    device: 'resident-page',
    hlc: stamp(0),
    v: RULES_VERSION,
    entity: 'issue',
    entityId: 'issue-1',
    kind: 'issue.create',
    payload: { category: 'sewage', description: '井盖冒水，请打 139 1234 5678 找我', severity: 'medium', pointId: null, viaPoster: true },
  }) as IssueState;
  const issue = { ...created, syncPending: false } as ReviewData['issues'][number];
  const work = {
    id: WORK,
    work: WORK,
    name: '雨污分流',
    compound: '',
    community: '',
    kind: 'drainage',
    contractor: '',
    startDate: null,
    endDate: null,
  } as unknown as WorkState;
  return { ...EMPTY_REVIEW, work: work as ReviewData['work'], issues: [issue] };
}

describe('exports', () => {
  const m = { work: WORK, token: 'none', memberId: 'staff-1', role: 'staff', name: '老周', workName: '雨污分流' } as unknown as Membership;

  it('the CSV, the Excel ledger and the photo ZIP hold no unmasked phone, from the description or the contact', async () => {
    const contact: ContactState = {
      id: 'c-1',
      work: WORK,
      issueId: 'issue-1',
      name: '王阿姨',
      phone: '13912345678',
      shareWithContractor: false,
      addedBy: 'resident',
      addedAt: stamp(1),
    };
    await db.contacts.put({ ...contact, syncPending: false } as never);

    const csv = issuesCsv(data(), T0 + 3_600_000);
    expect(csv).toContain('139****5678');
    expect(csv).not.toMatch(UNMASKED);

    const ledger = await buildLedger(data(), m, T0 + 3_600_000, () => {});
    const texts = Object.values(unzipSync(ledger.bytes)).map((b) => strFromU8(b));
    const all = texts.join('\n');
    expect(all).toContain('139****5678');
    expect(all).toContain('王**');
    expect(all).not.toMatch(UNMASKED);
    expect(all).not.toContain('王阿姨');
    // The summary sheet counts the residents' reports as the overview does (residentFigures).
    expect(all).toContain('居民扫码反映');

    const zip = await photosZip(data(), m, () => {});
    const zipped = Object.entries(unzipSync(new Uint8Array(await zip.blob.arrayBuffer())))
      .map(([name, b]) => `${name}\n${strFromU8(b)}`)
      .join('\n');
    expect(zipped).not.toMatch(UNMASKED);
  });
});

describe('print pages', () => {
  const PAGES = ['src/features/issues/IssueNoticePage.tsx', 'src/features/review/BriefPage.tsx', 'src/features/review/MeetingPackPage.tsx'];
  it.each(PAGES)('%s shows descriptions, captions and reasons only through maskPhones', (file) => {
    const source = readFileSync(join(__dirname, '../..', file), 'utf8');
    // Every place the page puts a free text on paper: the expression must be masked.
    const shown = [...source.matchAll(/\{[^{}]*?\.(description|caption)\b(?!['`])[^{}]*\}|reason: [^,}]+/g)].map((x) => x[0]);
    expect(shown.length).toBeGreaterThan(0);
    for (const s of shown) expect(s, `${file}: ${s}`).toMatch(/maskPhones\(/);
  });
});
