/**
 * WebAssembly path of the convolutions' weight gradient (backward/weight-gradient.ts has the formula and the
 * JavaScript loops). Per group, the correlation is a matrix product over K = (n, i, j), the positions of the
 * "small" tensor: a = small as [channel][K], b = the "big" tensor sampled at i·s − pad + kh·d,
 * j·s − pad + kw·d as [(channel, kh, kw)][K] (a transposed im2col, zero where a tap falls outside), and
 * ∂L/∂w = a·bᵀ (wasm/weight-grad.ts). Rows of j are padded to whole vectors, with zeros in `a`; the rows of `b`
 * are contiguous runs of a zero-padded (for stride > 1, column-phase-split) copy of the big tensor, either
 * copied out first (im2colRows, then dotRows) or read in place through a table of row offsets (dotGather).
 *
 * K is split into chunks of whole (n, i) rows so the operands stay cache-sized however large the batch; the
 * result accumulates across chunks in float32 (the JavaScript loops sum in float64).
 */
import type { CorrelationSides } from './backward/weight-gradient.ts';
import type { ConvInfo } from './params.ts';
import type { WasmKernels } from './wasm-kernels.ts';

/** Floats of operands per chunk (1 MiB): `a` stays in L2 while `b` streams through once. */
const CHUNK_FLOATS = 1 << 18;
/**
 * With fewer small channels than this, each im2col row would be read by few `a` rows: reading the padded copy in
 * place (dotGather) beats writing and re-reading the im2col block; with more, the contiguous rows win.
 */
const GATHER_BELOW = 16;

/**
 * ∂L/∂w in the weight's layout, or null (nothing written) when the layout does not fit wasm memory.
 * `chunkFloats` bounds the operands of one chunk of the im2col path (at least one (n, i) row is always taken);
 * the in-place path needs no chunks. Tests make chunks small and choose `gather` (read `b` in place) both ways.
 */
export function weightGradientWasm(wasm: WasmKernels, info: ConvInfo, sides: CorrelationSides, chunkFloats = CHUNK_FLOATS,
  gather = sides.smallPerGroup < GATHER_BELOW): Float32Array | null {
  const { batch, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, groups } = info;
  const { small, smallChannels, smallH, smallW, smallPerGroup, big, bigChannels, bigH, bigW, bigPerGroup } = sides;
  const rRows = bigPerGroup * kH * kW;
  const rowLen = (smallW + 3) & ~3;
  // The padded big planes: every row i·sH + kh·dH and column phase/offset the taps read, and (for padPlanes,
  // which copies whole rows) the whole plane after its padding.
  const hp = Math.max((smallH - 1) * strideH + (kH - 1) * dilationH + 1, strideW === 1 ? padTop + bigH : 0);
  const wq = Math.max(rowLen + Math.floor(((kW - 1) * dilationW) / strideW), strideW === 1 ? padLeft + bigW : 0);
  const paddedFloats = batch * bigChannels * strideW * hp * wq;
  const planeBytes = strideW * hp * wq * 4;
  // Sparse geometry (huge dilation or padding next to a small tensor): the JavaScript loops visit only real taps.
  if (paddedFloats > 4 * (big.length + small.length) + 65536) return null;
  const totalRows = batch * smallH;
  const perRow = (smallPerGroup + rRows) * rowLen;
  const chunkRows = Math.max(1, Math.min(totalRows, Math.floor(chunkFloats / perRow)));
  const m = wasm.mem;
  m.reset();
  const outAt = m.alloc(smallChannels * rRows);
  const bigAt = m.alloc(big.length);
  const paddedAt = m.alloc(paddedFloats);
  // In place (gather): all of the small tensor, zero-padded to rows of rowLen, and tables of row and tap offsets.
  // Copied out (im2col): one chunk of `a` as [channel][K] and of `b`.
  const aAt = gather ? m.alloc(small.length) : m.alloc(smallPerGroup * chunkRows * rowLen);
  const aPadAt = gather ? m.alloc(smallChannels * totalRows * rowLen) : 0;
  const aOffsAt = gather ? m.alloc(totalRows) : 0;
  const bAt = gather ? 0 : m.alloc(rRows * chunkRows * rowLen);
  const rowOffsAt = gather ? m.alloc(totalRows) : 0;
  const offsAt = gather ? m.alloc(rRows) : 0;
  if (!m.commit()) return null;
  const f32 = m.f32;
  const out0 = outAt >> 2;
  f32.fill(0, out0, out0 + smallChannels * rRows);
  f32.set(big, bigAt >> 2);
  const planes = batch * bigChannels;
  if (strideW === 1) wasm.k.padPlanes(bigAt, paddedAt, planes, bigH, bigW, hp, wq, padTop, padLeft);
  else wasm.k.padSplit(bigAt, paddedAt, planes, bigH, bigW, hp, wq, padTop, padLeft, strideW);
  if (gather) {
    f32.set(small, aAt >> 2);
    wasm.k.padPlanes(aAt, aPadAt, smallChannels * batch, smallH, smallW, smallH, rowLen, 0, 0);
    const i32 = m.i32;
    for (let t = 0; t < totalRows; t++) {
      const n = Math.floor(t / smallH);
      const i = t - n * smallH;
      i32[(aOffsAt >> 2) + t] = (n * smallChannels * smallH + i) * rowLen * 4;
      i32[(rowOffsAt >> 2) + t] = n * bigChannels * planeBytes + i * strideH * wq * 4;
    }
    for (let g = 0; g < groups; g++) {
      for (let r = 0; r < rRows; r++) {
        const c = g * bigPerGroup + Math.floor(r / (kH * kW));
        const kh = Math.floor(r / kW) % kH;
        const col = (r % kW) * dilationW;
        i32[(offsAt >> 2) + r] = c * planeBytes + (col % strideW) * hp * wq * 4 + kh * dilationH * wq * 4 + Math.floor(col / strideW) * 4;
      }
      wasm.k.dotGather(aPadAt + g * smallPerGroup * smallH * rowLen * 4, aOffsAt, smallH * rowLen * 4, paddedAt, rowOffsAt, totalRows,
        offsAt, outAt + g * smallPerGroup * rRows * 4, smallPerGroup, rRows, rowLen);
    }
    return m.copyOut(outAt, smallChannels * rRows);
  }
  const smallPlane = smallH * smallW;
  for (let g = 0; g < groups; g++) {
    for (let t0 = 0; t0 < totalRows; t0 += chunkRows) {
      const rows = Math.min(chunkRows, totalRows - t0);
      const kLen = rows * rowLen;
      // a: [smallPerGroup][rows · rowLen], zeros past the small tensor's width. Plain loops: rows are short,
      // and a subarray per row costs more than its copy.
      for (let c = 0; c < smallPerGroup; c++) {
        const cs = g * smallPerGroup + c;
        let dst = (aAt >> 2) + c * kLen;
        for (let t = t0; t < t0 + rows; t++, dst += rowLen) {
          const n = Math.floor(t / smallH);
          const src = (n * smallChannels + cs) * smallPlane + (t - n * smallH) * smallW;
          for (let j = 0; j < smallW; j++) f32[dst + j] = small[src + j];
          for (let j = smallW; j < rowLen; j++) f32[dst + j] = 0;
        }
      }
      wasm.k.im2colRows(paddedAt, bAt, g * bigPerGroup, bigPerGroup, bigChannels, kH, kW, dilationH, dilationW,
        strideH, strideW, hp, wq, t0, rows, smallH, rowLen);
      wasm.k.dotRows(aAt, bAt, outAt + g * smallPerGroup * rRows * 4, smallPerGroup, rRows, kLen);
    }
  }
  return m.copyOut(outAt, smallChannels * rRows);
}
