/**
 * Evidence bands: what the band under each photo (China time, place, author, SHA-256's first 8 characters)
 * adds to printing the joint-meeting pack. The issue's budget: at most 20 % more time than the same pack
 * printed without bands.
 *
 * Setup: the built app (dist/) served by the real sync server; a volunteer reports PACK_ISSUES complaints
 * through the sync API, each with two photos (1200×900 JPEGs drawn by the browser, with a GPS position and
 * most with a compass heading), so the pack shows PACK_ISSUES × 2 photos; a staff member opens the pack in
 * Chromium and waits until every photo has loaded.
 *
 * Measured: `page.pdf()` (A4 as the page's print styles say, backgrounds on) of the whole pack with the
 * bands on and with them off (the pack's own checkbox), ROUNDS rounds after one warm-up print of each, the
 * order alternating from round to round so that a machine slowing down or warming up weighs on both sides
 * alike, each side of a round the fastest of TRIES prints (other work on a shared machine only adds time). Figures: median time with bands against the median without, in the same run; the budget is checked
 * on the median of the per-round ratios. Every print is checked to draw each photo once.
 */
import { createHash, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { type Page, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { imagesPerPage } from '../e2e/pdf-images';
import { drawJpeg, seeder } from '../e2e/seed-history';
import { type RunningServer, startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, ROOT, freePort, isMain, median, round, runStandalone, timeMs } from './common';
import { joinAsStaff } from './seed-issues-browser';

const PACK_ISSUES = 25;
const PHOTOS = PACK_ISSUES * 2;
const ROUNDS = 9;
/** Prints of each kind per round, the fastest kept: a print is a few hundred ms, a neighbour's load spike seconds. */
const TRIES = 3;
/** The issue's budget: bands may add at most 20 % to the print. */
const MAX_RATIO = 1.2;
const DAY = 86_400_000;
const BAND_TOGGLE = '照片下方加水印（时间、地点、拍摄人、照片编号）';
const POINTS = [
  { id: 'demo-point-1', lat: 29.8683, lng: 121.544 },
  { id: 'demo-point-2', lat: 29.8679, lng: 121.5452 },
  { id: 'demo-point-3', lat: 29.8671, lng: 121.5447 },
  { id: 'demo-point-4', lat: 29.8675, lng: 121.5436 },
];

/** Complaints of the last week, two photos each, as a volunteer's phone would have sent them. */
async function seedPack(page: Page, server: RunningServer): Promise<void> {
  const { join: joinAs, op, push, upload } = seeder(server);
  const volunteer = await joinAs('volunteer', '拍照的王阿姨');
  const now = Date.now();
  for (let i = 0; i < PACK_ISSUES; i++) {
    const id = randomUUID();
    const point = POINTS[i % POINTS.length]!;
    const reported = now - ((i % 7) + 1) * DAY + i * 60_000;
    await push(volunteer, [
      op(volunteer, reported, {
        entity: 'issue',
        kind: 'issue.create',
        entityId: id,
        payload: { category: 'sewage', description: `第${i + 1}处井盖破损，污水外溢`, severity: 'medium', pointId: point.id },
      }),
    ]);
    for (let k = 0; k < 2; k++) {
      const bytes = await drawJpeg(page, `井盖 ${i + 1}-${k + 1}`, (i * 37 + k * 90) % 360);
      const hash = createHash('sha256').update(bytes).digest('hex');
      const at = reported + (k + 1) * 60_000;
      await push(volunteer, [
        op(volunteer, at, {
          entity: 'photo',
          kind: 'photo.add',
          entityId: randomUUID(),
          payload: {
            hash,
            size: bytes.byteLength,
            thumbHash: hash,
            thumbSize: bytes.byteLength,
            width: 1200,
            height: 900,
            takenAt: at,
            location: { lat: point.lat + i * 1e-5, lng: point.lng - k * 1e-5, accuracy: 8, source: 'device' },
            phase: 'before',
            caption: '',
            targetType: 'issue',
            targetId: id,
            // Most photos with a compass heading (the band then says which way), some without.
            ...(i % 5 === 4 ? {} : { heading: (i * 47 + k * 90) % 360 }),
          },
        }),
      ]);
      await upload(volunteer, hash, bytes);
    }
  }
}

async function run(): Promise<BenchResult> {
  // tests/e2e/server.ts runs `sync-server/main.ts` relative to the working directory.
  if (process.cwd() !== ROOT) process.chdir(ROOT);
  const server = await startServer({ port: await freePort(), staticDir: join(ROOT, 'dist') });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // Staff print the pack from a computer.
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    // tsx (esbuild, keepNames) wraps named functions inside page.evaluate callbacks in __name(): give the page one.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const page = await context.newPage();
    await joinAsStaff(page, server);
    await seedPack(page, server);

    await page.goto(`${server.url}/w/demo-work/meeting`);
    const pack = page.getByRole('article', { name: '联席会议材料' });
    const photos = pack.getByRole('img');
    const bands = pack.getByRole('note', { name: '照片水印' });
    const toggle = page.getByLabel(BAND_TOGGLE);
    // Every photo reached this device and loaded (from the server: the pack is printed as it shows).
    await waitFor(async () => (await photos.count()) === PHOTOS, `the pack never showed ${PHOTOS} photos`);
    await waitFor(
      () => photos.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
      'the photos never all loaded',
    );

    const print = async (banded: boolean): Promise<{ ms: number; bytes: number }> => {
      await toggle.setChecked(banded);
      await waitFor(async () => (await bands.count()) === (banded ? PHOTOS : 0), `bands ${banded ? 'on' : 'off'} never showed`);
      let fastest = { ms: Infinity, bytes: 0 };
      for (let k = 0; k < TRIES; k++) {
        const { ms, result } = await timeMs(() => page.pdf({ preferCSSPageSize: true, printBackground: true }));
        // Each photo drawn once, whole: the figure is of the pack as it should print.
        const drawn = imagesPerPage(result).flat();
        if (new Set(drawn).size !== PHOTOS || drawn.length !== PHOTOS)
          throw new Error(`the PDF draws ${drawn.length} images (${new Set(drawn).size} distinct), expected ${PHOTOS} whole photos`);
        if (ms < fastest.ms) fastest = { ms, bytes: result.byteLength };
      }
      return fastest;
    };

    await print(true);
    await print(false);
    const on: number[] = [];
    const off: number[] = [];
    const ratios: number[] = [];
    let sizes = { on: 0, off: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const first = r % 2 === 0;
      const a = await print(first);
      const b = await print(!first);
      const [withBands, without] = first ? [a, b] : [b, a];
      on.push(withBands.ms);
      off.push(without.ms);
      ratios.push(withBands.ms / without.ms);
      sizes = { on: withBands.bytes, off: without.bytes };
    }
    await context.close();

    const ratio = median(ratios);
    const failures =
      ratio > MAX_RATIO
        ? [`evidence bands add ${Math.round((ratio - 1) * 100)} % to printing the meeting pack (median ratio ${ratio.toFixed(3)}), over the 20 % budget`]
        : [];
    return {
      figures: [
        {
          name: `meeting pack, ${PHOTOS} photos: print to PDF with evidence bands (Chromium page.pdf)`,
          value: round(median(on), 0),
          unit: 'ms',
          baseline: 'the same pack printed without bands',
          baselineValue: round(median(off), 0),
        },
        {
          name: `meeting pack, ${PHOTOS} photos: PDF size with evidence bands`,
          value: round(sizes.on / 1024, 0),
          unit: 'KiB',
          baseline: 'the same pack printed without bands',
          baselineValue: round(sizes.off / 1024, 0),
        },
      ],
      failures,
      notes: [
        `**Evidence bands in the meeting pack** (tests/bench/pack-bands-browser.ts): the built app in Chromium, ${PACK_ISSUES} complaints ` +
          `reported through the sync API with two 1200×900 photos each (GPS position, most with a compass heading), the pack opened by ` +
          `staff with all ${PHOTOS} photos loaded. Printed to PDF with \`page.pdf()\` (A4, backgrounds on) with the bands on and off ` +
          `through the pack's own checkbox, one warm-up print each, then ${ROUNDS} rounds alternating which goes first, each the fastest of ${TRIES} prints of each kind (the machine is shared); each PDF is ` +
          `checked to draw every photo once. The band is HTML text under the image (the stored photo is never re-encoded). ` +
          `Median of the per-round ratios in this run: ${ratio.toFixed(3)} (per round: ${ratios.map((x) => x.toFixed(2)).join(', ')}); ` +
          `budget ${MAX_RATIO} (issue #18). Load average at the end of the run: ${loadavg()[0]!.toFixed(1)} (on a machine loaded well past ` +
          'its cores the ratio swings both ways, from 0.85 to 1.5 here: compare runs on a quiet machine).',
      ],
    };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

/** Polls `check` until it holds (a loaded machine may take a while to sync and load 50 photos). */
async function waitFor(check: () => Promise<boolean>, message: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(message);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const packBandsBrowser: BenchModule = { title: 'meeting pack evidence bands in Chromium (print to PDF)', run };

if (isMain(import.meta.url)) runStandalone(run);
