import { seriousViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';

/** axe-core on every page and in embed mode: no serious or critical violations. */
const pages: [string, string][] = [
  ['start page', '#/'],
  ['transposed-convolution explorer', '#/conv-transpose'],
  ['batch-normalization explorer', '#/batch-norm'],
  ['transposed-convolution embed', '#/conv-transpose?v=1&embed=1&panel=checkerboard'],
  ['batch-normalization embed, dark', '#/batch-norm?v=1&embed=1&theme=dark'],
  ['normalization explorer', '#/normalization'],
  ['normalization embed, dark', '#/normalization?v=1&embed=1&panel=side-by-side&theme=dark'],
];

for (const [name, hash] of pages) {
  test(`${name} has no serious or critical accessibility violations`, async ({ app, page }) => {
    test.setTimeout(120_000); // explorers: a full page of figures and controls, on a shared, busy CI machine
    await app.open(hash);
    if (hash !== '#/') {
      // Explorers publish `status: 'ready'` once the newest results are drawn (explorers/runtime).
      await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready', null, { timeout: 60_000 });
    }
    expect(await seriousViolations(page, { skipSvgShapes: true })).toEqual([]);
  });
}

test('the scan finds what it should: an unnamed button, and an unnamed SVG figure even with its shapes skipped', async ({ app, page }) => {
  await app.open('#/');
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<button type="button"></button><svg role="img" width="20" height="20"><rect width="20" height="20"/></svg>');
  });
  const found = await seriousViolations(page, { skipSvgShapes: true });
  expect(found.some((v) => v.startsWith('button-name:'))).toBe(true);
  expect(found.some((v) => v.startsWith('svg-img-alt:'))).toBe(true);
});

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
