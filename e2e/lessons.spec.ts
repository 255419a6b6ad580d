import { seriousViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { LessonPage } from './lesson.page.ts';

const ratio = (xs: number[]) => Math.max(...xs) / Math.min(...xs);
const near = (xs: number[] | null, target: number, tol: number) => !!xs && xs.every((x) => Math.abs(x - target) <= tol);

test.describe('lessons', () => {
  test('“Transposed convolution from scratch” plays start to end, each step’s claim on the numbers the page shows', async ({ page }) => {
    test.setTimeout(180_000);
    const l = new LessonPage(page);
    await l.open('transposed-convolution');
    await l.waitStep(1);
    await expect(l.button('back')).toBeDisabled();

    // 1 · paint: an 8×8 input with k = 3, s = 2, p = 1, output_padding = 1 paints a 16×16 output.
    await l.until<number[]>('outShape', (s) => s.join() === '1,1,16,16');
    await expect(page.getByTestId('lesson-step-title')).toHaveText('Every input pixel paints a square');
    // Predict, then see: the reveal appears once a choice is made.
    await expect(page.getByTestId('lesson-reveal')).toBeHidden();
    await page.getByTestId('lesson-choice-2').click();
    await expect(page.getByTestId('lesson-reveal')).toContainText('Yes.');
    await expect(page.getByTestId('lesson-reveal')).toContainText('16');
    // The step's locks and hides.
    await expect(l.control('stride')).toHaveAttribute('aria-disabled', 'true');
    await expect(l.control('stride')).toHaveAttribute('title', 'locked by this link');
    await expect(page.getByTestId('ctl-sH')).toBeDisabled();
    await expect(l.control('bias')).toBeHidden();
    // Arrow keys typed into a form field stay there.
    await page.getByTestId('ctl-inH').focus();
    await page.keyboard.press('ArrowRight');
    expect((await l.lesson()).step).toBe(1);

    // 2 · zero insertion: an ordinary convolution over the zero-inserted input gives the same output (ONNX Runtime's Conv agrees).
    await l.next(2);
    await l.until<{ gatherVsScatter: number }>('agreement', (a) => a.gatherVsScatter === 0);
    await l.until<Record<string, Record<string, string>>>('parity', (p) => p['zero-insertion']?.Conv === 'ok', 'ORT Conv on the zero-inserted input');

    // 3 · matrix: Cᵀx agrees with painting; a 4×4 input gives an 8×8 output.
    await l.next(3);
    await expect(l.button('next')).toBeFocused();
    await l.until<number[]>('outShape', (s) => s.join() === '1,1,8,8');
    await l.until<{ matrixVsScatter: number }>('agreement', (a) => a.matrixVsScatter === 0);

    // 4 · uneven overlap in 1-D (here with the → key): outputs get 1 and 2 taps, a 2× ratio.
    await page.getByTestId('lesson-step-title').click();
    await page.keyboard.press('ArrowRight');
    await l.waitStep(4);
    const g1 = await l.until<number[]>('phaseGain', (g) => g.length === 2);
    expect([...g1].sort()).toEqual([1, 2]);
    expect(ratio(g1)).toBe(2);
    await page.getByTestId('lesson-choice-1').click();
    await expect(page.getByTestId('lesson-reveal')).toContainText('Yes.');

    // 5 · in 2-D the four phases get 1, 2, 2 and 4 taps: 4×.
    await l.next(5);
    const g2 = await l.until<number[]>('phaseGain', (g) => g.length === 4);
    expect([...g2].sort()).toEqual([1, 2, 2, 4]);
    expect(ratio(g2)).toBe(4);
    // A wrong prediction is told the right answer.
    await page.getByTestId('lesson-choice-0').click();
    await expect(page.getByTestId('lesson-reveal')).toContainText('Not quite — it is “4×”');

    // 6 · checkerboard: the transposed conv's artifact score is thousands of times the resize-convolutions'.
    await l.next(6);
    const s6 = await l.until<Record<string, number>>('artifactScores', (s) => s.transposed > 0.1);
    expect(s6.transposed).toBeGreaterThan(1000 * s6.nearest);
    expect(s6.transposed).toBeGreaterThan(1000 * s6.bilinear);

    // 7 · the fix: k = 4 divisible by s = 2 overlaps evenly (every phase 4 taps), and its score falls by > 1000×.
    await l.next(7);
    const g7 = await l.until<number[]>('phaseGain', (g) => g.length === 4 && g.every((x) => x === 4));
    expect(ratio(g7)).toBe(1);
    expect(await l.app.value('phaseSpread')).toBe(0);
    const s7 = await l.until<Record<string, number>>('artifactScores', (s) => s.transposed < 1e-3);
    expect(s6.transposed / s7.transposed).toBeGreaterThan(1000);
    expect(s7.nearest).toBeLessThan(1e-3);

    // 8 · not an inverse: the convolution after its transpose misses the input, and so does the best least-squares inverse.
    await l.next(8);
    const ni = await l.until<{ scaledBackError: number; lsqError: number | null; square: boolean }>('notInverse', (n) => n.lsqError !== null && n.scaledBackError > 0.1);
    expect(ni.square).toBe(false);
    expect(ni.lsqError!).toBeGreaterThan(0.1);
    await expect(l.button('next')).toBeDisabled();

    // Next keeps the keyboard focus on the lesson (the last step moves it to the step's title).
    await expect(page.getByTestId('lesson-step-title')).toBeFocused();
    expect(await seriousViolations(page, { skipSvgShapes: true })).toEqual([]);

    // ← goes back, and the URL keeps the step (a reload or a shared link opens it).
    await page.keyboard.press('ArrowLeft');
    await l.waitStep(7);
    await expect(page).toHaveURL(/#\/lesson\/transposed-convolution\?v=1&step=7$/);
    await page.goBack();
    await l.waitStep(8);
  });

  test('“Batch normalization” plays start to end, each step’s claim on the numbers the page shows', async ({ page }) => {
    test.setTimeout(240_000);
    const l = new LessonPage(page);
    await l.open('batch-normalization');
    await l.waitStep(1);

    // 1 · per-channel statistics: inputs differ by channel, x̂ has mean 0 and std 1 in every channel.
    const inputMean = await l.until<number[]>('inputMean', (m) => m.length === 4);
    expect(Math.max(...inputMean) - Math.min(...inputMean)).toBeGreaterThan(0.5);
    await l.until<number[]>('xhatMean', (m) => near(m, 0, 1e-4));
    await l.until<number[]>('xhatStd', (s) => near(s, 1, 1e-3));

    // 2 · γ = 2, β = 1: every channel's output has mean 1 and std 2.
    await l.next(2);
    await l.until<number[]>('outputMean', (m) => near(m, 1, 1e-3));
    await l.until<number[]>('outputStd', (s) => near(s, 2, 2e-3));
    await expect(l.control('gamma-beta').first()).toHaveAttribute('aria-disabled', 'true');

    // 3 · γ = √(var + eps), β = mean gives the input back to float precision.
    await l.next(3);
    await l.until<number>('identityMaxDiff', (d) => d < 1e-5);

    // 4 · eval before training: running statistics are 0 and 1, and the eval output is far from the train output.
    await l.next(4);
    await l.until<number>('trainEvalMaxDiff', (d) => d > 1);
    await l.until<number[]>('runningMean', (m) => near(m, 0, 0));
    await l.until<number[]>('runningVar', (v) => near(v, 1, 0));
    const before = await l.until<number>('trainEvalMeanDiff', (d) => d > 0);

    // 5 · after 100 steps the running statistics have converged to the data's, and eval moved towards train.
    await l.next(5);
    await l.until<number>('steps', (n) => n === 100);
    const target = await l.until<number[]>('targetMean', (m) => m.length === 4);
    await l.until<number[]>('runningMean', (m) => m.every((x, c) => Math.abs(x - target[c]) < 0.03));
    const after = await l.until<number>('trainEvalMeanDiff', (d) => d < before / 2);
    expect(after).toBeGreaterThan(0);

    // 6 · not whitening: each channel has unit variance, but the correlation between two channels is unchanged.
    await l.next(6);
    await l.until<number[]>('covAfterDiagonal', (d) => near(d, 1, 0.01));
    const corrBefore = await l.until<number>('corrBefore', (c) => c > 0.3);
    await l.until<number>('corrAfter', (c) => Math.abs(c - corrBefore) < 1e-6);

    // 7 · the learning-rate experiment on the training page: at lr 0.1 only the network with batch norm trains.
    await l.next(7);
    await expect(l.control('lr2')).toHaveAttribute('aria-disabled', 'true');
    // The checkerboard demo's controls are all hidden, so is their section.
    await expect(page.getByTestId('lesson-stage').locator('fieldset', { hasText: '1 · Learned checkerboard' })).toBeHidden();
    await page.getByTestId('bn-run').click();
    await l.until<number>('bnStep', (n) => n >= 120, 'bnStep reaches 120');
    const loss = await l.until<{ plain: number; bn: number }>('bnLoss', (x) => Number.isFinite(x.bn));
    expect(loss.bn).toBeLessThan(0.5);
    expect(Number.isNaN(loss.plain) || loss.plain > 0.5).toBe(true);
  });

  test('deep link, try it yourself, reset step, a step past the end', async ({ page }) => {
    const l = new LessonPage(page);
    await l.open('transposed-convolution', 'step=5');
    await l.waitStep(5);
    await l.until<number[]>('phaseGain', (g) => g.length === 4);
    // Locked: the stride field is disabled; "try it yourself" unlocks it, and the change shows.
    await expect(page.getByTestId('ctl-sH')).toBeDisabled();
    await l.button('try').click();
    await expect(l.button('try')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('ctl-sH')).toBeEnabled();
    await expect(l.control('stride')).not.toHaveAttribute('aria-disabled', 'true');
    await page.getByTestId('link-sH').click();
    await page.getByTestId('ctl-sH').fill('1');
    await page.getByTestId('ctl-sH').press('Tab');
    await l.until<number[]>('phaseGain', (g) => g.length === 2);
    // Hidden groups stay hidden while trying.
    await expect(l.control('bias')).toBeHidden();
    // Reset step: the step's settings and locks again.
    await l.button('reset').click();
    await l.until<number[]>('phaseGain', (g) => g.length === 4);
    await expect(page.getByTestId('ctl-sH')).toBeDisabled();
    expect((await l.lesson()).state?.sH).toBe(2);

    await l.app.open('#/lesson/transposed-convolution?step=40');
    await l.waitStep(8);
    await expect(page.getByTestId('notices')).toContainText('step=40: this lesson has 8 steps; showing step 8');
  });

  test('“The normalization family” plays start to end, each step’s claim on the numbers the page shows', async ({ page }) => {
    test.setTimeout(180_000);
    const l = new LessonPage(page);
    await l.open('normalization-family');
    await l.waitStep(1);
    // 1 · BatchNorm pools a channel over the batch; the question's reveal names LayerNorm's group.
    await expect(page.getByTestId('lesson-step-title')).toHaveText('BatchNorm: one channel, the whole batch');
    await page.getByTestId('lesson-choice-1').click();
    await expect(page.getByTestId('lesson-reveal')).toContainText('One sample');
    await expect(l.control('n')).toHaveAttribute('aria-disabled', 'true');

    // 2 · GroupNorm, G = 2.
    await l.next(2);
    await expect(l.control('norm')).toHaveAttribute('aria-disabled', 'true');

    // 3 · the knob: GroupNorm with G = 1 is LayerNorm and with G = C is InstanceNorm, to float rounding.
    await l.next(3);
    const knob = await l.until<{ atOne: number; atC: number } | null>('knob', (k) => k !== null);
    expect(knob!.atOne).toBeLessThan(1e-5);
    expect(knob!.atC).toBeLessThan(1e-5);

    // 4 · batch dependence: swapping the rest of the batch moves sample 0 under BatchNorm only.
    await l.next(4);
    const change = await l.until<Record<string, number> | null>('change', (c) => c !== null);
    expect(change!.bn).toBeGreaterThan(1e-3);
    for (const k of ['ln', 'in', 'gn', 'rms']) expect(change![k], k).toBe(0);

    // 5 · RMSNorm differs from LayerNorm where the mean is not zero.
    await l.next(5);
    expect(await l.until<number | null>('rmsMaxDiff', (d) => d !== null)).toBeGreaterThan(0);

    // 6 · the batch-size experiment on the training page.
    await l.next(6);
    await expect(page.locator('[data-panel="batch-size"]')).toBeVisible();
    await expect(l.button('next')).toBeDisabled();
  });

  test('a malformed or missing lesson shows a clear message naming the step and field, never a broken page', async ({ page }) => {
    const bad = {
      format: 'layerlab-lesson', version: 1, id: 'broken', title: 'Broken',
      steps: [
        { title: 'Fine', route: 'batch-norm', text: 'ok' },
        { title: 'Bad stride', route: 'conv-transpose', state: { sH: 9 }, text: 'x', lock: ['strde'] },
      ],
    };
    await page.route('**/lessons/broken.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(bad) }));
    const l = new LessonPage(page);
    await l.open('broken');
    const box = page.getByTestId('lesson-error');
    await expect(box).toContainText('The lesson “broken” cannot be shown');
    await expect(box).toContainText('step 2 (“Bad stride”): state: sH=9 is outside 1…4');
    await expect(box).toContainText('step 2 (“Bad stride”): lock: unknown control strde was ignored');
    await expect(page.getByTestId('lesson-stage')).toBeEmpty();

    await page.route('**/lessons/not-json.json', (r) => r.fulfill({ contentType: 'application/json', body: '{"steps": [' }));
    await l.open('not-json');
    await expect(page.getByTestId('lesson-error')).toContainText('the lesson file could not be read');

    // A lesson that does not exist: the static server's 404 (the request's console error is expected).
    await l.open('no-such-lesson');
    await expect(page.getByTestId('lesson-error')).toContainText('there is no lesson file lessons/no-such-lesson.json');
  });

  test('embedded: the lesson drives through lesson:goto, reports lesson:step, and shows the step’s panel only', async ({ page }) => {
    await page.goto('./examples/slides.html#5');
    const frame = page.frameLocator('#lesson');
    const status = page.getByTestId('lesson-state');
    await expect(status).toHaveAttribute('data-step', '1');
    await expect(frame.locator('#app-header')).toBeHidden();
    await expect(frame.locator('section.panel[data-panel="paint"]')).toBeVisible();
    await expect(frame.locator('section.panel[data-panel="matrix"]')).toHaveCount(0);
    // The host's buttons send lesson:goto; the embed answers with lesson:step.
    await page.getByRole('button', { name: 'Go to step 5' }).click();
    await expect(status).toHaveAttribute('data-step', '5');
    await expect(status).toContainText('Uneven overlap in 2-D');
    const embedded = page.frames().find((f) => f.url().includes('lesson/transposed-convolution'))!;
    await expect.poll(() => embedded.evaluate(() => (window.__layerLab.explorer.phaseGain as number[] | null)?.length)).toBe(4);
    await expect(frame.locator('section.panel[data-panel="overlap"]')).toBeVisible();
    // The embed's own Next button reports the step too.
    await frame.getByTestId('lesson-next').click();
    await expect(status).toHaveAttribute('data-step', '6');
    // A step past the end shows the last one; a step no lesson can have is refused; both with a notice.
    await page.evaluate(() => (document.getElementById('lesson') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'lesson:goto', step: 12 }, location.origin));
    await expect(status).toHaveAttribute('data-notice', 'step=12: this lesson has 8 steps; showing step 8');
    await expect(status).toHaveAttribute('data-step', '8');
    await page.getByRole('button', { name: 'Go to step 99' }).click();
    await expect(status).toHaveAttribute('data-notice', /^step=99 is outside 1…40/);
    await expect(status).toHaveAttribute('data-step', '8');
  });
});
