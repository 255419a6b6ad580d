import { batchNorm2d, type Tensor } from '../../kernels/index.ts';
import { channelStats } from '../../analysis/moments.ts';

/**
 * The ways batch normalisation goes wrong, each computed live with the kernel so the panel shows real numbers.
 */

/**
 * One value per channel: the first pixel of the first sample as a `[1, C, 1, 1]` batch. Training mode must refuse it
 * (the variance of one number is undefined — PyTorch raises "Expected more than 1 value per channel when
 * training"); eval mode, which uses the running statistics, accepts it.
 */
export function oneValuePerChannel(
  x: Tensor,
  runningMean: Float32Array,
  runningVar: Float32Array,
  eps: number,
): { input: Tensor; trainError: string | null; evalOutput: Float32Array | null; evalError: string | null } {
  const [, C, H, W] = x.shape;
  const data = new Float32Array(C);
  for (let c = 0; c < C; c++) data[c] = x.data[c * H * W];
  const input: Tensor = { shape: [1, C, 1, 1], data };
  let trainError: string | null = null;
  try {
    batchNorm2d(input, { training: true, eps });
  } catch (e) {
    trainError = (e as Error).message;
  }
  let evalOutput: Float32Array | null = null;
  let evalError: string | null = null;
  try {
    evalOutput = batchNorm2d(input, { training: false, runningMean, runningVar, eps }).output.data;
  } catch (e) {
    evalError = (e as Error).message;
  }
  return { input, trainError, evalOutput, evalError };
}

export interface SpreadPoint {
  n: number;
  /** Per channel: standard deviation of the batch mean over the drawn batches. null when training refuses N. */
  meanSpread: Float64Array | null;
  /** Per channel: standard deviation of the (biased) batch variance. */
  varSpread: Float64Array | null;
  error: string | null;
}

/**
 * Tiny batches make noisy statistics: for each batch size, draw `count` batches and measure how much the batch
 * mean and variance (from the kernel) move between them. For independent samples the spread of the mean falls
 * like 1/√N.
 */
export function batchStatSpread(draw: (n: number, k: number) => Tensor, sizes: readonly number[], count: number): SpreadPoint[] {
  return sizes.map((n) => {
    const means: Float32Array[] = [];
    const vars: Float32Array[] = [];
    try {
      for (let k = 0; k < count; k++) {
        const r = batchNorm2d(draw(n, k), { training: true });
        means.push(r.batchMean!);
        vars.push(r.batchVar!);
      }
    } catch (e) {
      return { n, meanSpread: null, varSpread: null, error: (e as Error).message };
    }
    return { n, meanSpread: spreadPerChannel(means), varSpread: spreadPerChannel(vars), error: null };
  });
}

function spreadPerChannel(rows: Float32Array[]): Float64Array {
  const C = rows[0].length;
  const out = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    let m = 0;
    for (const r of rows) m += r[c] / rows.length;
    let ss = 0;
    for (const r of rows) ss += (r[c] - m) ** 2;
    out[c] = Math.sqrt(ss / rows.length);
  }
  return out;
}

export interface EpsPoint {
  /** The channel's batch variance as the kernel computed it. */
  variance: number;
  /** Standard deviation of the kernel's normalised output x̂ (γ = 1, β = 0). Ideally 1. */
  std: number;
}

/**
 * eps dominating when the variance is tiny: the same values rescaled to variances from 1e−10 to 1e2, each
 * normalised by the kernel with the given eps. x̂ should have unit spread; it has √(σ²/(σ² + eps)) — about 1 while
 * σ² ≫ eps, and falling towards 0 once σ² ≲ eps, squashing the channel flat.
 */
export function epsCurve(values: Float32Array, eps: number, exponents: readonly number[]): EpsPoint[] {
  const m = values.length;
  let base = values;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i] / m;
  let variance = 0;
  for (let i = 0; i < m; i++) variance += (values[i] - mean) ** 2 / m;
  if (!(hi > lo) || !(variance > 0) || m < 2) {
    // A constant channel cannot be rescaled to another variance; use ±1 values instead so the curve still shows.
    base = new Float32Array(Math.max(2, m)).map((_, i) => (i % 2 === 0 ? 1 : -1));
    mean = base.length % 2 === 0 ? 0 : 1 / base.length;
    variance = 1 - mean * mean;
  }
  return exponents.map((e) => {
    const k = Math.sqrt(10 ** e / variance);
    const data = new Float32Array(base.length);
    for (let i = 0; i < base.length; i++) data[i] = (base[i] - mean) * k;
    const x: Tensor = { shape: [1, 1, base.length, 1], data };
    const r = batchNorm2d(x, { training: true, eps });
    const s = channelStats(r.output);
    return { variance: r.batchVar![0], std: s.std[0] };
  });
}
