import { describe, expect, it } from 'vitest';
import { convTranspose2dInfo, tensor } from '../kernels/index.ts';
import { Rng } from '../util/random.ts';
import { convMatrix, multiply, multiplyTransposed } from './conv-matrix.ts';
import { choleskySolve, leastSquaresInverse } from './least-squares.ts';

describe('choleskySolve', () => {
  it('solves a small SPD system', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const b = Float64Array.from([2, 3, 4]);
    const { z } = choleskySolve(a, b, 3, 0)!;
    for (let i = 0; i < 3; i++) {
      let s = 0;
      for (let j = 0; j < 3; j++) s += a[i * 3 + j] * z[j];
      expect(s).toBeCloseTo(b[i], 10);
    }
  });
  it('refuses an indefinite matrix', () => {
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2, 0)).toBeNull();
  });
});

describe('leastSquaresInverse vs the transpose', () => {
  it('stride 1, "same" padding (C square): the inverse recovers u exactly, the transpose does not', () => {
    const x = tensor([1, 1, 5, 5]);
    const w = tensor([1, 1, 3, 3], [0.1, 0.2, 0.1, 0.2, 1, 0.2, 0.1, 0.2, 0.1]);
    const info = convTranspose2dInfo(x, w, null, { padding: 1 });
    const c = convMatrix(w.data, info);
    expect(c.rows).toBe(c.cols);
    const u = new Rng(4).floats(25);
    const y = multiply(c, u);
    const inv = leastSquaresInverse(c, y)!;
    for (let i = 0; i < 25; i++) expect(inv.estimate[i]).toBeCloseTo(u[i], 5);
    const back = multiplyTransposed(c, y);
    let err = 0;
    for (let i = 0; i < 25; i++) err = Math.max(err, Math.abs(back[i] - u[i]));
    expect(err).toBeGreaterThan(0.1);
  });

  it('stride 2 (C wide): the inverse is consistent with the observation (C·û = y) but cannot restore lost detail', () => {
    const x = tensor([1, 1, 4, 4]);
    const w = tensor([1, 1, 3, 3], new Float32Array(9).fill(1));
    const info = convTranspose2dInfo(x, w, null, { stride: 2, padding: 1, outputPadding: 1 });
    const c = convMatrix(w.data, info);
    const u = new Rng(8).floats(c.cols);
    const y = multiply(c, u);
    const inv = leastSquaresInverse(c, y)!;
    expect(inv.residual).toBeLessThan(1e-6);
    let diff = 0;
    for (let i = 0; i < c.cols; i++) diff = Math.max(diff, Math.abs(inv.estimate[i] - u[i]));
    expect(diff).toBeGreaterThan(0.05);
  });
});
