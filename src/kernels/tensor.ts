/**
 * The one tensor type of Layer Lab: a plain object, row-major (NCHW for images), float32.
 * Kernels never mutate the tensors they are given and always return fresh ones.
 */
import { ParamError } from './param-error.ts';

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/**
 * The largest tensor any kernel will allocate (2^24 elements = 64 MiB of float32).
 * Checked before allocation so that a huge request is refused instead of freezing the page.
 */
export const MAX_ELEMENTS = 1 << 24;

/** The largest number of multiply-adds one kernel call may do (≈ a few seconds of scalar JS). */
export const MAX_MULTIPLY_ADDS = 4e9;

export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Make a tensor, checking that `data` has exactly as many elements as `shape` describes. */
export function tensor(shape: readonly number[], data?: Float32Array | readonly number[]): Tensor {
  checkShape(shape, 'shape');
  const n = product(shape);
  if (data === undefined) {
    checkElementCap(n, 'tensor');
    return { shape: [...shape], data: new Float32Array(n) };
  }
  const arr = data instanceof Float32Array ? data : Float32Array.from(data);
  if (arr.length !== n) {
    throw new ParamError('data', `tensor data length ${arr.length} does not match shape [${shape.join(', ')}] (needs ${n})`);
  }
  return { shape: [...shape], data: arr };
}

/** 'input shape' → 'input': the argument a shape belongs to. */
const paramOf = (name: string): string => name.split(' ')[0];

function checkShape(shape: readonly number[], name: string): void {
  if (!Array.isArray(shape)) throw new ParamError(paramOf(name), `${name} must be an array of dimensions`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ParamError(paramOf(name), `invalid ${name}: [${shape.join(', ')}] (dimensions must be non-negative integers)`);
    }
  }
}

/** Refuse an allocation of `n` float32 elements over MAX_ELEMENTS, naming what it was for. */
export function checkElementCap(n: number, what: string): void {
  if (!(n <= MAX_ELEMENTS)) {
    throw new ParamError('output',
      `${what} output would have ${n.toLocaleString('en-US')} elements, over the limit of ${MAX_ELEMENTS.toLocaleString('en-US')} (2^24)`,
    );
  }
}

/**
 * Check that `t` is a well-formed 4-D NCHW tensor; `name` is used in the message.
 * Returns the shape as a tuple for destructuring.
 */
export function assert4D(t: Tensor, name: string): [number, number, number, number] {
  const s = assertRank(t, name, '[N, C, H, W]');
  return [s[0], s[1], s[2], s[3]];
}

/** Check that `t` is a well-formed tensor of the rank `layout` names (e.g. `[N, C, L]`); returns its shape. */
export function assertRank(t: Tensor, name: string, layout: string): readonly number[] {
  const rank = layout.split(',').length;
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || !(t.data instanceof Float32Array)) {
    throw new ParamError(name, `${name} must be a tensor {shape: number[], data: Float32Array}`);
  }
  if (t.shape.length !== rank) {
    throw new ParamError(name, `${name} must be ${rank}-D ${layout}, got ${t.shape.length}-D shape [${t.shape.join(', ')}]`);
  }
  checkShape(t.shape, `${name} shape`);
  const n = product(t.shape);
  if (t.data.length !== n) {
    throw new ParamError(name,
      `${name} data length ${t.data.length} does not match shape [${t.shape.join(', ')}] (needs ${n})`,
    );
  }
  return t.shape;
}

/** Largest absolute element-wise difference; NaN where shapes differ or either side has a NaN the other lacks. */
export function maxAbsDiff(a: Float32Array | readonly number[], b: Float32Array | readonly number[]): number {
  if (a.length !== b.length) return NaN;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      return NaN;
    }
    if (x === y) continue; // also covers equal infinities
    const d = Math.abs(x - y);
    if (d > m) m = d;
  }
  return m;
}

/**
 * ONNX Runtime's test tolerance: |a − b| ≤ atol + rtol·|b|, NaN matches NaN, ±Inf match themselves.
 * Returns null when close, else a message describing the first mismatch.
 */
export function allCloseMessage(
  actual: Float32Array | readonly number[],
  expected: Float32Array | readonly number[],
  atol = 1e-4,
  rtol = 1e-4,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) && Number.isNaN(a)) continue;
      return `element ${i}: ${a} vs expected ${e}`;
    }
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (a === e) continue;
      return `element ${i}: ${a} vs expected ${e}`;
    }
    if (Math.abs(a - e) > atol + rtol * Math.abs(e)) return `element ${i}: ${a} vs expected ${e} (|diff| ${Math.abs(a - e)})`;
  }
  return null;
}

export function allClose(
  actual: Float32Array | readonly number[],
  expected: Float32Array | readonly number[],
  atol = 1e-4,
  rtol = 1e-4,
): boolean {
  return allCloseMessage(actual, expected, atol, rtol) === null;
}
