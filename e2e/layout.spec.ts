import { test, expect } from './fixtures.ts';

const ROUTES = ['conv-transpose', 'batch-norm', 'training', 'model'] as const;

test.describe('layouts', () => {
  test('a 390 px phone: a short header and no sideways scrolling of the page, on every page', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const route of ROUTES) {
      await page.goto(`#/${route}`);
      await page.waitForFunction(() => window.__layerLab.ready === true);
      await page.locator('.panel').first().waitFor();
      const header = (await page.locator('#app-header').boundingBox())!;
      expect(header.height, `${route}: header height`).toBeLessThanOrEqual(844 * 0.12);
      const pageWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(pageWidth, `${route}: page width`).toBeLessThanOrEqual(390);
    }
  });

  test('zoomed to 150 % (a 933 px wide viewport) the controls stay sticky beside the figures', async ({ page }) => {
    await page.setViewportSize({ width: 933, height: 700 });
    for (const [route, controls, panels] of [
      ['conv-transpose', '.ct-controls', '.ct-panels'],
      ['batch-norm', '.bn-controls', '.bn-panels'],
    ] as const) {
      await page.goto(`#/${route}`);
      await page.waitForFunction(() => window.__layerLab.ready === true);
      const c = (await page.locator(controls).boundingBox())!;
      const p = (await page.locator(panels).first().boundingBox())!;
      expect(c.x + c.width, `${route}: controls beside the panels`).toBeLessThanOrEqual(p.x);
      expect(await page.locator(controls).evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
    }
  });

  test('compact hides prose and badges for projection, lives in the link and toggles back', async ({ page }) => {
    await page.goto('#/conv-transpose');
    await page.waitForFunction(() => window.__layerLab.ready === true);
    const toggle = page.getByTestId('compact-toggle');
    await expect(page.locator('.lede')).toBeVisible();
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page).toHaveURL(/compact=1/);
    await expect(page.locator('.lede')).toBeHidden();
    await expect(page.locator('.panel .explain').first()).toBeHidden();
    await expect(page.locator('.parity-slot').first()).toBeHidden();
    await page.reload();
    await page.waitForFunction(() => window.__layerLab.ready === true);
    await expect(page.getByTestId('compact-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('compact-toggle').click();
    await expect(page.locator('.lede')).toBeVisible();
    await expect(page).not.toHaveURL(/compact=1/);
  });
});
