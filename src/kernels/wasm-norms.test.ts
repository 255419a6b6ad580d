/**
 * The normalization family's wasm kernels (wasm/norms.ts through wasm-norms.ts) against the naive float64
 * references (reference/norms.ts), on each build (plain SIMD and relaxed SIMD) loaded on its own, independently of
 * the backend the rest of the suite runs on: rows and planes not a multiple of 4 or 8, one value per group, batch > 1,
 * every combination of affine parameters, |mean| ≫ σ, and tensors that stream through several windows.
 */
import { describe, expect, it } from 'vitest';
import { rowMoments } from './moments.ts';
import { naiveGroupNorm, naiveInstanceNorm, naiveLayerNorm, naiveRmsNorm } from './reference/norms.ts';
import { Random } from './reference/random.ts';
import { maxAbsDiff, type Tensor } from './tensor.ts';
import type { WasmKernels } from './wasm-kernels.ts';
import { runnableWasmBuilds } from './wasm-builds.testing.ts';
import { layerNormWasm, normRowsWasm, rmsNormWasm } from './wasm-norms.ts';

const builds = runnableWasmBuilds();

/** The JavaScript kernels' tolerance against the same references (norms.test.ts). */
const TOL = 2e-5;

function ran<T>(v: T | null): T {
  if (v === null) throw new Error('wasm kernel refused the layout');
  return v;
}

function shifted(rng: Random, shape: number[], offset: number, scale: number): Tensor {
  const t = rng.tensor(shape);
  return { shape: t.shape, data: t.data.map((v) => offset + scale * v) };
}
const maybe = (rng: Random, n: number) => (rng.bool() ? rng.floats(n).map((v) => v * 2) : null);

function groupNorm(w: WasmKernels, x: Tensor, G: number, weight: Float32Array | null, bias: Float32Array | null, eps: number): Float32Array {
  const [N, C, H, W] = x.shape;
  const rowSize = (C / G) * H * W;
  return ran(normRowsWasm(w, x.data, { rows: N * G, rowSize, segLen: H * W, channels: C, weight, bias, eps })).out;
}

describe.each(builds)('normalization kernels, %s build', (_name, w) => {
  it('GroupNorm on 300 random layers: planes of 1–29 values, one value per group, batch 1–3, any affine', () => {
    const rng = new Random(8101);
    for (let t = 0; t < 300; t++) {
      const C = rng.pick([1, 2, 3, 4, 6, 8]);
      const x = shifted(rng, [rng.int(1, 3), C, rng.int(1, 3), rng.pick([1, 2, 3, 5, 7, 8, 9])], (rng.uniform() - 0.5) * 20, 0.1 + rng.uniform() * 4);
      const divisors = Array.from({ length: C }, (_, i) => i + 1).filter((g) => C % g === 0);
      const G = rng.pick(divisors);
      const weight = maybe(rng, C);
      const bias = maybe(rng, C);
      const eps = rng.pick([1e-5, 1e-3, 0.1]);
      expect(maxAbsDiff(groupNorm(w, x, G, weight, bias, eps), naiveGroupNorm(x, G, weight, bias, eps).data), `case ${t}`).toBeLessThan(TOL);
    }
  });

  it('InstanceNorm with instance statistics, and the per-plane moments it returns for the running-stat update', () => {
    const rng = new Random(8102);
    for (const [N, C, H, W] of [[1, 1, 1, 2], [2, 3, 3, 3], [3, 5, 4, 4], [2, 2, 7, 9], [1, 4, 16, 17]]) {
      const x = shifted(rng, [N, C, H, W], 4, 0.5);
      const weight = maybe(rng, C);
      const bias = maybe(rng, C);
      const r = ran(normRowsWasm(w, x.data, { rows: N * C, rowSize: H * W, segLen: H * W, channels: C, weight, bias, eps: 1e-5 }, true));
      expect(maxAbsDiff(r.out, naiveInstanceNorm(x, weight, bias, 1e-5, null).output.data)).toBeLessThan(TOL);
      const want = rowMoments(x.data, N * C, H * W);
      for (let i = 0; i < N * C; i++) {
        expect(r.moments!.mean[i]).toBeCloseTo(want.mean[i], 12);
        expect(r.moments!.variance[i]).toBeCloseTo(want.variance[i], 12);
      }
    }
  });

  it('LayerNorm and RMSNorm on 300 random rows of 1–40 values, with and without weight and bias', () => {
    const rng = new Random(8103);
    for (let t = 0; t < 300; t++) {
      const rows = rng.int(1, 6);
      const D = rng.pick([1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 40]);
      const x = shifted(rng, [rows, D], (rng.uniform() - 0.5) * 20, 0.1 + rng.uniform() * 4);
      const weight = maybe(rng, D);
      const bias = maybe(rng, D);
      const eps = rng.pick([1e-5, 1e-3, 0.1]);
      const ln = weight === null && bias === null
        ? ran(normRowsWasm(w, x.data, { rows, rowSize: D, segLen: D, channels: 1, weight, bias, eps })).out
        : ran(layerNormWasm(w, x.data, rows, D, weight, bias, eps));
      expect(maxAbsDiff(ln, naiveLayerNorm(x, 1, weight, bias, eps).data), `LayerNorm case ${t}`).toBeLessThan(TOL);
      const rms = ran(rmsNormWasm(w, x.data, rows, D, weight, eps));
      const want = naiveRmsNorm(x, 1, weight, eps).data;
      const scale = Math.max(1, ...Array.from(want, Math.abs));
      expect(maxAbsDiff(rms, want) / scale, `RMSNorm case ${t}`).toBeLessThan(TOL);
    }
  });

  it('keeps float32 accuracy when |mean| ≫ σ (mean 3·10⁴, σ ≈ 0.03: no cancellation in the statistics or the centring)', () => {
    const rng = new Random(8104);
    const x = shifted(rng, [2, 4, 5, 7], 3e4, 0.05);
    const weight = rng.floats(4);
    const bias = rng.floats(4);
    expect(maxAbsDiff(groupNorm(w, x, 2, weight, bias, 1e-5), naiveGroupNorm(x, 2, weight, bias, 1e-5).data)).toBeLessThan(TOL);
    const D = 4 * 5 * 7;
    const g = rng.floats(D);
    const b = rng.floats(D);
    expect(maxAbsDiff(ran(layerNormWasm(w, x.data, 2, D, g, b, 1e-5)), naiveLayerNorm(x, 3, g, b, 1e-5).data)).toBeLessThan(TOL);
    const constant = new Float32Array(12).fill(12345.678);
    // A constant row has variance exactly 0, however large its value: the output is β.
    expect(Array.from(ran(normRowsWasm(w, constant, { rows: 2, rowSize: 6, segLen: 3, channels: 2, weight: null, bias: Float32Array.of(0.5, -1), eps: 1e-5 })).out))
      .toEqual([0.5, 0.5, 0.5, -1, -1, -1, 0.5, 0.5, 0.5, -1, -1, -1]);
  });

  it('streams tensors larger than one window: rows split across windows, channels wrapping, a row longer than a window', () => {
    const rng = new Random(8105);
    // 64 Ki-float windows: 23 groups of 3·50·50 values fit 8 to a window, the last window partial.
    const x = shifted(rng, [23, 6, 50, 50], 2, 1);
    const weight = rng.floats(6);
    const bias = rng.floats(6);
    expect(maxAbsDiff(groupNorm(w, x, 2, weight, bias, 1e-5), naiveGroupNorm(x, 2, weight, bias, 1e-5).data)).toBeLessThan(TOL);
    const long = shifted(rng, [2, 70001], -1, 3);
    const g = rng.floats(70001);
    expect(maxAbsDiff(ran(layerNormWasm(w, long.data, 2, 70001, g, null, 1e-5)), naiveLayerNorm(long, 1, g, null, 1e-5).data)).toBeLessThan(TOL);
    const rms = ran(rmsNormWasm(w, long.data, 2, 70001, null, 1e-6));
    expect(maxAbsDiff(rms, naiveRmsNorm(long, 1, null, 1e-6).data)).toBeLessThan(TOL);
  });

  it('eps 0 on a constant row divides 0 by 0, as the JavaScript kernels and PyTorch do', () => {
    const r = ran(normRowsWasm(w, new Float32Array(8).fill(2), { rows: 1, rowSize: 8, segLen: 8, channels: 1, weight: null, bias: null, eps: 0 }));
    expect(Array.from(r.out).every(Number.isNaN)).toBe(true);
  });
});

it('both builds were tested: plain SIMD always, relaxed SIMD where the engine validates it', () => {
  expect(builds.map(([name]) => name)).toEqual(['simd', 'relaxed-simd']);
});
