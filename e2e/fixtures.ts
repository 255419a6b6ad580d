import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

/**
 * Every page gets a console-error and page-error collector; a test fails if the app logged an error
 * (unless the test explicitly expects one). Requests leaving the app's origin fail the test too.
 *
 * Each test gets a fresh page (a fresh document, its own workers), but the pages of one Playwright worker share a
 * browser profile: a new context per test has an empty HTTP cache, so every test fetched and compiled ONNX
 * Runtime's 14 MB wasm and our bundles again, and SwiftShader compiled every shader again (measured: 6 loads of the
 * batch-norm page, scrolled through with every parity check, cost 73 CPU-seconds in fresh contexts and 58 in one
 * profile). The app keeps nothing in storage, so sharing the cache shares no state between tests.
 */
export const test = base.extend<{ errors: string[]; app: AppPage }, { sharedContext: BrowserContext }>({
  sharedContext: [
    async ({ playwright, launchOptions }, use, workerInfo) => {
      const options = workerInfo.project.use;
      const profile = mkdtempSync(join(tmpdir(), 'layerlab-e2e-'));
      const context = await playwright.chromium.launchPersistentContext(profile, {
        ...launchOptions,
        headless: options.headless ?? true,
        viewport: options.viewport,
        baseURL: options.baseURL,
      });
      await use(context);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  context: async ({ sharedContext }, use) => {
    await use(sharedContext);
  },
  page: async ({ sharedContext }, use) => {
    const page = await sharedContext.newPage();
    await use(page);
    await page.close();
  },
  errors: async ({ page, baseURL }, use) => {
    const errors: string[] = [];
    const origin = new URL(baseURL!).origin;
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        errors.push(`request left the origin: ${url}`);
      }
    });
    await use(errors);
    expect(errors, 'console errors, page errors or foreign requests').toEqual([]);
  },
  app: async ({ page, errors }, use) => {
    void errors;
    await use(new AppPage(page));
  },
});
export { expect };

/** Fraction of a (WebGL) canvas's pixels that are not transparent: copied through a 2-D canvas and counted. */
export function paintedFraction(canvas: Locator): Promise<number> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(c, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
    return n / (c.width * c.height);
  });
}

/** A small page object over the app's test API (`window.__layerLab`). */
export class AppPage {
  constructor(readonly page: Page) {}

  async open(hash = '#/'): Promise<void> {
    await this.page.goto(`./${hash}`);
    await this.waitReady();
  }

  async waitReady(): Promise<void> {
    await this.page.waitForFunction(() => window.__layerLab?.ready === true);
  }

  /** A number or value an explorer published for tests. */
  async value<T = unknown>(key: string): Promise<T> {
    return this.page.evaluate((k) => window.__layerLab.explorer[k], key) as Promise<T>;
  }

  async state<T = Record<string, unknown>>(): Promise<T> {
    return this.page.evaluate(() => window.__layerLab.state?.()) as Promise<T>;
  }
}
