/**
 * ReLU and its backward pass without a branch per element. On fresh data (every training step) the sign of
 * each value is unpredictable, and the JavaScript loops' `x > 0 ? … : …` costs a mispredicted branch for about
 * every other element; here a lane mask selects the bits instead. Exactly the JavaScript kernels' results:
 * forward keeps x where x > 0 or x is NaN, else +0; backward keeps g where x > 0, else +0.
 * Whole vectors: the JavaScript side reserves vector slack after each region and copies out only `n` values.
 * In place when `out` equals an input.
 */

export function reluForward(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  for (let q: usize = 0; q < bytes; q += 16) {
    const v = v128.load(x + q);
    v128.store(out + q, v128.and(v, v128.or(f32x4.gt(v, zero), f32x4.ne(v, v))));
  }
}

export function reluBackward(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  for (let q: usize = 0; q < bytes; q += 16) {
    v128.store(out + q, v128.and(v128.load(g + q), f32x4.gt(v128.load(x + q), zero)));
  }
}
