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
