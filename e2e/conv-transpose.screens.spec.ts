import { test } from './fixtures.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

/**
 * Screenshots to look at (screenshots/, gitignored). With UPDATE_DOCS=1 the docs picture
 * (docs/conv-transpose.png) is refreshed too.
 */
test('screenshots of every panel, with a linked hover', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open();
  await ct.hoverCell('paint-input', 3, 4);
  await page.screenshot({ path: 'screenshots/ct-top.png' });
  for (const id of ['shape', 'paint', 'zero-insertion', 'matrix', 'overlap', 'checkerboard', 'height-field', 'not-inverse']) {
    await ct.panel(id).scrollIntoViewIfNeeded();
    if (id === 'zero-insertion' || id === 'matrix' || id === 'overlap') await ct.hoverCell(id === 'overlap' ? 'overlap-map' : id === 'matrix' ? 'matrix-c' : 'zero-output', 5, 6);
    await ct.panel(id).screenshot({ path: `screenshots/ct-panel-${id}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await ct.hoverCell('paint-output', 6, 7);
  // Paint panel just under the sticky header, with the controls beside it.
  await page.evaluate(() => {
    const top = document.querySelector('section[data-panel="paint"]')!.getBoundingClientRect().top;
    window.scrollBy(0, top - 58);
  });
  await ct.hoverCell('paint-output', 6, 7);
  await page.screenshot({ path: 'screenshots/ct-hero.png' });
  if (process.env.UPDATE_DOCS) await page.screenshot({ path: 'docs/conv-transpose.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'screenshots/ct-dark.png' });
});

test('screenshots: multi-channel stride-3 layer on an impulse, and a refused combination', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open('cin=2&cout=2&kH=4&kW=4&sH=3&sW=3&pT=0&pL=0&opH=0&opW=0&dH=1&kernel=learned&input=impulse&inH=5&inW=5');
  await ct.hoverCell('paint-input', 2, 2);
  for (const id of ['paint', 'overlap', 'matrix', 'checkerboard']) {
    await ct.panel(id).screenshot({ path: `screenshots/ct-alt-${id}.png` });
  }
  await ct.set('opH', 3);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'screenshots/ct-refused.png' });
});
