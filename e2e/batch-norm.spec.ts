import { test, expect, paintedFraction } from './fixtures.ts';
import { BatchNormPage } from './batch-norm.page.ts';

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;

test.describe('batch-norm explorer', () => {
  test('moving γ and β moves the shown output mean and spread with them (numbers and text)', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    expect(await bn.num<string[]>('channels')).toEqual(['brightness', 'red − blue', 'vertical edges', 'diagonal edges']);
    // Defaults: every channel leaves with mean 0 and spread ≈ 1.
    const std0 = await bn.num<number[]>('outputStd');
    const mean0 = await bn.num<number[]>('outputMean');
    for (let c = 0; c < 4; c++) {
      expect(Math.abs(mean0[c])).toBeLessThan(1e-5);
      expect(std0[c]).toBeGreaterThan(0.99);
    }
    await bn.setRange('gamma-1-range', 2);
    await bn.setRange('beta-1-range', 0.5);
    const mean = await bn.num<number[]>('outputMean');
    const std = await bn.num<number[]>('outputStd');
    const v = await bn.num<number[]>('usedVar');
    const eps = await bn.num<number>('eps');
    expect(close(mean[1], 0.5, 1e-4)).toBe(true);
    expect(close(std[1], 2 * Math.sqrt(v[1] / (v[1] + eps)), 1e-4)).toBe(true);
    // Other channels untouched.
    expect(close(mean[0], mean0[0], 1e-6) && close(std[0], std0[0], 1e-6)).toBe(true);
    // The histogram's printed numbers say the same.
    const shown = await bn.shownStat('output', 1);
    expect(shown.mean).toBeCloseTo(0.5, 3);
    expect(shown.std).toBeCloseTo(std[1], 3);
    // A negative γ flips the map but the spread is |γ|.
    await bn.setNumber('gamma-1-number', -1.5);
    expect(close((await bn.num<number[]>('outputStd'))[1], 1.5 * Math.sqrt(v[1] / (v[1] + eps)), 1e-4)).toBe(true);
    expect((await bn.shownStat('output', 1)).mean).toBeCloseTo(0.5, 3);
  });

  test('linked mode moves every channel’s γ together; the state goes into the URL and comes back', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    await bn.click('linked');
    await bn.setRange('gamma-2-range', 0.5);
    expect(await bn.num<number[]>('gamma')).toEqual([0.5, 0.5, 0.5, 0.5]);
    const std = await bn.num<number[]>('outputStd');
    for (const s of std) expect(s).toBeGreaterThan(0.49);
    await expect(page).toHaveURL(/gamma=0\.5(%2C|,)0\.5/);
    const url = page.url();
    await page.goto('about:blank');
    await page.goto(url);
    await bn.waitComputed();
    expect(await bn.num<number[]>('gamma')).toEqual([0.5, 0.5, 0.5, 0.5]);
    const again = await bn.num<number[]>('outputStd');
    for (let c = 0; c < 4; c++) expect(again[c]).toBeCloseTo(std[c], 9);
  });

  test('γ responds to the keyboard: focus the slider, press the arrow keys', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const slider = bn.testId('gamma-0-range');
    await slider.focus();
    await expect(slider).toBeFocused();
    await bn.afterChange(() => page.keyboard.press('ArrowRight'));
    const g = await bn.num<number[]>('gamma');
    expect(g[0]).toBeCloseTo(1.01, 6);
    expect((await bn.shownStat('output', 0)).std).toBeCloseTo(1.01, 2);
  });

  test('train/eval switch: eval normalises with the running statistics and the difference is shown', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    expect(await bn.num('mode')).toBe('train');
    await bn.click('mode-eval');
    expect(await bn.num('mode')).toBe('eval');
    await expect(bn.testId('mode-eval')).toHaveAttribute('aria-pressed', 'true');
    // No steps yet: running mean 0, var 1 (PyTorch's initial buffers) are what eval uses.
    expect(await bn.num<number[]>('usedMean')).toEqual([0, 0, 0, 0]);
    expect(await bn.num<number[]>('usedVar')).toEqual([1, 1, 1, 1]);
    const inputMean = await bn.num<number[]>('inputMean');
    const outMean = await bn.num<number[]>('outputMean');
    expect(outMean[0]).toBeCloseTo(inputMean[0] / Math.sqrt(1 + 1e-5), 4);
    const diff = await bn.num<number>('trainEvalMaxDiff');
    expect(diff).toBeGreaterThan(1);
    expect(BatchNormPage.parse((await bn.testId('train-eval-diff').textContent())!)).toBeCloseTo(diff, 1);
    await bn.click('mode-train');
    expect(await bn.num('mode')).toBe('train');
  });

  test('stepping updates the running statistics, 100 more steps bring them to their target, reset clears them', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const untrained = await bn.num<number>('trainEvalMaxDiff');
    await bn.click('step');
    expect(await bn.num('steps')).toBe(1);
    const rm1 = await bn.num<number[]>('runningMean');
    const rv1 = await bn.num<number[]>('runningVar');
    // One step with momentum 0.1 from (0, 1): mean = 0.1·batch mean, var = 0.9 + 0.1·unbiased batch var.
    expect(rm1[0]).toBeGreaterThan(0.01);
    expect(rm1[0]).toBeLessThan(0.1);
    expect(rv1[0]).toBeGreaterThan(0.9);
    expect(rv1[0]).toBeLessThan(1);
    await expect(bn.testId('running-mean-0')).toHaveText(rm1[0].toFixed(4));
    await expect(bn.testId('step-count')).toHaveText('1 step');
    await bn.click('run-100');
    expect(await bn.num('steps')).toBe(101);
    const rm = await bn.num<number[]>('runningMean');
    const target = await bn.num<number[]>('targetMean');
    for (let c = 0; c < 4; c++) expect(Math.abs(rm[c] - target[c])).toBeLessThan(0.06);
    const rv = await bn.num<number[]>('runningVar');
    const tv = await bn.num<number[]>('targetVar');
    for (let c = 0; c < 4; c++) expect(rv[c] / tv[c]).toBeGreaterThan(0.6);
    // Eval now agrees far better with train (never exactly: one batch's statistics are not the average, and the
    // largest difference sits on an outlier pixel), and eval's output is roughly normalised.
    expect(await bn.num<number>('trainEvalMaxDiff')).toBeLessThan(untrained / 2);
    await bn.click('mode-eval');
    const evalMean = await bn.num<number[]>('outputMean');
    const evalStd = await bn.num<number[]>('outputStd');
    for (let c = 0; c < 4; c++) {
      expect(Math.abs(evalMean[c])).toBeLessThan(0.6);
      expect(evalStd[c]).toBeGreaterThan(0.6);
      expect(evalStd[c]).toBeLessThan(1.6);
    }
    await bn.click('reset-running');
    expect(await bn.num('steps')).toBe(0);
    expect(await bn.num<number[]>('runningMean')).toEqual([0, 0, 0, 0]);
  });

  test('a batch of one 1×1 map in training shows the kernel’s message, with no console error', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const message = /expected more than 1 value per channel when training, got input shape \[1, 4, 1, 1\]/;
    await expect(bn.testId('pitfall-one-error')).toHaveText(message);
    await bn.click('try-batch-of-one');
    expect(await bn.num('shape')).toEqual([1, 4, 1, 1]);
    expect(await bn.num<string>('layerError')).toMatch(message);
    await expect(bn.testId('histograms-status')).toBeVisible();
    await expect(bn.testId('histograms-status')).toHaveText(message);
    // Training steps are refused the same way; eval still works on one value.
    await bn.click('step');
    expect(await bn.num<string>('runningError')).toMatch(/more than 1 value per channel/);
    await bn.click('mode-eval');
    expect(await bn.num('layerError')).toBeNull();
    await expect(bn.testId('histograms-status')).toBeHidden();
    await expect(page).toHaveURL(/n=1\b/);
  });

  test('folding conv → BN into one conv: the shown max |difference| is below 1e-5', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open('steps=40&gamma=1.5,-0.7,0.3,2&beta=0.2,0,-1,0.5');
    const d = await bn.num<number>('foldMaxDiff');
    expect(d).toBeLessThan(1e-5);
    const shown = BatchNormPage.parse((await bn.testId('fold-max-diff').textContent())!);
    expect(shown).toBeLessThan(1e-5);
    expect(shown).toBeCloseTo(d, 7);
    await expect(bn.testId('fold-formula')).toContainText('s_c = γ_c / √(running_var_c + eps)');
    // Synthetic data folds the conv on the photographs, and says so.
    await bn.click('source-synthetic');
    expect(await bn.num<number>('foldMaxDiff')).toBeLessThan(1e-5);
    await expect(bn.testId('fold-note')).toContainText('feeds the sample photographs');
  });

  test('identity recovery: one click sets γ = √(σ² + eps), β = μ and the output equals the input', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    expect(await bn.num<number>('identityMaxDiff')).toBeLessThan(1e-5);
    await bn.click('identity-apply');
    const used = await bn.num<number[]>('usedVar');
    const gamma = await bn.num<number[]>('gamma');
    for (let c = 0; c < 4; c++) expect(gamma[c]).toBeCloseTo(Math.sqrt(used[c] + 1e-5), 5);
    const inMean = await bn.num<number[]>('inputMean');
    const outMean = await bn.num<number[]>('outputMean');
    for (let c = 0; c < 4; c++) expect(outMean[c]).toBeCloseTo(inMean[c], 5);
    const shownDiff = BatchNormPage.parse((await bn.testId('sliders-max-diff').textContent())!);
    expect(shownDiff).toBeLessThan(1e-5);
    // Half-way along the continuum: y = ½x + ½x̂.
    await bn.setRange('amount-range', 0.5);
    expect(await bn.num<number>('blendMaxDiff')).toBeLessThan(1e-5);
  });

  test('not whitening: per-channel variance ≈ 1 after BN, correlation between channels unchanged', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const before = await bn.num<number>('corrBefore');
    const after = await bn.num<number>('corrAfter');
    expect(before).toBeGreaterThan(0.4);
    expect(after).toBeCloseTo(before, 5);
    for (const v of await bn.num<number[]>('covAfterDiagonal')) expect(v).toBeCloseTo(1, 2);
    await expect(bn.testId('cov-2-3')).toHaveText(after.toFixed(3));
    await expect(bn.testId('scatter-caption-1')).toContainText(`ρ = ${after.toFixed(3)}`);
  });

  test('distribution shift: eval with stale running statistics drifts, re-learning fixes it', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open('steps=100&mode=eval');
    const worst = async () => Number(await bn.testId('pitfall-stale-text').getAttribute('data-worst-mean-error'));
    expect(await worst()).toBeLessThan(0.5);
    await bn.click('stale-shift');
    const stale = await worst();
    expect(stale).toBeGreaterThan(0.8);
    await expect(bn.testId('pitfall-stale-text')).toContainText('stale');
    // Training mode does not notice the shift: means stay at β.
    await bn.click('mode-train');
    for (const m of await bn.num<number[]>('outputMean')) expect(Math.abs(m)).toBeLessThan(1e-4);
    await bn.click('mode-eval');
    await bn.click('stale-relearn');
    expect(await bn.num('shiftSteps')).toBe(100);
    expect(await worst()).toBeLessThan(stale / 3);
  });

  test('next batch draws a different sample, and eps moves the normalised spread as √(σ²/(σ²+eps))', async ({ app }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const m0 = await bn.num<number[]>('inputMean');
    await bn.click('next-batch');
    expect(await bn.num<number[]>('inputMean')).not.toEqual(m0);
    await bn.click('eps-big');
    const v = await bn.num<number[]>('usedVar');
    const s = await bn.num<number[]>('xhatStd');
    for (let c = 0; c < 4; c++) expect(s[c]).toBeCloseTo(Math.sqrt(v[c] / (v[c] + 0.01)), 4);
    expect(s[3]).toBeLessThan(0.9); // diagonal edges: σ² ≈ 0.02, eps 0.01
  });

  test('a new batch is computed in the page when predicted cheap, else in the worker — the same numbers either way', async ({ app, page }) => {
    type Compute = { where: string; estimateMs: number | null; budgetMs: number };
    const bn = new BatchNormPage(app);
    const step = async (testId: string, value: number) => {
      await bn.setRange(testId, value);
      const c = await bn.num<Compute>('compute');
      expect(c.estimateMs).not.toBeNull();
      expect(c.where, `estimate ${c.estimateMs} ms, budget ${c.budgetMs} ms`).toBe(c.estimateMs! <= c.budgetMs ? 'page' : 'worker');
      return c.where;
    };
    const numbers = async () => {
      const keys = ['shape', 'inputMean', 'inputStd', 'xhatStd', 'outputMean', 'usedVar', 'runningMean', 'targetMean', 'trainEvalMaxDiff', 'identityMaxDiff', 'foldMaxDiff', 'corrBefore', 'corrAfter'];
      return Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await bn.num(k)] as const)));
    };
    // Small batches, and the page's computer warmed up (what a first move a second after loading meets).
    await bn.open('n=3&size=10');
    await page.waitForFunction(() => (window.__layerLab.explorer.compute as { warmedUp?: boolean } | undefined)?.warmedUp === true);
    const where = [await step('n-range', 4), await step('size-range', 12), await step('n-range', 5), await step('size-range', 11)];
    expect(where, 'batches this small are cheap enough for the page').toContain('page');
    const stepped = await numbers();
    // The same state opened from its link is computed from scratch by the worker ('full' pass): the same numbers.
    await expect(page).toHaveURL(/n=5/);
    await expect(page).toHaveURL(/size=11/);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await bn.waitComputed();
    expect((await bn.num<Compute>('compute')).where).toBe('worker');
    expect(await numbers()).toEqual(stepped);
  });

  test('embed mode shows only the requested panels, and the control groups its link names', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open('embed=1&panel=histograms,folding&controls=gamma-beta');
    await expect(page.locator('section.panel[data-panel]')).toHaveCount(2);
    await expect(bn.panel('histograms')).toBeVisible();
    await expect(bn.panel('folding')).toBeVisible();
    await expect(page.locator('[data-group="gamma-beta"]')).toBeVisible();
    await expect(page.locator('[data-group="data"]')).toBeHidden();
    for (const id of ['histograms', 'folding']) await expect(bn.panel(id).locator('.parity-slot[data-op="batch-norm"]')).toHaveCount(1);
  });

  test('ONNX Runtime parity badges agree with the kernel (histograms, running stats, folding: BN and the folded conv); off screen they wait', async ({ app, page }) => {
    test.setTimeout(120_000);
    const bn = new BatchNormPage(app);
    await bn.open('steps=20');
    for (const id of ['histograms', 'running-stats', 'folding']) {
      const panel = bn.panel(id);
      await panel.scrollIntoViewIfNeeded();
      const badges = panel.getByTestId('parity-badge');
      await expect(badges.first()).toHaveAttribute('data-status', 'ok', { timeout: 60_000 });
      for (const b of await badges.all()) {
        await expect(b).toHaveAttribute('data-status', 'ok', { timeout: 60_000 });
        expect(Number(await b.getAttribute('data-max-abs-diff'))).toBeLessThan(1e-4);
      }
    }
    await expect(bn.panel('folding').getByTestId('parity-badge')).toHaveCount(2);
    const parity = () => bn.num<Record<string, Record<string, string>>>('parity');
    expect((await parity()).folding).toEqual({ 'batch-norm': 'ok', conv: 'ok' });
    // New numbers while the folding panel is off screen: its badges no longer show the verdict on the old ones,
    // they say they wait; on screen again, the new numbers are checked.
    await page.evaluate(() => window.scrollTo(0, 0));
    await bn.click('next-batch');
    await expect(bn.panel('histograms').getByTestId('parity-badge')).toHaveAttribute('data-status', 'ok', { timeout: 60_000 });
    expect((await parity()).folding).toEqual({ 'batch-norm': 'waiting', conv: 'waiting' });
    for (const b of await bn.panel('folding').getByTestId('parity-badge').all()) {
      await expect(b).toHaveAttribute('data-status', 'waiting');
      await expect(b).toContainText('checked once this panel is on screen');
    }
    await bn.panel('folding').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await parity()).folding, { timeout: 60_000 }).toEqual({ 'batch-norm': 'ok', conv: 'ok' });
  });

  test('your own images: used in the tab (not in the link); a file that is not an image is refused with a notice', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    await bn.afterChange(() => bn.testId('own-files').setInputFiles(['public/images/brick.png', 'public/images/cat.png']));
    expect(await bn.num('source')).toBe('own');
    await expect(bn.testId('source-own')).toHaveAttribute('aria-pressed', 'true');
    await expect(bn.testId('sample-origin')).toContainText(/brick\.png|cat\.png/);
    expect(await bn.num<number[]>('shape')).toEqual([8, 4, 24, 24]);
    await bn.testId('own-files').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await expect(page.getByTestId('notice').filter({ hasText: 'notes.png could not be read as an image' })).toBeVisible();
    expect(await bn.num('source')).toBe('own');
  });

  test('while a γ slider is dragged the previous histogram stays as a dashed ghost; releasing it drops the ghost', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const ghost = bn.panel('histograms').locator('path.ghost');
    await expect(ghost).toHaveCount(0);
    const slider = bn.testId('gamma-0-range');
    const box = (await slider.boundingBox())!;
    const [min, max, value] = await slider.evaluate((el) => {
      const input = el as HTMLInputElement;
      return [Number(input.min), Number(input.max), Number(input.value)];
    });
    const y = box.y + box.height / 2;
    const thumbX = box.x + ((value - min) / (max - min)) * box.width;
    await page.mouse.move(thumbX, y);
    await page.mouse.down();
    await page.mouse.move(thumbX + box.width / 4, y, { steps: 5 });
    // Every histogram gets the outline of the state before the drag; the output spread already follows γ.
    await expect(ghost).toHaveCount(12);
    await expect.poll(async () => (await bn.num<number[]>('outputStd'))[0]).toBeGreaterThan(1.2);
    // Drawn in its place: over the bars, under the mean and ±σ lines.
    const order = () => bn.testId('hist-stat-output-0').evaluate((stat) =>
      [...stat.parentElement!.querySelector('svg.histogram')!.children].map((c) => c.getAttribute('class')).filter((c) => c !== 'tick'));
    expect(await order()).toEqual(['band', 'bars', 'ghost', 'mean', 'sigma', 'sigma', 'baseline']);
    await page.mouse.up();
    await expect(ghost).toHaveCount(0);
    expect(await order()).toEqual(['band', 'bars', 'mean', 'sigma', 'sigma', 'baseline']);
    await expect(page).toHaveURL(/gamma=\d/);
  });

  test('a keyboard step on a γ slider moves the output without flashing a ghost into the histograms', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    // Count every ghost outline ever inserted (a keyboard step is an input and a change event, not a drag), and
    // note which histograms were written to at all: γ of channel 0 changes nothing in the input and x̂ columns.
    await page.evaluate(() => {
      const w = window as unknown as { __ghosts: number; __touched: Set<string> };
      w.__ghosts = 0;
      w.__touched = new Set();
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) if (n instanceof SVGElement && n.classList.contains('ghost')) w.__ghosts++;
          const target = r.target instanceof Element ? r.target : r.target.parentElement;
          const svg = target?.closest('svg.histogram');
          if (svg) w.__touched.add(svg.getAttribute('aria-label')!.split(':')[0]);
        }
      }).observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
    });
    const before = (await bn.num<number[]>('outputStd'))[0];
    await bn.afterChange(async () => {
      await bn.testId('gamma-0-range').focus();
      await page.keyboard.press('ArrowRight');
    });
    await expect.poll(async () => (await bn.num<number[]>('outputStd'))[0]).toBeGreaterThan(before);
    const { ghosts, touched } = await page.evaluate(() => {
      const w = window as unknown as { __ghosts: number; __touched: Set<string> };
      return { ghosts: w.__ghosts, touched: [...w.__touched] };
    });
    expect(ghosts).toBe(0);
    expect(touched).toContain('brightness, output y');
    expect(touched.filter((label) => !label.endsWith('output y'))).toEqual([]);
    await expect(page).toHaveURL(/gamma=1\.\d/);
  });

  test('the 3-D tensor view draws (WebGL canvas not empty) and selects a channel by key, linked to every panel', async ({ app, page }) => {
    const bn = new BatchNormPage(app);
    await bn.open();
    const canvas = bn.testId('tensor-canvas');
    await canvas.scrollIntoViewIfNeeded();
    expect(await paintedFraction(canvas)).toBeGreaterThan(0.05);
    await canvas.focus();
    await bn.afterChange(() => page.keyboard.press('3'));
    expect((await app.state<{ channel: number }>()).channel).toBe(2);
    await expect(bn.testId('hist-channel-2')).toHaveAttribute('aria-pressed', 'true');
    await expect(bn.testId('fm-channel-2')).toHaveAttribute('aria-pressed', 'true');
    await expect(bn.testId('tensor-caption')).toContainText('vertical edges');
  });
});
