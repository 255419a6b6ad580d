import { test, expect, paintedFraction } from './fixtures.ts';
import { ConvTransposePage } from './conv-transpose.page.ts';

test.describe('transposed-convolution explorer', () => {
  test('output shape follows the controls, in the published numbers and in the formula', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]);
    await expect(page.getByTestId('formula-h')).toContainText('(8 − 1)·2 − 1 − 1 + 1·(3 − 1) + 1 + 1');
    await expect(page.getByTestId('formula-h')).toContainText('16');

    await ct.set('sH', 3);
    await ct.set('sW', 3);
    await ct.set('opH', 0);
    await ct.set('opW', 0);
    expect(await ct.outShape()).toEqual([1, 1, 22, 22]); // (8−1)·3 − 2 + 2 + 0 + 1
    await ct.set('pT', 0);
    await ct.set('pL', 0);
    expect(await ct.outShape()).toEqual([1, 1, 24, 24]);
    await ct.set('dH', 2);
    expect(await ct.outShape()).toEqual([1, 1, 26, 24]); // d·(k−1) = 4 along H
    await ct.set('cout', 2);
    await ct.set('inW', 5);
    expect(await ct.outShape()).toEqual([1, 2, 26, 15]);
    await expect(page.getByTestId('formula-w')).toContainText('(5 − 1)·3 − 0 − 0 + 1·(3 − 1) + 0 + 1');
    await expect(page.getByTestId('shape-summary')).toContainText('output [1, 2, 26, 15]');
    // Other controls kept their values through all of this.
    expect(await ct.app.state()).toMatchObject({ kH: 3, kW: 3, inH: 8, kernel: 'box', input: 'photo' });
  });

  test('asymmetric padding: begin/end fields, and the ONNX forms that express it', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open('opH=0&opW=0');
    await ct.control('padSym').uncheck();
    await ct.waitComputed();
    await ct.set('pB', 0);
    await ct.set('pR', 0);
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]);
    const onnx = await ct.value<Record<string, boolean>>('onnx');
    expect(onnx).toEqual({ pads: true, SAME_UPPER: false, SAME_LOWER: true, output_shape: true });
    await expect(page.getByTestId('onnx-SAME_UPPER')).toContainText('shifted');
    await expect(page.getByTestId('shape-torch')).toContainText('padding=(0, 0)');
  });

  for (const [name, params] of [
    ['default layer', ''],
    ['grouped, dilated, asymmetric layer with bias', 'cin=2&cout=4&groups=2&kH=4&kW=3&sH=3&sW=2&padSym=0&pT=2&pL=0&pB=1&pR=3&opH=0&opW=1&dH=2&bias=1&kernel=gaussian&input=noise'],
    ['stride 1, learned kernel', 'sH=1&sW=1&opH=0&opW=0&kH=5&kW=5&pT=2&pL=2&kernel=learned'],
  ] as const) {
    test(`scatter, gather and matrix agree to < 1e-5: ${name}`, async ({ page }) => {
      const ct = new ConvTransposePage(page);
      await ct.open(params);
      const a = await ct.value<{ max: number; gatherVsScatter: number; matrixVsScatter: number }>('agreement');
      expect(a.max).toBeLessThan(1e-5);
      await expect(page.getByTestId('agree-max')).toContainText('✓ agree');
      const shown = Number(await page.getByTestId('agree-max').getAttribute('data-value'));
      expect(shown).toBeLessThan(1e-5);
    });
  }

  test('a step is computed in the page when predicted cheap, else in the worker — the same numbers either way', async ({ page }) => {
    type Compute = { where: string; estimateMs: number | null; budgetMs: number };
    const ct = new ConvTransposePage(page);
    const step = async (key: string, value: number) => {
      await ct.set(key, value);
      const c = await ct.value<Compute>('compute');
      expect(c.estimateMs).not.toBeNull();
      expect(c.where, `estimate ${c.estimateMs} ms, budget ${c.budgetMs} ms`).toBe(c.estimateMs! <= c.budgetMs ? 'page' : 'worker');
    };
    const settled = async () => {
      await ct.expectReady();
      return { outShape: await ct.outShape(), phaseGain: await ct.value('phaseGain'), notInverse: await ct.value('notInverse'), agreement: await ct.value('agreement') };
    };
    // The default layer: cheap (in the page, unless this machine's page runs slow).
    await ct.open();
    await step('sH', 3);
    await step('sW', 3);
    const stepped = await settled();
    // The same state opened from its link is computed from scratch by the worker ('full' pass): the same numbers.
    await expect(page).toHaveURL(/sW=3/); // field steps reach the URL once the state rests
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await ct.waitComputed();
    expect((await ct.value<Compute>('compute')).where).toBe('worker');
    expect(await settled()).toEqual(stepped);
    // A layer about ten times the work: the choice still follows the estimate (the worker, at this machine's speed).
    await ct.open('cin=2&cout=2&inH=16&inW=16&kH=5&kW=5&sH=3&sW=3&opH=0&opW=0');
    await step('sH', 2);
  });

  test('shoot-out on the default image, box k = 3, s = 2: transposed conv scores above both resize-convs', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    const s = await ct.value<Record<string, number>>('artifactScores');
    expect(s.transposed).toBeGreaterThan(0.05);
    expect(s.transposed).toBeGreaterThan(10 * s.nearest);
    expect(s.transposed).toBeGreaterThan(10 * s.bilinear);
    // The page shows the same numbers.
    const shownA = Number(await page.getByTestId('score-transposed').getAttribute('data-value'));
    const shownB = Number(await page.getByTestId('score-nearest').getAttribute('data-value'));
    expect(shownA).toBeCloseTo(s.transposed, 10);
    expect(shownA).toBeGreaterThan(shownB);
    await expect(page.getByTestId('score-transposed')).toContainText('artifact score');
    // ICNR removes the sub-pixel conv's checkerboard.
    expect(s.subpixel).toBeCloseTo(s.transposed, 5);
    await page.getByTestId('shoot-icnr').check();
    await ct.waitComputed();
    const icnr = await ct.value<Record<string, number>>('artifactScores');
    expect(icnr.subpixel).toBeLessThan(s.transposed / 10);
  });

  test('an invalid combination shows the kernel library’s message next to the control and keeps the last result, greyed', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    await ct.set('opH', 2);
    const err = page.getByTestId('error-output-padding');
    await expect(err).toBeVisible();
    await expect(err).toHaveText('outputPadding (2) must be smaller than stride (2) or dilation (1)');
    await expect(ct.control('opH')).toHaveAttribute('aria-invalid', 'true');
    expect(await ct.value('error')).toBe('outputPadding (2) must be smaller than stride (2) or dilation (1)');
    expect(await ct.outShape()).toEqual([1, 1, 16, 16]); // last valid result
    await expect(ct.panel('paint')).toHaveClass(/stale/);
    await expect(page.getByTestId('paint-output')).toBeVisible();
    // Fixing it clears the message.
    await ct.set('opH', 1);
    await expect(err).toBeHidden();
    await expect(ct.panel('paint')).not.toHaveClass(/stale/);

    // Too much padding: the output-size message sits by the padding.
    await ct.set('inH', 2);
    await ct.set('pT', 8);
    await expect(page.getByTestId('error-padding')).toContainText('is not positive');
  });

  test('hover links the views: input pixel → painted square, output pixel → its terms', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open('input=noise');
    await ct.hoverCell('paint-input', 2, 3);
    await expect.poll(() => ct.value('hover')).toEqual({ grid: 'input', row: 2, col: 3 });
    await expect(page.getByTestId('paint-readout')).toContainText('x[2, 3]');
    await expect(page.getByTestId('paint-readout')).toContainText('rows 3…5, columns 5…7');
    await expect(page.getByTestId('paint-output').locator('.hl-primary')).toHaveCount(1);
    await expect(page.getByTestId('zero-readout')).toContainText('x[2, 3] sits at row 5, column 7');

    await ct.hoverCell('paint-output', 4, 5);
    await expect.poll(() => ct.value('hover')).toEqual({ grid: 'output', row: 4, col: 5 });
    const terms = page.getByTestId('paint-terms');
    await expect(terms).toHaveAttribute('data-terms', '2'); // even row, odd column: 1 × 2 taps
    await expect(page.getByTestId('paint-input').locator('.hl-dot')).toHaveCount(2);
    await expect(page.getByTestId('zero-readout')).toContainText('y[4, 5]');
    await expect(page.getByTestId('matrix-readout')).toContainText('output pixel (0, 4, 5)');
    // The total shown equals the output value the explorer computed.
    const total = (await page.getByTestId('paint-terms-total').textContent())!.replace('=', '').trim();
    expect(Number(total)).not.toBeNaN();

    // Keyboard: focus the output grid and move with the arrow keys.
    await page.getByTestId('paint-output').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => ct.value('hover')).toEqual({ grid: 'output', row: 4, col: 6 });
  });

  test('the 3-D height field draws a non-empty WebGL canvas and follows the 2-D hover', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    const canvas = page.getByTestId('height-field-canvas');
    await canvas.scrollIntoViewIfNeeded();
    await expect(canvas).toBeVisible();
    expect(await paintedFraction(canvas)).toBeGreaterThan(0.1);
    expect(await ct.value('heightField')).toMatchObject({ rows: 16, cols: 16, webgl: true });
  });

  test('editing a kernel cell makes the kernel custom and changes the phase gain, keeping every other control', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    expect(await ct.value('phaseGain')).toEqual([1, 2, 2, 4]);
    const cell = page.getByTestId('kernel-cell-1-1');
    await cell.fill('0');
    await cell.press('Enter');
    await ct.waitComputed();
    expect(await ct.value('phaseGain')).toEqual([0, 2, 2, 4]);
    const state = await ct.app.state<{ kernel: string; weights: number[]; sH: number }>();
    expect(state.kernel).toBe('custom');
    expect(state.weights).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    await expect(page).toHaveURL(/weights=1%2C1%2C1%2C1%2C0/);
    // Growing the kernel keeps the edited cells.
    await ct.set('kW', 4);
    expect((await ct.app.state<{ weights: number[] }>()).weights).toEqual([1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0]);
  });

  test('step-through animation paints one input pixel per step', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    await page.getByTestId('anim-step').click();
    await page.getByTestId('anim-step').click();
    await expect(page.getByTestId('anim-status')).toHaveText('pixel 2 / 64');
    await page.getByTestId('anim-reset').click();
    await expect(page.getByTestId('anim-status')).toHaveText('all 64 input pixels painted');
  });

  test('with reduced motion, Play advances at most one step a second', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const ct = new ConvTransposePage(page);
    await ct.open('speed=10');
    const status = page.getByTestId('anim-status');
    await page.getByTestId('anim-play').click();
    await expect(status).toHaveText(/pixel \d+ \/ 64/);
    // The times of the next four steps, taken in the page as the status text changes. The timer keeps a fixed
    // beat, so a late step on a busy machine is followed by an early one: judge three intervals together.
    const times = await status.evaluate((el) => new Promise<number[]>((resolve) => {
      const t: number[] = [];
      const observer = new MutationObserver(() => {
        t.push(performance.now());
        if (t.length === 4) {
          observer.disconnect();
          resolve(t);
        }
      });
      observer.observe(el, { childList: true, characterData: true, subtree: true });
    }));
    // About 3 s at one step a second; speed=10 without reduced motion would step every 100 ms, about 0.3 s.
    expect(times[3] - times[0]).toBeGreaterThan(1500);
    await page.getByTestId('anim-play').click();
  });

  test('your own image: a picked file becomes the input', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.open();
    await page.getByTestId('ctl-file').setInputFiles('public/images/brick.png');
    await expect.poll(async () => (await ct.app.state<{ input: string }>()).input).toBe('own');
    await ct.waitComputed();
    await ct.expectReady();
    await page.getByTestId('ctl-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await expect(page.getByTestId('error-input')).toContainText('could not be read as an image');
  });

  test('embed mode shows only the requested panel', async ({ page }) => {
    const ct = new ConvTransposePage(page);
    await ct.app.open('#/conv-transpose?v=1&embed=1&panel=checkerboard');
    await ct.waitComputed();
    expect(await ct.value('panels')).toEqual(['checkerboard']);
    await expect(page.locator('section[data-panel]')).toHaveCount(1);
    await expect(ct.panel('checkerboard').locator('.parity-slot')).toHaveCount(3);
  });
});

test('ONNX Runtime parity badges confirm the scatter and gather outputs, with ORT running in a worker', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open();
  const paintBadge = ct.panel('paint').locator('.parity-slot[data-op="ConvTranspose"] [data-testid="parity-badge"]');
  await expect(paintBadge).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect(paintBadge).toContainText('ONNX Runtime: max |diff|');
  const gatherBadge = ct.panel('zero-insertion').locator('[data-testid="parity-badge"]');
  await expect(gatherBadge).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
  await expect.poll(async () => ((await ct.value<Record<string, Record<string, string>>>('parity')).checkerboard ?? {}).DepthToSpace, { timeout: 30_000 }).toBe('ok');
  // The checks ran in the ONNX check worker: the page itself never fetched ORT's code or its .wasm.
  expect(page.workers().map((w) => w.url()).some((u) => /onnx-check\.worker/.test(u))).toBe(true);
  const fetchedByPage = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
  expect(fetchedByPage.filter((u) => /ort[.-]wasm|ort\.wasm/.test(u))).toEqual([]);
});

test('dragging a kernel cell upwards increases that weight', async ({ page }) => {
  const ct = new ConvTransposePage(page);
  await ct.open();
  const grid = page.getByTestId('paint-kernel');
  await grid.scrollIntoViewIfNeeded();
  const box = (await grid.boundingBox())!;
  const x = box.x + box.width / 6;
  const y = box.y + box.height / 6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 20, { steps: 5 });
  await page.mouse.move(x, y - 40, { steps: 5 });
  await page.mouse.up();
  await ct.waitComputed();
  const state = await ct.app.state<{ kernel: string; weights: number[] }>();
  expect(state.kernel).toBe('custom');
  expect(state.weights[0]).toBeGreaterThan(1.3);
  expect(state.weights.slice(1)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  // The phase the dragged tap feeds (tap (0, 0) with padding 1 lands on odd rows and columns) gained weight.
  const gain = await ct.value<number[]>('phaseGain');
  expect(gain[3]).toBeGreaterThan(4.3);
});
