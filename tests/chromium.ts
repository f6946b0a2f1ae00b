/**
 * How tests launch Chromium: never a browser Playwright would download (that
 * fails offline), but Debian's /usr/bin/chromium, or the one named by
 * SITEWATCH_CHROMIUM (set it to "playwright" to use Playwright's own browser).
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumLaunchOptions(): LaunchOptions {
  const wanted = process.env.SITEWATCH_CHROMIUM;
  const executablePath = wanted === 'playwright' ? undefined : (wanted ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined));
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  };
}
