import { test, expect } from './fixtures.ts';

/** app/embed-fit.ts MIN_SCALE: below it text is too small to read, and the frame scrolls instead. */
const MIN_SCALE = 0.45;

/**
 * Figure-first embeds: every panel of every explorer, embedded at frame sizes a slide or a blog post uses (the
 * largest, 640×360 and the smallest), shows its whole panel inside the frame (scaled to fit, app/embed-fit.ts), with
 * no controls, prose or badges unless the link asks for them. With LAYERLAB_SCREENSHOTS=1 each size is also saved to test-results/ for people to look at.
 */
const PANELS: Record<string, readonly string[]> = {
  'conv-transpose': ['shape', 'paint', 'zero-insertion', 'matrix', 'overlap', 'checkerboard', 'height-field', 'not-inverse'],
  'batch-norm': ['histograms', 'feature-maps', 'scatter', 'tensor-3d', 'identity', 'running-stats', 'pitfalls', 'folding'],
  normalization: ['share', 'cube', 'side-by-side', 'knob', 'batch', 'rms'],
  training: ['checkerboard-training', 'artifact-score', 'critic-gradient', 'bn-race', 'activations', 'lr-sweep', 'lipschitz'],
};
const SCREENSHOTS = !!process.env.LAYERLAB_SCREENSHOTS;
const SIZES = [[1280, 720], [640, 360], [480, 320]] as const;

for (const [route, panels] of Object.entries(PANELS)) {
  test(`${route}: every panel embedded at 1280×720 … 480×320 fits its frame`, async ({ page }, testInfo) => {
    test.setTimeout(300_000);
    const scrolled: string[] = [];
    for (const panel of panels) {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`#/${route}?v=1&embed=1&panel=${panel}`);
      await page.waitForFunction(() => window.__layerLab.ready === true && window.__layerLab.explorer.status !== 'loading'
        && window.__layerLab.explorer.status !== 'computing');
      const section = page.locator(`[data-panel="${panel}"]`);
      await expect(section).toBeVisible();
      await expect(page.locator('.ct-controls, .bn-controls, .tr-controls, .nm-controls')).toBeHidden();
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h });
        // Two frames: the resize, then the refit it schedules.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
        const box = (await section.boundingBox())!;
        const where = `${panel} at ${w}×${h}: box ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`;
        expect(box.x, where).toBeGreaterThanOrEqual(-1);
        expect(box.y, where).toBeGreaterThanOrEqual(-1);
        expect(box.x + box.width, where).toBeLessThanOrEqual(w + 1);
        if (box.y + box.height > h + 1) {
          // Taller than the frame even at the smallest legible scale: the frame scrolls, and the panel's first figure
          // must still be whole on the first screen.
          const scale = await page.evaluate(() => Number(getComputedStyle(document.documentElement).getPropertyValue('--embed-scale')));
          expect(scale, `${where}: overflowing above the minimum scale`).toBeLessThanOrEqual(MIN_SCALE + 0.01);
          // The figure: its first chart, or (a panel of tables) its first table.
          const figure = (await section.locator('svg, canvas, table').first().boundingBox())!;
          expect(figure.y + figure.height, `${where}: first figure`).toBeLessThanOrEqual(h + 1);
          scrolled.push(`${panel} ${w}×${h}`);
        }
        if (SCREENSHOTS) await page.screenshot({ path: testInfo.outputPath(`${route}-${panel}-${w}x${h}.png`) });
      }
    }
    testInfo.annotations.push({ type: 'scrolls at the smallest scale', description: scrolled.join(', ') || 'none' });
  });
}

test('an embed loads no ONNX Runtime unless its link asks for the badges', async ({ page }) => {
  const ortRequests: string[] = [];
  page.on('request', (r) => {
    if (/ort-wasm|onnxruntime/.test(r.url())) ortRequests.push(r.url());
  });
  await page.goto('#/conv-transpose?v=1&embed=1&panel=checkerboard');
  await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready');
  await expect(page.locator('.parity-slot').first()).toBeHidden();
  // Long enough for a badge check to have started (they wait for the results to rest).
  await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));
  expect(ortRequests).toEqual([]);

  await page.goto('#/conv-transpose?v=1&embed=1&panel=checkerboard&badges=1');
  await page.reload();
  await expect(page.locator('.parity-slot').first()).toBeVisible();
  await expect(page.locator('.parity-slot').first()).toContainText('max |diff|', { timeout: 60_000 });
});

test('text=1 and controls=… bring back the explanations and the control column', async ({ page }) => {
  await page.goto('#/conv-transpose?v=1&embed=1&panel=paint&text=1&controls=stride');
  await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready');
  await expect(page.locator('[data-panel="paint"] .explain')).toBeVisible();
  await expect(page.getByTestId('controls')).toBeVisible();
  // Only the named group: the stride row, not the kernel's.
  await expect(page.locator('[data-control="stride"]')).toBeVisible();
  await expect(page.locator('[data-control="kernel"]')).toBeHidden();
});

test('Copy embed code gives an iframe of the panel as it is now, and that iframe shows the figure', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('#/conv-transpose?v=1&sH=3&sW=3&opH=0&opW=0&compact=1');
  await page.waitForFunction(() => window.__layerLab.explorer.status === 'ready');
  const menu = page.getByTestId('export-paint');
  await menu.locator('summary').click();
  await menu.locator('button[data-export="embed"]').click();
  await expect(page.getByTestId('notices')).toContainText('Embed code copied');
  const html = await page.evaluate(() => navigator.clipboard.readText());
  expect(html).toMatch(/^<iframe src="[^"]*#\/conv-transpose\?[^"]*" title="Layer Lab: [^"]+" width="960" height="\d+"/);
  const src = /src="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');
  expect(src).toContain('embed=1');
  expect(src).toContain('panel=paint');
  expect(src).toContain('sH=3');
  expect(src).not.toContain('compact');
  // The snippet, pasted into a page, shows the panel's figure in its frame.
  await page.setContent(html.replace('loading="lazy"', ''));
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('[data-panel="paint"]')).toBeVisible();
  await expect(frame.locator('.ct-controls')).toBeHidden();
});
