/**
 * Seeded randomness for the whole app: a seed names the same numbers on every machine — test cases, sampled
 * batches, network initialisations and the links that reproduce them. The generator is mulberry32 (Tommy
 * Ettinger's 32-bit PRNG): a few lines, fast, and good enough for pictures and property tests.
 */
/** A generator of uniform numbers in [0, 1). */
export type RandomSource = () => number;

export function mulberry32(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Integer in [lo, hi], both ends included. */
export function randInt(rng: RandomSource, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

export function pick<T>(rng: RandomSource, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Values uniform in [-1, 1); a share `zeroFraction` of exact zeros (kernels must not treat 0 specially). */
export function randomData(rng: RandomSource, n: number, zeroFraction = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = zeroFraction > 0 && rng() < zeroFraction ? 0 : rng() * 2 - 1;
  return out;
}

/** A `{shape, data}` tensor (the kernels' Tensor) of `randomData`. */
export function randomTensor(rng: RandomSource, shape: readonly number[], zeroFraction = 0): { shape: number[]; data: Float32Array } {
  let n = 1;
  for (const d of shape) n *= d;
  return { shape: [...shape], data: randomData(rng, n, zeroFraction) };
}

/** The same helpers as methods, plus normal deviates (which keep the second value of each Box–Muller pair). */
export class Rng {
  private readonly next: RandomSource;
  private spare: number | null = null;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return randInt(this.next, lo, hi);
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  bool(pTrue = 0.5): boolean {
    return this.next() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    return pick(this.next, items);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next(); // (0, 1]: the log stays finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** `n` values uniform in [−bound, bound). */
  uniformArray(n: number, bound: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (this.next() * 2 - 1) * bound;
    return out;
  }

  normalArray(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }

  /** Values uniform in [-1, 1), with a share `zeroFraction` of exact zeros. */
  floats(n: number, zeroFraction = 0): Float32Array {
    return randomData(this.next, n, zeroFraction);
  }

  tensor(shape: readonly number[], zeroFraction = 0): { shape: number[]; data: Float32Array } {
    return randomTensor(this.next, shape, zeroFraction);
  }
}
