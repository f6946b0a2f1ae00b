/**
 * A work as it looks after a few weeks of use, written through the real sync
 * API: the issue history of seed-history.ts (every status, before and after
 * photos), a timeline of photos at a point, a site plan with points placed on
 * it, and checklist runs (one submitted, one draft). Pages that fit an empty
 * work can still overflow with this.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { SHIPPED_TEMPLATES, type Answer, type Item, allItems, shippedBody } from '../../src/core';
import { type Member, type SeededIssue, drawJpeg, seedHistory, seeder } from './seed-history';
import type { RunningServer } from './server';

const H = 3_600_000;

export interface SeededSite {
  issues: SeededIssue[];
  planId: string;
  inspections: { submitted: string; draft: string };
  templateId: string;
}

/** An answer that passes the item (what a volunteer on a good day writes). */
function passingAnswer(item: Item, photos: string[]): Answer {
  const base = { note: '', photos: [] as string[] };
  switch (item.kind) {
    case 'check':
      return { ...base, value: 'pass' };
    case 'number': {
      const lo = item.passMin ?? item.min;
      const hi = item.passMax ?? item.max;
      return { ...base, value: Math.round((lo + hi) / 2) };
    }
    case 'choice':
      return { ...base, value: item.options.find((o) => !item.failOptions?.includes(o.id))!.id };
    case 'text':
      return { ...base, value: '现场整洁，围挡完好，居民通行正常' };
    case 'photo':
      return { ...base, value: null, photos: photos.slice(0, item.minPhotos) };
  }
}

export async function seedSite(server: RunningServer, page: Page, now = Date.now()): Promise<SeededSite> {
  const issues = await seedHistory(server, page, now);
  const { join, op, push, upload } = seeder(server);
  const volunteer = await join('volunteer', '巡查的赵师傅');
  const staff = await join('staff', '社区网格员小周');

  // The bytes go up after the record that names them (the server takes only bytes a record names).
  const blob = async (label: string, hue: number) => {
    const bytes = await drawJpeg(page, label, hue);
    const hash = createHash('sha256').update(bytes).digest('hex');
    return { bytes, hash, size: bytes.byteLength, upload: (who: Member) => upload(who, hash, bytes) };
  };

  // A point's timeline: before, during and after the trench, with captions.
  const pointPhotos: string[] = [];
  const phases = ['before', 'before', 'during', 'during', 'after'] as const;
  for (const [n, phase] of phases.entries()) {
    const at = now - (10 - n * 2) * 24 * H;
    const { hash, size, upload: send } = await blob(`主干道 ${n + 1}`, 30 + n * 40);
    const id = randomUUID();
    await push(volunteer, [
      op(volunteer, at, {
        entity: 'photo',
        kind: 'photo.add',
        entityId: id,
        payload: {
          hash,
          size,
          thumbHash: hash,
          thumbSize: size,
          width: 1200,
          height: 900,
          takenAt: at,
          location: { lat: 29.8683, lng: 121.544, accuracy: 8, source: 'device' },
          phase,
          caption: `3号楼北侧主干道施工前后对比第 ${n + 1} 张`,
          targetType: 'point',
          targetId: 'demo-point-1',
        },
      }),
    ]);
    await send(volunteer);
    pointPhotos.push(id);
  }

  // A site plan, with three points placed on it.
  const plan = await blob('总平面图', 200);
  const planId = randomUUID();
  await push(staff, [
    op(staff, now - 20 * 24 * H, {
      entity: 'plan',
      kind: 'plan.add',
      entityId: planId,
      payload: { name: '阳光花园小区总平面图', hash: plan.hash, size: plan.size, width: 1200, height: 900, controlPoints: null },
    }),
    ...[1, 2, 3].map((n) =>
      op(staff, now - 20 * 24 * H + n, {
        entity: 'point',
        kind: 'point.place',
        entityId: `demo-point-${n}`,
        payload: { place: { planId, x: 200 * n, y: 150 * n } },
      }),
    ),
  ]);
  await plan.upload(staff);

  // Checklist runs of the demo work's site-order template: one submitted, one left as a draft.
  const templateId = 'demo-template-site-order';
  const body = shippedBody(
    SHIPPED_TEMPLATES.find((t) => t.key === 'lib-site-order')!,
    'zh-CN',
  );
  const run = async (pointId: string, at: number, submit: boolean) => {
    const id = randomUUID();
    const items = allItems(body);
    const answered = submit ? items : items.slice(0, 3);
    await push(volunteer, [
      op(volunteer, at, { entity: 'inspection', kind: 'inspection.start', entityId: id, payload: { templateId, version: 1, pointId } }),
      ...answered.map((item, n) =>
        op(volunteer, at + 1000 + n, {
          entity: 'inspection',
          kind: 'inspection.answer',
          entityId: id,
          payload: { itemId: item.id, answer: passingAnswer(item, pointPhotos) },
        }),
      ),
      ...(submit ? [op(volunteer, at + 60_000, { entity: 'inspection', kind: 'inspection.submit', entityId: id, payload: { raised: {} } })] : []),
    ]);
    return id;
  };
  const submitted = await run('demo-point-1', now - 2 * 24 * H, true);
  const draft = await run('demo-point-3', now - 3 * H, false);
  return { issues, planId, inspections: { submitted, draft }, templateId };
}
