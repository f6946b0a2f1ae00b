/**
 * The first screen a new person sees (the start page, which sends them to the join page, and the
 * join page an invite's QR code opens) must come quickly on a cheap phone on a weak link: its
 * JavaScript and CSS stay within 50 KB gzip on a cold load. The rest (the device's store, the sync
 * engine, a member's home page) is fetched right after it showed, before anybody taps.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { FIRST_SCREEN_BUDGET_KB, KB, describeFirstScreen, measureFirstScreen } from './first-screen';

const ASSETS = join(process.cwd(), 'dist', 'assets');

/** The built chunk that holds the device's store (Dexie and its schema): found by what it contains. */
function storeChunk(): string {
  const found = readdirSync(ASSETS).filter((f) => f.endsWith('.js') && readFileSync(join(ASSETS, f), 'utf8').includes('outboxCommits'));
  expect(found, 'exactly one built chunk holds the device store').toHaveLength(1);
  return `/assets/${found[0]}`;
}

for (const [label, path, locale] of [
  ['start page', '/', 'zh-CN'],
  ['join page', '/join?code=VOLUNTEER', 'zh-CN'],
  // English fetches the English of the shell's catalogs as well.
  ['join page in English', '/join?code=VOLUNTEER', 'en'],
] as const) {
  test(`${label}: the first screen's JS and CSS stay within ${FIRST_SCREEN_BUDGET_KB} KB gzip on a cold load`, async ({ browser, server }) => {
    const url = `${server.url}${path.replace('VOLUNTEER', server.codes.volunteer)}`;
    const shot = await measureFirstScreen(browser, url, 'gzip', locale);
    const listed = describeFirstScreen(shot);
    // The measurement is sound: the app marked its first screen after the join form was drawn.
    expect(shot.marked, 'the app marks its first screen (src/main.tsx)').toBe(true);
    expect(shot.formAt, 'the join form was drawn before the first-screen mark').not.toBeNull();
    expect(shot.formAt!).toBeLessThanOrEqual(shot.cutoffAt);
    // It counted compressed bytes of real files: together smaller than the files they came from (a
    // tiny file may be sent as it is).
    expect(shot.requests.some((r) => r.kind === 'js')).toBe(true);
    expect(shot.requests.some((r) => r.kind === 'css')).toBe(true);
    for (const r of shot.requests) expect(r.bytes, `${r.path} was counted`).toBeGreaterThan(0);
    const raw = shot.requests.reduce((n, r) => n + statSync(join(process.cwd(), 'dist', r.path)).size, 0);
    expect(shot.js + shot.css, 'the first screen came compressed').toBeLessThan(raw / 2);
    const total = (shot.js + shot.css) / KB;
    console.log(`${label}: first screen ${total.toFixed(2)} KB gzip (JS ${(shot.js / KB).toFixed(2)}, CSS ${(shot.css / KB).toFixed(2)}): ${listed}`);
    expect(total, `first screen of the ${label}: ${listed}`).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET_KB);
    // The device's store is not part of it.
    expect(shot.requests.map((r) => r.path)).not.toContain(storeChunk());
  });
}

test('right after the first screen the store and the sync engine arrive, so joining opens the home page at once', async ({ browser, server }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const store = storeChunk();
  const fetched = page.waitForResponse((r) => new URL(r.url()).pathname === store);
  await page.goto(`${server.url}/join?code=${server.codes.volunteer}`);
  await expect(page.getByLabel('您的称呼')).toBeVisible();
  // Fetched without anybody touching the page.
  expect((await fetched).ok()).toBe(true);
  await page.getByLabel('您的称呼').fill('首屏之后的周阿姨');
  await page.getByRole('button', { name: '加入' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '阳光花园小区雨污分流改造' })).toBeVisible();
  await expect(page.getByRole('button', { name: /同步状态/ })).toBeVisible();
  await ctx.close();
});
