/**
 * Renders public/icon.svg into the PNG icons of the manifest with headless
 * Chromium. Run by hand after changing the SVG: `npx tsx scripts/make-icons.ts`.
 * The maskable icon keeps the drawing inside the central 80% safe zone.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/chromium';

const svg = readFileSync('public/icon.svg', 'utf8');
const maskable = svg.replace('rx="96"', 'rx="0"').replace('<circle', '<g transform="translate(51.2 51.2) scale(0.8)"><circle').replace('</svg>', '</g></svg>');

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
for (const [file, size, source] of [
  ['public/icon-192.png', 192, svg],
  ['public/icon-512.png', 512, svg],
  ['public/icon-maskable-512.png', 512, maskable],
  ['public/apple-touch-icon.png', 180, maskable],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${source}`);
  await page.screenshot({ path: file, omitBackground: true });
  console.log(`wrote ${file}`);
}
await browser.close();
