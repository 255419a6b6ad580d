/**
 * Seeded randomness for the explorer's data. Every batch is drawn from `(seed, stream, index)`, so the same URL
 * shows the same numbers, and a training step k always sees the same batch however it was reached.
 */

import { mulberry32 } from '../../util/mulberry32.ts';

export { mulberry32 };

/** Mix integers into one 32-bit seed (murmur3's finaliser per part), so nearby seeds give unrelated streams. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    let k = Math.imul(p | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

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

export class Rng {
  private readonly next: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = this.next();
    while (u <= 1e-12) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
