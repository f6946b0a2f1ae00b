/**
 * A work's past, written straight through the sync API as three members would
 * have: issues reported days ago and moved through every status at known times,
 * with real photos uploaded. Review tests then know exactly what the overview
 * and the meeting pack must show.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Browser, type BrowserContextOptions, type Page, expect } from '@playwright/test';
import { RULES_VERSION, encodeStamp, type IssueStatus, type Op } from '../../src/core';
import { createApi } from '../../src/sync/api';
import { SitewatchApp } from './app';
import type { Role, RunningServer } from './server';

const H = 3_600_000;
const D = 24 * H;

export interface SeededIssue {
  id: string;
  description: string;
  status: IssueStatus;
}

export interface Member {
  token: string;
  id: string;
  device: string;
}

/** A JPEG drawn by the browser: a coloured scene with a label, so photos differ and compress like photos. */
export async function drawJpeg(page: Page, label: string, hue: number): Promise<Uint8Array> {
  const b64 = await page.evaluate(
    ([text, h]) => {
      const c = document.createElement('canvas');
      c.width = 1200;
      c.height = 900;
      const g = c.getContext('2d')!;
      const grad = g.createLinearGradient(0, 0, 1200, 900);
      grad.addColorStop(0, `hsl(${h} 60% 70%)`);
      grad.addColorStop(1, `hsl(${(h + 60) % 360} 50% 35%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, 1200, 900);
      g.fillStyle = '#fff';
      g.font = 'bold 96px sans-serif';
      g.fillText(text, 80, 480);
      return c.toDataURL('image/jpeg', 0.8).split(',')[1]!;
    },
    [label, hue] as const,
  );
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Members who write straight through the sync API, as their phones would. */
export interface Seeder {
  join: (role: Role, name: string) => Promise<Member>;
  op: (who: Member, at: number, fields: { entity: string; kind: string; entityId: string; payload: unknown }) => Op;
  push: (who: Member, ops: Op[]) => Promise<void>;
  upload: (who: Member, hash: string, bytes: Uint8Array) => Promise<void>;
}

export function seeder(server: RunningServer): Seeder {
  const api = createApi(server.url);
  let counter = 0;
  return {
    async join(role, name) {
      const device = `seed-${role}-${randomUUID().slice(0, 8)}`;
      const r = await api.join({ code: server.codes[role], name, deviceId: device });
      return { token: r.token, id: r.member.id, device };
    },
    // Loosely typed on purpose: the server validates each op, and a refusal fails the seeding loudly.
    op: (who, at, fields) =>
      ({
        id: randomUUID(),
        work: 'demo-work',
        actor: who.id,
        device: who.device,
        hlc: encodeStamp({ wall: at, counter: counter++ % 1000, node: who.device }),
        v: RULES_VERSION,
        ...fields,
      }) as Op,
    async push(who, ops) {
      const res = await api.push(who.token, ops);
      const refused = res.results.filter((r) => r.status !== 'accepted');
      if (refused.length) throw new Error(`seed op refused: ${JSON.stringify(refused)}`);
    },
    async upload(who, hash, bytes) {
      await api.putChunk(who.token, hash, 0, bytes.byteLength, bytes.slice().buffer);
    },
  };
}

/**
 * Seeds the demo work with nine issues, one or more in each status a meeting
 * cares about, at times relative to `now`. Returns them with their expected status.
 */
export async function seedHistory(server: RunningServer, page: Page, now = Date.now()): Promise<SeededIssue[]> {
  const { join, op, push, upload } = seeder(server);
  const volunteer = await join('volunteer', '历史记录的王阿姨');
  const liaison = await join('liaison', '施工方老刘');
  const staff = await join('staff', '社区小陈');

  const future = new Date(now + 5 * D).toISOString().slice(0, 10);

  const issues: SeededIssue[] = [];
  let photoN = 0;
  const addPhoto = async (who: Member, issueId: string, at: number, phase: 'before' | 'after', label: string) => {
    const bytes = await drawJpeg(page, label, (photoN++ * 70) % 360);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const size = bytes.byteLength;
    // The record first, as the app sends it: the server takes only bytes a record of the work names.
    await push(who, [
      op(who, at, {
        entity: 'photo',
        kind: 'photo.add',
        entityId: randomUUID(),
        payload: {
          hash,
          size,
          thumbHash: hash,
          thumbSize: size,
          width: 1200,
          height: 900,
          takenAt: at,
          location: null,
          phase,
          caption: label,
          targetType: 'issue',
          targetId: issueId,
        },
      }),
    ]);
    await upload(who, hash, bytes);
  };

  /** An issue reported `agoDays` before now, then moved by `moves` ([status, hours after report]). */
  const story = async (
    description: string,
    category: 'noise' | 'sewage' | 'access' | 'safety' | 'dust' | 'greenery' | 'parking' | 'other',
    agoDays: number,
    moves: Array<[IssueStatus, number]>,
    photos: { before?: boolean } = {},
  ) => {
    const id = randomUUID();
    const reported = now - agoDays * D;
    await push(volunteer, [
      op(volunteer, reported, {
        entity: 'issue',
        kind: 'issue.create',
        entityId: id,
        payload: { category, description, severity: 'medium', pointId: 'demo-point-1' },
      }),
    ]);
    if (photos.before) await addPhoto(volunteer, id, reported + 60_000, 'before', `${description.slice(0, 4)} 前`);
    for (const [to, hours] of moves) {
      const at = reported + hours * H;
      const who = to === 'verified' || to === 'reopened' ? volunteer : to === 'rejected' ? staff : liaison;
      if (to === 'resolved') await addPhoto(liaison, id, at - 60_000, 'after', `${description.slice(0, 4)} 后`);
      const payload: Record<string, string> = { to };
      if (to === 'acknowledged') payload.plannedDate = future;
      if (to === 'disputed' || to === 'rejected' || to === 'reopened') payload.reason = `${description}：需要说明的理由`;
      await push(who, [op(who, at, { entity: 'issue', kind: 'issue.transition', entityId: id, payload })]);
    }
    issues.push({ id, description, status: moves.at(-1)?.[0] ?? 'reported' });
  };

  // Oldest first, as they were reported and sent: the server numbers issues in the order it accepts them,
  // so #1 is the one reported 20 days ago and #9 the newest.
  await story('西门出行受阻早已解决', 'access', 20, [
    ['acknowledged', 1],
    ['resolved', 30],
    ['verified', 40],
  ]);
  await story('主路路面破损整改拖延', 'greenery', 10, [
    ['acknowledged', 1],
    ['in_progress', 30],
  ]);
  await story('绿化带被挖整改后又坏', 'greenery', 8, [
    ['acknowledged', 1],
    ['resolved', 50],
    ['reopened', 60],
  ]);
  await story(
    '东门扬尘已整改核实',
    'dust',
    6,
    [
      ['acknowledged', 2],
      ['resolved', 48],
      ['verified', 72],
    ],
    { before: true },
  );
  await story('施工车辆占用消防通道', 'parking', 5, [['disputed', 3]]);
  await story('重复反映的井盖问题', 'safety', 4, [['rejected', 6]]);
  await story('夜间施工噪音无人回应', 'noise', 3, []);
  await story('五号楼下水道堵塞待核实', 'sewage', 2.5, [
    ['acknowledged', 2],
    ['resolved', 36],
  ]);
  await story('三号楼污水外溢已受理', 'sewage', 2, [['acknowledged', 5]]);
  return issues;
}

/**
 * Staff joined in a fresh context (the viewport and scale given), the demo work seeded with seedHistory, and
 * the overview of its review open with the status table shown: where the chart tests start.
 */
export async function staffOnSeededOverview(browser: Browser, server: RunningServer, options: BrowserContextOptions): Promise<SitewatchApp> {
  const ctx = await browser.newContext(options);
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join('staff', '社区小陈');
  await seedHistory(server, app.page);
  await app.page.goto(`${server.url}/w/demo-work/review`);
  await expect(app.page.getByRole('table', { name: '按状态（共 9 件）' })).toBeVisible({ timeout: 20_000 });
  return app;
}
