/**
 * The explorer's random streams. Every batch is drawn from `(seed, stream, index)` (util/random.ts mixSeed), so the
 * same URL shows the same numbers, and a training step k always sees the same batch however it was reached.
 */

/** Independent streams of batches; the numbers are part of the URL contract (changing them changes every link). */
export const STREAM = {
  /** The batch on screen ("Next batch" moves its index). */
  view: 1,
  /** Training steps on the original data. */
  train: 2,
  /** Training steps after the distribution shift. */
  trainShifted: 3,
  /** Batches for the "tiny batches are noisy" pitfall. */
  noise: 4,
  /** Batches averaged to estimate what the running statistics converge to. */
  target: 5,
} as const;
