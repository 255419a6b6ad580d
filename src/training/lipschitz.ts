/**
 * The Lipschitz constant of a (transposed) convolution layer: its operator norm ‖A‖₂ = max ‖A·x‖ / ‖x‖ over
 * inputs of a given size, the largest singular value of the layer's matrix. Found by power iteration that only
 * ever calls the forward kernel and its adjoint (for a transposed conv the adjoint is a conv2d, and vice versa),
 * so it works at sizes where the matrix could never be written down.
 *
 * Spectral normalisation divides the weight by this number, making the layer 1-Lipschitz. Note that
 * `torch.nn.utils.spectral_norm` divides by σ of the weight *reshaped to a matrix* instead — cheaper, but not the
 * layer's operator norm; `reshapedWeightSigma` computes that one so the two can be compared.
 */
import { conv2d } from '../kernels/conv2d.ts';
import { convTranspose2d } from '../kernels/conv-transpose.ts';
import { conv2dInfo, convTranspose2dInfo, type ConvTransposeOptions } from '../kernels/params.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { conv2dInputGradient } from '../kernels/backward/conv2d.ts';
import { convTranspose2dInputGradient } from '../kernels/backward/conv-transpose.ts';
import { convMatrix, toDense } from '../analysis/conv-matrix.ts';
import { conv2dAdjointOptions } from '../kernels/backward/conv2d.ts';
import { Rng } from '../util/random.ts';
import { largestSingularValue, MAX_DENSE_SIDE } from './singular.ts';

export type LinearOp = 'convTranspose2d' | 'conv2d';

export interface ConvLayer {
  op: LinearOp;
  /** `[C, H, W]` of one input (batch 1: the norm does not depend on the batch size). */
  inputShape: [number, number, number];
  /** convTranspose2d: `[Cin, Cout/groups, kH, kW]`; conv2d: `[Cout, Cin/groups, kH, kW]` (PyTorch layouts). */
  weight: Tensor;
  /** stride, padding, dilation, groups (and outputPadding for the transposed conv). */
  opts: ConvTransposeOptions;
}

export interface PowerIterationResult {
  /** The estimate of σ_max = ‖A‖₂ after the last iteration (a lower bound that rises to σ_max). */
  sigma: number;
  /** The estimate after each iteration. */
  history: number[];
  iterations: number;
  converged: boolean;
  /** The input direction that is stretched most (unit norm). */
  direction: Tensor;
}

function norm(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** Forward and adjoint of the layer, bias-free (a bias shifts but does not stretch). Validates via params.ts. */
export function layerOperator(layer: ConvLayer): { apply: (x: Tensor) => Tensor; adjoint: (y: Tensor) => Tensor; input: Tensor } {
  const [c, h, w] = layer.inputShape;
  const input: Tensor = { shape: [1, c, h, w], data: new Float32Array(c * h * w) };
  if (layer.op === 'convTranspose2d') {
    convTranspose2dInfo(input, layer.weight, null, layer.opts);
    return {
      input,
      apply: (x) => convTranspose2d(x, layer.weight, null, layer.opts),
      adjoint: (y) => convTranspose2dInputGradient(input, layer.weight, y, layer.opts),
    };
  }
  const { outputPadding: _unused, ...convOpts } = layer.opts;
  conv2dInfo(input, layer.weight, null, convOpts);
  return {
    input,
    apply: (x) => conv2d(x, layer.weight, null, convOpts),
    adjoint: (y) => conv2dInputGradient(input, layer.weight, y, convOpts),
  };
}

/**
 * Power iteration on AᵀA: x ← AᵀA·x / ‖AᵀA·x‖, σ ≈ ‖A·x‖ (‖x‖ = 1). Every estimate is a lower bound that rises
 * towards σ_max; how fast depends on the gap to the second singular value, which for convolutions on small inputs
 * can be tiny (their spectrum is nearly continuous), so a run may need thousands of iterations. It stops when the
 * estimate grew by less than `tol` (relative) over the last 10 iterations, or after `maxIterations`.
 * Seeded start, so the same layer always gives the same sequence.
 */
export function operatorNorm(
  layer: ConvLayer,
  { maxIterations = 3000, tol = 1e-7, seed = 1 }: { maxIterations?: number; tol?: number; seed?: number } = {},
): PowerIterationResult {
  const op = layerOperator(layer);
  const rng = new Rng(seed);
  let x: Tensor = { shape: op.input.shape, data: rng.normalArray(op.input.data.length, 1) };
  const n0 = norm(x.data);
  x.data.forEach((v, i) => { x.data[i] = v / n0; });
  const history: number[] = [];
  let sigma = 0;
  let converged = false;
  for (let it = 0; it < maxIterations; it++) {
    const y = op.apply(x);
    sigma = norm(y.data);
    history.push(sigma);
    const back = op.adjoint(y);
    const nb = norm(back.data);
    if (!Number.isFinite(nb)) break;
    if (nb === 0 || (it >= 10 && Math.abs(sigma - history[it - 10]) <= tol * sigma)) {
      converged = true;
      break;
    }
    for (let i = 0; i < back.data.length; i++) back.data[i] /= nb;
    x = back;
  }
  return { sigma, history, iterations: history.length, converged, direction: x };
}

/** The weight divided by σ: the spectrally normalised layer (σ of the result is 1). */
export function spectrallyNormalised(weight: Tensor, sigma: number): Tensor {
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new Error(`cannot normalise by σ = ${sigma} (the layer must have a positive, finite operator norm)`);
  }
  return { shape: [...weight.shape], data: weight.data.map((v) => v / sigma) };
}

/**
 * σ_max of the weight reshaped as torch.nn.utils.spectral_norm does: the output-channel dimension first
 * (dim 1 for ConvTranspose, dim 0 for Conv), everything else flattened. Small, so computed densely.
 */
export function reshapedWeightSigma(op: LinearOp, weight: Tensor): number {
  const [a, b, kh, kw] = weight.shape;
  const taps = kh * kw;
  if (op === 'conv2d') return largestSingularValue(weight.data, a, b * taps);
  // [Cin, Cout/g, kH, kW] → [Cout/g, Cin·kH·kW]
  const m = new Float64Array(a * b * taps);
  for (let i = 0; i < a; i++) {
    for (let o = 0; o < b; o++) {
      for (let t = 0; t < taps; t++) m[o * a * taps + i * taps + t] = weight.data[(i * b + o) * taps + t];
    }
  }
  return largestSingularValue(m, b, a * taps);
}

/**
 * The same σ_max from the explicit matrix, for small layers: the explorer's convolution matrix C (built by index
 * arithmetic, no kernel call) has the transposed conv as Cᵀ, and σ_max(Cᵀ) = σ_max(C) is found by Jacobi on the
 * smaller Gram matrix. A conv2d layer is the adjoint of a transposed conv with the same weight, and σ(A) = σ(Aᵀ).
 * Throws when the matrix side would exceed MAX_DENSE_SIDE.
 */
export function denseOperatorNorm(layer: ConvLayer): number {
  const [c, h, w] = layer.inputShape;
  const input: Tensor = { shape: [1, c, h, w], data: new Float32Array(c * h * w) };
  let info;
  if (layer.op === 'convTranspose2d') {
    info = convTranspose2dInfo(input, layer.weight, null, layer.opts);
  } else {
    const { outputPadding: _unused, ...convOpts } = layer.opts;
    const ci = conv2dInfo(input, layer.weight, null, convOpts);
    const [, oc, oh, ow] = ci.outShape;
    const out: Tensor = { shape: [1, oc, oh, ow], data: new Float32Array(oc * oh * ow) };
    info = convTranspose2dInfo(out, layer.weight, null, conv2dAdjointOptions(ci));
  }
  const m = convMatrix(layer.weight.data, info);
  if (Math.min(m.rows, m.cols) > MAX_DENSE_SIDE) {
    throw new Error(
      `dense check needs a matrix side ≤ ${MAX_DENSE_SIDE}, this layer's is ${m.rows}×${m.cols}; use a smaller input`,
    );
  }
  return largestSingularValue(toDense(m), m.rows, m.cols);
}
