import { test, expect } from './fixtures.ts';
import { TrainingPage } from './training.page.ts';

interface Point { norm: string; batch: number; accuracy: number; loss: number; diverged: boolean }
interface Summary { atLargest: number; atSmallest: number; spread: number }

test.describe('training: batch size and normalization', () => {
  test('a short run draws five batch sizes per normalization, and the caption states the published numbers', async ({ app, page }) => {
    test.setTimeout(240_000);
    const t = new TrainingPage(app);
    // 256 samples per run: the same 20 networks as the default, at an eighth of the cost.
    await t.open('bsn=256&seed=2');
    await t.waitIdle('bs');
    await expect(page.getByTestId('bs-status')).toContainText('0 of 20');
    await page.getByTestId('bs-run').click();
    // Stop takes effect after the network in training; Run continues from there, without repeating a run.
    await t.waitStep('bs', 1, 60_000);
    await page.getByTestId('bs-stop').click();
    await expect(page.getByTestId('bs-status')).toContainText('stopped (Run continues)', { timeout: 60_000 });
    const stoppedAt = await t.num<number>('bsStep');
    expect(stoppedAt).toBeLessThan(20);
    await page.waitForTimeout(1000);
    expect(await t.num<number>('bsStep')).toBe(stoppedAt);
    await page.getByTestId('bs-run').click();
    await t.waitStep('bs', 20, 200_000);
    await t.waitIdle('bs');
    expect(await t.num('bsStatus')).toBe('finished');
    const points = await t.num<Point[]>('bsPoints');
    expect(points).toHaveLength(20);
    expect(new Set(points.map((p) => `${p.norm}@${p.batch}`)).size).toBe(20);

    // One line per normalization, each through the five batch sizes.
    const chart = page.getByTestId('bs-acc-chart');
    await expect(chart.locator('path.series')).toHaveCount(4);
    for (const d of await chart.locator('path.series').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) {
      const xs = [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
      expect(xs).toHaveLength(5);
      expect(new Set(xs).size).toBe(5);
    }
    expect((await chart.locator('text').allTextContents()).filter((s) => /^(2|4|8|16|32)$/.test(s))).toEqual(['2', '4', '8', '16', '32']);

    // The caption's numbers are the published ones.
    const s = await t.num<Record<string, Summary>>('bsSummary');
    const caption = (await page.getByTestId('bs-caption').textContent()) ?? '';
    const pct = (a: number) => (100 * a).toFixed(1);
    const bnPart = caption.match(/BN's held-out accuracy (?:falls|rises) from ([\d.]+) % at batch 32 to ([\d.]+) % at batch 2/)
      ?? caption.match(/BN's held-out accuracy is ([\d.]+) % both at batch 32 and at batch 2()/);
    expect(bnPart, caption).not.toBeNull();
    expect([bnPart![1], bnPart![2] || bnPart![1]]).toEqual([pct(s.bn.atLargest), pct(s.bn.atSmallest)]);
    const bn = points.filter((p) => p.norm === 'bn');
    expect(s.bn.atSmallest).toBe(bn.find((p) => p.batch === 2)!.accuracy);
    expect(s.bn.atLargest).toBe(bn.find((p) => p.batch === 32)!.accuracy);
    const gnPart = caption.match(/GN stays within ([\d.]+) points/);
    expect(gnPart?.[1]).toBe(pct(s.gn.spread));
    const gn = points.filter((p) => p.norm === 'gn').map((p) => p.accuracy);
    expect(s.gn.spread).toBeCloseTo(Math.max(...gn.map((a) => Math.abs(a - s.gn.atLargest))), 12);
    for (const n of ['LN', 'no norm']) expect(caption).toMatch(new RegExp(`${n} within [\\d.]+`));

    // The settings are in the link; changing one clears the results.
    await t.set('bsg', '4');
    await expect(page).toHaveURL(/bsg=4/);
    await expect.poll(() => t.num<Point[]>('bsPoints')).toEqual([]);
  });
});
