import { test, expect } from './fixtures.ts';

test('the example deck embeds panels and drives one through postMessage', async ({ page }) => {
  await page.goto('./examples/slides.html#2');
  const status = page.getByTestId('driven-state');
  await expect(status).toContainText('stride 2×2 · kernel 3×3');
  const frame = page.frameLocator('#driven');
  // Embed mode: no app header, only the chosen panels.
  await expect(frame.locator('#app-header')).toBeHidden();
  await expect(frame.locator('section.panel[data-panel="paint"]')).toBeVisible();
  await expect(frame.locator('section.panel[data-panel="matrix"]')).toHaveCount(0);

  await page.getByRole('button', { name: '3', exact: true }).click();
  await expect(status).toHaveAttribute('data-stride', '3');
  const driven = page.frames().find((f) => f.url().includes('conv-transpose'))!;
  await expect.poll(() => driven.evaluate(() => (window.__layerLab.state?.() as { sH: number }).sH)).toBe(3);

  await page.getByRole('button', { name: '4×4' }).click();
  await expect(status).toHaveAttribute('data-kernel', '4');

  // The other slides load their iframes when shown.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('iframe[title*="checkerboard"]')).toHaveAttribute('src', /panel=checkerboard/);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('iframe[title*="batch normalization"]')).toHaveAttribute('src', /batch-norm/);
});
