/**
 * Bytes a phone downloads for a cold first load of the start page and the join page, with the
 * server's precompressed brotli copies against without them (`Accept-Encoding: identity`): what the
 * build's precompression saves on a weak network. Real Chromium, the real server (tsx
 * sync-server/main.ts on loopback), the service worker blocked so only the page's own requests count,
 * bytes as the network saw them (CDP `encodedDataLength`: headers and bodies).
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startServer } from '../e2e/server';
import { type BenchModule, type BenchResult, type Measured, freePort, isMain, round, runStandalone } from './common';

async function coldLoad(
  browser: import('@playwright/test').Browser,
  url: string,
  headers: Record<string, string>,
): Promise<{ bytes: number; requests: number; encodings: Set<string> }> {
  const ctx = await browser.newContext({ serviceWorkers: 'block', extraHTTPHeaders: headers });
  try {
    const page = await ctx.newPage();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    let requests = 0;
    const encodings = new Set<string>();
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      bytes += e.encodedDataLength;
      requests++;
    });
    page.on('response', (r) => void encodings.add(r.headers()['content-encoding'] ?? 'none'));
    await page.goto(url, { waitUntil: 'networkidle' });
    return { bytes, requests, encodings };
  } finally {
    await ctx.close();
  }
}

export async function run(): Promise<BenchResult> {
  const server = await startServer({ port: await freePort() });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const figures: Measured[] = [];
  const failures: string[] = [];
  try {
    for (const [label, path] of [
      ['start page', '/'],
      ['join page', `/join?code=${server.codes.volunteer}`],
    ] as const) {
      const compressed = await coldLoad(browser, `${server.url}${path}`, {});
      const plain = await coldLoad(browser, `${server.url}${path}`, { 'Accept-Encoding': 'identity' });
      if (!compressed.encodings.has('br'))
        failures.push(`${label}: no response came brotli-compressed (encodings seen: ${[...compressed.encodings].join(', ')})`);
      console.log(
        `    ${label}: ${compressed.requests} requests, ${(compressed.bytes / 1024).toFixed(1)} KiB compressed vs ${(plain.bytes / 1024).toFixed(1)} KiB`,
      );
      figures.push({
        name: `cold first load, ${label} (bytes transferred, compressed)`,
        value: round(compressed.bytes / 1024, 1),
        unit: 'KiB',
        baseline: 'the same load without compression',
        baselineValue: round(plain.bytes / 1024, 1),
      });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return {
    figures,
    failures,
    notes: [
      '**First-load bytes.** A cold load (fresh browser context, service worker blocked, networkidle) of `/` and of ' +
        "`/join?code=…` in Debian's Chromium from the real server on loopback, summing CDP `encodedDataLength` (bytes on " +
        'the wire, headers included) over every request; once as Chromium asks (it gets the brotli copies the build ' +
        'wrote, `scripts/precompress.ts`) and once with `Accept-Encoding: identity` (the files as they are). ' +
        'Deterministic up to a few header bytes.',
    ],
  };
}

export const firstLoadBytes: BenchModule = { title: 'first-load bytes', run };

if (isMain(import.meta.url)) runStandalone(run);
