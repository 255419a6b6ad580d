import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, guardPage, sortErrors } from './fixtures.ts';

/**
 * The guard in fixtures.ts is what makes "no console error" true of every other spec, so it is tested itself:
 * the tests marked `test.fail()` pass only because the guard fails them — each asks for nothing but `page` (or
 * `context`), and does nothing else that could fail. They stay on about:blank: the app's Content Security Policy
 * would block a request to another origin before it was made (and log that as an error of its own).
 */

const OFF_ORIGIN = 'https://example.com/tracker.gif';

/** A request to `url`, answered by Playwright so nothing leaves the machine. */
async function requestOffOrigin(page: Page, url = OFF_ORIGIN): Promise<void> {
  await page.route(url, (route) => route.fulfill({ status: 204 }));
  await Promise.all([page.waitForEvent('requestfinished'), page.evaluate((u) => void fetch(u, { mode: 'no-cors' }), url)]);
}

test('a test that logs a console error fails', async ({ page }) => {
  test.fail();
  await Promise.all([page.waitForEvent('console'), page.evaluate(() => console.error('boom'))]);
});

test('a test whose page throws an uncaught error fails', async ({ page }) => {
  test.fail();
  await Promise.all([page.waitForEvent('pageerror'), page.evaluate(() => void setTimeout(() => { throw new Error('bang'); }))]);
});

test('a test that requests another origin fails', async ({ page }) => {
  test.fail();
  await requestOffOrigin(page);
});

test('a second page the test opens is guarded too', async ({ context }) => {
  test.fail();
  const other = await context.newPage();
  await Promise.all([other.waitForEvent('console'), other.evaluate(() => console.error('boom on a second page'))]);
  await other.close();
});

test.describe('expectedErrors', () => {
  test.use({
    expectedErrors: {
      'the console error it logs': /^console\.error: boom$/,
      'the error it throws': /^page error: bang$/,
      'the request it sends': /^request left the origin: https:\/\/example\.com\//,
    },
  });

  test('excuses exactly what it names, and the guard collects each kind in its own words', async ({ page, baseURL }) => {
    const seen: string[] = [];
    guardPage(page, new URL(baseURL!).origin, seen);
    await Promise.all([page.waitForEvent('console'), page.evaluate(() => console.error('boom'))]);
    await Promise.all([page.waitForEvent('pageerror'), page.evaluate(() => void setTimeout(() => { throw new Error('bang'); }))]);
    await requestOffOrigin(page);
    expect(seen).toEqual(['console.error: boom', 'page error: bang', `request left the origin: ${OFF_ORIGIN}`]);
  });
});

test.describe('a web worker', () => {
  test.use({
    expectedErrors: {
      'its console error': /^console\.error: worker boom$/,
      'its uncaught error': /^page error: worker bang$/,
      'its request': /^request left the origin: https:\/\/example\.com\/worker$/,
    },
  });

  test('is guarded as its page is: console errors, uncaught errors and requests', async ({ page, baseURL }) => {
    const seen: string[] = [];
    guardPage(page, new URL(baseURL!).origin, seen);
    await page.route('https://example.com/worker', (route) => route.fulfill({ status: 204 }));
    const src = "console.error('worker boom'); fetch('https://example.com/worker', { mode: 'no-cors' }).then(() => { throw new Error('worker bang'); });";
    await Promise.all([
      page.waitForEvent('pageerror'),
      page.evaluate((code) => void new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))), src),
    ]);
    expect(seen.sort()).toEqual(['console.error: worker boom', 'page error: worker bang', 'request left the origin: https://example.com/worker'].sort());
  });
});

test.describe('an expected error that never comes', () => {
  test.use({ expectedErrors: { 'a console error': /^console\.error: boom$/ } });

  test('fails the test', async ({ page }) => {
    test.fail();
    await page.goto('./#/');
  });
});

test('sortErrors: a pattern excuses what it matches, nothing else; a pattern that matches nothing is reported', () => {
  const errors = ['console.error: boom', 'page error: bang'];
  expect(sortErrors(errors, {})).toEqual({ unexpected: errors, unmatched: [] });
  expect(sortErrors(errors, { boom: /boom/ })).toEqual({ unexpected: ['page error: bang'], unmatched: [] });
  expect(sortErrors(errors, { boom: /boom/g, bang: /bang/g, fizz: /fizz/ })).toEqual({ unexpected: [], unmatched: ['fizz: /fizz/'] });
  // A global pattern matches every error, not every other one: no `lastIndex` carried between errors.
  expect(sortErrors(['boom', 'boom'], { boom: /boom/g }).unexpected).toEqual([]);
});

test.describe('the origin check', () => {
  test.use({ expectedErrors: { 'the request to the other port': /^request left the origin: http:\/\/127\.0\.0\.1:\d+9\/x\.js$/ } });

  test('is by origin, not by prefix: another port that starts with the same digits is another origin', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const seen: string[] = [];
    guardPage(page, origin, seen);
    await requestOffOrigin(page, `${origin}/same-origin.js`);
    expect(seen).toEqual([]);
    await requestOffOrigin(page, `${origin}9/x.js`);
    expect(seen).toEqual([`request left the origin: ${origin}9/x.js`]);
  });
});

test('every spec takes `test` from fixtures.ts, so none can run unguarded', () => {
  const specs = readdirSync('e2e').filter((f) => f.endsWith('.spec.ts'));
  expect(specs.length).toBeGreaterThan(10);
  for (const f of specs) {
    const src = readFileSync(`e2e/${f}`, 'utf8');
    expect(src, f).toMatch(/import \{[^}]*\btest\b[^}]*\} from '\.\/fixtures\.ts'/);
    expect(src, f).not.toMatch(/import \{[^}]*\btest\b[^}]*\} from '@playwright\/test'/);
  }
});
