/**
 * The true least-squares inverse of a convolution, for the "transpose is not inverse" panel: given y = C·u,
 * the minimum-norm solution û = Cᵀ(C·Cᵀ)⁻¹·y. It satisfies C·û = y exactly whenever C has full row rank, and
 * equals u when C is square and invertible — unlike Cᵀ·y, which is neither.
 */
import { gramRows, multiply, multiplyTransposed, type SparseMatrix } from './conv-matrix.ts';

/**
 * Solve A·z = b for symmetric positive (semi)definite A (n×n, row-major) by Cholesky with a small ridge λ·I
 * (λ relative to the mean diagonal) so that a rank-deficient C still gets its minimum-norm-like solution.
 * Returns null when A is not positive definite even with the ridge (then C has no useful inverse).
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number, relativeRidge = 1e-10): { z: Float64Array; ridge: number } | null {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  const ridge = relativeRidge * (trace / Math.max(1, n));
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * z[k];
    z[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * z[k];
    z[i] = s / l[i * n + i];
  }
  return { z, ridge };
}

export interface LeastSquaresInverse {
  /** û = Cᵀ(CCᵀ + λI)⁻¹ y */
  estimate: Float64Array;
  /** ‖C·û − y‖ / ‖y‖: ≈ 0 means û explains the observation exactly. */
  residual: number;
  ridge: number;
}

/** The minimum-norm least-squares solution of C·u = y, or null when C·Cᵀ is singular beyond repair. */
export function leastSquaresInverse(c: SparseMatrix, y: Float64Array): LeastSquaresInverse | null {
  const gram = gramRows(c);
  // Retry with a stronger ridge if the plain system is numerically singular (e.g. a kernel with zero taps).
  for (const rel of [1e-10, 1e-6, 1e-3]) {
    const solved = choleskySolve(gram, y, c.rows, rel);
    if (!solved) continue;
    const estimate = multiplyTransposed(c, solved.z);
    const back = multiply(c, estimate);
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++) {
      num += (back[i] - y[i]) ** 2;
      den += y[i] ** 2;
    }
    return { estimate, residual: den > 0 ? Math.sqrt(num / den) : Math.sqrt(num), ridge: solved.ridge };
  }
  return null;
}
