import type { Tensor } from '../tensor.ts';

import { mulberry32 } from '../../util/mulberry32.ts';

export { mulberry32 };

/** Seeded helpers for property tests: integers, choices and random tensors. */
export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(pTrue = 0.5): boolean {
    return this.next() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Values uniform in [-1, 1); a few exact zeros when `zeroFraction` > 0 (kernels must not treat 0 specially). */
  floats(n: number, zeroFraction = 0): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() < zeroFraction ? 0 : this.next() * 2 - 1;
    return out;
  }

  tensor(shape: readonly number[], zeroFraction = 0): Tensor {
    let n = 1;
    for (const d of shape) n *= d;
    return { shape: [...shape], data: this.floats(n, zeroFraction) };
  }
}
