import { seriousViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { TrainingPage } from './training.page.ts';

test.describe('training in the browser', () => {
  test('demo 1: steps move the six networks’ artifact scores; a strided critic puts checkerboards into a smooth output’s gradient', async ({ app }) => {
    const t = new TrainingPage(app);
    await t.open('stop=30&speed=10');
    const before = await t.num<Record<string, number>>('boardScores');
    expect(Object.keys(before).sort()).toEqual(['bilinear', 'convT3', 'convT4', 'nearest', 'subpixel', 'subpixel-icnr']);
    await t.button('board', 'step').click();
    await t.waitStep('board', 1);
    await t.button('board', 'run').click();
    await t.waitStep('board', 30);
    await t.waitIdle('board');
    expect(await t.num('boardStatus')).toBe('finished');
    const after = await t.num<Record<string, number>>('boardScores');
    for (const k of Object.keys(before)) expect(after[k], k).not.toBe(before[k]);
    // Shown on the page, not only published: the score table's first data row is the k3 transposed conv.
    await expect(t.page.getByTestId('score-table').locator('tr[data-upsampler="convT3"] td').first()).not.toHaveText('–');
    await expect(t.page.getByTestId('board-status')).toContainText('step 30');
    const strided = await t.num<number>('criticScore');
    expect(strided).toBeGreaterThan(5 * (await t.num<number>('criticStride1Score')));
    await t.set('cs', '1');
    await expect.poll(() => t.num<number>('criticScore')).toBeLessThan(strided / 5);
  });

  test('demo 2: at the default high learning rate the numbers shown move, and a link reproduces a run exactly', async ({ app, page }) => {
    const t = new TrainingPage(app);
    await t.open('stop=20&speed=5');
    // Before the first step there is no loss to judge (it once read "diverged" here).
    await expect(page.getByTestId('bn-loss-bn')).toHaveText('not trained yet (Step or Run)');
    await expect(page.getByTestId('bn-loss-plain')).toHaveText('not trained yet (Step or Run)');
    await t.button('bn', 'run').click();
    await t.waitStep('bn', 20);
    await t.waitIdle('bn');
    const loss = await t.num<{ plain: number; bn: number }>('bnLoss');
    expect(Number.isFinite(loss.bn)).toBe(true);
    await expect(page.getByTestId('bn-status')).toContainText('step 20');
    await expect(page.getByTestId('bn-loss-bn')).toHaveText(/^loss \d/);
    // Same URL (seed and settings) → the same loss after the same number of steps.
    await page.reload();
    await t.waitIdle('bn');
    await t.button('bn', 'run').click();
    await t.waitStep('bn', 20);
    await t.waitIdle('bn');
    expect(await t.num('bnLoss')).toEqual(loss);
    // Changing the learning rate resets the race and is kept in the link.
    await t.set('lr2', 0.02);
    await expect.poll(() => t.num<number>('bnStep')).toBe(0);
    await expect(page).toHaveURL(/lr2=0\.02/);
  });

  test('Lipschitz panel: σ follows stride and dilation, matches the dense matrix, and spectral normalisation gives 1', async ({ app, page }) => {
    const t = new TrainingPage(app);
    await t.open();
    await expect.poll(() => t.num<{ sigma: number } | null>('lipschitz')).not.toBeNull();
    const first = (await t.num<{ sigma: number; dense: number }>('lipschitz'));
    expect(Math.abs(first.sigma - first.dense) / first.dense).toBeLessThan(1e-3);
    await t.set('lo', 0);
    await t.set('ls', 1);
    await expect.poll(async () => (await t.num<{ sigma: number }>('lipschitz')).sigma).not.toBe(first.sigma);
    const s1 = (await t.num<{ sigma: number }>('lipschitz')).sigma;
    await t.set('ld', 2);
    await expect.poll(async () => (await t.num<{ sigma: number }>('lipschitz')).sigma).not.toBe(s1);
    await t.control('lsn').check();
    await expect.poll(async () => (await t.num<{ normalised: number | null }>('lipschitz')).normalised ?? 0).toBeCloseTo(1, 3);
    await expect(page.getByTestId('lipschitz-normalised')).toContainText('1');
    // An impossible layer shows the kernel library's message, not a crash.
    await t.set('lo', 3);
    await expect(page.getByTestId('lipschitz-error')).toContainText('outputPadding (3) must be smaller than stride (1) or dilation (2)');
  });

  for (const [name, query] of [['page', ''], ['embed, dark, one panel', 'embed=1&theme=dark&panel=bn-race']] as const) {
    test(`${name}: no serious or critical accessibility violations`, async ({ app, page }) => {
      const t = new TrainingPage(app);
      await t.open(query);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
