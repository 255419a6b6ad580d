/**
 * Batch norm's backward pass for one channel c of an NCHW tensor (formulas in backward/batch-norm.ts), in float64
 * like the JavaScript loops: each float is widened, and the input gradient is the same expression, evaluated in
 * the same order, so it rounds to the same float32 wherever the two sums agree (they are summed in a different
 * order here: two f64 lanes).
 */

/** out[0] = Σ ∂L/∂y, out[1] = Σ ∂L/∂y·(x − mean) over the channel's `batch` planes of `spatial` floats. */
export function bnGradSums(x: usize, dy: usize, batch: i32, channels: i32, spatial: i32, c: i32, mean: f64, out: usize): void {
  const m = f64x2.splat(mean);
  let sDy = f64x2.splat(0);
  let sDyX = f64x2.splat(0);
  let tailDy: f64 = 0;
  let tailDyX: f64 = 0;
  const planeBytes = <usize>spatial << 2;
  const pairs = spatial & ~1;
  for (let n = 0; n < batch; n++) {
    const at = (<usize>(n * channels + c)) * planeBytes;
    const xs = x + at;
    const gs = dy + at;
    for (let i = 0; i < pairs; i += 2) {
      const q = <usize>i << 2;
      const g = f64x2.promote_low_f32x4(v128.load64_zero(gs + q));
      const d = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(xs + q)), m);
      sDy = f64x2.add(sDy, g);
      sDyX = f64x2.add(sDyX, f64x2.mul(g, d));
    }
    if (pairs < spatial) {
      const q = <usize>pairs << 2;
      const g = <f64>load<f32>(gs + q);
      tailDy += g;
      tailDyX += g * (<f64>load<f32>(xs + q) - mean);
    }
  }
  store<f64>(out, f64x2.extract_lane(sDy, 0) + f64x2.extract_lane(sDy, 1) + tailDy);
  store<f64>(out, f64x2.extract_lane(sDyX, 0) + f64x2.extract_lane(sDyX, 1) + tailDyX, 8);
}

/** dx = scale·((∂L/∂y − meanTerm) − ((x − mean)·invStd)·varTerm) for channel c, in float64, stored as float32. */
export function bnGradInput(x: usize, dy: usize, dx: usize, batch: i32, channels: i32, spatial: i32, c: i32,
  mean: f64, invStd: f64, scale: f64, meanTerm: f64, varTerm: f64): void {
  const m = f64x2.splat(mean);
  const is = f64x2.splat(invStd);
  const sc = f64x2.splat(scale);
  const mt = f64x2.splat(meanTerm);
  const vt = f64x2.splat(varTerm);
  const planeBytes = <usize>spatial << 2;
  const pairs = spatial & ~1;
  for (let n = 0; n < batch; n++) {
    const at = (<usize>(n * channels + c)) * planeBytes;
    const xs = x + at;
    const gs = dy + at;
    const ds = dx + at;
    for (let i = 0; i < pairs; i += 2) {
      const q = <usize>i << 2;
      const xhat = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(xs + q)), m), is);
      const g = f64x2.promote_low_f32x4(v128.load64_zero(gs + q));
      const r = f64x2.mul(sc, f64x2.sub(f64x2.sub(g, mt), f64x2.mul(xhat, vt)));
      v128.store64_lane(ds + q, f32x4.demote_f64x2_zero(r), 0);
    }
    if (pairs < spatial) {
      const q = <usize>pairs << 2;
      const xhat = (<f64>load<f32>(xs + q) - mean) * invStd;
      store<f32>(ds + q, <f32>(scale * ((<f64>load<f32>(gs + q) - meanTerm) - xhat * varTerm)));
    }
  }
}

/** out[0] = mean, out[1] = biased variance of channel c, in float64 and two passes, as moments.ts computes them. */
export function bnMoments(x: usize, batch: i32, channels: i32, spatial: i32, c: i32, out: usize): void {
  const planeBytes = <usize>spatial << 2;
  const pairs = spatial & ~1;
  let s = f64x2.splat(0);
  let tail: f64 = 0;
  for (let n = 0; n < batch; n++) {
    const xs = x + (<usize>(n * channels + c)) * planeBytes;
    for (let i = 0; i < pairs; i += 2) s = f64x2.add(s, f64x2.promote_low_f32x4(v128.load64_zero(xs + (<usize>i << 2))));
    if (pairs < spatial) tail += <f64>load<f32>(xs + (<usize>pairs << 2));
  }
  const count = <f64>batch * <f64>spatial;
  const mean = (f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1) + tail) / count;
  const m = f64x2.splat(mean);
  let ss = f64x2.splat(0);
  tail = 0;
  for (let n = 0; n < batch; n++) {
    const xs = x + (<usize>(n * channels + c)) * planeBytes;
    for (let i = 0; i < pairs; i += 2) {
      const d = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(xs + (<usize>i << 2))), m);
      ss = f64x2.add(ss, f64x2.mul(d, d));
    }
    if (pairs < spatial) {
      const d = <f64>load<f32>(xs + (<usize>pairs << 2)) - mean;
      tail += d * d;
    }
  }
  store<f64>(out, mean);
  store<f64>(out, (f64x2.extract_lane(ss, 0) + f64x2.extract_lane(ss, 1) + tail) / count, 8);
}
