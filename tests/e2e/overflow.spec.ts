/**
 * Nothing scrolls sideways: every route, in Chinese and English, at 320 and
 * 360 px, as each role, over a work with realistic data (issues in every
 * status with photos, a point's photo timeline, a site plan, checklist runs),
 * seeded once through the real sync server. A page fails when the document
 * is wider than the screen or when any element reaches past the screen's
 * edge (unless a scrolling or clipping box around it holds it on purpose),
 * or when a control's label wraps one character a line; and the sticky header's
 * controls must stay on top of the page scrolled under them.
 *
 * Each runs in normal text and in large text mode (TEXT_MODES: its `apply` runs once per phone after
 * joining, before the routes are opened).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { type SeededSite, seedSite } from './seed-site';
import type { Role } from './server';
import { overflowAt } from './overflow-check';

const WIDTHS = [360, 320] as const;
const ROLES: Role[] = ['volunteer', 'liaison', 'staff'];
const LANGUAGES = [
  { name: 'zh-CN', locale: 'zh-CN', synced: /已同步/ },
  { name: 'en', locale: 'en-US', synced: /Synced/ },
] as const;
/** Large text mode is kept per device in localStorage: set before the routes are opened, it applies from the next page load. */
export const TEXT_MODES: Array<{ name: string; apply: (page: Page) => Promise<void>; axe: boolean }> = [
  { name: 'normal text', apply: async () => {}, axe: true },
  // axe's findings (contrast, names, roles) do not change with the text size: checked once, in normal text, to keep the run short.
  { name: 'large text', apply: (page) => page.evaluate(() => localStorage.setItem('sitewatch.largeText', '1')), axe: false },
];

function routes(site: SeededSite): string[] {
  const w = '/w/demo-work';
  return [
    w,
    '/settings',
    `${w}/issues/new`,
    ...site.issues.map((i) => `${w}/issues/${i.id}`),
    `${w}/issues/${site.issues[0]!.id}/notice`,
    ...[1, 2, 3, 4].map((n) => `${w}/points/demo-point-${n}`),
    `${w}/plans`,
    `${w}/review`,
    `${w}/meeting`,
    `${w}/brief`,
    `${w}/notify`,
    `${w}/checklists`,
    `${w}/checklists/${site.templateId}`,
    `${w}/checklists/${site.templateId}/edit`,
    `${w}/inspections/${site.inspections.submitted}`,
    `${w}/inspections/${site.inspections.draft}`,
    `${w}/admin`,
    `${w}/invite`,
    '/works/new',
    '/signin',
    '/join',
    // The desk's pages (below 1024 px: the phone's list and cards).
    '/works',
    `${w}/issues`,
    `${w}/points`,
    `${w}/notices?ids=${site.issues[0]!.id},${site.issues[1]!.id}`,
  ];
}

let site: SeededSite;

/**
 * The header's controls still take a tap once the page is scrolled under the sticky header: a control
 * of the page drawn over them (a map's zoom buttons) would take it instead.
 */
function headerCovered(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const covered: string[] = [];
    for (const y of [200, 400, 700]) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (const c of document.querySelectorAll('.topbar a, .topbar button')) {
        const r = c.getBoundingClientRect();
        if (r.width === 0) continue;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit && !c.contains(hit)) {
          covered.push(
            `"${c.getAttribute('aria-label') ?? c.textContent}" is covered by ${hit.tagName.toLowerCase()}.${String(hit.className)} scrolled ${y} px`,
          );
        }
      }
    }
    window.scrollTo(0, 0);
    return covered;
  });
}

test.beforeAll(async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url + '/join');
  site = await seedSite(server, page);
  await ctx.close();
});

for (const mode of TEXT_MODES) {
  for (const lang of LANGUAGES) {
    for (const role of ROLES) {
      test(`no page scrolls sideways or covers the header: ${role}, ${lang.name}, ${mode.name}, at ${WIDTHS.join(' and ')} px`, async ({ browser, server }) => {
        // About 2.6 min alone on the shared 2-core machine since the desk pages joined the routes: room for a busy one.
        test.setTimeout(240_000);
        const ctx = await browser.newContext({ locale: lang.locale, viewport: { width: WIDTHS[0], height: 740 } });
        const page = await ctx.newPage();
        await page.goto(`${server.url}/join?code=${server.codes[role]}`);
        await page.getByRole('textbox', { name: /^(您的称呼|Your name)/ }).fill(`${role} 的名字比较长的一位成员`);
        await page.getByRole('button', { name: /^(加入|Join)$/ }).click();
        await expect(page.getByRole('button', { name: lang.synced })).toBeVisible({ timeout: 30_000 });
        await mode.apply(page);

        const failures: string[] = [];
        const axeRuns = new Map<string, number>();
        for (const route of routes(site)) {
          await page.setViewportSize({ width: WIDTHS[0], height: 740 });
          await page.goto(server.url + route);
          await expect(page.locator('h1').first()).toBeVisible();
          // Lazy parts (photos, plan tiles, live lists) settle within a moment of the heading.
          await page.evaluate(() => document.fonts.ready);
          await page.waitForTimeout(300);
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 740 });
            for (const problem of await overflowAt(page)) failures.push(`${route} at ${width} px: ${problem}`);
          }
          for (const problem of await headerCovered(page)) failures.push(`${route}: ${problem}`);
          if (!mode.axe) continue;
          // axe-core at the phone's width: no serious or critical violation. Once per kind of page (the
          // fourth issue page is built as the first), which keeps the run short on a shared machine.
          const kind = route.replace(/\/(issues|points|inspections)\/(?!new)[^/]+$/, '/$1/:id');
          if ((axeRuns.get(kind) ?? 0) >= 2) continue;
          axeRuns.set(kind, (axeRuns.get(kind) ?? 0) + 1);
          await page.setViewportSize({ width: WIDTHS[0], height: 740 });
          const axe = await new AxeBuilder({ page }).analyze();
          for (const v of axe.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
            failures.push(`${route}: axe ${v.id} (${v.impact}) on ${v.nodes.map((n) => n.html.slice(0, 120)).join(', ')}`);
          }
        }
        expect(failures).toEqual([]);
        await ctx.close();
      });
    }
  }
}
