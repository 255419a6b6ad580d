import { test, expect, type AppPage } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { mulberry32, randomQuery } from '../src/state/random-query.ts';
import { parseHash, ROUTES, type RouteId } from '../src/state/route.ts';
import { PRESENTATION_SCHEMA, RESERVED_KEYS } from '../src/state/presentation.ts';
import { defaults, parseParams, type FieldSpec, type Schema } from '../src/state/schema.ts';
import { explorerLoaders } from '../src/explorers/registry.ts';
import { convTransposeSchema } from '../src/explorers/conv-transpose/schema.ts';
import { bnSchema } from '../src/explorers/batch-norm/schema.ts';
import { normSchema } from '../src/explorers/normalization/schema.ts';
import { trainingSchema } from '../src/explorers/training/schema.ts';
import { modelSchema } from '../src/explorers/model/schema.ts';
import { lessonSchema } from '../src/app/lesson/schema.ts';

/**
 * Random and malformed links, opened in the real page (the decoder itself gets hundreds more in Vitest), for every
 * page that reads state from its link: each must render its page, show a notice for each value it ignored, log no
 * error (the guard in fixtures.ts) and still respond to the next link.
 */

/** Typed by route, so a new page with a schema does not compile until it is fuzzed here too. */
const schemas: Record<Exclude<RouteId, 'home'>, Schema> = {
  'conv-transpose': convTransposeSchema,
  'batch-norm': bnSchema,
  normalization: normSchema,
  training: trainingSchema,
  model: modelSchema,
  lesson: lessonSchema,
};
/** The path of each route's link: a lesson's names the lesson it plays. */
const pathOf = (route: string): string => (route === 'lesson' ? 'lesson/transposed-convolution' : route);
const routes = Object.entries(schemas) as [Exclude<RouteId, 'home'>, Schema][];
const PER_ROUTE = 4;

test('the fuzzed schemas are every page the app routes to and loads', () => {
  expect(Object.keys(schemas).sort()).toEqual(ROUTES.filter((r) => r !== 'home').sort());
  // The lesson page is the app's own (app/lesson/), not an explorer module.
  expect(Object.keys(explorerLoaders).sort()).toEqual(Object.keys(schemas).filter((r) => r !== 'lesson').sort());
});

/** A value the field cannot take, derived from its spec (not from the decoder under test). */
function badValue(f: FieldSpec): string {
  switch (f.kind) {
    case 'int':
    case 'number':
      return f.kind === 'int' ? String(f.max + 1) : 'abc';
    case 'bool':
      return 'maybe';
    case 'enum':
      return 'no-such-value';
    case 'numbers':
      return 'x';
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The notice that names a refused value starts with its key: `sH=0 is outside …`, `gamma has a value …`. */
/** The notices told now that name `key` (shown, or counted in the "N more" line: the app caps what it shows). */
async function noticesFor(page: Page, key: string): Promise<string[]> {
  const told = await page.evaluate(() => window.__layerLab.notices?.() ?? []);
  const re = new RegExp(`^${escapeRe(key)}(=| has )`);
  return told.filter((m) => re.test(m));
}

/** Still usable: a clean link to the same page is read, and the page shows its defaults. */
async function expectUsable(app: AppPage, page: Page, route: string, schema: Schema, why: string): Promise<void> {
  await page.evaluate((r) => { location.hash = `#/${r}?v=1`; }, pathOf(route));
  await app.waitReady();
  await expect.poll(() => app.state(), why).toEqual(defaults(schema));
  await expect(page.locator('main#app section.panel').first(), why).toBeVisible();
}

for (const [route, schema] of routes) {
  test(`#/${route}: a bad value in every field, each named in a notice, each left at its default`, async ({ app, page }) => {
    const params = new URLSearchParams({ v: '1' });
    for (const [key, f] of Object.entries({ ...schema, ...PRESENTATION_SCHEMA })) params.set(key, badValue(f));
    await app.open(`#/${pathOf(route)}?${params}`);
    for (const key of [...Object.keys(schema), ...Object.keys(PRESENTATION_SCHEMA)]) {
      expect(await noticesFor(page, key), `${key}=${params.get(key)}`).toHaveLength(1);
    }
    expect(await app.state()).toEqual(defaults(schema));
    await expect(page.locator('main#app section.panel').first()).toBeVisible();
    await expectUsable(app, page, route, schema, 'after the bad link');
  });

  test(`#/${route}: ${PER_ROUTE} random malformed links render, show the decoder's notices, and the page still responds`, async ({ app, page }) => {
    test.setTimeout(180_000);
    const rand = mulberry32(route.length * 7919);
    for (let i = 0; i < PER_ROUTE; i++) {
      const q = randomQuery(rand, [...Object.keys(schema), 'embed', 'panel', 'theme', 'scale']);
      const why = `link ${i}: ${q}`;
      await page.goto('about:blank');
      await app.open(`#/${pathOf(route)}?${q}`);
      await expect(page.locator('main#app section.panel').first(), why).toBeVisible();
      expect(await page.evaluate(() => window.__layerLab.route), why).toBe(route);
      // What the page shows is what the decoder said of the link as the browser holds it (unit-tested on its own).
      const { params } = parseHash(await page.evaluate(() => location.hash));
      const told = await page.evaluate(() => window.__layerLab.notices?.() ?? []);
      for (const notice of parseParams(schema, params, RESERVED_KEYS).notices) {
        expect(told.some((m) => m.includes(notice)), `${why}: ${notice}`).toBe(true);
      }
      await expectUsable(app, page, route, schema, why);
    }
  });
}

test('a link with bad values shows a dismissible notice and keeps the rest', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1&sH=0&kH=5&bogus=1');
  const notices = page.getByTestId('notice');
  await expect(notices.filter({ hasText: 'sH=0 is outside' })).toBeVisible();
  await expect(notices.filter({ hasText: 'unknown parameter bogus' })).toBeVisible();
  expect(await app.state<{ sH: number; kH: number }>()).toMatchObject({ sH: 2, kH: 5 });
  await notices.filter({ hasText: 'unknown parameter bogus' }).getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(notices.filter({ hasText: 'unknown parameter bogus' })).toHaveCount(0);
});

test('a link whose layer the kernels refuse is reported as it is read, and the fields at fault fall back', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1&opH=2&opW=2&kH=4');
  const notice = page.getByTestId('notice').filter({ hasText: 'outputPadding (2) must be smaller than stride (2) or dilation (1); using the default opH=1, opW=1' });
  await expect(notice).toBeVisible();
  expect(await app.state<{ opH: number; opW: number; kH: number }>()).toMatchObject({ opH: 1, opW: 1, kH: 4 });
  await expect.poll(() => app.value('status')).toBe('ready');
});

test('back and forward walk through discrete changes', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1');
  await page.goto('./#/conv-transpose?v=1&sH=3&sW=3');
  await app.waitReady();
  await page.goto('./#/conv-transpose?v=1&sH=3&sW=3&kH=4&kW=4');
  await app.waitReady();
  await page.goBack();
  await expect.poll(async () => (await app.state<{ kH: number }>()).kH).toBe(3);
  await page.goBack();
  await expect.poll(async () => (await app.state<{ sH: number }>()).sH).toBe(2);
  await page.goForward();
  await expect.poll(async () => (await app.state<{ sH: number }>()).sH).toBe(3);
});
