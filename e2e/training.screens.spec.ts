import { mkdirSync } from 'node:fs';
import { test } from './fixtures.ts';
import { TrainingPage } from './training.page.ts';

/** Screenshots for review and for the README (docs/training.png is a copy of one of these). Not an assertion suite. */
test('training page screenshots after a few hundred steps', async ({ app, page }) => {
  test.setTimeout(600_000);
  mkdirSync('screenshots', { recursive: true });
  const t = new TrainingPage(app);
  await t.open('stop=200&speed=20');
  await t.button('board', 'run').click();
  await t.button('bn', 'run').click();
  await t.waitStep('board', 200, 200_000);
  await t.waitStep('bn', 200, 200_000);
  await t.waitIdle('board');
  await t.waitIdle('bn');
  await t.button('sweep', 'run').click();
  await page.waitForFunction(() => window.__layerLab.explorer.sweepRunning === false && (window.__layerLab.explorer.sweepPoints as unknown[]).length > 0, undefined, { timeout: 240_000 });
  await page.screenshot({ path: 'screenshots/training-full.png', fullPage: true });
  // The sticky header would cover the top of each panel in element screenshots.
  await page.addStyleTag({ content: '.app-header { position: static !important; }' });
  const pageBox = (id: string) => page.locator(`section.panel[data-panel="${id}"]`).evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  const first = await pageBox('checkerboard-training');
  const second = await pageBox('artifact-score');
  await page.screenshot({ path: 'screenshots/training-demo1.png', fullPage: true, clip: { x: first.x - 8, y: first.y - 8, width: first.width + 16, height: second.y + second.height - first.y + 16 } });
  for (const id of ['checkerboard-training', 'artifact-score', 'critic-gradient', 'bn-race', 'activations', 'lr-sweep', 'lipschitz']) {
    await page.locator(`section.panel[data-panel="${id}"]`).screenshot({ path: `screenshots/training-${id}.png` });
  }
});
