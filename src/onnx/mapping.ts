/**
 * The one place where PyTorch-style layer parameters (src/kernels/params.ts) and ONNX operator attributes
 * are translated into each other, in both directions.
 *
 * PyTorch → ONNX starts from a validated ConvInfo / UpsampleInfo / BatchNormInfo (params.ts does all
 * checking) and writes attributes. ONNX → PyTorch follows the ONNX operator spec (onnx/docs/Operators.md,
 * sections Conv, ConvTranspose, BatchNormalization, Resize, DepthToSpace) and returns our options, which
 * the caller then validates through params.ts like any other options.
 */
import type { ConvInfo, ConvOptions, ConvTransposeOptions, UpsampleInfo } from '../kernels/params.ts';
import type { Conv1dInfo } from '../kernels/conv1d-params.ts';
import { nearestIndices } from '../kernels/upsample.ts';
import { listText } from './text.ts';

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';
export const AUTO_PAD_VALUES: readonly AutoPad[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

/** Conv / ConvTranspose attributes for 2-D data, as the spec names them; absent = spec default. */
export interface OnnxConvAttributes {
  kernel_shape?: number[];
  strides?: number[];
  /** `[top, left, bottom, right]` = `[x1_begin, x2_begin, x1_end, x2_end]`. */
  pads?: number[];
  dilations?: number[];
  group?: number;
  auto_pad?: AutoPad;
  /** ConvTranspose only. */
  output_padding?: number[];
  /** ConvTranspose only: 2 spatial entries (or 4 = N, C, H, W, which ORT also accepts). */
  output_shape?: number[];
}

export interface OnnxBatchNormAttributes {
  epsilon?: number;
  momentum?: number;
  training_mode?: number;
}

export interface OnnxResizeAttributes {
  mode: 'nearest' | 'linear';
  coordinate_transformation_mode: 'asymmetric' | 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | string;
  nearest_mode?: 'floor' | 'round_prefer_floor' | 'round_prefer_ceil' | 'ceil' | string;
  /** The `scales` input: `[1, 1, scaleH, scaleW]`. */
  scales: number[];
}

// ---------------------------------------------------------------- PyTorch → ONNX

/** Conv / ConvTranspose attributes for a validated ConvInfo (from conv2dInfo / convTranspose2dInfo). */
export function convInfoToOnnx(info: ConvInfo, op: 'Conv' | 'ConvTranspose'): OnnxConvAttributes {
  const attrs: OnnxConvAttributes = {
    kernel_shape: [info.kH, info.kW],
    strides: [info.strideH, info.strideW],
    pads: [info.padTop, info.padLeft, info.padBottom, info.padRight],
    dilations: [info.dilationH, info.dilationW],
    group: info.groups,
  };
  if (op === 'ConvTranspose') attrs.output_padding = [info.outPadH, info.outPadW];
  return attrs;
}

/**
 * Conv / ConvTranspose attributes of a 1-D node (3-D input) for a validated 1-D layer (conv1dInfo /
 * convTranspose1dInfo): the W entries of its H = 1 view — the inverse of `liftConv1dAttributes`.
 */
export function conv1dInfoToOnnx(info: Conv1dInfo, op: 'Conv' | 'ConvTranspose'): OnnxConvAttributes {
  const c = info.conv;
  const attrs: OnnxConvAttributes = {
    kernel_shape: [c.kW], strides: [c.strideW], pads: [c.padLeft, c.padRight], dilations: [c.dilationW], group: c.groups,
  };
  if (op === 'ConvTranspose') attrs.output_padding = [c.outPadW];
  return attrs;
}

/**
 * BatchNormalization attributes. ONNX's momentum weighs the *old* running value
 * (`running = running·momentum + batch·(1 − momentum)`), PyTorch's the new batch statistic, so ONNX = 1 − PyTorch.
 */
export function batchNormToOnnx(opts: { eps: number; momentum: number; training: boolean }): OnnxBatchNormAttributes {
  return { epsilon: opts.eps, momentum: cleanFloat(1 - opts.momentum), training_mode: opts.training ? 1 : 0 };
}

/**
 * Resize attributes reproducing `F.interpolate(x, scale_factor=s, mode, align_corners)`:
 * - nearest: PyTorch takes `floor(dst / s)` → `asymmetric` + `floor`.
 * - bilinear, align_corners=False: `(dst + 0.5)/s − 0.5` → `half_pixel`. (`pytorch_half_pixel` differs only when
 *   an output axis has length 1, where it returns 0; PyTorch with a scale_factor still uses the formula, which
 *   for downscaling to one pixel is not 0. For upscaling the two coincide.)
 * - bilinear, align_corners=True: `dst·(in − 1)/(out − 1)` → `align_corners`.
 */
export function upsampleToOnnx(info: UpsampleInfo): OnnxResizeAttributes {
  const scales = [1, 1, info.scaleH, info.scaleW];
  if (info.mode === 'nearest') {
    return { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor', scales };
  }
  return { mode: 'linear', coordinate_transformation_mode: info.alignCorners ? 'align_corners' : 'half_pixel', scales };
}

/** DepthToSpace attributes for `F.pixel_shuffle(x, r)`: mode CRD is PixelShuffle's channel order. */
export function pixelShuffleToOnnx(r: number): { blocksize: number; mode: 'CRD' } {
  return { blocksize: r, mode: 'CRD' };
}

// ---------------------------------------------------------------- ONNX → PyTorch

function pair(name: string, v: number[] | undefined, fallback: number): [number, number] {
  if (v === undefined) return [fallback, fallback];
  if (v.length !== 2) throw new Error(`${name} has ${v.length} entries ${listText(v)}; only 2-D layers (2 entries) are supported`);
  return [v[0], v[1]];
}

function checkKernelShape(attrs: OnnxConvAttributes, kernel: [number, number]): void {
  const ks = attrs.kernel_shape;
  if (ks !== undefined && (ks.length !== 2 || ks[0] !== kernel[0] || ks[1] !== kernel[1])) {
    throw new Error(`kernel_shape ${listText(ks)} does not match the weight's kernel ${kernel[0]}×${kernel[1]}`);
  }
}

function explicitPads(attrs: OnnxConvAttributes): [number, number, number, number] {
  const p = attrs.pads ?? [0, 0, 0, 0];
  if (p.length !== 4) throw new Error(`pads has ${p.length} entries ${listText(p)}; a 2-D layer needs 4 (top, left, bottom, right)`);
  return [p[0], p[1], p[2], p[3]];
}

/** Split a total padding per the spec: SAME_UPPER puts the odd one at the end, everything else at the beginning. */
function splitConvTransposePad(total: number, autoPad: AutoPad): [number, number] {
  const half = Math.floor(total / 2);
  return autoPad === 'SAME_UPPER' ? [half, total - half] : [total - half, half];
}

/**
 * Our options for an ONNX ConvTranspose node (spec, opset 11+):
 * - output_shape given → `total_padding = s·(in − 1) + output_padding + ((k − 1)·d + 1) − output_shape`,
 *   split with the extra unit at the end for SAME_UPPER and at the beginning otherwise;
 * - else auto_pad SAME_UPPER / SAME_LOWER → the same with `output_shape = in·s`;
 * - VALID → no padding; NOTSET → the explicit `pads`.
 * A negative total padding means the requested output is longer than the full transposed convolution; the
 * extra rows/columns are appended at the end, as output_padding does (this is what the spec's own example
 * `convtranspose_output_shape` expects). `inputHW` is needed only for output_shape and SAME_*.
 */
export function onnxToConvTransposeOptions(
  attrs: OnnxConvAttributes,
  kernelHW: [number, number],
  inputHW: [number, number] | null,
): ConvTransposeOptions {
  checkKernelShape(attrs, kernelHW);
  const stride = pair('strides', attrs.strides, 1);
  const dilation = pair('dilations', attrs.dilations, 1);
  const outputPadding = pair('output_padding', attrs.output_padding, 0);
  const autoPad = attrs.auto_pad ?? 'NOTSET';
  const groups = attrs.group ?? 1;
  let target: [number, number] | null = null;
  if (attrs.output_shape !== undefined) {
    const os = attrs.output_shape;
    if (os.length !== 2 && os.length !== 4) {
      throw new Error(`output_shape has ${os.length} entries ${listText(os)}; a 2-D layer needs 2 (H, W)`);
    }
    target = os.length === 2 ? [os[0], os[1]] : [os[2], os[3]];
  } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    if (!inputHW) throw new Error(`auto_pad ${autoPad} sets the padding from the input size, which is not known; choose an input size`);
    target = [inputHW[0] * stride[0], inputHW[1] * stride[1]];
  }
  if (target === null) {
    const padding = autoPad === 'VALID' ? [0, 0, 0, 0] as [number, number, number, number] : explicitPads(attrs);
    return { stride, dilation, padding, outputPadding, groups };
  }
  if (!inputHW) throw new Error('output_shape sets the padding from the input size, which is not known; choose an input size');
  const pads = [0, 0, 0, 0];
  const outPad = [...outputPadding];
  for (let axis = 0; axis < 2; axis++) {
    const full = stride[axis] * (inputHW[axis] - 1) + outputPadding[axis] + (kernelHW[axis] - 1) * dilation[axis] + 1;
    const total = full - target[axis];
    if (total >= 0) {
      [pads[axis], pads[axis + 2]] = splitConvTransposePad(total, autoPad);
    } else {
      outPad[axis] = outputPadding[axis] - total;
      // Said in terms of output_shape: the kernel's check would name an output padding the file never set.
      const most = Math.max(stride[axis], dilation[axis]) - 1;
      if (outPad[axis] > most) {
        throw new Error(
          `output_shape ${axis === 0 ? 'H' : 'W'} = ${target[axis]} is larger than this layer can produce from an input of ${inputHW[axis]}: ` +
          `at most ${full - outputPadding[axis] + most} (output padding must stay smaller than stride ${stride[axis]} or dilation ${dilation[axis]})`,
        );
      }
    }
  }
  return {
    stride, dilation, groups,
    padding: [pads[0], pads[1], pads[2], pads[3]],
    outputPadding: [outPad[0], outPad[1]],
  };
}

/**
 * Our options for an ONNX Conv node. auto_pad SAME_* pads so that `out = ceil(in / s)`:
 * `total = max(0, (out − 1)·s + (k − 1)·d + 1 − in)`, the odd unit at the end for SAME_UPPER and at the
 * beginning for SAME_LOWER (Conv section of the spec).
 */
export function onnxToConvOptions(
  attrs: OnnxConvAttributes,
  kernelHW: [number, number],
  inputHW: [number, number] | null,
): ConvOptions {
  checkKernelShape(attrs, kernelHW);
  const stride = pair('strides', attrs.strides, 1);
  const dilation = pair('dilations', attrs.dilations, 1);
  const autoPad = attrs.auto_pad ?? 'NOTSET';
  const groups = attrs.group ?? 1;
  if (autoPad === 'NOTSET') return { stride, dilation, groups, padding: explicitPads(attrs) };
  if (autoPad === 'VALID') return { stride, dilation, groups, padding: [0, 0, 0, 0] };
  if (!inputHW) throw new Error(`auto_pad ${autoPad} sets the padding from the input size, which is not known; choose an input size`);
  const pads = [0, 0, 0, 0];
  for (let axis = 0; axis < 2; axis++) {
    const out = Math.ceil(inputHW[axis] / stride[axis]);
    const total = Math.max(0, (out - 1) * stride[axis] + (kernelHW[axis] - 1) * dilation[axis] + 1 - inputHW[axis]);
    const small = Math.floor(total / 2);
    [pads[axis], pads[axis + 2]] = autoPad === 'SAME_UPPER' ? [small, total - small] : [total - small, small];
  }
  return { stride, dilation, groups, padding: [pads[0], pads[1], pads[2], pads[3]] };
}

/**
 * Our eps / momentum for an ONNX BatchNormalization node (defaults epsilon 1e-5, momentum 0.9).
 * Attributes are float32 in the file, so they are rounded back to the shortest decimal that float32 stores
 * (1e-5, not 9.99999974738e-6).
 */
export function onnxToBatchNorm(attrs: OnnxBatchNormAttributes): { eps: number; momentum: number; training: boolean } {
  const eps = cleanFloat(attrs.epsilon ?? 1e-5);
  const momentum = cleanFloat(1 - cleanFloat(attrs.momentum ?? 0.9));
  return { eps, momentum, training: (attrs.training_mode ?? 0) !== 0 };
}

/** The PyTorch interpolate options a Resize node is equivalent to, or an Error saying why there are none. */
export function onnxToUpsample(attrs: OnnxResizeAttributes): { scale: [number, number]; mode: 'nearest' | 'bilinear'; alignCorners?: boolean } {
  const s = attrs.scales;
  if (s.length !== 4 || s[0] !== 1 || s[1] !== 1) {
    throw new Error(`Resize scales ${listText(s)} must be [1, 1, sH, sW]: PyTorch upsampling never scales N or C`);
  }
  const scale: [number, number] = [s[2], s[3]];
  const ctm = attrs.coordinate_transformation_mode;
  if (attrs.mode === 'nearest') {
    if (ctm === 'asymmetric' && (attrs.nearest_mode ?? 'round_prefer_floor') === 'floor') return { scale, mode: 'nearest' };
    throw new Error(
      `Resize nearest with ${ctm} / ${attrs.nearest_mode ?? 'round_prefer_floor'} is not PyTorch's nearest (that is asymmetric / floor)`,
    );
  }
  if (ctm === 'align_corners') return { scale, mode: 'bilinear', alignCorners: true };
  if (ctm === 'half_pixel' || ctm === 'pytorch_half_pixel') return { scale, mode: 'bilinear', alignCorners: false };
  throw new Error(`Resize linear with coordinate_transformation_mode ${ctm} has no PyTorch bilinear equivalent`);
}

/** The PixelShuffle factor of a DepthToSpace node; DCR mode is a different channel order (TensorFlow's). */
export function onnxToPixelShuffle(attrs: { blocksize: number; mode?: string }): number {
  const mode = attrs.mode ?? 'DCR';
  if (mode !== 'CRD') {
    throw new Error(`DepthToSpace mode ${mode} orders channels depth-column-row (TensorFlow's depth_to_space); PyTorch's PixelShuffle is mode CRD`);
  }
  return attrs.blocksize;
}

// ---------------------------------------------------------------- what ONNX Runtime can run

/**
 * Why ONNX Runtime (web, 1.30) cannot run a configuration that PyTorch and our kernels accept, or null.
 * Found by running ORT (see mapping.test.ts / conformance tests), not by reading its source.
 */
export function ortLimitation(info: ConvInfo, op: 'Conv' | 'ConvTranspose'): string | null {
  if (op !== 'ConvTranspose') return null;
  for (const [axis, op_, s, d] of [['height', info.outPadH, info.strideH, info.dilationH], ['width', info.outPadW, info.strideW, info.dilationW]] as const) {
    if (op_ >= s) {
      return `ONNX Runtime rejects output_padding (${op_}) ≥ stride (${s}) along the ${axis}. PyTorch allows it because it is ` +
        `smaller than the dilation (${d}), so our result has no ONNX Runtime counterpart to compare with.`;
    }
  }
  return null;
}

/**
 * Why no ONNX Resize reproduces this PyTorch upsampling, or null. Found by running both:
 * - PyTorch treats an axis whose output length equals its input length as a copy, whatever the scale, for
 *   nearest and bilinear alike; ORT copies only when the *whole* output shape equals the input's, and
 *   otherwise applies the scale (floor(dst / s), or (dst + 0.5)/s − 0.5).
 * - PyTorch's nearest takes dst >> 1 when the output is exactly twice the input; ONNX computes floor(dst / s).
 * - Otherwise nearest indices are compared one by one (float32 dst·(1/s) in PyTorch vs dst/s in ORT).
 */
export function upsampleOrtLimitation(info: UpsampleInfo): string | null {
  if (info.outH === info.inH && info.outW === info.inW) return null;
  const axes = [['height', info.inH, info.outH, info.scaleH], ['width', info.inW, info.outW, info.scaleW]] as const;
  for (const [axis, inSize, outSize, scale] of axes) {
    if (outSize === inSize && inSize > 1 && scale !== 1 && !(info.mode === 'bilinear' && info.alignCorners)) {
      return `No ONNX Resize reproduces this: along the ${axis} the size stays ${inSize} with scale ${scale}. PyTorch then ` +
        `copies that axis, ONNX Resize applies the scale to it (it copies only when no axis changes size).`;
    }
    if (info.mode !== 'nearest') continue;
    const ours = nearestIndices(inSize, outSize, scale);
    const s32 = Math.fround(scale);
    for (let o = 0; o < outSize; o++) {
      const onnx = Math.min(Math.floor(Math.fround(o / s32)), inSize - 1);
      if (onnx === ours[o]) continue;
      const why = outSize === 2 * inSize ? `PyTorch takes dst ÷ 2 whenever the output is exactly twice the input (${inSize} → ${outSize})`
        : 'float32 rounding of dst·(1/scale) and dst/scale differs here';
      return `No ONNX Resize reproduces this nearest upsampling: along the ${axis}, scale ${scale}, output ${o} takes input ` +
        `${ours[o]} in PyTorch but ${onnx} in ONNX (floor(${o} / ${scale})). ${why}.`;
    }
  }
  return null;
}

/**
 * Why ONNX Runtime would not run an ONNX Conv/ConvTranspose node *as the spec defines it*, or null. Found by
 * running ORT 1.30 on random nodes (mapping.test.ts):
 * - Conv with auto_pad SAME_* and a dilation > 1 is refused ("Dilation not supported for AutoPadType::SAME_UPPER").
 * - ConvTranspose with auto_pad SAME_* (no output_shape) clamps the total padding at 0, so where the full
 *   output is shorter than in·stride ORT returns the full output instead of the spec's in·stride.
 * - ConvTranspose with output_padding ≥ stride is refused (see ortLimitation).
 */
export function ortNodeLimitation(
  op: 'Conv' | 'ConvTranspose', attrs: OnnxConvAttributes, kernelHW: [number, number], inputHW: [number, number],
): string | null {
  const autoPad = attrs.auto_pad ?? 'NOTSET';
  const same = autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER';
  const [sH, sW] = pair('strides', attrs.strides, 1);
  const [dH, dW] = pair('dilations', attrs.dilations, 1);
  if (op === 'Conv') {
    return same && (dH > 1 || dW > 1) ? `ONNX Runtime refuses Conv with auto_pad ${autoPad} and a dilation > 1 (dilations [${dH}, ${dW}]).` : null;
  }
  const [opH, opW] = pair('output_padding', attrs.output_padding, 0);
  if (opH >= sH || opW >= sW) return `ONNX Runtime rejects output_padding [${opH}, ${opW}] ≥ strides [${sH}, ${sW}].`;
  if (same && attrs.output_shape === undefined) {
    const stride = [sH, sW];
    const dil = [dH, dW];
    const op_ = [opH, opW];
    for (let a = 0; a < 2; a++) {
      const full = stride[a] * (inputHW[a] - 1) + op_[a] + (kernelHW[a] - 1) * dil[a] + 1;
      if (full < inputHW[a] * stride[a]) {
        return `ONNX Runtime does not follow the spec for this ${autoPad} node: the spec asks for ${inputHW[a]}·${stride[a]} = ` +
          `${inputHW[a] * stride[a]} along the ${a === 0 ? 'height' : 'width'}, ORT clamps the padding at 0 and returns ${full}.`;
      }
    }
  }
  return null;
}

/** The shortest decimal that rounds to the same float32 (ONNX float attributes are float32). */
export function cleanFloat(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const f = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return x;
}

/**
 * A 1-D Conv / ConvTranspose node's attributes as the 2-D layer with H = 1 that computes exactly the same:
 * kernel 1 × k, stride 1 × s, dilation 1 × d, pads [0, begin, 0, end], output_padding 0 × p, output_shape 1 × L.
 * A 1-D node carries one entry per attribute (two for pads); other lengths are refused, naming the attribute.
 */
export function liftConv1dAttributes(attrs: OnnxConvAttributes): OnnxConvAttributes {
  const one = (name: string, v: number[] | undefined, padTo: number): number[] | undefined => {
    if (v === undefined) return undefined;
    if (v.length !== 1) throw new Error(`${name} has ${v.length} entries ${listText(v)}; a 1-D layer needs 1`);
    return [padTo, v[0]];
  };
  const out: OnnxConvAttributes = { ...attrs };
  const set = (key: 'kernel_shape' | 'strides' | 'dilations' | 'output_padding', padTo: number) => {
    const v = one(key, attrs[key], padTo);
    if (v) out[key] = v;
  };
  set('kernel_shape', 1);
  set('strides', 1);
  set('dilations', 1);
  set('output_padding', 0);
  if (attrs.pads !== undefined) {
    if (attrs.pads.length !== 2) throw new Error(`pads has ${attrs.pads.length} entries ${listText(attrs.pads)}; a 1-D layer needs 2 (begin, end)`);
    out.pads = [0, attrs.pads[0], 0, attrs.pads[1]];
  }
  if (attrs.output_shape !== undefined) {
    const os = attrs.output_shape;
    if (os.length !== 1 && os.length !== 3) throw new Error(`output_shape has ${os.length} entries ${listText(os)}; a 1-D layer needs 1 (L)`);
    out.output_shape = [1, os[os.length - 1]];
  }
  return out;
}
