/**
 * WebAssembly path of the convolutions' weight gradient (backward/weight-gradient.ts has the formula and the
 * JavaScript loops). Per group, the correlation is a matrix product over K = (n, i, j), the positions of the
 * "small" tensor: a = small as [channel][K], b = the "big" tensor sampled at i·s − pad + kh·d,
 * j·s − pad + kw·d as [(channel, kh, kw)][K] (a transposed im2col, zero where a tap falls outside), and
 * ∂L/∂w = a·bᵀ (wasm/weight-grad.ts). Rows of j are padded to whole vectors with zeros on both sides.
 *
 * K is split into chunks of whole (n, i) rows so the operands stay cache-sized however large the batch; the
 * result accumulates across chunks in float32 (the JavaScript loops sum in float64).
 */
import type { CorrelationSides } from './backward/weight-gradient.ts';
import type { ConvInfo } from './params.ts';
import type { WasmKernels } from './wasm-kernels.ts';

/** Floats of operands per chunk (4 MiB): `a` stays in L2 while `b` streams through once. */
const CHUNK_FLOATS = 1 << 20;

/**
 * ∂L/∂w in the weight's layout, or null (nothing written) when the layout does not fit wasm memory.
 * `chunkFloats` bounds the operands of one chunk (at least one (n, i) row is always taken); tests make it small.
 */
export function weightGradientWasm(wasm: WasmKernels, info: ConvInfo, sides: CorrelationSides, chunkFloats = CHUNK_FLOATS): Float32Array | null {
  const { batch, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, groups } = info;
  const { small, smallChannels, smallH, smallW, smallPerGroup, big, bigChannels, bigH, bigW, bigPerGroup } = sides;
  const taps = kH * kW;
  const rRows = bigPerGroup * taps;
  const rowLen = (smallW + 3) & ~3;
  const totalRows = batch * smallH;
  const perRow = (smallPerGroup + rRows) * rowLen;
  const chunkRows = Math.max(1, Math.min(totalRows, Math.floor(chunkFloats / perRow)));
  const m = wasm.mem;
  m.reset();
  const outAt = m.alloc(smallChannels * rRows);
  const aAt = m.alloc(smallPerGroup * chunkRows * rowLen);
  const bAt = m.alloc(rRows * chunkRows * rowLen);
  if (!m.commit()) return null;
  const f32 = m.f32;
  const out0 = outAt >> 2;
  f32.fill(0, out0, out0 + smallChannels * rRows);
  const smallPlane = smallH * smallW;
  const bigPlane = bigH * bigW;
  // Valid j range of each kw (as in the JavaScript loops): big column j·s + offW within [0, bigW).
  const jFrom = new Int32Array(kW);
  const jTo = new Int32Array(kW);
  for (let kw = 0; kw < kW; kw++) {
    const offW = kw * dilationW - padLeft;
    jFrom[kw] = Math.min(smallW, Math.max(0, Math.ceil(-offW / strideW)));
    jTo[kw] = Math.max(jFrom[kw], Math.min(smallW, Math.floor((bigW - 1 - offW) / strideW) + 1));
  }
  for (let g = 0; g < groups; g++) {
    for (let t0 = 0; t0 < totalRows; t0 += chunkRows) {
      const rows = Math.min(chunkRows, totalRows - t0);
      const kLen = rows * rowLen;
      // a: [smallPerGroup][rows · rowLen]
      for (let c = 0; c < smallPerGroup; c++) {
        const cs = g * smallPerGroup + c;
        let dst = (aAt >> 2) + c * kLen;
        for (let t = t0; t < t0 + rows; t++, dst += rowLen) {
          const n = Math.floor(t / smallH);
          const i = t - n * smallH;
          const src = (n * smallChannels + cs) * smallPlane + i * smallW;
          // Plain loops: rows are short, and a subarray per row costs more than its copy.
          for (let j = 0; j < smallW; j++) f32[dst + j] = small[src + j];
          for (let j = smallW; j < rowLen; j++) f32[dst + j] = 0;
        }
      }
      // b: [(cb', kh, kw)][rows · rowLen]
      let dst = bAt >> 2;
      for (let c = 0; c < bigPerGroup; c++) {
        const cb = g * bigPerGroup + c;
        for (let kh = 0; kh < kH; kh++) {
          const offH = kh * dilationH - padTop;
          for (let kw = 0; kw < kW; kw++) {
            const offW = kw * dilationW - padLeft;
            const j0 = jFrom[kw];
            const j1 = jTo[kw];
            for (let t = t0; t < t0 + rows; t++, dst += rowLen) {
              const n = Math.floor(t / smallH);
              const h = (t - n * smallH) * strideH + offH;
              if (h < 0 || h >= bigH) {
                for (let j = 0; j < rowLen; j++) f32[dst + j] = 0;
                continue;
              }
              const src = (n * bigChannels + cb) * bigPlane + h * bigW + offW;
              for (let j = 0; j < j0; j++) f32[dst + j] = 0;
              for (let j = j0; j < j1; j++) f32[dst + j] = big[src + j * strideW];
              for (let j = j1; j < rowLen; j++) f32[dst + j] = 0;
            }
          }
        }
      }
      wasm.k.dotRows(aAt, bAt, outAt + g * smallPerGroup * rRows * 4, smallPerGroup, rRows, kLen);
    }
  }
  return f32.slice(out0, out0 + smallChannels * rRows);
}
