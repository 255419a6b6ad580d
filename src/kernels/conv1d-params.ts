/**
 * Parameters of the 1-D convolutions (PyTorch `Conv1d` / `ConvTranspose1d`). A 1-D layer is validated as the 2-D
 * layer with H = 1 that computes exactly the same — input `[N, C, 1, L]`, kernel `1 × k`, stride and dilation 1
 * along H, no H padding — so every check of params.ts applies unchanged, its messages shown in 1-D terms (CONV_1D);
 * this file only checks what is particular to one dimension (3-D tensors, single-integer options) and maps the
 * parameters across.
 */
import { ParamError } from './param-error.ts';
import {
  checkTensor, convTranspose2dInfo, conv2dInfo, normalizePair, type ConvInfo, type ConvOptions, type ConvTransposeOptions,
  type ConvView,
} from './params.ts';
import type { Tensor } from './tensor.ts';

/** Options of `conv1d`, each a single integer as in PyTorch's 1-d modules. */
export interface Conv1dOptions {
  stride?: number;
  /** Both ends, or ONNX-style `[begin, end]`. */
  padding?: number | [number, number];
  dilation?: number;
  groups?: number;
}

export interface ConvTranspose1dOptions extends Conv1dOptions {
  outputPadding?: number;
}

/** A validated 1-D layer: the equivalent 2-D layer and the 1-D output shape. */
export interface Conv1dInfo {
  /** The same layer with H = 1 (inH = outH = kH = 1), as conv2dInfo / convTranspose2dInfo return it. */
  conv: ConvInfo;
  /** `[N, Cout, Lout]`. */
  outShape: [number, number, number];
}

function describe(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(describe).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A well-formed 3-D tensor `[a, b, L]` viewed as `[a, b, 1, L]` (same data). */
export function viewAs2d(t: Tensor, name: string, layout: string): Tensor {
  const s = checkTensor(t, name, layout);
  return { shape: [s[0], s[1], 1, s[2]], data: t.data };
}

/** Messages of the 2-D checks in the caller's terms: shapes without the unit height, sizes as lengths. */
const CONV_1D: ConvView = {
  shape: (s) => `[${[s[0], s[1], s[3]].join(', ')}]`,
  size: (_h, w) => String(w),
  weight: (t) => (t ? '[Cin, Cout/groups, k]' : '[Cout, Cin/groups, k]'),
  axis: () => 'L',
};

/** A single integer option (stride, dilation, outputPadding), checked by the 2-D rules. */
function single(name: string, v: unknown, fallback: number, min: 0 | 1): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number') {
    throw new ParamError(name, `invalid ${name}: ${describe(v)} (a 1-D layer takes a single integer)`);
  }
  return normalizePair(name, v, fallback, min)[0];
}

/** Padding as `[begin, end]`: a number pads both ends. */
function padding1d(v: unknown): [number, number] {
  if (v === undefined) return [0, 0];
  if (typeof v !== 'number' && !(Array.isArray(v) && v.length === 2)) {
    throw new ParamError('padding', `invalid padding: ${describe(v)} (a 1-D layer takes a number or [begin, end])`);
  }
  return normalizePair('padding', v as number | [number, number], 0, 0);
}

function checkOptions(opts: unknown): Record<string, unknown> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ParamError('options', `invalid options: ${describe(opts)} (must be an object such as {stride: 2, padding: 1}, or omitted)`);
  }
  return opts as Record<string, unknown>;
}

/** The 2-D options of the H = 1 layer. */
function lift(o: Record<string, unknown>): ConvOptions {
  const [begin, end] = padding1d(o.padding);
  return {
    stride: [1, single('stride', o.stride, 1, 1)],
    padding: [0, begin, 0, end],
    dilation: [1, single('dilation', o.dilation, 1, 1)],
    groups: o.groups as number | undefined,
  };
}

/**
 * Validate `F.conv1d(input, weight, bias, stride, padding, dilation, groups)`: input `[N, Cin, L]`, weight
 * `[Cout, Cin/groups, k]`, bias `[Cout]` or null. Output length (PyTorch Conv1d docs):
 * `floor((L + pad_begin + pad_end − d·(k − 1) − 1) / s) + 1`.
 */
export function conv1dInfo(input: Tensor, weight: Tensor, bias: Float32Array | null | undefined, opts: Conv1dOptions = {}): Conv1dInfo {
  const x = viewAs2d(input, 'input', '[N, C, L]');
  const w = viewAs2d(weight, 'weight', '[Cout, Cin/groups, k]');
  const conv = conv2dInfo(x, w, bias, lift(checkOptions(opts)), CONV_1D);
  return { conv, outShape: [conv.batch, conv.outChannels, conv.outW] };
}

/**
 * Validate `F.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)`: input
 * `[N, Cin, L]`, weight `[Cin, Cout/groups, k]`, bias `[Cout]` or null. Output length (PyTorch ConvTranspose1d
 * docs): `(L − 1)·s − pad_begin − pad_end + d·(k − 1) + output_padding + 1`.
 */
export function convTranspose1dInfo(
  input: Tensor, weight: Tensor, bias: Float32Array | null | undefined, opts: ConvTranspose1dOptions = {},
): Conv1dInfo {
  const x = viewAs2d(input, 'input', '[N, C, L]');
  const w = viewAs2d(weight, 'weight', '[Cin, Cout/groups, k]');
  const o = checkOptions(opts);
  const lifted: ConvTransposeOptions = { ...lift(o), outputPadding: [0, single('outputPadding', o.outputPadding, 0, 0)] };
  const conv = convTranspose2dInfo(x, w, bias, lifted, CONV_1D);
  return { conv, outShape: [conv.batch, conv.outChannels, conv.outW] };
}

/** The ConvOptions / ConvTransposeOptions of the H = 1 layer, for calling the 2-D kernels and backward passes. */
export function conv1dAs2dOptions(info: Conv1dInfo): ConvTransposeOptions {
  const c = info.conv;
  return {
    stride: [1, c.strideW], padding: [0, c.padLeft, 0, c.padRight], dilation: [1, c.dilationW], groups: c.groups,
    outputPadding: [0, c.outPadW],
  };
}
