import { test, expect, type AppPage } from './fixtures.ts';
import type { Page } from '@playwright/test';

/** The normalization page: the numbers it publishes (from the kernels), its controls, parity badges and embed. */

const ready = (page: Page) => page.waitForFunction(() => window.__layerLab?.explorer?.status === 'ready', null, { timeout: 60_000 });

async function open(app: AppPage, page: Page, query: string): Promise<void> {
  await app.open(`#/normalization?v=1${query ? `&${query}` : ''}`);
  await ready(page);
}

/** Wait for a result newer than the one on screen after `action`, then for the page to settle. */
async function afterChange(app: AppPage, page: Page, action: () => Promise<void>): Promise<void> {
  const before = await app.value<number>('generation');
  await action();
  await page.waitForFunction((n) => (window.__layerLab.explorer.generation as number) > n, before);
  await ready(page);
}

test.describe('#/normalization', () => {
  test.setTimeout(120_000);

  test('GroupNorm at G = 1 equals LayerNorm and at G = C equals InstanceNorm, to < 1e-5', async ({ app, page }) => {
    await open(app, page, '');
    const knob = await app.value<{ atOne: number; atC: number; points: { g: number; toLN: number; toIN: number }[] }>('knob');
    expect(knob.points.map((p) => p.g)).toEqual([1, 2, 4]);
    expect(knob.atOne).toBeLessThan(1e-5);
    expect(knob.atC).toBeLessThan(1e-5);
    expect(knob.points[1].toLN).toBeGreaterThan(1e-3);
    await expect(page.getByTestId('knob-claims')).toContainText('G = 1: max |GN − LN| =');
    // The knob's slider moves G (and the link).
    await afterChange(app, page, () => page.getByTestId('knob-g').evaluate((el) => {
      const input = el as HTMLInputElement;
      input.value = '2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }));
    expect(await app.state()).toMatchObject({ g: 4 });
    await expect(page.getByTestId('knob-4')).toHaveClass(/current/);
  });

  test('swapping the rest of the batch moves sample 0 under BatchNorm only; BN and tracked IN differ between modes', async ({ app, page }) => {
    await open(app, page, 'source=synthetic');
    const before = await app.value<Record<string, number>>('change');
    expect(before.bn).toBeGreaterThan(1e-3);
    for (const k of ['ln', 'in', 'gn', 'rms']) expect(before[k], k).toBe(0);
    await afterChange(app, page, () => page.getByTestId('swap-rest').click());
    expect(await app.state()).toMatchObject({ swap: 1 });
    const after = await app.value<Record<string, number>>('change');
    expect(after.bn).toBeGreaterThan(1e-3);
    expect([after.ln, after.in, after.gn, after.rms]).toEqual([0, 0, 0, 0]);
    const modes = await app.value<Record<string, number>>('trainEval');
    expect(modes.bn).toBeGreaterThan(1e-3);
    expect(modes.inTracked).toBeGreaterThan(1e-3);
    expect([modes.ln, modes.in, modes.gn, modes.rms]).toEqual([0, 0, 0, 0]);
    const spread = await app.value<{ n: number; std: number }[]>('spread');
    expect(spread[0].std).toBeGreaterThan(spread[spread.length - 1].std);
  });

  test('every panel’s parity badges go green against ONNX Runtime, and IN with running statistics says why it cannot be checked', async ({ app, page }) => {
    await open(app, page, '');
    await page.waitForFunction(() => {
      const p = window.__layerLab.explorer.parity as Record<string, Record<string, string>> | undefined;
      return !!p && Object.values(p).flatMap((v) => Object.values(v)).every((s) => s !== 'loading' && s !== 'waiting') && Object.keys(p).length === 6;
    }, null, { timeout: 90_000 });
    const parity = await app.value<Record<string, Record<string, string>>>('parity');
    expect(Object.keys(parity).sort()).toEqual(['batch', 'cube', 'knob', 'rms', 'share', 'side-by-side']);
    for (const [panel, ops] of Object.entries(parity)) {
      for (const [op, status] of Object.entries(ops)) {
        expect(status, `${panel}/${op}`).toBe(op === 'instance-norm-eval' ? 'unavailable' : 'ok');
      }
    }
    await expect(page.locator('section[data-panel="batch"] .parity-slot[data-op="instance-norm-eval"]')).toContainText(/running statistics/);
  });

  test('the grid outlines the probed cell’s group and shows its μ and σ², by keyboard', async ({ app, page }) => {
    await open(app, page, 'norm=bn&n=2');
    const grid = page.locator('section[data-panel="share"] div.heatmap').first();
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('share-probe')).toContainText('Sample 0, channel 1');
    await expect(page.getByTestId('share-probe')).toContainText('channel 1 across all 2 samples: μ =');
    // BN: a channel across the batch, N·H·W = 2·36 values.
    expect(await app.value<{ count: number }>('probe')).toMatchObject({ count: 72 });
    // The pointer probes too: row 5 of 8 is sample 1, channel 1; column 2 of 36.
    const canvas = grid.locator('canvas').first();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * (2.5 / 36), box.y + box.height * (5.5 / 8));
    await expect(page.getByTestId('share-probe')).toContainText('Sample 1, channel 1 (red − blue), position (0, 2)');
  });

  test('the cube makes the probed cell’s group opaque: a floor for BN, one sample for LN', async ({ app, page }) => {
    await open(app, page, 'norm=ln&n=3');
    await expect(page.getByTestId('cube-caption')).toHaveText('LayerNorm: opaque — every channel of sample 0, 144 values → one μ, one σ².');
    await page.getByTestId('ctl-norm-bn').click();
    await ready(page);
    await expect(page.getByTestId('cube-caption')).toHaveText('BatchNorm: opaque — channel 0 across all 3 samples, 108 values → one μ, one σ².');
  });

  test('a G that does not divide C is reported when the link is read', async ({ app, page }) => {
    await open(app, page, 'c=4&g=3');
    await expect(page.getByTestId('notice').filter({ hasText: 'g=3 does not divide the 4 channels (allowed: 1, 2, 4); using 2' })).toBeVisible();
    expect(await app.state()).toMatchObject({ g: 2 });
  });

  test('embed shows only the figure asked for', async ({ app, page }) => {
    await open(app, page, 'embed=1&panel=knob');
    await expect(page.locator('section.panel')).toHaveCount(1);
    await expect(page.getByTestId('nm-controls')).toBeHidden();
    await expect(page.locator('section[data-panel="knob"]')).toBeVisible();
    await expect(page.getByTestId('knob-claims')).toContainText('G = 1');
  });
});
