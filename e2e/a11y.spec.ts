import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

/** axe-core on every page and in embed mode: no serious or critical violations. */
const pages: [string, string][] = [
  ['start page', '#/'],
  ['transposed-convolution explorer', '#/conv-transpose'],
  ['batch-normalization explorer', '#/batch-norm'],
  ['transposed-convolution embed', '#/conv-transpose?v=1&embed=1&panel=checkerboard'],
  ['batch-normalization embed, dark', '#/batch-norm?v=1&embed=1&theme=dark'],
];

for (const [name, hash] of pages) {
  test(`${name} has no serious or critical accessibility violations`, async ({ app, page }) => {
    test.setTimeout(180_000); // axe walks every node of pages with thousands of SVG cells
    await app.open(hash);
    if (hash !== '#/') {
      // Explorers publish `status: 'ready'` (transposed conv) or `ready: true` (batch norm) once results are drawn.
      await page.waitForFunction(() => {
        const e = window.__layerLab.explorer as { ready?: unknown; status?: unknown };
        return e.ready === true || e.status === 'ready';
      }, null, { timeout: 60_000 });
    }
    // Shapes inside SVG figures are presentational (each figure is labelled as a whole); skipping them keeps axe
    // from spending minutes on thousands of <rect>s. The SVG roots, every control and all HTML text are checked.
    const results = await new AxeBuilder({ page }).exclude('svg *').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`)).toEqual([]);
  });
}

test('heatmaps have a keyboard probe whose value is announced in a live region', async ({ app, page }) => {
  // A linked heatmap (the paint view's input) and a stand-alone one (a batch-norm feature map).
  await app.open('#/conv-transpose?v=1');
  const input = page.locator('section[data-panel="paint"] div.heatmap').first();
  await input.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const region = page.locator('section[data-panel="paint"] div.heatmap-probe').first();
  await expect(region).toHaveText(/row 1, column 0: -?\d/);
  expect(await app.state<{ sH: number }>()).toMatchObject({ sH: 2 }); // the presenter keys did not fire

  await app.open('#/batch-norm?v=1');
  const map = page.locator('section[data-panel="feature-maps"] div.heatmap').first();
  await map.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('section[data-panel="feature-maps"] div.heatmap-probe').first()).toHaveText(/row 0, column 1: -?\d/);
  await expect(map.locator('rect.hl-primary, .highlights rect')).not.toHaveCount(0);
});
