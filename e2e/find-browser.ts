import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Which Chromium the e2e tests drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else a browser that
 * Playwright itself installed earlier. We never download one: CI machines may have no network.
 */
export function findChromium(): { path?: string; source: string } | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, source: `$CHROMIUM_PATH (${fromEnv})` };
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(p)) return { path: p, source: p };
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { source: `Playwright's own Chromium (${own})` };
  } catch {
    // Playwright has no browser of its own here.
  }
  return null;
}

export const NO_BROWSER_MESSAGE =
  'No Chromium found for the end-to-end tests: install it with `apt-get install -y chromium` (Debian) or set CHROMIUM_PATH.';
