/**
 * Backend selection: which path the public kernels take, how to switch, and that the switch changes the
 * implementation, not the answer. `npm test` runs the kernel suite twice, the second time with
 * LAYERLAB_KERNELS=js, so the default path under test depends on that variable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backendStatus, getBackend, ready, setBackend } from './backend.ts';
import { batchNorm2d } from './batch-norm.ts';
import { conv2d } from './conv2d.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { pixelShuffle } from './pixel-shuffle.ts';
import { Random } from './reference/random.ts';
import { upsample2d } from './upsample.ts';

const fromEnv = process.env.LAYERLAB_KERNELS === 'js' ? 'js' : 'wasm';

afterEach(() => setBackend(fromEnv));

describe('kernel backend', () => {
  it(`uses the ${fromEnv} path in this run (LAYERLAB_KERNELS=${process.env.LAYERLAB_KERNELS ?? 'unset'})`, async () => {
    await ready();
    const status = backendStatus();
    expect(status.error).toBeNull(); // a missing build (run `npm run build:wasm`) shows up here
    expect(getBackend()).toBe(fromEnv);
    expect(status.active).toBe(fromEnv);
    expect(status.requested).toBe(fromEnv);
    if (fromEnv === 'wasm') expect(['simd', 'relaxed-simd']).toContain(status.variant);
  });

  it('setBackend switches the implementation, not the results: js and wasm agree on convT, conv2d, batch norm, resize and pixel shuffle', async () => {
    const rng = new Random(99);
    const x = rng.tensor([2, 6, 9, 11]);
    const wT = rng.tensor([6, 5, 4, 3]);
    const bT = rng.floats(5);
    const w = rng.tensor([8, 3, 3, 3]);
    const bn = { training: true, runningMean: rng.floats(6), runningVar: rng.floats(6).map(Math.abs) };
    const deep = rng.tensor([2, 8, 5, 9]);
    const run = () => [
      convTranspose2d(x, wT, bT, { stride: 2, padding: [1, 0, 2, 1] }).data,
      conv2d(x, w, null, { stride: [2, 1], padding: 1, groups: 2 }).data,
      batchNorm2d(x, bn).output.data,
      upsample2d(x, { scale: 2, mode: 'bilinear' }).data,
      upsample2d(x, { scale: [1.5, 3], mode: 'bilinear', alignCorners: true }).data,
      upsample2d(x, { scale: 2, mode: 'nearest' }).data,
      pixelShuffle(x, 1).data,
      pixelShuffle(deep, 2).data,
    ];
    setBackend('js');
    expect(getBackend()).toBe('js');
    const viaJs = run();
    setBackend('wasm');
    await ready();
    expect(getBackend()).toBe('wasm');
    const viaWasm = run();
    viaJs.forEach((a, i) => {
      expect(a.length).toBe(viaWasm[i].length);
      let worst = 0;
      a.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - viaWasm[i][j])); });
      expect(worst).toBeLessThan(1e-5);
    });
  });

  it('setBackend refuses anything but "js" and "wasm"', () => {
    expect(() => setBackend('gpu' as never)).toThrow('invalid kernel backend: "gpu" (must be "js" or "wasm")');
    expect(getBackend()).toBe(fromEnv);
  });

  it('ready() resolves (never rejects) for either backend', async () => {
    setBackend('js');
    await expect(ready()).resolves.toBeUndefined();
    setBackend('wasm');
    await expect(ready()).resolves.toBeUndefined();
  });
});
