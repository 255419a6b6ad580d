/**
 * Batch-norm application with the statistics already folded per channel into a centre and a scale:
 * y = (x − μ)·scale + β with scale = γ/√(σ² + eps). Subtracting the mean first keeps float32 accuracy
 * when |μ| ≫ σ, where the shorter x·scale + (β − μ·scale) cancels catastrophically. μ arrives split into
 * two floats (hi + lo ≈ the float64 mean) so that x − hi is exact when x is near the mean.
 * `params` holds 4 floats per channel: hi, lo, scale, β. Works in place when `out == x`. Processes `planes`
 * consecutive [H·W] planes of an NCHW tensor, the first of which has channel `firstChannel`.
 */
import { madd } from './simd';

@inline function norm(x: v128, hi: v128, lo: v128, scale: v128, beta: v128): v128 {
  return madd(f32x4.sub(f32x4.sub(x, hi), lo), scale, beta);
}

export function normalize(x: usize, out: usize, planes: i32, firstChannel: i32, channels: i32, spatial: i32, params: usize): void {
  const planeBytes = <usize>spatial << 2;
  const vecEnd = spatial & ~3;
  let src = x;
  let dst = out;
  let c = firstChannel;
  for (let plane = 0; plane < planes; plane++) {
    {
      const p = params + (<usize>c << 4);
      const hi = v128.load32_splat(p);
      const lo = v128.load32_splat(p, 4);
      const scale = v128.load32_splat(p, 8);
      const beta = v128.load32_splat(p, 12);
      let i = 0;
      for (; i + 16 <= vecEnd; i += 16) {
        const q = <usize>i << 2;
        v128.store(dst + q, norm(v128.load(src + q), hi, lo, scale, beta));
        v128.store(dst + q, norm(v128.load(src + q, 16), hi, lo, scale, beta), 16);
        v128.store(dst + q, norm(v128.load(src + q, 32), hi, lo, scale, beta), 32);
        v128.store(dst + q, norm(v128.load(src + q, 48), hi, lo, scale, beta), 48);
      }
      for (; i < vecEnd; i += 4) {
        const q = <usize>i << 2;
        v128.store(dst + q, norm(v128.load(src + q), hi, lo, scale, beta));
      }
      for (; i < spatial; i++) {
        const q = <usize>i << 2;
        store<f32>(dst + q, (load<f32>(src + q) - load<f32>(p) - load<f32>(p, 4)) * load<f32>(p, 8) + load<f32>(p, 12));
      }
      src += planeBytes;
      dst += planeBytes;
    }
    if (++c == channels) c = 0;
  }
}
