/**
 * The normalization family's forward passes over `rows` contiguous rows of `rowSize` floats: GroupNorm (a row is one
 * sample's group), InstanceNorm (one sample's channel), LayerNorm (one sample's normalized dims) and RMSNorm.
 *
 * Statistics: one pass in float64 lanes of the values shifted by the row's first value K, s₁ = Σ(x − K) and
 * s₂ = Σ(x − K)², then mean = K + s₁/n and var = s₂/n − (s₁/n)². The shift removes the cancellation of the textbook
 * E[x²] − E[x]² when |μ| ≫ σ: what is left scales with (K − μ)²/σ², and since K is one of the values,
 * (K − μ)² ≤ n·σ², so the relative error of the variance stays below n·2⁻⁵² — as good as two passes, in one.
 * x − K is exact in float64 (both are floats).
 *
 * Normalising is float32 SIMD, centred first as batch-norm.ts does: μ is split into hi + lo floats, and
 * y = ((x − hi) − lo)·scale + shift, so x − hi is exact when x is near the mean. All kernels work in place
 * (`out == x` allowed) and write each row's mean and biased variance as two float64s to `stats` when it is not 0.
 */
import { madd } from './simd';

/** The float64 halves of four float lanes. */
@inline function low(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
@inline function high(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }

/** a·a + c on two float64 lanes (fused in the relaxed build). */
@inline function square64(a: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, a, c);
  return f64x2.add(f64x2.mul(a, a), c);
}

/**
 * Sum and sum of squares of (x − shift) over n floats, float64, returned as [s₁, s₂] in one f64x2. Eight values per
 * step into four independent pairs of accumulators: a float64 add waits 3–4 cycles for the previous one.
 */
@inline function shiftedSums(p: usize, n: i32, shift: f64): v128 {
  const k = f64x2.splat(shift);
  let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0;
  let q0 = s0, q1 = s0, q2 = s0, q3 = s0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = <usize>i << 2;
    const a = v128.load(p + q);
    const b = v128.load(p + q, 16);
    const d0 = f64x2.sub(low(a), k);
    const d1 = f64x2.sub(high(a), k);
    const d2 = f64x2.sub(low(b), k);
    const d3 = f64x2.sub(high(b), k);
    s0 = f64x2.add(s0, d0);
    s1 = f64x2.add(s1, d1);
    s2 = f64x2.add(s2, d2);
    s3 = f64x2.add(s3, d3);
    q0 = square64(d0, q0);
    q1 = square64(d1, q1);
    q2 = square64(d2, q2);
    q3 = square64(d3, q3);
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  const sq = f64x2.add(f64x2.add(q0, q1), f64x2.add(q2, q3));
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  let squares = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  for (; i < n; i++) {
    const d = <f64>load<f32>(p + (<usize>i << 2)) - shift;
    sum += d;
    squares += d * d;
  }
  return f64x2.replace_lane(f64x2.splat(sum), 1, squares);
}

/** Σx² over n floats in float64 (RMSNorm). */
@inline function sumSquares(p: usize, n: i32): f64 {
  let q0 = f64x2.splat(0), q1 = q0, q2 = q0, q3 = q0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = <usize>i << 2;
    const a = v128.load(p + q);
    const b = v128.load(p + q, 16);
    q0 = square64(low(a), q0);
    q1 = square64(high(a), q1);
    q2 = square64(low(b), q2);
    q3 = square64(high(b), q3);
  }
  const sq = f64x2.add(f64x2.add(q0, q1), f64x2.add(q2, q3));
  let squares = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  for (; i < n; i++) {
    const v = <f64>load<f32>(p + (<usize>i << 2));
    squares += v * v;
  }
  return squares;
}

/** Mean and biased variance of one row; also written to stats[row] when stats is not 0. */
@inline function rowStats(p: usize, n: i32, stats: usize, row: i32): v128 {
  const shift = <f64>load<f32>(p);
  const sums = shiftedSums(p, n, shift);
  const m1 = f64x2.extract_lane(sums, 0) / <f64>n;
  let variance = f64x2.extract_lane(sums, 1) / <f64>n - m1 * m1;
  if (variance < 0) variance = 0;
  const mean = shift + m1;
  if (stats) {
    store<f64>(stats + (<usize>row << 4), mean);
    store<f64>(stats + (<usize>row << 4), variance, 8);
  }
  return f64x2.replace_lane(f64x2.splat(mean), 1, variance);
}

@inline function centre(x: v128, hi: v128, lo: v128): v128 {
  return f32x4.sub(f32x4.sub(x, hi), lo);
}

/** y = ((x − hi) − lo)·scale + shift over n floats. */
@inline function normalizeSpan(src: usize, dst: usize, n: i32, hi: f32, lo: f32, scale: f32, shift: f32): void {
  const h = f32x4.splat(hi);
  const l = f32x4.splat(lo);
  const s = f32x4.splat(scale);
  const b = f32x4.splat(shift);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = <usize>i << 2;
    const a0 = v128.load(src + q);
    const a1 = v128.load(src + q, 16);
    v128.store(dst + q, madd(centre(a0, h, l), s, b));
    v128.store(dst + q, madd(centre(a1, h, l), s, b), 16);
  }
  if (i + 4 <= n) {
    const q = <usize>i << 2;
    v128.store(dst + q, madd(centre(v128.load(src + q), h, l), s, b));
    i += 4;
  }
  for (; i < n; i++) {
    const q = <usize>i << 2;
    store<f32>(dst + q, (load<f32>(src + q) - hi - lo) * scale + shift);
  }
}

/**
 * GroupNorm / InstanceNorm / LayerNorm without elementwise affine: each row is rowSize / segLen segments of segLen
 * floats (a group's channel planes), segment k of the whole tensor taking γ and β of channel (firstChannel + k) mod
 * channels from the float arrays `gamma`, `beta`.
 */
export function normRows(x: usize, out: usize, rows: i32, rowSize: i32, segLen: i32, channels: i32, firstChannel: i32,
  gamma: usize, beta: usize, eps: f64, stats: usize, firstRow: i32): void {
  const segs = rowSize / segLen;
  const rowBytes = <usize>rowSize << 2;
  const segBytes = <usize>segLen << 2;
  let c = firstChannel;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    const st = rowStats(src, rowSize, stats, firstRow + r);
    const mean = f64x2.extract_lane(st, 0);
    const inv = 1 / Math.sqrt(f64x2.extract_lane(st, 1) + eps);
    const hi = <f32>mean;
    const lo = <f32>(mean - <f64>hi);
    for (let k = 0; k < segs; k++) {
      const scale = <f32>(<f64>load<f32>(gamma + (<usize>c << 2)) * inv);
      const off = <usize>k * segBytes;
      normalizeSpan(src + off, dst + off, segLen, hi, lo, scale, load<f32>(beta + (<usize>c << 2)));
      if (++c == channels) c = 0;
    }
  }
}

/** LayerNorm with elementwise γ and β (rowSize floats each): y = ((x − μ)·inv)·γᵢ + βᵢ. */
export function layerNormRows(x: usize, out: usize, rows: i32, rowSize: i32, gamma: usize, beta: usize, eps: f64): void {
  const rowBytes = <usize>rowSize << 2;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    const st = rowStats(src, rowSize, 0, 0);
    const mean = f64x2.extract_lane(st, 0);
    const invF = 1 / Math.sqrt(f64x2.extract_lane(st, 1) + eps);
    const hi = <f32>mean;
    const lo = <f32>(mean - <f64>hi);
    const inv = <f32>invF;
    const h = f32x4.splat(hi);
    const l = f32x4.splat(lo);
    const s = f32x4.splat(inv);
    let i = 0;
    for (; i + 4 <= rowSize; i += 4) {
      const q = <usize>i << 2;
      const t = f32x4.mul(centre(v128.load(src + q), h, l), s);
      v128.store(dst + q, madd(t, v128.load(gamma + q), v128.load(beta + q)));
    }
    for (; i < rowSize; i++) {
      const q = <usize>i << 2;
      store<f32>(dst + q, (load<f32>(src + q) - hi - lo) * inv * load<f32>(gamma + q) + load<f32>(beta + q));
    }
  }
}

/** RMSNorm: y = xᵢ·γᵢ/√(mean(x²) + eps), the mean square in float64; gamma 0 = no weight. */
export function rmsNormRows(x: usize, out: usize, rows: i32, rowSize: i32, gamma: usize, eps: f64): void {
  const rowBytes = <usize>rowSize << 2;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    const inv = <f32>(1 / Math.sqrt(sumSquares(src, rowSize) / <f64>rowSize + eps));
    const s = f32x4.splat(inv);
    let i = 0;
    if (gamma) {
      for (; i + 4 <= rowSize; i += 4) {
        const q = <usize>i << 2;
        v128.store(dst + q, f32x4.mul(f32x4.mul(v128.load(src + q), s), v128.load(gamma + q)));
      }
      for (; i < rowSize; i++) {
        const q = <usize>i << 2;
        store<f32>(dst + q, load<f32>(src + q) * inv * load<f32>(gamma + q));
      }
    } else {
      for (; i + 4 <= rowSize; i += 4) {
        const q = <usize>i << 2;
        v128.store(dst + q, f32x4.mul(v128.load(src + q), s));
      }
      for (; i < rowSize; i++) {
        const q = <usize>i << 2;
        store<f32>(dst + q, load<f32>(src + q) * inv);
      }
    }
  }
}
