/** The demo work seeded on first start, so that a newcomer has something to try. */
import { ROLES, SHIPPED_TEMPLATES, shippedBody } from '../src/core';
import { acceptOrReject } from './apply';
import { newInviteCode } from './auth';
import type { Invite, Store } from './store';
import { systemOp } from './system-ops';

export const DEMO_WORK_ID = 'demo-work';

const DEMO_POINTS = [
  { id: 'demo-point-1', name: '3号楼北侧主干道', lat: 29.8683, lng: 121.544 },
  { id: 'demo-point-2', name: '5号楼东侧绿化带', lat: 29.8679, lng: 121.5452 },
  { id: 'demo-point-3', name: '南门雨水检查井', lat: 29.8671, lng: 121.5447 },
  { id: 'demo-point-4', name: '地下车库入口', lat: 29.8675, lng: 121.5436 },
];

/** Checklists: two shipped templates copied into the demo work, so a newcomer finds them. */
export const DEMO_TEMPLATES = [
  { id: 'demo-template-pipes', key: 'lib-pipe-laying' },
  { id: 'demo-template-site-order', key: 'lib-site-order' },
] as const;

/** Seeds the demo work when the store holds no work yet; returns its invites. */
export async function seedDemoIfEmpty(store: Store): Promise<boolean> {
  if ((await store.countWorks()) > 0) return false;
  const now = Date.now();
  return store.transaction(async (tx) => {
    // Instances sharing one database may start together: only the first seeds (write transactions take turns).
    if (await tx.getEntity('work', DEMO_WORK_ID)) return false;
    const ops = [
      systemOp<'work.create'>({
        kind: 'work.create',
        entity: 'work',
        entityId: DEMO_WORK_ID,
        work: DEMO_WORK_ID,
        payload: {
          name: '阳光花园小区雨污分流改造',
          compound: '阳光花园小区',
          community: '东胜社区',
          kind: 'drainage',
          contractor: '宁波市政建设有限公司',
          startDate: new Date(now).toISOString().slice(0, 10),
          endDate: null,
          responseTargets: { acknowledgeHours: 24, resolveDays: 7 },
        },
      }),
      ...DEMO_POINTS.map((p) =>
        systemOp<'point.create'>({
          kind: 'point.create',
          entity: 'point',
          entityId: p.id,
          work: DEMO_WORK_ID,
          payload: { name: p.name, lat: p.lat, lng: p.lng },
        }),
      ),
      ...DEMO_TEMPLATES.map(({ id, key }) => {
        const shipped = SHIPPED_TEMPLATES.find((t) => t.key === key)!;
        return systemOp<'template.create'>({
          kind: 'template.create',
          entity: 'template',
          entityId: id,
          work: DEMO_WORK_ID,
          payload: { name: shipped.title[0], body: shippedBody(shipped, 'zh-CN'), basedOn: key },
        });
      }),
    ];
    for (const op of ops) {
      const r = await acceptOrReject(tx, op, 'system', now);
      if (r.status !== 'accepted') throw new Error(`seed op refused: ${r.reason.message}`);
    }
    for (const role of ROLES) {
      const invite: Invite = { code: newInviteCode(), work: DEMO_WORK_ID, role, expiresAt: null };
      await tx.addInvite(invite, now);
    }
    return true;
  });
}
