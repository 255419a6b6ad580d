/**
 * Resize (nearest, bilinear) and pixel shuffle: memory-bound copies and blends over NCHW planes. The JavaScript
 * side (src/kernels/wasm-resize.ts) streams the input through a window of linear memory, so every kernel works
 * on `planes` consecutive planes.
 * The sampling grid arrives as tables built by the JavaScript kernels' own helpers (upsample.ts), so both
 * back ends pick the same pixels with the same weights. Row ends are finished with scalar code: no store runs
 * past a row, so rows can be written in any order.
 */
import { madd } from './simd';

/** Column layout of a resize row: gathered through the tables, copied unchanged (nearest only), or doubled. */
const COLS_TABLE = 0;
const COLS_SAME = 1;
const COLS_DOUBLE = 2;

/** Copy `n` floats from `src` to `dst` (non-overlapping). */
@inline export function copyRow(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const q = <usize>i << 2;
    v128.store(dst + q, v128.load(src + q));
    v128.store(dst + q, v128.load(src + q, 16), 16);
  }
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

/**
 * Nearest neighbour. `rowSrc[oh]`: byte offset of the source row in its plane; `colSrc[ow]`: byte offset of the
 * source column. cols = COLS_SAME or COLS_DOUBLE (source column ow or ow >> 1) skips the column table.
 * Consecutive output rows with the same source row are written together (doubling: from the same registers).
 */
export function resizeNearest(x: usize, out: usize, planes: i32, inPlane: i32, outH: i32, outW: i32,
  rowSrc: usize, colSrc: usize, cols: i32): void {
  const rowBytes = <usize>outW << 2;
  const half = outW >> 1;
  let dst = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + ((<usize>p * <usize>inPlane) << 2);
    let oh = 0;
    while (oh < outH) {
      const src = plane + <usize>load<i32>(rowSrc + (<usize>oh << 2));
      let same = 1;
      while (oh + same < outH && load<i32>(rowSrc + (<usize>(oh + same) << 2)) == load<i32>(rowSrc + (<usize>oh << 2))) same++;
      // The second store of each vector goes to the next output row when it repeats this one, else to the same place.
      const twin: usize = same >= 2 ? rowBytes : 0;
      if (cols == COLS_DOUBLE) {
        let i = 0;
        for (; i + 4 <= half; i += 4) {
          const v = v128.load(src + (<usize>i << 2));
          const lo = v128.shuffle<f32>(v, v, 0, 0, 1, 1);
          const hi = v128.shuffle<f32>(v, v, 2, 2, 3, 3);
          const d = dst + (<usize>i << 3);
          v128.store(d, lo);
          v128.store(d, hi, 16);
          v128.store(d + twin, lo);
          v128.store(d + twin, hi, 16);
        }
        for (let ow = i << 1; ow < outW; ow++) {
          const v = load<f32>(src + (<usize>(ow >> 1) << 2));
          store<f32>(dst + (<usize>ow << 2), v);
          store<f32>(dst + twin + (<usize>ow << 2), v);
        }
      } else if (cols == COLS_SAME) {
        copyRow(dst, src, outW);
        if (same >= 2) copyRow(dst + rowBytes, src, outW);
      } else {
        let ow = 0;
        for (; ow + 4 <= outW; ow += 4) {
          const c = v128.load(colSrc + (<usize>ow << 2));
          let v = f32x4.splat(load<f32>(src + <usize>i32x4.extract_lane(c, 0)));
          v = f32x4.replace_lane(v, 1, load<f32>(src + <usize>i32x4.extract_lane(c, 1)));
          v = f32x4.replace_lane(v, 2, load<f32>(src + <usize>i32x4.extract_lane(c, 2)));
          v = f32x4.replace_lane(v, 3, load<f32>(src + <usize>i32x4.extract_lane(c, 3)));
          v128.store(dst + (<usize>ow << 2), v);
          v128.store(dst + twin + (<usize>ow << 2), v);
        }
        for (; ow < outW; ow++) {
          const v = load<f32>(src + <usize>load<i32>(colSrc + (<usize>ow << 2)));
          store<f32>(dst + (<usize>ow << 2), v);
          store<f32>(dst + twin + (<usize>ow << 2), v);
        }
      }
      const done = same >= 2 ? 2 : 1;
      // Further repeats (scale ≥ 3) copy the finished row while it is in cache.
      for (let k = done; k < same; k++) copyRow(dst + <usize>k * rowBytes, dst, outW);
      dst += <usize>same * rowBytes;
      oh += same;
    }
  }
}

/**
 * One source row blended along the width into `buf`: buf[ow] = x[i0[ow]]·hx[ow] + x[i1[ow]]·lx[ow], the tables
 * holding byte offsets (i0, i1) and float32 weights (hx = 1 − lx), `outW` entries each.
 */
function blendRow(src: usize, buf: usize, outW: i32, inW: i32, cols: i32, i0: usize, i1: usize, hx: usize, lx: usize): void {
  let ow = 0;
  if (cols == COLS_DOUBLE) {
    // ×2 with half-pixel centres: output 2k+1 = ¾·x[k] + ¼·x[k+1], output 2k+2 = ¼·x[k] + ¾·x[k+1]. The
    // weights come from the tables (so from the same helper as everywhere else); ends go through the tables.
    const wa = v128.load32_splat(hx, 4);
    const wb = v128.load32_splat(lx, 4);
    store<f32>(buf, load<f32>(src + <usize>load<i32>(i0)) * load<f32>(hx) + load<f32>(src + <usize>load<i32>(i1)) * load<f32>(lx));
    ow = 1;
    for (let k = 0; k + 5 <= inW; k += 4) {
      const a = v128.load(src + (<usize>k << 2));
      const b = v128.load(src + (<usize>k << 2), 4);
      const odd = madd(b, wb, f32x4.mul(a, wa));
      const even = madd(b, wa, f32x4.mul(a, wb));
      const d = buf + (<usize>(2 * k + 1) << 2);
      v128.store(d, v128.shuffle<f32>(odd, even, 0, 4, 1, 5));
      v128.store(d, v128.shuffle<f32>(odd, even, 2, 6, 3, 7), 16);
      ow = 2 * k + 9;
    }
  }
  for (; ow < outW; ow++) {
    const q = <usize>ow << 2;
    store<f32>(buf + q, load<f32>(src + <usize>load<i32>(i0 + q)) * load<f32>(hx + q) + load<f32>(src + <usize>load<i32>(i1 + q)) * load<f32>(lx + q));
  }
}

/**
 * Bilinear. Row table: 4 entries per output row (byte offsets of the upper and lower source rows, then the
 * float32 weights hy, ly); column tables i0, i1, hx, lx as in `blendRow`, each `outW` long. Each source row is
 * blended along the width once into one of two row buffers (`bufs`, 2·outW floats); output rows are then
 * hy·top + ly·bottom, the same two-step float32 order as PyTorch's CPU kernel. cols: COLS_TABLE or COLS_DOUBLE.
 */
export function resizeBilinear(x: usize, out: usize, planes: i32, inPlane: i32, inW: i32, outH: i32, outW: i32,
  rowTab: usize, cols: i32, colTab: usize, bufs: usize): void {
  const i0 = colTab;
  const i1 = i0 + (<usize>outW << 2);
  const hx = i1 + (<usize>outW << 2);
  const lx = hx + (<usize>outW << 2);
  const bufBytes = <usize>outW << 2;
  let dst = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + ((<usize>p * <usize>inPlane) << 2);
    // Which source row each buffer holds (byte offset; −1: none). Source rows only move down the plane.
    let held0 = -1;
    let held1 = -1;
    for (let oh = 0; oh < outH; oh++) {
      const t = rowTab + (<usize>oh << 4);
      const r0 = load<i32>(t);
      const r1 = load<i32>(t, 4);
      let top: usize, bottom: usize;
      if (r0 == held0) top = bufs;
      else if (r0 == held1) top = bufs + bufBytes;
      else {
        // Keep the buffer that may hold r1; the other one is free.
        if (r1 == held0) { held1 = r0; top = bufs + bufBytes; } else { held0 = r0; top = bufs; }
        blendRow(plane + <usize>r0, top, outW, inW, cols, i0, i1, hx, lx);
      }
      if (r1 == held0) bottom = bufs;
      else if (r1 == held1) bottom = bufs + bufBytes;
      else {
        if (top == bufs) { held1 = r1; bottom = bufs + bufBytes; } else { held0 = r1; bottom = bufs; }
        blendRow(plane + <usize>r1, bottom, outW, inW, cols, i0, i1, hx, lx);
      }
      const hyS = load<f32>(t, 8);
      const lyS = load<f32>(t, 12);
      const hy = f32x4.splat(hyS);
      const ly = f32x4.splat(lyS);
      let ow = 0;
      for (; ow + 8 <= outW; ow += 8) {
        const q = <usize>ow << 2;
        v128.store(dst + q, madd(v128.load(bottom + q), ly, f32x4.mul(v128.load(top + q), hy)));
        v128.store(dst + q, madd(v128.load(bottom + q, 16), ly, f32x4.mul(v128.load(top + q, 16), hy)), 16);
      }
      for (; ow < outW; ow++) {
        const q = <usize>ow << 2;
        store<f32>(dst + q, load<f32>(top + q) * hyS + load<f32>(bottom + q) * lyS);
      }
      dst += bufBytes;
    }
  }
}

/**
 * PyTorch `pixel_shuffle` over `planes` output planes of [h·r, w·r]: output row h·r + i interleaves source
 * row h of the r input channels c·r² + i·r + j (j = 0 … r − 1). r = 2 interleaves with vector shuffles.
 */
export function pixelShuffle(x: usize, out: usize, planes: i32, r: i32, h: i32, w: i32): void {
  const inPlaneBytes = (<usize>h * <usize>w) << 2;
  const outH = h * r;
  const outW = w * r;
  let dst = out;
  for (let p = 0; p < planes; p++) {
    const group = x + <usize>p * <usize>(r * r) * inPlaneBytes;
    for (let oy = 0; oy < outH; oy++) {
      const i = oy % r;
      const src = group + <usize>(i * r) * inPlaneBytes + ((<usize>(oy / r) * <usize>w) << 2);
      if (r == 1) {
        copyRow(dst, src, w);
      } else if (r == 2) {
        const b = src + inPlaneBytes;
        let k = 0;
        for (; k + 4 <= w; k += 4) {
          const q = <usize>k << 2;
          const u = v128.load(src + q);
          const v = v128.load(b + q);
          v128.store(dst + (q << 1), v128.shuffle<f32>(u, v, 0, 4, 1, 5));
          v128.store(dst + (q << 1), v128.shuffle<f32>(u, v, 2, 6, 3, 7), 16);
        }
        for (; k < w; k++) {
          const q = <usize>k << 2;
          store<f32>(dst + (q << 1), load<f32>(src + q));
          store<f32>(dst + (q << 1), load<f32>(b + q), 4);
        }
      } else {
        for (let j = 0; j < r; j++) {
          const s = src + <usize>j * inPlaneBytes;
          let d = dst + (<usize>j << 2);
          const step = <usize>r << 2;
          for (let k = 0; k < w; k++) {
            store<f32>(d, load<f32>(s + (<usize>k << 2)));
            d += step;
          }
        }
      }
      dst += <usize>outW << 2;
    }
  }
}
