/**
 * Why γ and β exist: with γ = √(σ² + eps) and β = μ, BatchNorm's output γ·(x − μ)/√(σ² + eps) + β is x again, so a
 * network that does not want normalisation for a channel can learn to undo it. Blending between that identity and
 * γ = 1, β = 0 gives y = (1 − t)·x + t·x̂: a continuum from "no normalisation" (t = 0) to "full" (t = 1).
 */
export function identityParams(
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
): { gamma: Float32Array; beta: Float32Array } {
  return blendParams(mean, variance, eps, 0);
}

/** γ(t) = (1 − t)·√(σ² + eps) + t, β(t) = (1 − t)·μ: the output is (1 − t)·x + t·x̂ exactly (in real arithmetic). */
export function blendParams(
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  eps: number,
  t: number,
): { gamma: Float32Array; beta: Float32Array } {
  const C = mean.length;
  const gamma = new Float32Array(C);
  const beta = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    gamma[c] = (1 - t) * Math.sqrt(variance[c] + eps) + t;
    beta[c] = (1 - t) * mean[c] + 0; // + 0 turns −0 into 0 (shown in the UI and URL)
  }
  return { gamma, beta };
}
