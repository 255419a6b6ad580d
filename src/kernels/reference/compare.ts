import { allCloseMessage } from '../tensor.ts';

/**
 * Compare a float32 kernel result with a float64 oracle: |a − e| ≤ rel·max(1, max|e|) + extraAtol + rel·|e|.
 * Float32 accumulation error grows with the magnitude of the sums, so the absolute part scales with the
 * largest expected value; an indexing bug is off by O(1) and is caught at any of these scales. `extraAtol` is
 * for computations whose float32 intermediates are larger than their result (see batch-norm.test.ts).
 * Returns null when close, else `allCloseMessage`'s description of the first mismatch.
 */
export function closeMessage(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-4, extraAtol = 0): string | null {
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(expected[i]);
    if (Number.isFinite(e) && e > scale) scale = e;
  }
  return allCloseMessage(Array.from(actual), Array.from(expected), rel * scale + extraAtol, rel);
}

/** Float64 inner product ⟨a, b⟩ of two equally long arrays. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: lengths ${a.length} and ${b.length} differ`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
