import { test, expect } from './fixtures.ts';

test('? opens the keyboard-shortcut overlay and Escape closes it', async ({ app, page }) => {
  await app.open('#/');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  await expect(page.getByTestId('help-overlay')).toContainText('play / pause');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
});

test('Copy link puts the current URL on the clipboard', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('#/');
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('notice').first()).toContainText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test("a field's steps reach the URL once the controls rest, without history entries; Copy link writes them at once", async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('#/conv-transpose?v=1');
  await app.waitReady();
  const entries = await page.evaluate(() => history.length);
  const kernel = page.getByTestId('ctl-kH');
  await kernel.focus();
  await page.keyboard.press('ArrowUp');
  await page.getByTestId('copy-link').click(); // at once: the step may still be waiting for the rest
  await expect(page.getByTestId('notice').first()).toContainText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/kH=4/);
  await kernel.focus();
  await page.keyboard.press('ArrowUp');
  await expect(page).toHaveURL(/kH=5/);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  // A discrete change still adds an entry, and back returns to the stepped state.
  await page.getByTestId('ctl-kernel').selectOption('bilinear');
  await expect(page).toHaveURL(/kernel=bilinear/);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);
  await page.goBack();
  await expect.poll(async () => (await app.state<{ kH: number; kernel: string }>())).toMatchObject({ kH: 5, kernel: 'box' });
});

test('embed mode hides the app chrome and applies theme and scale', async ({ app, page }) => {
  await app.open('#/?embed=1&theme=dark&scale=2');
  await expect(page.locator('#app-header')).toBeHidden();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('30px');
});

test('switching a page to embed mode by editing its link rebuilds it with only the chosen panel', async ({ app, page }) => {
  await app.open('#/conv-transpose?v=1&sH=3&sW=3');
  await expect(page.locator('section.panel[data-panel="matrix"]')).toBeVisible();
  await page.evaluate(() => { location.hash = '#/conv-transpose?v=1&sH=3&sW=3&embed=1&panel=checkerboard'; });
  await expect(page.locator('#app-header')).toBeHidden();
  await expect(page.locator('section.panel[data-panel="checkerboard"]')).toBeVisible();
  await expect(page.locator('section.panel[data-panel="matrix"]')).toHaveCount(0);
  expect(await app.state<{ sH: number }>()).toMatchObject({ sH: 3 });
});
