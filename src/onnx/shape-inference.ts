/**
 * Output shapes of the common ops from their input shapes (the ONNX operator spec's shape rules), for files whose
 * exporter wrote no value_info (torch.onnx.export writes none for intermediate values). A dimension is a number, a
 * symbolic name the file gave (`batch_size`: it passes through unchanged), or null: truly open. Shapes only — no
 * tensor is allocated, whatever size the file declares.
 */
import { reshapeDims, sliceRanges, unsqueezeDims, type ConstValue } from './constants.ts';
import type { Dim, NodeProto } from './proto.ts';
import { decodeUtf8 } from './wire.ts';

export type Shape = Dim[];

export interface ShapeContext {
  opset: number;
  shape(name: string): Shape | undefined;
  /** An integer or float constant's values, or null when the value is not a constant. */
  value(name: string): ConstValue | null;
}

/** Ops whose (first) output has the shape of their first input. */
const SAME_SHAPE = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'Celu', 'HardSigmoid', 'HardSwish', 'Softplus',
  'Softsign', 'Mish', 'Gelu', 'ThresholdedRelu', 'Shrink', 'Identity', 'Dropout', 'Clip', 'Cast', 'CastLike', 'Abs',
  'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign', 'Erf', 'Sin', 'Cos', 'Not',
  'Softmax', 'LogSoftmax', 'Hardmax', 'InstanceNormalization', 'LRN', 'LpNormalization', 'MeanVarianceNormalization',
  'LayerNormalization', 'GroupNormalization', 'BatchNormalization', 'IsNaN', 'IsInf',
]);

/** Element-wise ops with NumPy broadcasting over all their inputs. */
const BROADCAST = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Max', 'Min', 'Sum', 'Mean', 'Equal', 'Less', 'Greater', 'LessOrEqual',
  'GreaterOrEqual', 'And', 'Or', 'Xor', 'Where', 'BitShift',
]);

const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSumExp', 'ReduceSumSquare']);

const num = (d: Dim | undefined): number | null => (typeof d === 'number' ? d : null);

/** A product of dims, or null when one is open. */
function prod(dims: readonly Dim[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    p *= d;
  }
  return p;
}

function attrOf(node: NodeProto, name: string) {
  return node.attributes.find((a) => a.name === name);
}
const intAttr = (node: NodeProto, name: string, fallback: number) => attrOf(node, name)?.i ?? fallback;
const intsAttr = (node: NodeProto, name: string) => attrOf(node, name)?.ints;
const strAttr = (node: NodeProto, name: string) => {
  const s = attrOf(node, name)?.s;
  return s ? decodeUtf8(s) : undefined;
};

function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

/** Broadcast shapes whose dims may be open: a known dim other than 1 wins over an open one. */
function broadcast(shapes: Shape[]): Shape {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const dims = shapes.map((s) => s[s.length - rank + i] ?? 1).filter((d) => d !== 1);
    const numbers = [...new Set(dims.filter((d): d is number => typeof d === 'number'))];
    if (numbers.length > 1) throw new Error('shapes do not broadcast');
    if (numbers.length === 1) out.push(numbers[0]);
    else if (dims.length === 0) out.push(1);
    else out.push(dims.every((d) => d === dims[0]) ? dims[0] : null);
  }
  return out;
}

const constInts = (ctx: ShapeContext, name: string | undefined): number[] | null => {
  if (!name) return null;
  const c = ctx.value(name);
  return c ? Array.from(c.values) : null;
};

/**
 * Spatial output sizes of a sliding window (Conv, pools): the Conv / MaxPool sections of the spec. ceil_mode follows
 * PyTorch and ONNX Runtime: a last window that would start in the end padding is dropped.
 */
function windowed(
  spatial: Shape, kernel: number[], node: NodeProto, transpose: boolean, ceil: boolean,
): Shape {
  const n = spatial.length;
  const strides = intsAttr(node, 'strides') ?? new Array<number>(n).fill(1);
  const dilations = intsAttr(node, 'dilations') ?? new Array<number>(n).fill(1);
  const pads = intsAttr(node, 'pads') ?? new Array<number>(2 * n).fill(0);
  const autoPad = strAttr(node, 'auto_pad') ?? 'NOTSET';
  if (kernel.length !== n || strides.length !== n || dilations.length !== n || pads.length !== 2 * n) {
    throw new Error('attribute lengths do not match the spatial rank');
  }
  if ([...strides, ...dilations, ...kernel].some((v) => !(v >= 1)) || pads.some((p) => !(p >= 0))) throw new Error('invalid window');
  const outputShape = transpose ? intsAttr(node, 'output_shape') : undefined;
  const outputPadding = transpose ? intsAttr(node, 'output_padding') ?? new Array<number>(n).fill(0) : [];
  return spatial.map((d, i) => {
    if (outputShape) return outputShape[outputShape.length - n + i] ?? null;
    if (typeof d !== 'number') return null;
    const eff = (kernel[i] - 1) * dilations[i] + 1;
    let out: number;
    if (transpose) {
      out = autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER' ? d * strides[i]
        : strides[i] * (d - 1) + (outputPadding[i] ?? 0) + eff - (autoPad === 'VALID' ? 0 : pads[i] + pads[i + n]);
    } else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      out = Math.ceil(d / strides[i]);
    } else {
      const padded = d + (autoPad === 'VALID' ? 0 : pads[i] + pads[i + n]);
      out = (ceil ? Math.ceil((padded - eff) / strides[i]) : Math.floor((padded - eff) / strides[i])) + 1;
      if (ceil && (out - 1) * strides[i] >= d + pads[i]) out -= 1;
    }
    if (!(out >= 1)) throw new Error('window output is not positive');
    return out;
  });
}

function conv(node: NodeProto, ctx: ShapeContext, x: Shape): Shape[] | null {
  const w = ctx.shape(node.inputs[1] ?? '');
  if (!w || w.length !== x.length || x.length < 3) return null;
  const kernel = w.slice(2).map(num);
  if (kernel.some((k) => k === null)) return null;
  const group = intAttr(node, 'group', 1);
  const transpose = node.opType === 'ConvTranspose';
  const w0 = num(w[0]);
  const w1 = num(w[1]);
  const outChannels = transpose ? (w1 === null ? null : w1 * group) : w0;
  return [[x[0], outChannels, ...windowed(x.slice(2), kernel as number[], node, transpose, false)]];
}

function pool(node: NodeProto, x: Shape): Shape[] {
  const kernel = intsAttr(node, 'kernel_shape');
  if (!kernel) throw new Error('pool without kernel_shape');
  const out: Shape = [x[0], x[1], ...windowed(x.slice(2), kernel, node, false, intAttr(node, 'ceil_mode', 0) !== 0)];
  return node.outputs.map(() => out); // MaxPool's Indices have Y's shape
}

function resize(node: NodeProto, ctx: ShapeContext, x: Shape): Shape[] | null {
  if (attrOf(node, 'axes')) return null;
  let scales: number[] | null = null;
  let sizes: number[] | null = null;
  if (node.opType === 'Upsample' && ctx.opset < 9) scales = attrOf(node, 'scales')?.floats ?? null;
  else if (node.opType === 'Upsample' || ctx.opset < 11) scales = constInts(ctx, node.inputs[1]);
  else {
    const s = constInts(ctx, node.inputs[2]);
    if (s && s.length > 0) scales = s;
    else sizes = constInts(ctx, node.inputs[3]);
  }
  if (sizes) return sizes.length === x.length ? [sizes] : null;
  if (!scales || scales.length !== x.length) return null;
  // floor(in · scale) (the spec's output_dimension = floor(input_dimension * scale)), the product in float32 as ORT takes it.
  return [x.map((d, i) => (scales![i] === 1 ? d : typeof d === 'number' ? Math.floor(Math.fround(d * Math.fround(scales![i]))) : null))];
}

function split(node: NodeProto, ctx: ShapeContext, x: Shape): Shape[] | null {
  const axis = normAxis(intAttr(node, 'axis', 0), x.length);
  const parts = intsAttr(node, 'split') ?? constInts(ctx, ctx.opset >= 13 ? node.inputs[1] : undefined);
  const n = node.outputs.length;
  const d = x[axis];
  const sizes: (number | null)[] = parts ?? (typeof d === 'number'
    ? Array.from({ length: n }, (_, i) => {
      const each = Math.ceil(d / n); // opset 18's rule for an uneven split; even splits divide exactly
      return i < n - 1 ? each : d - each * (n - 1);
    })
    : new Array<null>(n).fill(null));
  return sizes.map((s) => x.map((v, i) => (i === axis ? s : v)));
}

function reduce(node: NodeProto, ctx: ShapeContext, x: Shape): Shape[] | null {
  const fromInput = (node.opType === 'ReduceSum' && ctx.opset >= 13) || ctx.opset >= 18;
  const axesList = fromInput ? (node.inputs[1] ? constInts(ctx, node.inputs[1]) : []) : intsAttr(node, 'axes') ?? [];
  if (axesList === null) return null;
  if (axesList.length === 0 && intAttr(node, 'noop_with_empty_axes', 0) === 1) return [x];
  const axes = new Set((axesList.length ? axesList : x.map((_, i) => i)).map((a) => normAxis(a, x.length)));
  const keep = intAttr(node, 'keepdims', 1) !== 0;
  return [keep ? x.map((d, i) => (axes.has(i) ? 1 : d)) : x.filter((_, i) => !axes.has(i))];
}

function matmul(a: Shape, b: Shape): Shape {
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  const out = [...batch, a2[a2.length - 2], b2[b2.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return out;
}

/**
 * The shapes of a node's outputs (undefined where not derived). Throws on a configuration the spec does not allow;
 * the caller leaves the outputs unknown, and opening the node reports the problem.
 */
export function inferShapes(node: NodeProto, ctx: ShapeContext): (Shape | undefined)[] | null {
  const x = node.inputs[0] ? ctx.shape(node.inputs[0]) : undefined;
  const op = node.opType;
  if (op === 'BatchNormalization' && x) return [x, ...node.outputs.slice(1).map(() => [x[1] ?? null])];
  if (SAME_SHAPE.has(op)) return x ? node.outputs.map(() => x) : null;
  // Opsets 1–6: `broadcast = 1` stretches B over A from `axis` (legacy broadcasting); the output is A's shape.
  if (BROADCAST.has(op) && ctx.opset < 7 && intAttr(node, 'broadcast', 0) === 1) return x ? [x] : null;
  if (BROADCAST.has(op)) {
    const all = node.inputs.filter(Boolean).map((n) => ctx.shape(n));
    return all.every((s): s is Shape => s !== undefined) && all.length > 0 ? [broadcast(all)] : null;
  }
  if (!x) return null;
  const rank = x.length;
  switch (op) {
    case 'Conv': case 'ConvTranspose':
      return conv(node, ctx, x);
    case 'MaxPool': case 'AveragePool': case 'LpPool':
      return pool(node, x);
    case 'GlobalAveragePool': case 'GlobalMaxPool': case 'GlobalLpPool':
      return [[x[0], x[1], ...x.slice(2).map(() => 1)]];
    case 'Pad': {
      const pads = ctx.opset < 11 ? intsAttr(node, 'pads') ?? intsAttr(node, 'paddings') ?? null : constInts(ctx, node.inputs[1]);
      const axesIn = ctx.opset >= 18 ? constInts(ctx, node.inputs[3]) : null;
      if (!pads) return null;
      const axes = axesIn ? axesIn.map((a) => normAxis(a, rank)) : x.map((_, i) => i);
      if (pads.length !== 2 * axes.length) throw new Error('pads length does not match');
      const out = [...x];
      axes.forEach((a, i) => {
        const d = out[a];
        const grow = pads[i] + pads[i + axes.length];
        out[a] = grow === 0 ? d : typeof d === 'number' ? d + grow : null;
      });
      return [out];
    }
    case 'Resize': case 'Upsample':
      return resize(node, ctx, x);
    case 'Concat': {
      const all = node.inputs.map((n) => ctx.shape(n));
      if (all.some((s) => !s || s.length !== rank)) return null;
      const axis = normAxis(intAttr(node, 'axis', ctx.opset < 4 ? 1 : 0), rank);
      const out = broadcastSame(all as Shape[], axis);
      out[axis] = prod((all as Shape[]).map((s) => s[axis])) === null ? null : (all as Shape[]).reduce((sum, s) => sum + (s[axis] as number), 0);
      return [out];
    }
    case 'Split':
      return split(node, ctx, x);
    case 'Flatten': {
      const a = intAttr(node, 'axis', 1);
      const axis = a < 0 ? a + rank : a;
      if (axis < 0 || axis > rank) throw new Error('Flatten axis out of range');
      return [[prod(x.slice(0, axis)), prod(x.slice(axis))]];
    }
    case 'Reshape': {
      const shape = intsAttr(node, 'shape') ?? constInts(ctx, node.inputs[1]);
      if (!shape) return null;
      const numeric = x.map(num);
      if (numeric.every((d): d is number => d !== null)) return [reshapeDims(numeric, shape, intAttr(node, 'allowzero', 0) !== 0)];
      // An open input: copied dims (0) stay as they are, explicit sizes are known, -1 is open.
      return [shape.map((s, i) => (s === 0 ? x[i] ?? null : s === -1 ? null : s))];
    }
    case 'Transpose': {
      const perm = intsAttr(node, 'perm') ?? x.map((_, i) => rank - 1 - i);
      if (perm.length !== rank) throw new Error('perm length does not match');
      return [perm.map((p) => x[normAxis(p, rank)])];
    }
    case 'Unsqueeze': {
      const axes = intsAttr(node, 'axes') ?? constInts(ctx, node.inputs[1]);
      if (!axes) return null;
      const marked = unsqueezeDims(x.map((_, i) => i + 2), axes); // 1 marks a new axis; i + 2 the old one
      return [marked.map((m) => (m === 1 ? 1 : x[m - 2]))];
    }
    case 'Squeeze': {
      const axes = intsAttr(node, 'axes') ?? (node.inputs[1] ? constInts(ctx, node.inputs[1]) : null);
      if (axes === null && node.inputs[1]) return null; // axes computed at run time
      if (axes === null) return x.every((d) => typeof d === 'number') ? [x.filter((d) => d !== 1)] : null;
      const set = new Set(axes.map((a) => normAxis(a, rank)));
      return [x.filter((_, i) => !set.has(i))];
    }
    case 'Gemm': {
      const b = ctx.shape(node.inputs[1] ?? '');
      if (!b || rank !== 2 || b.length !== 2) return null;
      const m = intAttr(node, 'transA', 0) ? x[1] : x[0];
      const n = intAttr(node, 'transB', 0) ? b[0] : b[1];
      return [[m, n]];
    }
    case 'MatMul': {
      const b = ctx.shape(node.inputs[1] ?? '');
      return b ? [matmul(x, b)] : null;
    }
    case 'DepthToSpace': case 'SpaceToDepth': {
      const bs = intAttr(node, 'blocksize', 0);
      if (rank !== 4 || bs < 1) return null;
      const [n, c, h, w] = x;
      const up = op === 'DepthToSpace';
      const scaleDim = (d: Dim, f: number, div: boolean) => (typeof d === 'number' ? (div ? d / f : d * f) : null);
      return [[n, scaleDim(c, bs * bs, up), scaleDim(h, bs, !up), scaleDim(w, bs, !up)]];
    }
    case 'Slice': {
      const numeric = x.map(num);
      if (numeric.some((d) => d === null)) return null;
      const old = ctx.opset < 10;
      const starts = old ? intsAttr(node, 'starts') : constInts(ctx, node.inputs[1]);
      const ends = old ? intsAttr(node, 'ends') : constInts(ctx, node.inputs[2]);
      const axes = old ? intsAttr(node, 'axes') ?? null : node.inputs[3] ? constInts(ctx, node.inputs[3]) : null;
      const steps = old ? null : node.inputs[4] ? constInts(ctx, node.inputs[4]) : null;
      if (!starts || !ends) return null;
      return [sliceRanges(numeric as number[], starts, ends, axes, steps).map((r) => r.count)];
    }
    case 'Gather': {
      const idx = ctx.shape(node.inputs[1] ?? '');
      if (!idx) return null;
      const axis = normAxis(intAttr(node, 'axis', 0), rank);
      return [[...x.slice(0, axis), ...idx, ...x.slice(axis + 1)]];
    }
    case 'Expand': {
      const target = constInts(ctx, node.inputs[1]);
      return target ? [broadcast([x, target])] : null;
    }
    case 'Tile': {
      const repeats = constInts(ctx, node.inputs[1]);
      if (!repeats || repeats.length !== rank) return null;
      return [x.map((d, i) => (repeats[i] === 1 ? d : typeof d === 'number' ? d * repeats[i] : null))];
    }
    case 'Shape':
      return [[rank]];
    case 'Size':
      return [[]];
    default:
      if (REDUCE.has(op)) return reduce(node, ctx, x);
      return null;
  }
}

/** The dims of same-rank shapes that must agree except along `axis` (Concat). */
function broadcastSame(all: Shape[], axis: number): Shape {
  return all[0].map((_, i) => {
    if (i === axis) return null;
    const known = all.map((s) => s[i]).find((d) => typeof d === 'number');
    if (known !== undefined && all.some((s) => typeof s[i] === 'number' && s[i] !== known)) throw new Error('Concat inputs do not match');
    return known ?? all[0][i];
  });
}

