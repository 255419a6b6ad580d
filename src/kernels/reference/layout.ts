import type { Tensor } from '../tensor.ts';

/** A float64 result of a reference op: the oracles accumulate in double so their own rounding is negligible. */
export interface Tensor64 {
  shape: number[];
  data: Float64Array;
}

/** Flat row-major offset of element [a, b, c, d] in a 4-D tensor of shape `s`. */
export function at(s: readonly number[], a: number, b: number, c: number, d: number): number {
  return ((a * s[1] + b) * s[2] + c) * s[3] + d;
}

export function zeros32(shape: readonly number[]): Tensor {
  return { shape: [...shape], data: new Float32Array(shape.reduce((p, d) => p * d, 1)) };
}

export function zeros64(shape: readonly number[]): Tensor64 {
  return { shape: [...shape], data: new Float64Array(shape.reduce((p, d) => p * d, 1)) };
}
