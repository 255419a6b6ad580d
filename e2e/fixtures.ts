import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';

/**
 * Every test is guarded (an automatic fixture, so a test cannot leave it out by not asking for it): it fails if a
 * page of the test logged a console error, threw an uncaught error, or sent a request off the app's origin. A test
 * that provokes an error on purpose names it, `test.use({ expectedErrors: { why: /^console\.error: …/ } })`; each
 * pattern must then match at least once, and anything no pattern matches still fails the test. (A record, not an
 * array: `test.use` would read an array as a fixture definition `[value, options]`.)
 *
 * Each test gets a fresh page (a fresh document, its own workers), but the pages of one Playwright worker share a
 * browser profile: a new context per test has an empty HTTP cache, so every test would fetch and compile ONNX
 * Runtime's 14 MB wasm and our bundles again, and SwiftShader every shader. The app keeps nothing in storage, so
 * sharing the cache shares no state between tests.
 */
export const test = base.extend<
  { guard: void; expectedErrors: ExpectedErrors; app: AppPage },
  { sharedContext: BrowserContext }
>({
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
  expectedErrors: [{}, { option: true }],
  guard: [
    async ({ page, sharedContext, baseURL, expectedErrors }, use) => {
      const errors: string[] = [];
      const origin = new URL(baseURL!).origin;
      const watch = (p: Page) => guardPage(p, origin, errors);
      watch(page);
      // Pages the test opens itself (popups, a second page) are guarded too.
      sharedContext.on('page', watch);
      await use();
      sharedContext.off('page', watch);
      const { unexpected, unmatched } = sortErrors(errors, expectedErrors);
      expect(unexpected, 'console errors, page errors or requests off the origin').toEqual([]);
      expect(unmatched, 'expectedErrors patterns that matched nothing').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});
export { expect };

/** Collect into `errors` what the guard forbids on `page`: console errors, uncaught errors, requests off `origin`. */
export function guardPage(page: Page, origin: string, errors: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      errors.push(`request left the origin: ${url}`);
    }
  });
}

/** Errors a test provokes on purpose, each pattern under a name that says why it is expected. */
export type ExpectedErrors = Readonly<Record<string, RegExp>>;

/** Split collected errors into those no pattern allows, and the names of the patterns that allowed nothing. */
export function sortErrors(errors: readonly string[], expected: ExpectedErrors): { unexpected: string[]; unmatched: string[] } {
  const patterns = Object.entries(expected);
  const unexpected = errors.filter((e) => !patterns.some(([, re]) => e.search(re) >= 0));
  const unmatched = patterns.filter(([, re]) => !errors.some((e) => e.search(re) >= 0)).map(([name, re]) => `${name}: ${re}`);
  return { unexpected, unmatched };
}

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
