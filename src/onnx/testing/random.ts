/** Seeded randomness for the ONNX tests (mulberry32): the same seed gives the same cases on every machine. */
import type { Tensor } from '../../kernels/tensor.ts';
import { mulberry32 } from '../../util/mulberry32.ts';

export { mulberry32 };
export type Rng = () => number;

/** Integer in [lo, hi]. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Values uniform in [-1, 1). */
export function randomData(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng() * 2 - 1;
  return out;
}

export function randomTensor(rng: Rng, shape: number[]): Tensor {
  return { shape, data: randomData(rng, shape.reduce((a, b) => a * b, 1)) };
}
