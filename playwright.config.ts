import { defineConfig } from '@playwright/test';
import { findChromium } from './e2e/find-browser.ts';

const browser = findChromium();
// LAYERLAB_E2E_PORT lets two checkouts test side by side without sharing a preview server.
const PORT = Number(process.env.LAYERLAB_E2E_PORT) || 4173;

export default defineConfig({
  testDir: 'e2e',
  // Screenshot specs write PNGs for people to look at; they assert nothing, so `npm test` skips them
  // (`npm run screenshots` runs them).
  testIgnore: process.env.LAYERLAB_SCREENSHOTS ? [] : ['**/*.screens.spec.ts', '**/*-shots.spec.ts'],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: browser?.path,
      // As root Chromium needs --no-sandbox; the rest keeps it from calling home on a closed network.
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
