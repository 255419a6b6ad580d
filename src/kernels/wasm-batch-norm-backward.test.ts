/**
 * Batch norm's wasm backward pass (wasm/batch-norm-backward.ts through wasm-batch-norm-backward.ts), on each build
 * loaded on its own, against the float64 textbook formulas written out here: training mode (through the batch
 * statistics) and eval mode, with and without γ, planes of odd sizes (the kernels' scalar tails), batch 1–4 and
 * |mean| ≫ σ. Both sides sum in float64, in different orders, so they agree far below float32 rounding.
 */
import { describe, expect, it } from 'vitest';
import { Random } from './reference/random.ts';
import { batchNormBackwardWasm } from './wasm-batch-norm-backward.ts';
import { runnableWasmBuilds } from './wasm-builds.testing.ts';

const builds = runnableWasmBuilds();

/** ∂L/∂x, ∂L/∂γ, ∂L/∂β by the formulas, one element at a time in float64. */
function textbook(x: Float32Array, dy: Float32Array, n: number, c: number, s: number, training: boolean,
  runMean: Float32Array, runVar: Float32Array, gamma: Float32Array | null, eps: number) {
  const dx = new Float64Array(x.length);
  const gw = new Float64Array(c);
  const gb = new Float64Array(c);
  const at = (b: number, ch: number, i: number) => (b * c + ch) * s + i;
  const m = n * s;
  for (let ch = 0; ch < c; ch++) {
    let mean = runMean[ch];
    let variance = runVar[ch];
    if (training) {
      mean = 0;
      for (let b = 0; b < n; b++) for (let i = 0; i < s; i++) mean += x[at(b, ch, i)] / m;
      variance = 0;
      for (let b = 0; b < n; b++) for (let i = 0; i < s; i++) variance += (x[at(b, ch, i)] - mean) ** 2 / m;
    }
    const invStd = 1 / Math.sqrt(variance + eps);
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < s; i++) {
        gb[ch] += dy[at(b, ch, i)];
        gw[ch] += dy[at(b, ch, i)] * (x[at(b, ch, i)] - mean) * invStd;
      }
    }
    const g = gamma ? gamma[ch] : 1;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < s; i++) {
        const k = at(b, ch, i);
        const xhat = (x[k] - mean) * invStd;
        dx[k] = g * invStd * (dy[k] - (training ? gb[ch] / m + xhat * gw[ch] / m : 0));
      }
    }
  }
  return { dx, gw, gb };
}

/** Largest |a − b| relative to the largest |b| (the gradients' own scale). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1e-30;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

describe.each(builds)('batch norm backward on wasm, %s build', (_name, w) => {
  it('matches the float64 formulas on 200 random layers: train and eval, with and without γ, odd planes, |mean| ≫ σ', () => {
    const rng = new Random(4242);
    for (let t = 0; t < 200; t++) {
      const n = rng.int(1, 4);
      const c = rng.int(1, 6);
      const s = rng.int(1, 37);
      const offset = rng.bool(0.3) ? 1000 : 0; // a mean far from zero: x − μ must not cancel in float32
      const x = rng.floats(n * c * s).map((v) => offset + v);
      const dy = rng.floats(n * c * s);
      const training = n * s > 1 && rng.bool(); // PyTorch refuses training with one value per channel
      const gamma = rng.bool() ? rng.floats(c).map((v) => 0.5 + v) : null;
      const runMean = rng.floats(c).map((v) => offset + v);
      const runVar = rng.floats(c).map((v) => 0.5 + Math.abs(v));
      const eps = 1e-5;
      const gw = new Float32Array(c);
      const gb = new Float32Array(c);
      const dx = batchNormBackwardWasm(w, x, dy, n, c, s, { training, runningMean: runMean, runningVar: runVar, eps, gamma }, gw, gb);
      if (dx === null) throw new Error('wasm kernel refused the layout');
      const want = textbook(x, dy, n, c, s, training, runMean, runVar, gamma, eps);
      const label = `n ${n} c ${c} s ${s} ${training ? 'train' : 'eval'} offset ${offset}`;
      expect(relErr(dx, want.dx), label).toBeLessThan(1e-5);
      expect(relErr(gw, want.gw), label).toBeLessThan(1e-5);
      expect(relErr(gb, want.gb), label).toBeLessThan(1e-6);
    }
  });
});
