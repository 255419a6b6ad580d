/**
 * Validation of the normalization family's options (GroupNorm, LayerNorm, InstanceNorm, RMSNorm), with PyTorch's
 * rules and messages that name the parameter. Each `…Info` returns the layout the kernel loops over: `rows`
 * contiguous groups of `rowSize` values that share one mean and variance.
 */
import { checkInt } from './params.ts';
import { checkElementCap, product, type Tensor } from './tensor.ts';

function describe(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function checkOptions(opts: unknown, op: string): void {
  if (opts === null || typeof opts !== 'object') throw new Error(`${op} needs an options object`);
}

/** eps: finite and ≥ 0 (PyTorch accepts 0; a constant group then divides 0 by 0, as there). */
function checkEps(eps: unknown, fallback: number): number {
  const e = eps ?? fallback;
  if (typeof e !== 'number' || !Number.isFinite(e) || e < 0) {
    throw new Error(`invalid eps: ${describe(e)} (must be a finite number ≥ 0)`);
  }
  return e;
}

function checkVector(name: string, v: unknown, length: number, what: string): Float32Array | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Float32Array)) throw new Error(`invalid ${name}: must be a Float32Array`);
  if (v.length !== length) throw new Error(`invalid ${name}: ${v.length} values, but ${what} needs ${length}`);
  return v;
}

function checkNCHW(input: Tensor, op: string): [number, number, number, number] {
  if (!input || !Array.isArray(input.shape) || !(input.data instanceof Float32Array)) {
    throw new Error(`${op} needs an input tensor {shape, data: Float32Array}`);
  }
  if (input.shape.length !== 4) throw new Error(`invalid input: ${op} needs [N, C, H, W], got [${input.shape.join(', ')}]`);
  const [n, c, h, w] = input.shape.map((d, i) => checkInt(`input dim ${i}`, d, 1));
  if (input.data.length !== n * c * h * w) {
    throw new Error(`invalid input: shape [${input.shape.join(', ')}] needs ${n * c * h * w} values, data has ${input.data.length}`);
  }
  checkElementCap(n * c * h * w, op);
  return [n, c, h, w];
}

export interface RowLayout {
  rows: number;
  rowSize: number;
  eps: number;
}

export interface GroupNormOptions {
  numGroups: number;
  weight?: Float32Array | null;
  bias?: Float32Array | null;
  eps?: number;
}

export interface GroupNormInfo extends RowLayout {
  batch: number;
  channels: number;
  spatial: number;
  groups: number;
  weight: Float32Array | null;
  bias: Float32Array | null;
}

/** `F.group_norm(x [N, C, H, W], num_groups, weight [C], bias [C], eps)`. */
export function groupNorm2dInfo(input: Tensor, opts: GroupNormOptions): GroupNormInfo {
  checkOptions(opts, 'groupNorm2d');
  const [n, c, h, w] = checkNCHW(input, 'groupNorm2d');
  const groups = checkInt('numGroups', opts.numGroups, 1);
  if (c % groups !== 0) throw new Error(`invalid numGroups: ${groups} (must divide the ${c} channels)`);
  const weight = checkVector('weight', opts.weight, c, 'one per channel');
  const bias = checkVector('bias', opts.bias, c, 'one per channel');
  const spatial = h * w;
  return { batch: n, channels: c, spatial, groups, weight, bias, rows: n * groups, rowSize: (c / groups) * spatial, eps: checkEps(opts.eps, 1e-5) };
}

export interface LayerNormOptions {
  /** The trailing dims normalized together, e.g. [C, H, W] or [W]. */
  normalizedShape: readonly number[];
  weight?: Float32Array | null;
  bias?: Float32Array | null;
  eps?: number;
}

export interface LayerNormInfo extends RowLayout {
  weight: Float32Array | null;
  bias: Float32Array | null;
}

function checkTrailing(input: Tensor, normalizedShape: unknown, op: string): { rows: number; rowSize: number } {
  if (!input || !Array.isArray(input.shape) || !(input.data instanceof Float32Array)) {
    throw new Error(`${op} needs an input tensor {shape, data: Float32Array}`);
  }
  const shape = input.shape.map((d, i) => checkInt(`input dim ${i}`, d, 1));
  if (input.data.length !== product(shape)) {
    throw new Error(`invalid input: shape [${shape.join(', ')}] needs ${product(shape)} values, data has ${input.data.length}`);
  }
  if (!Array.isArray(normalizedShape) || normalizedShape.length === 0 || normalizedShape.length > 8) {
    throw new Error(`invalid normalizedShape: ${describe(normalizedShape)} (must be a non-empty list of the input's trailing dims)`);
  }
  normalizedShape.forEach((d, i) => checkInt(`normalizedShape[${i}]`, d, 1));
  const tail = shape.slice(shape.length - normalizedShape.length);
  if (normalizedShape.length > shape.length || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new Error(`invalid normalizedShape: [${normalizedShape.join(', ')}] (must match the input's trailing dims: input is [${shape.join(', ')}])`);
  }
  checkElementCap(input.data.length, op);
  const rowSize = product(normalizedShape as number[]);
  return { rows: input.data.length / rowSize, rowSize };
}

/** `F.layer_norm(x, normalized_shape, weight, bias, eps)`; weight and bias have prod(normalized_shape) values. */
export function layerNormInfo(input: Tensor, opts: LayerNormOptions): LayerNormInfo {
  checkOptions(opts, 'layerNorm');
  const { rows, rowSize } = checkTrailing(input, opts.normalizedShape, 'layerNorm');
  const what = `normalizedShape [${opts.normalizedShape.join(', ')}]`;
  return {
    rows, rowSize, eps: checkEps(opts.eps, 1e-5),
    weight: checkVector('weight', opts.weight, rowSize, what), bias: checkVector('bias', opts.bias, rowSize, what),
  };
}

export interface RmsNormOptions {
  normalizedShape: readonly number[];
  weight?: Float32Array | null;
  /** Default: float32's machine epsilon, as PyTorch's `eps=None` for float32 input. */
  eps?: number;
}

/** float32's machine epsilon (`torch.finfo(torch.float32).eps`). */
export const FLOAT32_EPS = 2 ** -23;

export interface RmsNormInfo extends RowLayout {
  weight: Float32Array | null;
}

/** `F.rms_norm(x, normalized_shape, weight, eps)` (PyTorch 2.4+). */
export function rmsNormInfo(input: Tensor, opts: RmsNormOptions): RmsNormInfo {
  checkOptions(opts, 'rmsNorm');
  const { rows, rowSize } = checkTrailing(input, opts.normalizedShape, 'rmsNorm');
  return {
    rows, rowSize, eps: checkEps(opts.eps, FLOAT32_EPS),
    weight: checkVector('weight', opts.weight, rowSize, `normalizedShape [${opts.normalizedShape.join(', ')}]`),
  };
}

export interface InstanceNormOptions {
  weight?: Float32Array | null;
  bias?: Float32Array | null;
  runningMean?: Float32Array | null;
  runningVar?: Float32Array | null;
  /** true: normalize with each instance's own statistics (PyTorch's default, and training); false: running stats. */
  useInputStats?: boolean;
  momentum?: number;
  eps?: number;
}

export interface InstanceNormInfo extends RowLayout {
  batch: number;
  channels: number;
  spatial: number;
  useInputStats: boolean;
  momentum: number;
  weight: Float32Array | null;
  bias: Float32Array | null;
  runningMean: Float32Array | null;
  runningVar: Float32Array | null;
}

/** `F.instance_norm(x [N, C, H, W], running_mean, running_var, weight, bias, use_input_stats, momentum, eps)`. */
export function instanceNorm2dInfo(input: Tensor, opts: InstanceNormOptions = {}): InstanceNormInfo {
  checkOptions(opts, 'instanceNorm2d');
  const [n, c, h, w] = checkNCHW(input, 'instanceNorm2d');
  const useInputStats = opts.useInputStats ?? true;
  if (typeof useInputStats !== 'boolean') throw new Error(`invalid useInputStats: ${describe(useInputStats)} (must be true or false)`);
  const momentum = opts.momentum ?? 0.1;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
    throw new Error(`invalid momentum: ${describe(momentum)} (must be in [0, 1])`);
  }
  const runningMean = checkVector('runningMean', opts.runningMean, c, 'one per channel');
  const runningVar = checkVector('runningVar', opts.runningVar, c, 'one per channel');
  if ((runningMean === null) !== (runningVar === null)) throw new Error('invalid runningVar: runningMean and runningVar must be given together');
  if (!useInputStats && runningMean === null) {
    throw new Error('invalid useInputStats: false needs runningMean and runningVar (the statistics to normalize with)');
  }
  const spatial = h * w;
  if (useInputStats && spatial === 1) {
    // PyTorch: "Expected more than 1 spatial element when training".
    throw new Error(`invalid input: instance statistics need more than 1 spatial element, got [${input.shape.join(', ')}] (H·W = 1)`);
  }
  return {
    batch: n, channels: c, spatial, rows: n * c, rowSize: spatial, eps: checkEps(opts.eps, 1e-5), useInputStats, momentum,
    weight: checkVector('weight', opts.weight, c, 'one per channel'), bias: checkVector('bias', opts.bias, c, 'one per channel'),
    runningMean, runningVar,
  };
}
