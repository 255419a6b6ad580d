/**
 * Backward passes of the normalization family (GroupNorm, LayerNorm, InstanceNorm, RMSNorm), following PyTorch
 * autograd. All four normalize rows of values that share statistics, so they share one derivation: with
 * x̂ = (x − μ)·r, r = 1/√(σ² + eps) over a row of M values, y = γ·x̂ + β and g = γ·∂L/∂y,
 *   ∂L/∂x = r · (g − mean(g) − x̂ · mean(g·x̂))        (statistics of the input: they pass gradient back)
 *   ∂L/∂x = r · g                                     (fixed statistics: InstanceNorm with running stats)
 *   ∂L/∂γ = Σ ∂L/∂y · x̂,   ∂L/∂β = Σ ∂L/∂y           (over every position that parameter scales)
 * RMSNorm (y = γ·x·r, r = 1/√(mean(x²) + eps)): ∂L/∂x = r·g − x·r³·mean(g·x), ∂L/∂γ = Σ ∂L/∂y · x·r.
 */
import { rowMoments } from '../moments.ts';
import {
  groupNorm2dInfo, instanceNorm2dInfo, layerNormInfo, rmsNormInfo,
  type GroupNormOptions, type InstanceNormOptions, type LayerNormOptions, type RmsNormOptions,
} from '../norm-params.ts';
import type { Tensor } from '../tensor.ts';

export interface NormGradients {
  /** ∂L/∂x, same shape as the input. */
  gradInput: Tensor;
  /** ∂L/∂γ, or null when the layer has no weight. */
  gradWeight: Float32Array | null;
  /** ∂L/∂β, or null when the layer has no bias (RMSNorm never has one). */
  gradBias: Float32Array | null;
}

function checkGrad(gradOutput: Tensor, input: Tensor, op: string): void {
  const same = gradOutput && Array.isArray(gradOutput.shape) && gradOutput.data instanceof Float32Array &&
    gradOutput.shape.length === input.shape.length && gradOutput.shape.every((d, i) => d === input.shape[i]) &&
    gradOutput.data.length === input.data.length;
  if (!same) {
    throw new Error(`invalid gradOutput: shape [${gradOutput?.shape?.join(', ')}] but ${op} produced [${input.shape.join(', ')}]`);
  }
}

interface RowNorm {
  rows: number;
  rowSize: number;
  mean: Float64Array;
  inv: Float64Array;
  /** true: μ and σ² are the rows' own statistics (their gradient flows back); false: constants. */
  ownStats: boolean;
  /** Index into weight/bias of element i of row r. */
  param(r: number, i: number): number;
  weight: Float32Array | null;
  paramCount: number;
  hasBias: boolean;
}

function rowNormBackward(x: Float32Array, dy: Float32Array, shape: readonly number[], n: RowNorm): NormGradients {
  const { rows, rowSize, mean, inv, ownStats, param, weight } = n;
  const dx = new Float32Array(x.length);
  const gw = new Float64Array(n.paramCount);
  const gb = new Float64Array(n.paramCount);
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize;
    const m = mean[r];
    const ri = inv[r];
    let sumG = 0;
    let sumGX = 0;
    for (let i = 0; i < rowSize; i++) {
      const k = param(r, i);
      const xhat = (x[base + i] - m) * ri;
      const d = dy[base + i];
      const g = d * (weight ? weight[k] : 1);
      sumG += g;
      sumGX += g * xhat;
      gw[k] += d * xhat;
      gb[k] += d;
    }
    const meanG = ownStats ? sumG / rowSize : 0;
    const meanGX = ownStats ? sumGX / rowSize : 0;
    for (let i = 0; i < rowSize; i++) {
      const k = param(r, i);
      const xhat = (x[base + i] - m) * ri;
      const g = dy[base + i] * (weight ? weight[k] : 1);
      dx[base + i] = ri * (g - meanG - xhat * meanGX);
    }
  }
  return {
    gradInput: { shape: [...shape], data: dx },
    gradWeight: weight ? Float32Array.from(gw) : null,
    gradBias: n.hasBias ? Float32Array.from(gb) : null,
  };
}

function invStd(variance: Float64Array, eps: number): Float64Array {
  return variance.map((v) => 1 / Math.sqrt(v + eps));
}

/** Backward of `groupNorm2d` with the same options. */
export function groupNorm2dBackward(input: Tensor, gradOutput: Tensor, opts: GroupNormOptions): NormGradients {
  const info = groupNorm2dInfo(input, opts);
  checkGrad(gradOutput, input, 'groupNorm2d');
  const { mean, variance } = rowMoments(input.data, info.rows, info.rowSize);
  const perGroup = info.channels / info.groups;
  return rowNormBackward(input.data, gradOutput.data, input.shape, {
    rows: info.rows, rowSize: info.rowSize, mean, inv: invStd(variance, info.eps), ownStats: true,
    param: (r, i) => (r % info.groups) * perGroup + Math.floor(i / info.spatial),
    weight: info.weight, paramCount: info.channels, hasBias: info.bias !== null,
  });
}

/** Backward of `layerNorm` with the same options. */
export function layerNormBackward(input: Tensor, gradOutput: Tensor, opts: LayerNormOptions): NormGradients {
  const info = layerNormInfo(input, opts);
  checkGrad(gradOutput, input, 'layerNorm');
  const { mean, variance } = rowMoments(input.data, info.rows, info.rowSize);
  return rowNormBackward(input.data, gradOutput.data, input.shape, {
    rows: info.rows, rowSize: info.rowSize, mean, inv: invStd(variance, info.eps), ownStats: true,
    param: (_r, i) => i, weight: info.weight, paramCount: info.rowSize, hasBias: info.bias !== null,
  });
}

/** Backward of `instanceNorm2d` with the same options (running-stat updates carry no gradient, as in PyTorch). */
export function instanceNorm2dBackward(input: Tensor, gradOutput: Tensor, opts: InstanceNormOptions = {}): NormGradients {
  const info = instanceNorm2dInfo(input, opts);
  checkGrad(gradOutput, input, 'instanceNorm2d');
  let mean: Float64Array;
  let variance: Float64Array;
  if (info.useInputStats) {
    ({ mean, variance } = rowMoments(input.data, info.rows, info.rowSize));
  } else {
    mean = new Float64Array(info.rows).map((_, r) => info.runningMean![r % info.channels]);
    variance = new Float64Array(info.rows).map((_, r) => info.runningVar![r % info.channels]);
  }
  return rowNormBackward(input.data, gradOutput.data, input.shape, {
    rows: info.rows, rowSize: info.rowSize, mean, inv: invStd(variance, info.eps), ownStats: info.useInputStats,
    param: (r) => r % info.channels, weight: info.weight, paramCount: info.channels, hasBias: info.bias !== null,
  });
}

/** Backward of `rmsNorm` with the same options. */
export function rmsNormBackward(input: Tensor, gradOutput: Tensor, opts: RmsNormOptions): NormGradients {
  const { rows, rowSize, eps, weight } = rmsNormInfo(input, opts);
  checkGrad(gradOutput, input, 'rmsNorm');
  const x = input.data;
  const dy = gradOutput.data;
  const dx = new Float32Array(x.length);
  const gw = new Float64Array(rowSize);
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize;
    let ss = 0;
    for (let i = 0; i < rowSize; i++) ss += x[base + i] * x[base + i];
    const ri = 1 / Math.sqrt(ss / rowSize + eps);
    let sumGX = 0;
    for (let i = 0; i < rowSize; i++) {
      const g = dy[base + i] * (weight ? weight[i] : 1);
      sumGX += g * x[base + i];
      gw[i] += dy[base + i] * x[base + i] * ri;
    }
    const k = (ri * ri * ri * sumGX) / rowSize;
    for (let i = 0; i < rowSize; i++) {
      const g = dy[base + i] * (weight ? weight[i] : 1);
      dx[base + i] = ri * g - x[base + i] * k;
    }
  }
  return { gradInput: { shape: [...input.shape], data: dx }, gradWeight: weight ? Float32Array.from(gw) : null, gradBias: null };
}
