import { test, expect } from './fixtures.ts';

test('the start page names both explorers and routes to them', async ({ app, page }) => {
  await app.open('#/');
  await expect(page.getByRole('heading', { name: 'Layer Lab', level: 1 })).toBeVisible();
  const convT = page.getByTestId('open-conv-transpose');
  await expect(convT).toContainText('Transposed convolution');
  await expect(page.getByTestId('open-batch-norm')).toContainText('Batch normalization');
  await convT.click();
  await app.waitReady();
  await expect.poll(() => page.evaluate(() => window.__layerLab.route)).toBe('conv-transpose');
  await expect(page).toHaveURL(/#\/conv-transpose/);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => window.__layerLab.route)).toBe('home');
});

test('an unknown page shows a notice and the start page, with no console error', async ({ app, page }) => {
  await app.open('#/no-such-page?x=%E0%A4%A');
  await expect(page.getByTestId('notice').first()).toContainText('unknown page');
  await expect(page.getByRole('heading', { name: 'Layer Lab', level: 1 })).toBeVisible();
});
