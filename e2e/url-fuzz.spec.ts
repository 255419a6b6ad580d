import { test, expect } from './fixtures.ts';
import { mulberry32, randomQuery } from '../src/state/random-query.ts';
import { convTransposeSchema } from '../src/explorers/conv-transpose/schema.ts';
import { bnSchema } from '../src/explorers/batch-norm/schema.ts';
import { trainingSchema } from '../src/explorers/training/schema.ts';

/**
 * A sample of random and malformed links, opened in the real page (the decoder itself gets hundreds more in
 * Vitest): each must render its page, show notices for what it ignored and log no console error.
 */
const routes: [string, readonly string[]][] = [
  ['conv-transpose', Object.keys(convTransposeSchema)],
  ['batch-norm', Object.keys(bnSchema)],
  ['training', Object.keys(trainingSchema)],
];
const PER_ROUTE = 8;

for (const [route, keys] of routes) {
  test(`${PER_ROUTE} random malformed links to #/${route} render with no console error`, async ({ app, page }) => {
    test.setTimeout(180_000);
    const rand = mulberry32(route.length * 7919);
    for (let i = 0; i < PER_ROUTE; i++) {
      const q = randomQuery(rand, [...keys, 'embed', 'panel', 'theme', 'scale']);
      await page.goto('about:blank');
      await app.open(`#/${route}?${q}`);
      await expect(page.locator('main#app section.panel').first(), `link ${i}: ${q}`).toBeVisible();
      expect(await page.evaluate(() => window.__layerLab.route), q).toBe(route);
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
  await page.evaluate(() => window.__layerLab.state && undefined);
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
