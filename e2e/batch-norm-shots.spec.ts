import { test } from './fixtures.ts';
import { BatchNormPage } from './batch-norm.page.ts';

/**
 * Screenshots for people to look at, written to screenshots/ (git-ignored). Not assertions: run on demand with
 * `npx playwright test e2e/batch-norm-shots.spec.ts`; `UPDATE_DOCS=1` also refreshes docs/batch-norm.png.
 */
const PANELS = ['histograms', 'feature-maps', 'scatter', 'tensor-3d', 'identity', 'running-stats', 'pitfalls', 'folding'];

test('batch-norm explorer screenshots', async ({ app, page }) => {
  test.setTimeout(180_000);
  const bn = new BatchNormPage(app);
  // A state that tells the story: trained running stats, one channel rescaled and shifted.
  await bn.open('steps=60&gamma=1,1.6,1,1&beta=0,0.8,0,0&channel=1');
  await page.screenshot({ path: 'screenshots/bn-top.png' });
  await page.screenshot({ path: 'screenshots/bn-full.png', fullPage: true });
  for (const id of PANELS) {
    const panel = bn.panel(id);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `screenshots/bn-panel-${id}.png` });
  }
  // The docs picture: the top of the page at a smaller scale.
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'screenshots/bn-readme.png' });
  if (process.env.UPDATE_DOCS) await page.screenshot({ path: 'docs/batch-norm.png' });
  // Edge cases worth seeing: a batch of one in training, eval after a distribution shift, dark theme, an embed.
  // (about:blank in between: a new hash on the same page only updates the state; the theme and embed need a load.)
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto('about:blank');
  await bn.open('n=1&size=1');
  await page.screenshot({ path: 'screenshots/bn-batch-of-one.png' });
  await page.goto('about:blank');
  await bn.open('steps=100&mode=eval&shift=1.5&theme=dark');
  await bn.panel('pitfalls').scrollIntoViewIfNeeded();
  await bn.panel('pitfalls').screenshot({ path: 'screenshots/bn-dark-pitfalls.png' });
  await page.goto('about:blank');
  await bn.open('embed=1&panel=identity');
  await page.screenshot({ path: 'screenshots/bn-embed-identity.png' });
});
