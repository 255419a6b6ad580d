/**
 * The largest singular value of a small dense matrix by the cyclic Jacobi eigenvalue method on the smaller of
 * MᵀM and MMᵀ — plain float64 linear algebra with no convolution anywhere, so it can check the power
 * iteration that runs through the kernels.
 */

/** Largest eigenvalue of a symmetric n×n matrix (row-major, float64). The array is not modified. */
export function largestEigenvalueSymmetric(sym: Float64Array, n: number): number {
  if (n === 0) return 0;
  const a = Float64Array.from(sym);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // Rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.2 — symmetric Schur decomposition).
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, a[i * n + i]);
  return max;
}

/** The largest dense side this check accepts: Jacobi is O(n³) per sweep. */
export const MAX_DENSE_SIDE = 160;

/** σ_max of a rows×cols matrix (row-major). Throws when both sides exceed MAX_DENSE_SIDE. */
export function largestSingularValue(m: ArrayLike<number>, rows: number, cols: number): number {
  const n = Math.min(rows, cols);
  if (n > MAX_DENSE_SIDE) {
    throw new Error(`dense check needs one side ≤ ${MAX_DENSE_SIDE}, got a ${rows}×${cols} matrix; use a smaller input`);
  }
  const gram = new Float64Array(n * n);
  if (rows <= cols) {
    for (let i = 0; i < rows; i++) {
      for (let j = i; j < rows; j++) {
        let s = 0;
        for (let k = 0; k < cols; k++) s += m[i * cols + k] * m[j * cols + k];
        gram[i * n + j] = s;
        gram[j * n + i] = s;
      }
    }
  } else {
    for (let i = 0; i < cols; i++) {
      for (let j = i; j < cols; j++) {
        let s = 0;
        for (let k = 0; k < rows; k++) s += m[k * cols + i] * m[k * cols + j];
        gram[i * n + j] = s;
        gram[j * n + i] = s;
      }
    }
  }
  return Math.sqrt(Math.max(0, largestEigenvalueSymmetric(gram, n)));
}
