/**
 * Small SIMD helpers shared by the AssemblyScript kernels. Everything here is `@inline`, so the two builds
 * (plain SIMD128 and relaxed SIMD) differ only in `madd`: the relaxed build fuses the multiply-add
 * (`f32x4.relaxed_madd`, one rounding), the plain build multiplies then adds (two roundings).
 */

/** a·b + c on four float lanes. */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Lane broadcasts. Loading one weight row as a vector and broadcasting lanes with shuffles keeps fewer
// vectors alive than one `load32_splat` per tap: V8 hoists all loads of a block to its top.
@inline export function lane0(v: v128): v128 { return v128.shuffle<f32>(v, v, 0, 0, 0, 0); }
@inline export function lane1(v: v128): v128 { return v128.shuffle<f32>(v, v, 1, 1, 1, 1); }
@inline export function lane2(v: v128): v128 { return v128.shuffle<f32>(v, v, 2, 2, 2, 2); }
@inline export function lane3(v: v128): v128 { return v128.shuffle<f32>(v, v, 3, 3, 3, 3); }

/** Scratch for partial stores at the right edge of a row (three vectors). */
const EDGE: usize = memory.data(48, 16);

/**
 * Store `a` to dst[0..4) and `b` to dst[4..8), or only the first `n` of those 8 floats when n < 8
 * (the row ends inside this chunk; writing on would clobber the next row or plane).
 */
@inline export function store8(dst: usize, a: v128, b: v128, n: i32): void {
  if (n >= 8) {
    v128.store(dst, a);
    v128.store(dst, b, 16);
  } else {
    v128.store(EDGE, a);
    v128.store(EDGE, b, 16);
    for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(EDGE + (<usize>i << 2)));
  }
}

/** Interleave two 4-lane vectors of alternating output columns (a → even, b → odd) and store 8 floats. */
@inline export function storeZip(dst: usize, a: v128, b: v128, n: i32): void {
  store8(dst, v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7), n);
}

/**
 * Interleave three 4-lane vectors of output columns ≡ 0, 1, 2 (mod 3) and store 12 floats (only the first
 * `n` when n < 12): a0 b0 c0 a1 | b1 c1 a2 b2 | c2 a3 b3 c3, two shuffles per vector.
 */
@inline export function storeZip3(dst: usize, a: v128, b: v128, c: v128, n: i32): void {
  const v0 = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 0, 4, 1, 5), c, 0, 1, 4, 2);
  const v1 = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 5, 2, 6, 0), c, 0, 5, 1, 2);
  const v2 = v128.shuffle<f32>(v128.shuffle<f32>(a, b, 3, 7, 0, 0), c, 6, 0, 1, 7);
  if (n >= 12) {
    v128.store(dst, v0);
    v128.store(dst, v1, 16);
    v128.store(dst, v2, 32);
  } else {
    v128.store(EDGE, v0);
    v128.store(EDGE, v1, 16);
    v128.store(EDGE, v2, 32);
    for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(EDGE + (<usize>i << 2)));
  }
}
