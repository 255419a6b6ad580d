import { test, expect } from './fixtures.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

test('screenshot: default explorer', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open();
  await page.screenshot({ path: 'screenshots/ct-top.png' });
  for (const id of ['shape', 'paint', 'zero-insertion', 'matrix', 'overlap', 'checkerboard', 'height-field', 'not-inverse']) {
    await ct.panel(id).screenshot({ path: `screenshots/ct-panel-${id}.png` });
  }
});
