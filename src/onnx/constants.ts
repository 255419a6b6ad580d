/**
 * Constant folding of what exporters write around parameters and shapes: a node whose inputs are all constants
 * (initializers, Constant nodes, earlier folds) and whose op is below folds to a constant, computed exactly as ONNX
 * Runtime would compute it. torch.onnx.export stores a repeated tensor once and feeds the copy through Identity;
 * without constant folding it leaves Shape → Gather → Concat → Reshape chains for pads and sizes, Cast of
 * initializers, and Mul/Sub of scalars.
 *
 * Exactness: float32 results are computed in double and rounded once (Float32Array): for + − × ÷ and √ that is the
 * correctly rounded float32 result IEEE hardware gives. Integer Div truncates toward zero (ORT's C++ division).
 * Ops that would not be exact (Pow, Exp, …) are not folded: their outputs stay run-time values.
 */
import { AttributeType, DataType, type NodeProto, type TensorProto } from './proto.ts';
import { tensorProtoToFloat32, tensorProtoToInts } from './tensor-proto.ts';

/** A decoded constant: float32 values in a Float32Array, doubles and integers as numbers. */
export interface ConstValue {
  dims: number[];
  dataType: number;
  values: Float32Array | Float64Array;
}

/** The largest tensor one computed fold may produce; aliases (Identity, Reshape …) are free. */
export const MAX_FOLD_ELEMENTS = 1 << 20;

const INT_TYPES: readonly number[] = [DataType.INT64, DataType.INT32];
const FLOAT_TYPES: readonly number[] = [DataType.FLOAT, DataType.DOUBLE];

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

export function decodeConst(t: TensorProto): ConstValue | null {
  if (t.external) return null;
  if (t.dataType === DataType.FLOAT) return { dims: [...t.dims], dataType: t.dataType, values: tensorProtoToFloat32(t) };
  if (t.dataType === DataType.DOUBLE) {
    if (t.rawData) {
      const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      const n = product(t.dims);
      if (t.rawData.length !== n * 8) return null;
      return { dims: [...t.dims], dataType: t.dataType, values: Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true)) };
    }
    return { dims: [...t.dims], dataType: t.dataType, values: Float64Array.from(t.doubleData ?? []) };
  }
  if (INT_TYPES.includes(t.dataType)) return { dims: [...t.dims], dataType: t.dataType, values: Float64Array.from(tensorProtoToInts(t)) };
  return null;
}

export function encodeConst(name: string, c: ConstValue): TensorProto {
  const dims = [...c.dims];
  if (c.dataType === DataType.FLOAT) return { name, dims, dataType: c.dataType, floatData: Array.from(c.values) };
  if (c.dataType === DataType.DOUBLE) return { name, dims, dataType: c.dataType, doubleData: Array.from(c.values) };
  return { name, dims, dataType: c.dataType, [c.dataType === DataType.INT64 ? 'int64Data' : 'int32Data']: Array.from(c.values) };
}

function make(dataType: number, dims: number[], n: number): ConstValue {
  if (n > MAX_FOLD_ELEMENTS) throw new Error('too large to fold');
  return { dims, dataType, values: dataType === DataType.FLOAT ? new Float32Array(n) : new Float64Array(n) };
}

function attr(node: NodeProto, name: string) {
  return node.attributes.find((a) => a.name === name);
}

function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) throw new Error(`axis ${axis} out of range`);
  return a;
}

function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1] * dims[i + 1];
  return s;
}

/** NumPy broadcasting of two shapes; throws when they do not broadcast. */
export function broadcastDims(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error('shapes do not broadcast');
    out.push(x === 1 ? y : x);
  }
  return out;
}

function binary(op: string, a: ConstValue, b: ConstValue): ConstValue {
  if (a.dataType !== b.dataType) throw new Error('mixed types');
  const dims = broadcastDims(a.dims, b.dims);
  const out = make(a.dataType, dims, product(dims));
  const isInt = INT_TYPES.includes(a.dataType);
  const st = strides(dims);
  const index = (src: ConstValue, flat: number) => {
    let k = 0;
    let mul = 1;
    for (let d = dims.length - 1, s = src.dims.length - 1; s >= 0; d--, s--) {
      const coord = Math.floor(flat / st[d]) % dims[d];
      k += (src.dims[s] === 1 ? 0 : coord) * mul;
      mul *= src.dims[s];
    }
    return k;
  };
  for (let i = 0; i < out.values.length; i++) {
    const x = a.values[index(a, i)];
    const y = b.values[index(b, i)];
    let v: number;
    switch (op) {
      case 'Add': v = x + y; break;
      case 'Sub': v = x - y; break;
      case 'Mul': v = x * y; break;
      default:
        if (isInt && y === 0) throw new Error('integer division by zero');
        v = isInt ? Math.trunc(x / y) : x / y;
    }
    out.values[i] = v;
  }
  return out;
}

function transpose(c: ConstValue, perm: number[]): ConstValue {
  const rank = c.dims.length;
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) throw new Error('bad perm');
  const dims = perm.map((p) => c.dims[p]);
  const out = make(c.dataType, dims, c.values.length);
  const inSt = strides(c.dims);
  const outSt = strides(dims);
  for (let i = 0; i < out.values.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += (Math.floor(i / outSt[d]) % dims[d]) * inSt[perm[d]];
    out.values[i] = c.values[src];
  }
  return out;
}

/** Slice per the spec (opset 10+ inputs; clamping of starts/ends as in the Slice section). */
export function sliceRanges(dims: readonly number[], starts: number[], ends: number[], axes: number[] | null, steps: number[] | null) {
  const ranges = dims.map((d) => ({ start: 0, step: 1, count: d }));
  (axes ?? starts.map((_, i) => i)).forEach((axis, i) => {
    const a = normAxis(axis, dims.length);
    const d = dims[a];
    const step = steps?.[i] ?? 1;
    if (step === 0) throw new Error('step 0');
    let s = starts[i] < 0 ? starts[i] + d : starts[i];
    let e = ends[i] < 0 ? ends[i] + d : ends[i];
    if (step > 0) {
      s = Math.min(Math.max(s, 0), d);
      e = Math.min(Math.max(e, 0), d);
    } else {
      s = Math.min(Math.max(s, -1), d - 1);
      e = Math.min(Math.max(e, -1), d - 1);
    }
    const count = Math.max(0, Math.ceil((e - s) / step));
    ranges[a] = { start: s, step, count };
  });
  return ranges;
}

function slice(c: ConstValue, ranges: { start: number; step: number; count: number }[]): ConstValue {
  const dims = ranges.map((r) => r.count);
  const out = make(c.dataType, dims, product(dims));
  const inSt = strides(c.dims);
  const outSt = strides(dims);
  for (let i = 0; i < out.values.length; i++) {
    let src = 0;
    for (let d = 0; d < dims.length; d++) src += (ranges[d].start + (Math.floor(i / outSt[d]) % dims[d]) * ranges[d].step) * inSt[d];
    out.values[i] = c.values[src];
  }
  return out;
}

function castTo(c: ConstValue, to: number): ConstValue {
  const out = make(to, [...c.dims], c.values.length);
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (INT_TYPES.includes(to) && !Number.isFinite(v)) throw new Error('non-finite to int');
    out.values[i] = INT_TYPES.includes(to) ? Math.trunc(v) : v;
  }
  return out;
}

/** What the folder needs from the graph: constants so far (lazily decoded) and known shapes. */
export interface FoldContext {
  opset: number;
  proto(name: string): TensorProto | undefined;
  value(name: string): ConstValue | null;
  /** A fully numeric shape of a value, or null. */
  numericShape(name: string): number[] | null;
}

const ints = (c: ConstValue | null): number[] => {
  if (!c || !INT_TYPES.includes(c.dataType)) throw new Error('expects integers');
  return Array.from(c.values);
};

function axesOf(node: NodeProto, ctx: FoldContext, inputIndex: number): number[] | null {
  const a = attr(node, 'axes');
  if (a) return a.ints ?? [];
  const name = node.inputs[inputIndex];
  return name ? ints(ctx.value(name)) : null;
}

/** Output dims of Unsqueeze / Squeeze / Flatten / Reshape given the input dims (also used for shape propagation). */
export function reshapeDims(data: readonly number[], shape: readonly number[], allowZero: boolean): number[] {
  const out = shape.map((s, i) => (s === 0 && !allowZero ? data[i] : s));
  if (out.some((d) => d === undefined || d < -1)) throw new Error('bad shape');
  const minus = out.indexOf(-1);
  if (minus >= 0) {
    const known = out.reduce((a, b, i) => (i === minus ? a : a * b), 1);
    const total = product(data);
    if (known === 0 || total % known !== 0) throw new Error('cannot infer -1');
    out[minus] = total / known;
  }
  if (product(out) !== product(data)) throw new Error('element count differs');
  return out;
}

export function unsqueezeDims(dims: readonly number[], axes: readonly number[]): number[] {
  const rank = dims.length + axes.length;
  const set = new Set(axes.map((a) => normAxis(a, rank)));
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(set.has(i) ? 1 : dims[k++]);
  return out;
}

function squeezeDims(dims: readonly number[], axes: readonly number[] | null): number[] {
  if (axes === null) return dims.filter((d) => d !== 1);
  const set = new Set(axes.map((a) => normAxis(a, dims.length)));
  for (const a of set) if (dims[a] !== 1) throw new Error('squeezing a dimension that is not 1');
  return dims.filter((_, i) => !set.has(i));
}

const alias = (t: TensorProto, dims: number[]): TensorProto => ({ ...t, dims });

/**
 * The folded outputs of a node, or null when it does not fold (an input is not constant, the op is not one we fold
 * exactly, or the result is too large). Throws on a malformed node; the caller treats that as "not constant".
 */
export function foldNode(node: NodeProto, ctx: FoldContext): (TensorProto | ConstValue)[] | null {
  const inputs = node.inputs;
  const first = inputs[0] ? ctx.proto(inputs[0]) : undefined;
  const v = (i: number) => (inputs[i] ? ctx.value(inputs[i]) : null);
  switch (node.opType) {
    case 'Constant': {
      const a = node.attributes[0];
      if (!a || node.attributes.length !== 1) return null;
      if (a.name === 'value' && a.type === AttributeType.TENSOR && a.t) return [a.t];
      if (a.name === 'value_float') return [{ dims: [], dataType: DataType.FLOAT, values: Float32Array.of(a.f ?? 0) }];
      if (a.name === 'value_floats') return [{ dims: [a.floats?.length ?? 0], dataType: DataType.FLOAT, values: Float32Array.from(a.floats ?? []) }];
      if (a.name === 'value_int') return [{ dims: [], dataType: DataType.INT64, values: Float64Array.of(a.i ?? 0) }];
      if (a.name === 'value_ints') return [{ dims: [a.ints?.length ?? 0], dataType: DataType.INT64, values: Float64Array.from(a.ints ?? []) }];
      return null;
    }
    case 'Shape': {
      const dims = inputs[0] ? ctx.numericShape(inputs[0]) : null;
      if (!dims) return null;
      const rank = dims.length;
      const clampAxis = (x: number) => Math.min(Math.max(x < 0 ? x + rank : x, 0), rank);
      const start = clampAxis(attr(node, 'start')?.i ?? 0);
      const end = clampAxis(attr(node, 'end')?.i ?? rank);
      const picked = dims.slice(start, Math.max(start, end));
      return [{ dims: [picked.length], dataType: DataType.INT64, values: Float64Array.from(picked) }];
    }
    case 'Size': {
      const dims = inputs[0] ? ctx.numericShape(inputs[0]) : null;
      return dims ? [{ dims: [], dataType: DataType.INT64, values: Float64Array.of(product(dims)) }] : null;
    }
  }
  // Every other op needs all of its (present) inputs constant.
  if (!inputs.every((n) => !n || ctx.proto(n))) return null;
  if (!first) return null;
  switch (node.opType) {
    case 'Identity':
      return [first];
    case 'Dropout':
      return inputs[2] ? null : [first]; // with a training_mode input it may drop values at random
    case 'Cast': {
      const to = attr(node, 'to')?.i ?? -1;
      if (to === first.dataType) return [first];
      const c = v(0);
      if (!c || !(FLOAT_TYPES.includes(to) || INT_TYPES.includes(to))) return null;
      return [castTo(c, to)];
    }
    case 'Reshape': {
      const shape = attr(node, 'shape')?.ints ?? ints(v(1)); // opset 1–4 had a `shape` attribute
      return [alias(first, reshapeDims(first.dims, shape, (attr(node, 'allowzero')?.i ?? 0) !== 0))];
    }
    case 'Flatten': {
      const rank = first.dims.length;
      const axisAttr = attr(node, 'axis')?.i ?? 1;
      const axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
      if (axis < 0 || axis > rank) throw new Error('bad axis');
      return [alias(first, [product(first.dims.slice(0, axis)), product(first.dims.slice(axis))])];
    }
    case 'Unsqueeze':
      return [alias(first, unsqueezeDims(first.dims, axesOf(node, ctx, 1) ?? []))];
    case 'Squeeze':
      return [alias(first, squeezeDims(first.dims, axesOf(node, ctx, 1)))];
    case 'Transpose': {
      const c = v(0);
      if (!c) return null;
      const perm = attr(node, 'perm')?.ints ?? c.dims.map((_, i) => c.dims.length - 1 - i);
      return [transpose(c, perm)];
    }
    case 'Concat': {
      const parts = inputs.filter(Boolean).map((_, i) => v(i));
      if (parts.some((p) => !p) || parts.length === 0) return null;
      const cs = parts as ConstValue[];
      const rank = cs[0].dims.length;
      const axis = normAxis(attr(node, 'axis')?.i ?? 0, rank);
      if (cs.some((c) => c.dataType !== cs[0].dataType || c.dims.length !== rank || c.dims.some((d, i) => i !== axis && d !== cs[0].dims[i]))) {
        throw new Error('Concat inputs do not match');
      }
      const dims = [...cs[0].dims];
      dims[axis] = cs.reduce((s, c) => s + c.dims[axis], 0);
      const out = make(cs[0].dataType, dims, product(dims));
      const outer = product(dims.slice(0, axis));
      let k = 0;
      for (let o = 0; o < outer; o++) {
        for (const c of cs) {
          const block = product(c.dims.slice(axis));
          out.values.set(c.values.subarray(o * block, (o + 1) * block), k);
          k += block;
        }
      }
      return [out];
    }
    case 'Gather': {
      const data = v(0);
      const idx = v(1);
      if (!data || !idx || !INT_TYPES.includes(idx.dataType)) return null;
      const axis = normAxis(attr(node, 'axis')?.i ?? 0, data.dims.length);
      const dims = [...data.dims.slice(0, axis), ...idx.dims, ...data.dims.slice(axis + 1)];
      const out = make(data.dataType, dims, product(dims));
      const inner = product(data.dims.slice(axis + 1));
      const outer = product(data.dims.slice(0, axis));
      const n = data.dims[axis];
      let k = 0;
      for (let o = 0; o < outer; o++) {
        for (const raw of idx.values) {
          const j = raw < 0 ? raw + n : raw;
          if (!(j >= 0 && j < n)) throw new Error('index out of range');
          out.values.set(data.values.subarray((o * n + j) * inner, (o * n + j + 1) * inner), k);
          k += inner;
        }
      }
      return [out];
    }
    case 'Slice': {
      const data = v(0);
      if (!data) return null;
      const old = ctx.opset < 10;
      const starts = old ? attr(node, 'starts')?.ints ?? [] : ints(v(1));
      const ends = old ? attr(node, 'ends')?.ints ?? [] : ints(v(2));
      const axes = old ? attr(node, 'axes')?.ints ?? null : inputs[3] ? ints(v(3)) : null;
      const steps = old ? null : inputs[4] ? ints(v(4)) : null;
      return [slice(data, sliceRanges(data.dims, starts, ends, axes, steps))];
    }
    case 'ConstantOfShape': {
      const dims = ints(v(0));
      const value = attr(node, 'value')?.t;
      const fill = value ? decodeConst(value) : { dims: [1], dataType: DataType.FLOAT, values: Float32Array.of(0) };
      if (!fill) return null;
      const out = make(fill.dataType, dims, product(dims));
      out.values.fill(fill.values[0] ?? 0);
      return [out];
    }
    case 'Add': case 'Sub': case 'Mul': case 'Div': {
      if (ctx.opset < 7 && attr(node, 'broadcast')?.i === 1) return null; // legacy broadcasting from `axis`: not folded
      const a = v(0);
      const b = v(1);
      return a && b ? [binary(node.opType, a, b)] : null;
    }
    case 'Neg': case 'Sqrt': {
      const a = v(0);
      if (!a || !FLOAT_TYPES.includes(a.dataType) && node.opType === 'Sqrt') return null;
      const out = make(a.dataType, [...a.dims], a.values.length);
      for (let i = 0; i < a.values.length; i++) out.values[i] = node.opType === 'Neg' ? -a.values[i] : Math.sqrt(a.values[i]);
      return [out];
    }
    default:
      return null;
  }
}
