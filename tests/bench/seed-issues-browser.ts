/**
 * What the browser benches of the issue lists share: a staff member joins the demo work in the built app, and
 * `n` issues (every status, two liaisons to filter by) go straight into the device's store, as a sync of a big
 * work would leave them, without the minutes a real sync of 20,000 ops takes.
 */
import type { Page } from '@playwright/test';
import type { RunningServer } from '../e2e/server';

/** A staff member joins through the join page and waits until the first sync is done. */
export async function joinAsStaff(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`${server.url}/join?code=${server.codes.staff}`);
  await page.getByLabel('您的称呼').fill('bench staff');
  await page.getByRole('button', { name: '加入', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' }).waitFor();
  await page
    .getByRole('button', { name: /^同步状态/, disabled: false })
    .filter({ hasText: '已同步' })
    .waitFor({ timeout: 30_000 });
}

/**
 * Writes `n` issues of the work (and two liaisons) into the app's IndexedDB, in one transaction. Ids are
 * `${idPrefix}-${i}`: several works on one device each need their own prefix.
 */
export async function seedIssues(page: Page, n: number, work: string, idPrefix = 'bench-issue'): Promise<void> {
  await page.evaluate(
    async ({ n, work, idPrefix }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('sitewatch');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const statuses = ['reported', 'acknowledged', 'in_progress', 'resolved', 'verified', 'disputed', 'reopened', 'rejected'];
      const categories = ['noise', 'sewage', 'access', 'safety', 'dust', 'greenery', 'parking', 'other'];
      const now = Date.now();
      const stamp = (ms: number, c: number) => `${String(ms).padStart(15, '0')}:${c.toString(36).padStart(4, '0')}:bench`;
      const tx = db.transaction(['issues', 'members'], 'readwrite');
      for (const id of ['bench-liaison-1', 'bench-liaison-2'])
        tx.objectStore('members').put({ id, work, name: id, role: 'liaison', joinedAt: stamp(now, 0), syncPending: false });
      const store = tx.objectStore('issues');
      for (let i = 0; i < n; i++) {
        const reported = now - Math.floor((i * 60 * 86_400_000) / n);
        const status = statuses[(i * 7) % statuses.length]!;
        const history: unknown[] = [{ op: `c${i}`, kind: 'issue.create', actor: 'bench-vol', device: 'bench', at: stamp(reported, 0), to: 'reported' }];
        if (status !== 'reported')
          history.push({
            op: `a${i}`,
            kind: 'issue.transition',
            actor: `bench-liaison-${(i % 2) + 1}`,
            device: 'bench',
            at: stamp(reported + 3_600_000, 0),
            to: 'acknowledged',
            plannedDate: '2099-01-01',
          });
        if (status !== 'reported' && status !== 'acknowledged')
          history.push({
            op: `t${i}`,
            kind: 'issue.transition',
            actor: `bench-liaison-${(i % 2) + 1}`,
            device: 'bench',
            at: stamp(reported + 7_200_000, 0),
            to: status,
          });
        const updated = stamp(reported + 7_200_000, i % 1000);
        store.put({
          id: `${idPrefix}-${i}`,
          work,
          category: categories[(i * 3) % categories.length],
          description: `bench issue ${i} 施工噪音与扬尘`,
          severity: 'medium',
          pointId: `demo-point-${(i % 4) + 1}`,
          status,
          plannedDate: status === 'reported' ? null : '2099-01-01',
          reportedBy: 'bench-vol',
          reportedAt: stamp(reported, 0),
          fieldStamps: { category: stamp(reported, 0), description: stamp(reported, 0), severity: stamp(reported, 0), pointId: stamp(reported, 0) },
          history,
          comments: [],
          updatedAt: updated,
          affected: 1,
          syncPending: false,
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { n, work, idPrefix },
  );
}
