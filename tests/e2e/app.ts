/** A page object: what a person does in Sitewatch, in the words they would use. */
import { type Browser, type BrowserContext, type Locator, type Page, expect } from '@playwright/test';
import type { Role, RunningServer } from './server';

export class SitewatchApp {
  constructor(
    readonly page: Page,
    readonly server: RunningServer,
  ) {}

  async join(role: Role, name: string): Promise<void> {
    await this.page.goto(`${this.server.url}/join?code=${this.server.codes[role]}`);
    await this.page.getByLabel('您的称呼').fill(name);
    await this.page.getByRole('button', { name: '加入', exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  }

  /** The service worker controls the page and the work's points arrived: safe to go offline. */
  async waitUntilReadyOffline(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    await expect(this.syncChip()).toHaveAccessibleName(/已同步/, { timeout: 20_000 });
  }

  syncChip(): Locator {
    return this.page.getByRole('button', { name: /^同步状态/ });
  }

  async recordComplaint(c: { category: string; description: string; point?: string }): Promise<void> {
    await this.page.getByRole('link', { name: /记录居民投诉/ }).click();
    await this.page.getByRole('radio', { name: c.category }).check();
    await this.page.getByLabel('情况描述').fill(c.description);
    if (c.point) await this.page.getByLabel('点位（可不选）').selectOption({ label: c.point });
    await this.page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
  }

  /** Opens a point's page from the work page's list of points. */
  async openPoint(name: string): Promise<void> {
    await this.page
      .getByRole('list', { name: '点位' })
      .getByRole('link', { name: new RegExp(name) })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  /** Staff create another work (named and in a compound, the rest as the form suggests); answers its id. */
  async createWork(name: string, compound: string): Promise<string> {
    await this.page.goto(`${this.server.url}/works/new`);
    await this.page.getByLabel('工程名称').fill(name);
    await this.page.getByLabel('小区', { exact: true }).fill(compound);
    await this.page.getByRole('button', { name: '创建工程' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: `管理：${name}` })).toBeVisible();
    return /\/w\/([^/]+)\/admin/.exec(this.page.url())![1]!;
  }

  /** An issue's card in the work's list of issues (the same card may also stand in the inbox above it). */
  issueCard(description: string): Locator {
    return this.page.getByRole('list', { name: '问题与投诉' }).getByRole('link', { name: new RegExp(description) });
  }
}

/** A new phone (browser context) whose person has joined the demo work and is ready to go offline. */
export async function joinedPhone(browser: Browser, server: RunningServer, role: Role, name: string): Promise<{ ctx: BrowserContext; app: SitewatchApp }> {
  const ctx = await browser.newContext();
  const app = new SitewatchApp(await ctx.newPage(), server);
  await app.join(role, name);
  await app.waitUntilReadyOffline();
  return { ctx, app };
}

/** The liaison, on an acknowledged issue's page, marks it fixed with an "after" photo, and waits for it to sync. */
export async function markFixedWithPhoto(page: Page, photo: Buffer): Promise<void> {
  await page.getByRole('button', { name: '标记已整改' }).click();
  await page.getByLabel('拍照').setInputFiles({ name: 'fixed.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByRole('img', { name: '第 1 张照片', exact: true }).last()).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: '标记已整改 ✓' }).click();
  await expect(page.getByText('✓ 已同步')).toBeVisible({ timeout: 30_000 });
}

/** The resident's follow page, refreshed until the fix shows, with the photos from before and after. */
export async function residentSeesFixed(page: Page): Promise<void> {
  await expect(async () => {
    await page.getByRole('button', { name: '刷新' }).click();
    await expect(page.getByText('已处理，请您确认', { exact: true })).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: '反映时的照片' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '处理后的照片' })).toBeVisible();
  await expect(page.locator('.photos img[src^="blob:"]')).toHaveCount(2, { timeout: 30_000 });
}

/**
 * The volunteer's phone fetches a resident's report, goes offline and opens it to triage: the report's card
 * (found by its text) shows the triage heading.
 */
export async function openReportToTriageOffline(volunteer: { ctx: BrowserContext; app: SitewatchApp }, text: string): Promise<Page> {
  const v = volunteer.app.page;
  await volunteer.app.syncChip().click();
  await v.goto(`${volunteer.app.server.url}/w/demo-work`);
  await expect(v.getByText('居民反映待分诊').first()).toBeVisible({ timeout: 20_000 });
  await volunteer.ctx.setOffline(true);
  await volunteer.app.issueCard(text).click();
  await expect(v.getByRole('heading', { name: '居民扫码反映：请分诊' })).toBeVisible();
  return v;
}
