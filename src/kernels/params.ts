/**
 * The one place where layer parameters are normalised and validated (after tfjs's conv_util).
 * Every kernel, the ONNX builder, the explorers' shape panels and the URL decoder call these
 * functions, so every surface shows the same message for the same mistake.
 *
 * Messages name the parameter, the value and what is allowed, e.g.
 * `invalid stride: 0 (must be a positive integer)`.
 */
import { ParamError } from './param-error.ts';
import { assertRank, checkElementCap, MAX_MULTIPLY_ADDS, type Tensor } from './tensor.ts';

export { ParamError };

/**
 * The largest stride, dilation, padding or output padding accepted (2^30). Below it every index the kernels
 * form (input row · stride + tap · dilation − padding, and so on) is an exact integer, and the work and scratch
 * memory of a call depend only on its output and the taps that land (conv-plan.ts); above it a call is refused
 * before anything runs.
 */
export const MAX_GEOMETRY = 2 ** 30;

export type Pair = number | [number, number];
/** A pair, or ONNX-style begin/end padding `[top, left, bottom, right]`. */
export type Padding = Pair | [number, number, number, number];

export interface ConvOptions {
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
}

export interface ConvTransposeOptions extends ConvOptions {
  outputPadding?: Pair;
}

/** Everything a conv-like kernel needs, with all defaults applied and all checks passed. */
export interface ConvInfo {
  batch: number;
  inChannels: number;
  inH: number;
  inW: number;
  outChannels: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  padBottom: number;
  padRight: number;
  /** Always 0 for an ordinary convolution. */
  outPadH: number;
  outPadW: number;
  groups: number;
  inPerGroup: number;
  outPerGroup: number;
  outShape: [number, number, number, number];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

const LIMIT_TEXT = `at most ${MAX_GEOMETRY.toLocaleString('en-US')} = 2^30`;

/** Check one integer parameter; `min` 1 means "positive", 0 means "non-negative". */
export function checkInt(name: string, v: unknown, min: 0 | 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new ParamError(name, `invalid ${name}: ${describe(v)} (must be a ${min === 1 ? 'positive' : 'non-negative'} integer)`);
  }
  return v;
}

/** A geometry parameter (stride, dilation, padding, outputPadding): an integer ≥ min and ≤ MAX_GEOMETRY. */
function checkGeometry(name: string, v: unknown, min: 0 | 1): number {
  checkInt(name, v, min);
  if ((v as number) > MAX_GEOMETRY) throw new ParamError(name, `invalid ${name}: ${describe(v)} (${LIMIT_TEXT})`);
  return v as number;
}

function checkGeometryList(name: string, v: readonly unknown[], min: 0 | 1): void {
  if (!v.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= min)) {
    throw new ParamError(name, `invalid ${name}: ${describe(v)} (entries must be ${min === 1 ? 'positive' : 'non-negative'} integers)`);
  }
  if (v.some((x) => (x as number) > MAX_GEOMETRY)) throw new ParamError(name, `invalid ${name}: ${describe(v)} (entries ${LIMIT_TEXT})`);
}

/** The options object of a kernel: omitted (undefined) means all defaults; anything but a plain object is refused. */
function checkOptions<T extends object>(opts: T | undefined, example: string): T | Record<string, never> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ParamError('options', `invalid options: ${describe(opts)} (must be an object such as ${example}, or omitted)`);
  }
  return opts;
}

/** Normalise a `number | [h, w]` parameter to `[h, w]`, checking both entries. */
export function normalizePair(name: string, v: Pair | undefined, fallback: number, min: 0 | 1): [number, number] {
  if (v === undefined) return [fallback, fallback];
  if (typeof v === 'number') {
    checkGeometry(name, v, min);
    return [v, v];
  }
  if (!Array.isArray(v) || v.length !== 2) {
    throw new ParamError(name, `invalid ${name}: ${describe(v)} (must be a number or a pair [h, w])`);
  }
  checkGeometryList(name, v, min);
  return [v[0], v[1]];
}

/** Normalise padding to `[top, left, bottom, right]`. */
export function normalizePadding(v: Padding | undefined): [number, number, number, number] {
  if (v === undefined) return [0, 0, 0, 0];
  if (Array.isArray(v) && v.length === 4) {
    checkGeometryList('padding', v, 0);
    return [v[0], v[1], v[2], v[3]];
  }
  if (Array.isArray(v) && v.length !== 2) {
    throw new ParamError('padding', `invalid padding: ${describe(v)} (must be a number, [pH, pW] or [top, left, bottom, right])`);
  }
  const [h, w] = normalizePair('padding', v as Pair, 0, 0);
  return [h, w, h, w];
}

function checkWeight(weight: Tensor, layout: string): [number, number, number, number] {
  const s = checkTensor(weight, 'weight', layout);
  return [s[0], s[1], s[2], s[3]];
}

/** A well-formed tensor of the rank `layout` names, every dimension at least 1; returns its shape. */
export function checkTensor(t: Tensor, name: string, layout: string): readonly number[] {
  const s = assertRank(t, name, layout);
  if (s.some((d) => d < 1)) {
    throw new ParamError(name, `invalid ${name} shape [${s.join(', ')}] (all dimensions must be at least 1)`);
  }
  return s;
}

/**
 * How messages about a convolution show its shapes. The 1-D layers are validated as 2-D layers with H = 1
 * (conv1d-params.ts); their messages leave that unit height out, so they speak of the shapes the caller passed.
 */
export interface ConvView {
  /** A 4-D shape as the caller knows it. */
  shape(s: readonly number[]): string;
  /** A spatial size (H×W). */
  size(h: number, w: number): string;
  /** The weight layout: `[Cout, Cin/groups, kH, kW]` (conv) or `[Cin, Cout/groups, kH, kW]` (transposed). */
  weight(transposed: boolean): string;
  /** The name of a spatial axis in formulas. */
  axis(a: 'H' | 'W'): string;
}

export const CONV_2D: ConvView = {
  shape: (s) => `[${s.join(', ')}]`,
  size: (h, w) => `${h}×${w}`,
  weight: (t) => (t ? '[Cin, Cout/groups, kH, kW]' : '[Cout, Cin/groups, kH, kW]'),
  axis: (a) => a,
};

function checkInput(input: Tensor): [number, number, number, number] {
  const s = checkTensor(input, 'input', '[N, C, H, W]');
  return [s[0], s[1], s[2], s[3]];
}

function checkBias(bias: Float32Array | null | undefined, outChannels: number): void {
  if (bias === null || bias === undefined) return;
  if (!(bias instanceof Float32Array)) throw new ParamError('bias', `invalid bias: ${describe(bias)} (must be a Float32Array or null)`);
  if (bias.length !== outChannels) {
    throw new ParamError('bias', `bias has ${bias.length} values but the layer has ${outChannels} output channels`);
  }
}

function checkWork(info: ConvInfo, what: string): void {
  const [n, c, h, w] = info.outShape;
  checkElementCap(n * c * h * w, what);
  const macs = n * info.outChannels * info.inPerGroup * info.kH * info.kW *
    (what === 'convTranspose2d' ? info.inH * info.inW : info.outH * info.outW);
  if (macs > MAX_MULTIPLY_ADDS) {
    throw new ParamError('output', `${what} would need ${macs.toExponential(2)} multiply-adds, over the limit of ${MAX_MULTIPLY_ADDS.toExponential(0)}`);
  }
}

/**
 * Validate a transposed convolution (PyTorch `ConvTranspose2d`, ONNX `ConvTranspose`).
 * input `[N, Cin, H, W]`, weight `[Cin, Cout/groups, kH, kW]`.
 * Output size (PyTorch docs): `(H − 1)·s − pad_begin − pad_end + d·(k − 1) + output_padding + 1`.
 */
export function convTranspose2dInfo(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null | undefined,
  opts: ConvTransposeOptions = {},
  view: ConvView = CONV_2D,
): ConvInfo {
  const [batch, inChannels, inH, inW] = checkInput(input);
  const [wIn, wOutPerGroup, kH, kW] = checkWeight(weight, CONV_2D.weight(true));
  const o = checkOptions(opts, '{stride: 2, padding: 1}');
  const [strideH, strideW] = normalizePair('stride', o.stride, 1, 1);
  const [dilationH, dilationW] = normalizePair('dilation', o.dilation, 1, 1);
  const [padTop, padLeft, padBottom, padRight] = normalizePadding(o.padding);
  const [outPadH, outPadW] = normalizePair('outputPadding', o.outputPadding, 0, 0);
  const groups = checkInt('groups', o.groups === undefined ? 1 : o.groups, 1);
  // PyTorch: "output padding must be smaller than either stride or dilation".
  for (const [op, s, d] of [[outPadH, strideH, dilationH], [outPadW, strideW, dilationW]]) {
    if (op >= s && op >= d) {
      throw new ParamError('outputPadding', `outputPadding (${op}) must be smaller than stride (${s}) or dilation (${d})`);
    }
  }
  if (inChannels % groups !== 0) {
    throw new ParamError('groups', `groups (${groups}) must divide the input channels (${inChannels})`);
  }
  if (wIn !== inChannels) {
    throw new ParamError('weight', `weight has ${wIn} input channels (shape ${view.weight(true)} = ${view.shape(weight.shape)}) but the input has ${inChannels}`);
  }
  const outChannels = wOutPerGroup * groups;
  checkBias(bias, outChannels);
  const outH = (inH - 1) * strideH - padTop - padBottom + dilationH * (kH - 1) + outPadH + 1;
  const outW = (inW - 1) * strideW - padLeft - padRight + dilationW * (kW - 1) + outPadW + 1;
  if (outH < 1 || outW < 1) {
    // The formula of the axis that failed, with its own numbers.
    const [a, n, s, p0, p1, d, k, op] = outH < 1
      ? ['H', inH, strideH, padTop, padBottom, dilationH, kH, outPadH] as const
      : ['W', inW, strideW, padLeft, padRight, dilationW, kW, outPadW] as const;
    throw new ParamError(
      'padding',
      `output size ${view.size(outH, outW)} is not positive: (${view.axis(a)}−1)·s − pad_begin − pad_end + d·(k−1) + output_padding + 1 = ` +
      `(${n}−1)·${s} − ${p0} − ${p1} + ${d}·(${k}−1) + ${op} + 1; reduce the padding`,
    );
  }
  const info: ConvInfo = {
    batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, padBottom, padRight, outPadH, outPadW, groups,
    inPerGroup: inChannels / groups, outPerGroup: wOutPerGroup, outShape: [batch, outChannels, outH, outW],
  };
  checkWork(info, 'convTranspose2d');
  return info;
}

/**
 * Validate an ordinary convolution (PyTorch `Conv2d`, ONNX `Conv`).
 * input `[N, Cin, H, W]`, weight `[Cout, Cin/groups, kH, kW]`.
 * Output size: `floor((H + pad_begin + pad_end − d·(k − 1) − 1) / s) + 1`.
 */
export function conv2dInfo(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null | undefined,
  opts: ConvOptions = {},
  view: ConvView = CONV_2D,
): ConvInfo {
  return conv2dShapeInfo(checkInput(input), weight, bias, opts, view);
}

/** `conv2dInfo` for an input known only by its (already checked) shape. */
function conv2dShapeInfo(
  inShape: [number, number, number, number],
  weight: Tensor,
  bias: Float32Array | null | undefined,
  opts: ConvOptions,
  view: ConvView = CONV_2D,
): ConvInfo {
  const [batch, inChannels, inH, inW] = inShape;
  const [outChannels, wInPerGroup, kH, kW] = checkWeight(weight, CONV_2D.weight(false));
  const o = checkOptions(opts, '{stride: 2, padding: 1}');
  const [strideH, strideW] = normalizePair('stride', o.stride, 1, 1);
  const [dilationH, dilationW] = normalizePair('dilation', o.dilation, 1, 1);
  const [padTop, padLeft, padBottom, padRight] = normalizePadding(o.padding);
  const groups = checkInt('groups', o.groups === undefined ? 1 : o.groups, 1);
  if (inChannels % groups !== 0) {
    throw new ParamError('groups', `groups (${groups}) must divide the input channels (${inChannels})`);
  }
  if (outChannels % groups !== 0) {
    throw new ParamError('groups', `groups (${groups}) must divide the output channels (${outChannels})`);
  }
  if (wInPerGroup * groups !== inChannels) {
    throw new ParamError(
      'weight',
      `weight expects ${wInPerGroup * groups} input channels (shape ${view.weight(false)} = ${view.shape(weight.shape)}, groups ${groups}) but the input has ${inChannels}`,
    );
  }
  checkBias(bias, outChannels);
  const effH = dilationH * (kH - 1) + 1;
  const effW = dilationW * (kW - 1) + 1;
  const paddedH = inH + padTop + padBottom;
  const paddedW = inW + padLeft + padRight;
  if (effH > paddedH || effW > paddedW) {
    throw new ParamError(
      'weight',
      `kernel (effective size ${view.size(effH, effW)} with dilation) is larger than the padded input (${view.size(paddedH, paddedW)})`,
    );
  }
  const outH = Math.floor((paddedH - effH) / strideH) + 1;
  const outW = Math.floor((paddedW - effW) / strideW) + 1;
  const info: ConvInfo = {
    batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, padBottom, padRight, outPadH: 0, outPadW: 0, groups,
    inPerGroup: wInPerGroup, outPerGroup: outChannels / groups, outShape: [batch, outChannels, outH, outW],
  };
  checkWork(info, 'conv2d');
  return info;
}

/**
 * Options of `resizeConv2d`: a nearest ×2 resize, then a stride-1 convolution. `scale`, `mode` and `stride` exist
 * to be refused when they are anything but 2, "nearest" and 1 — the values for which the pair is exactly one
 * stride-2 transposed convolution.
 */
export interface ResizeConvOptions {
  scale?: Pair;
  mode?: 'nearest';
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
}

export interface ResizeConvInfo {
  /** The convolution as the composition runs it, on the ×2 image (its inH, inW are 2H, 2W). */
  conv: ConvInfo;
  /** The derived transposed-conv kernel's size: d·(k − 1) + 2 per axis. */
  kH: number;
  kW: number;
  /** Options of the equivalent `convTranspose2d`: stride 2, dilation 1, the conv's groups. */
  transposed: {
    stride: [2, 2];
    padding: [number, number, number, number];
    outputPadding: [number, number];
    groups: number;
  };
  outShape: [number, number, number, number];
}

/**
 * Validate `resizeConv2d` = `F.conv2d(F.interpolate(x, scale_factor=2, mode='nearest'), w, b, padding, dilation,
 * groups)`. input `[N, Cin, H, W]`, weight `[Cout, Cin/groups, kH, kW]` (Conv2d's layout).
 *
 * Per axis, with E = d·(k − 1) + 1 the conv's extent and pb, pe its begin/end padding, the pair equals a transposed
 * convolution with stride 2, kernel E + 1, begin padding E − 1 − pb and end padding E − 1 − pe (or 0 with output
 * padding 1 when pe = E); so pb ≤ E − 1 and pe ≤ E are required. Larger paddings only add border rows that never
 * see the input.
 */
export function resizeConv2dInfo(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null | undefined,
  opts: ResizeConvOptions = {},
): ResizeConvInfo {
  const [batch, channels, inH, inW] = checkInput(input);
  const o = checkOptions(opts, '{padding: 1}');
  if (o.scale !== undefined && !(o.scale === 2 || (Array.isArray(o.scale) && o.scale.length === 2 && o.scale[0] === 2 && o.scale[1] === 2))) {
    throw new ParamError('scale', `invalid scale: ${describe(o.scale)} (resizeConv2d supports only scale 2)`);
  }
  if (o.mode !== undefined && o.mode !== 'nearest') {
    throw new ParamError('mode', `invalid mode: ${describe(o.mode)} (resizeConv2d supports only "nearest")`);
  }
  const [strideH, strideW] = normalizePair('stride', o.stride, 1, 1);
  if (strideH !== 1 || strideW !== 1) {
    throw new ParamError(
      'stride',
      `invalid stride: ${describe(o.stride)} (resizeConv2d supports only stride 1: a strided convolution of a nearest ×2 image is not a transposed convolution)`,
    );
  }
  const conv = conv2dShapeInfo([batch, channels, 2 * inH, 2 * inW], weight, bias, { padding: o.padding, dilation: o.dilation, groups: o.groups });
  const extentH = conv.dilationH * (conv.kH - 1) + 1;
  const extentW = conv.dilationW * (conv.kW - 1) + 1;
  for (const [side, pad, limit] of [
    ['top', conv.padTop, extentH - 1], ['left', conv.padLeft, extentW - 1],
    ['bottom', conv.padBottom, extentH], ['right', conv.padRight, extentW],
  ] as const) {
    if (pad > limit) {
      throw new ParamError(
        'padding',
        `padding (${side} ${pad}) is too large for resizeConv2d: at most d·(k − 1) = ${side === 'top' || side === 'bottom' ? extentH - 1 : extentW - 1} ` +
        'at the top and left and one more at the bottom and right',
      );
    }
  }
  const endH = extentH - 1 - conv.padBottom;
  const endW = extentW - 1 - conv.padRight;
  return {
    conv,
    kH: extentH + 1,
    kW: extentW + 1,
    transposed: {
      stride: [2, 2],
      padding: [extentH - 1 - conv.padTop, extentW - 1 - conv.padLeft, Math.max(endH, 0), Math.max(endW, 0)],
      outputPadding: [endH < 0 ? 1 : 0, endW < 0 ? 1 : 0],
      groups: conv.groups,
    },
    outShape: [...conv.outShape],
  };
}

export type UpsampleMode = 'nearest' | 'bilinear';
export interface UpsampleOptions {
  scale: number | [number, number];
  mode: UpsampleMode;
  alignCorners?: boolean;
}
export interface UpsampleInfo {
  batch: number;
  channels: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  scaleH: number;
  scaleW: number;
  mode: UpsampleMode;
  alignCorners: boolean;
  outShape: [number, number, number, number];
}

/** Validate `F.interpolate(x, scale_factor=scale, mode, align_corners)`; output size is `floor(H·scale)`. */
export function upsample2dInfo(input: Tensor, opts: UpsampleOptions): UpsampleInfo {
  const [batch, channels, inH, inW] = checkInput(input);
  if (opts === null || typeof opts !== 'object') {
    throw new ParamError('options', `invalid options: ${describe(opts)} (upsample2d needs an object {scale, mode})`);
  }
  const s = opts.scale;
  const pair = typeof s === 'number' ? [s, s] : s;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
    throw new ParamError('scale', `invalid scale: ${describe(s)} (must be a positive finite number or a pair of them)`);
  }
  if (opts.mode !== 'nearest' && opts.mode !== 'bilinear') {
    throw new ParamError('mode', `invalid mode: ${describe(opts.mode)} (must be "nearest" or "bilinear")`);
  }
  if (opts.alignCorners !== undefined && typeof opts.alignCorners !== 'boolean') {
    throw new ParamError('alignCorners', `invalid alignCorners: ${describe(opts.alignCorners)} (must be true, false or omitted)`);
  }
  if (opts.mode === 'nearest' && opts.alignCorners !== undefined) {
    throw new ParamError('alignCorners', 'alignCorners can only be set with mode "bilinear" (as in PyTorch)');
  }
  const outH = Math.floor(inH * pair[0]);
  const outW = Math.floor(inW * pair[1]);
  if (outH < 1 || outW < 1) {
    throw new ParamError('scale', `output size ${outH}×${outW} is not positive (input ${inH}×${inW} × scale ${describe(s)})`);
  }
  checkElementCap(batch * channels * outH * outW, 'upsample2d');
  return {
    batch, channels, inH, inW, outH, outW, scaleH: pair[0], scaleW: pair[1], mode: opts.mode,
    alignCorners: opts.alignCorners ?? false, outShape: [batch, channels, outH, outW],
  };
}

/** Validate `F.pixel_shuffle(x, r)`: `[N, C·r², H, W] → [N, C, H·r, W·r]`. */
export function pixelShuffleInfo(input: Tensor, upscaleFactor: number): { r: number; outShape: [number, number, number, number] } {
  const [n, c, h, w] = checkInput(input);
  const r = checkInt('upscaleFactor', upscaleFactor, 1);
  if (c % (r * r) !== 0) {
    throw new ParamError('upscaleFactor', `pixelShuffle needs the channels (${c}) to be divisible by upscaleFactor² (${r * r})`);
  }
  checkElementCap(n * c * h * w, 'pixelShuffle');
  return { r, outShape: [n, c / (r * r), h * r, w * r] };
}

export interface BatchNormOptions {
  weight?: Float32Array;
  bias?: Float32Array;
  runningMean?: Float32Array;
  runningVar?: Float32Array;
  training: boolean;
  /**
   * Weight of the batch in the running-statistics update (default 0.1). `null` is PyTorch's `momentum=None`:
   * a cumulative moving average, each batch weighted 1/(numBatchesTracked + 1).
   */
  momentum?: number | null;
  /** Batches already averaged into the running statistics (PyTorch's `num_batches_tracked`; default 0). */
  numBatchesTracked?: number;
  eps?: number;
}
export interface BatchNormInfo {
  batch: number;
  channels: number;
  spatial: number;
  training: boolean;
  /** The running-statistics update weight this call uses: the momentum, or 1/(numBatchesTracked + 1) if it is null. */
  momentum: number;
  /** PyTorch's `num_batches_tracked` after this call (one more than given when training). */
  numBatchesTracked: number;
  eps: number;
}

/**
 * Validate `F.batch_norm` on `[N, C, H, W]`; defaults: momentum 0.1, eps 1e-5, weight 1, bias 0.
 * The optional fields may be omitted (undefined) but not null, except momentum (null = cumulative average).
 */
export function batchNorm2dInfo(input: Tensor, opts: BatchNormOptions): BatchNormInfo {
  const [batch, channels, h, w] = checkInput(input);
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ParamError('options', `invalid options: ${describe(opts)} (batchNorm2d needs an object such as {training: true})`);
  }
  if (typeof opts.training !== 'boolean') {
    throw new ParamError('training', `invalid training: ${describe(opts.training)} (must be true or false)`);
  }
  const eps = opts.eps === undefined ? 1e-5 : opts.eps;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new ParamError('eps', `invalid eps: ${describe(eps)} (must be a finite number ≥ 0)`);
  }
  const given = opts.momentum === undefined ? 0.1 : opts.momentum;
  if (given !== null && (typeof given !== 'number' || !(given >= 0 && given <= 1))) {
    throw new ParamError('momentum', `invalid momentum: ${describe(given)} (must be in [0, 1], or null for a cumulative average)`);
  }
  const tracked = opts.numBatchesTracked === undefined ? 0 : opts.numBatchesTracked;
  if (typeof tracked !== 'number' || !Number.isSafeInteger(tracked) || tracked < 0) {
    throw new ParamError('numBatchesTracked', `invalid numBatchesTracked: ${describe(tracked)} (must be a non-negative integer)`);
  }
  for (const key of ['weight', 'bias', 'runningMean', 'runningVar'] as const) {
    const a = opts[key];
    if (a === undefined) continue;
    if (!(a instanceof Float32Array)) throw new ParamError(key, `invalid ${key}: ${describe(a)} (must be a Float32Array or omitted)`);
    if (a.length !== channels) {
      throw new ParamError(key, `${key} has ${a.length} values but the input has ${channels} channels`);
    }
  }
  if ((opts.runningMean === undefined) !== (opts.runningVar === undefined)) {
    throw new ParamError(opts.runningMean === undefined ? 'runningMean' : 'runningVar', 'runningMean and runningVar must be given together');
  }
  const spatial = h * w;
  if (opts.training && batch * spatial === 1) {
    // PyTorch: "Expected more than 1 value per channel when training".
    throw new ParamError(
      'input',
      `expected more than 1 value per channel when training, got input shape [${input.shape.join(', ')}] (N·H·W = 1): the batch variance is undefined`,
    );
  }
  if (!opts.training && opts.runningMean === undefined) {
    throw new ParamError('runningMean', 'eval mode (training: false) needs runningMean and runningVar');
  }
  checkElementCap(batch * channels * spatial, 'batchNorm2d');
  const numBatchesTracked = opts.training ? tracked + 1 : tracked;
  const momentum = given === null ? 1 / Math.max(1, numBatchesTracked) : given;
  return { batch, channels, spatial, training: opts.training, momentum, numBatchesTracked, eps };
}
