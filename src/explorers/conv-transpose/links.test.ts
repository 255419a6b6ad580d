import { describe, expect, it } from 'vitest';
import { convTranspose2d, convTranspose2dInfo } from '../../kernels/index.ts';
import { Rng } from '../../util/random.ts';
import { inputOfPadded, paddedOf, paintedCells, termsFor } from './links.ts';

describe('links', () => {
  const rng = new Rng(12);
  const x = rng.tensor([1, 2, 4, 5]);
  const w = rng.tensor([2, 3, 3, 2]);
  const bias = rng.floats(3);
  const opts = { stride: [2, 3] as [number, number], padding: [1, 0, 0, 2] as [number, number, number, number], dilation: [1, 2] as [number, number], outputPadding: [1, 0] as [number, number] };
  const info = convTranspose2dInfo(x, w, bias, opts);
  const y = convTranspose2d(x, w, bias, opts);

  it('the listed terms plus the bias sum to every output pixel', () => {
    for (let oc = 0; oc < 3; oc++) {
      for (let oh = 0; oh < info.outH; oh++) {
        for (let ow = 0; ow < info.outW; ow++) {
          const terms = termsFor(info, x.data, w.data, oc, oh, ow);
          const sum = terms.reduce((s, t) => s + t.x * t.w, bias[oc]);
          expect(sum).toBeCloseTo(y.data[(oc * info.outH + oh) * info.outW + ow], 5);
        }
      }
    }
  });

  it('an input pixel paints exactly the cells whose term lists name it', () => {
    for (let ih = 0; ih < info.inH; ih++) {
      for (let iw = 0; iw < info.inW; iw++) {
        for (const cell of paintedCells(info, ih, iw)) {
          const terms = termsFor(info, x.data, w.data, 0, cell.row, cell.col);
          expect(terms.some((t) => t.ih === ih && t.iw === iw && t.kh === cell.kh && t.kw === cell.kw)).toBe(true);
        }
      }
    }
  });

  it('padded positions map back to input pixels; inserted zeros map to nothing', () => {
    const border = [1, 2, 1, 2];
    const p = paddedOf(info, border, 2, 3);
    expect(inputOfPadded(info, border, p.row, p.col)).toEqual({ row: 2, col: 3 });
    expect(inputOfPadded(info, border, p.row + 1, p.col)).toBeNull();
  });
});
