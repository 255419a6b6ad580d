/**
 * The convolution matrix. The ordinary convolution with this layer's weights, stride, padding and dilation maps
 * a Cout·outH·outW vector to a Cin·inH·inW vector: y_conv = C·u. The transposed convolution is literally its
 * transpose: y = Cᵀ·vec(x) + bias. C is built here by index arithmetic alone (no kernel call), so comparing
 * Cᵀ·vec(x) with convTranspose2d(x) is an independent check of the kernel.
 *
 * Row index (ic, ih, iw) → ic·inH·inW + ih·inW + iw; column index (oc, oh, ow) likewise over the output grid.
 * C[(ic, ih, iw), (oc, oh, ow)] = w[ic, oc − g·Cout/groups, kh, kw] where oh = ih·s − pad_top + kh·d (same for w).
 */
import type { ConvInfo } from '../kernels/index.ts';

/** C in coordinate form: entry t is C[row[t], col[t]] = value[t]. No (row, col) pair repeats. */
export interface SparseMatrix {
  rows: number;
  cols: number;
  row: Int32Array;
  col: Int32Array;
  value: Float64Array;
}

/** weight: `[Cin, Cout/groups, kH, kW]` (PyTorch ConvTranspose2d layout). */
export function convMatrix(weight: ArrayLike<number>, info: ConvInfo): SparseMatrix {
  const { inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, inPerGroup, outPerGroup } = info;
  // Upper bound on the non-zeros: every (input pixel, output channel of its group, tap) once.
  const cap = inChannels * inH * inW * outPerGroup * kH * kW;
  const row = new Int32Array(cap);
  const col = new Int32Array(cap);
  const value = new Float64Array(cap);
  let n = 0;
  for (let ic = 0; ic < inChannels; ic++) {
    const g = Math.floor(ic / inPerGroup);
    for (let ih = 0; ih < inH; ih++) {
      for (let iw = 0; iw < inW; iw++) {
        const r = (ic * inH + ih) * inW + iw;
        for (let ocg = 0; ocg < outPerGroup; ocg++) {
          const oc = g * outPerGroup + ocg;
          for (let kh = 0; kh < kH; kh++) {
            const oh = ih * strideH - padTop + kh * dilationH;
            if (oh < 0 || oh >= outH) continue;
            for (let kw = 0; kw < kW; kw++) {
              const ow = iw * strideW - padLeft + kw * dilationW;
              if (ow < 0 || ow >= outW) continue;
              row[n] = r;
              col[n] = (oc * outH + oh) * outW + ow;
              value[n++] = weight[((ic * outPerGroup + ocg) * kH + kh) * kW + kw];
            }
          }
        }
      }
    }
  }
  return {
    rows: inChannels * inH * inW,
    cols: outChannels * outH * outW,
    row: row.slice(0, n),
    col: col.slice(0, n),
    value: value.slice(0, n),
  };
}

/** C·u (the ordinary convolution, without bias). */
export function multiply(c: SparseMatrix, u: ArrayLike<number>): Float64Array {
  const out = new Float64Array(c.rows);
  for (let t = 0; t < c.value.length; t++) out[c.row[t]] += c.value[t] * u[c.col[t]];
  return out;
}

/** Cᵀ·x (the transposed convolution, without bias). */
export function multiplyTransposed(c: SparseMatrix, x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(c.cols);
  for (let t = 0; t < c.value.length; t++) out[c.col[t]] += c.value[t] * x[c.row[t]];
  return out;
}

/** Dense row-major copy of C (rows × cols), for drawing small matrices. */
export function toDense(c: SparseMatrix): Float32Array {
  const out = new Float32Array(c.rows * c.cols);
  for (let t = 0; t < c.value.length; t++) out[c.row[t] * c.cols + c.col[t]] = c.value[t];
  return out;
}

/** Dense row-major Cᵀ (cols × rows). */
export function toDenseTransposed(c: SparseMatrix): Float32Array {
  const out = new Float32Array(c.rows * c.cols);
  for (let t = 0; t < c.value.length; t++) out[c.col[t] * c.rows + c.row[t]] = c.value[t];
  return out;
}

/** The Gram matrix C·Cᵀ (rows × rows, dense, float64), summed column by column of C. */
export function gramRows(c: SparseMatrix): Float64Array {
  const n = c.rows;
  const gram = new Float64Array(n * n);
  // Group entries by column: each column of C contributes the outer product of its entries.
  const byCol = new Map<number, number[]>();
  for (let t = 0; t < c.value.length; t++) {
    const list = byCol.get(c.col[t]);
    if (list) list.push(t);
    else byCol.set(c.col[t], [t]);
  }
  for (const list of byCol.values()) {
    for (const a of list) {
      for (const b of list) gram[c.row[a] * n + c.row[b]] += c.value[a] * c.value[b];
    }
  }
  return gram;
}
