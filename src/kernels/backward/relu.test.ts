/**
 * ReLU's branch-free wasm kernels give the same bits as the JavaScript loops, on each build: NaN of either sign
 * passes forward (and is cut by the mask backward), ±0 and negatives become +0, ±Infinity, subnormals, and every
 * length from 0 to 9 (vector tails) plus a long one. The JavaScript loops are pinned to PyTorch by the gradient
 * fixtures and gradcheck.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../reference/random.ts';
import { reluBackwardWasm, reluWasm } from '../wasm-relu.ts';
import { loadWasmBuilds } from '../wasm-builds.testing.ts';
import { relu, reluBackward, reluBackwardJs, reluJs } from './relu.ts';

const builds = loadWasmBuilds();

const negativeNaN = new Float32Array(new Uint32Array([0xffc00001]).buffer)[0];
const SPECIAL = [NaN, negativeNaN, 0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38, 1, -1];

function values(rng: Random, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.bool(0.4) ? rng.pick(SPECIAL) : rng.uniform() * 2 - 1));
}

const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

function ran(r: Float32Array | null): Float32Array {
  if (r === null) throw new Error('the wasm relu declined a small array');
  return r;
}

describe('relu: each wasm build gives the bits of the JavaScript loops', () => {
  const rng = new Random(8201);
  const lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1003];
  for (const [name, k] of builds) {
    it(`${name}: forward and backward, lengths 0–9 and 1003, with NaN, ±0, ±Inf, subnormals`, () => {
      if (!k) throw new Error(`${name} build not loadable`);
      for (const n of lengths) {
        const x = values(rng, n);
        const g = values(rng, n);
        expect(bits(ran(reluWasm(k, x))), `forward n=${n}`).toEqual(bits(reluJs(x)));
        expect(bits(ran(reluBackwardWasm(k, x, g))), `backward n=${n}`).toEqual(bits(reluBackwardJs(x, g)));
      }
    });
  }

  it('the JavaScript loops: relu(−0) and relu(−1) are +0, NaN passes, the gradient at 0 is 0', () => {
    const x = Float32Array.from([-0, -1, NaN, 0, 2]);
    expect(Array.from(relu({ shape: [1, 1, 1, 5], data: x }).data).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual([0, 0, NaN, 0, 2]);
    expect(Array.from(reluBackward({ shape: [1, 1, 1, 5], data: x }, { shape: [1, 1, 1, 5], data: new Float32Array(5).fill(Infinity) }).data))
      .toEqual([0, 0, 0, 0, Infinity]);
    expect(bits(reluJs(Float32Array.from([-0])))).toEqual([0]);
  });

  it('both builds were tested', () => {
    expect(builds.map(([, k]) => k?.variant)).toEqual(['simd', 'relaxed-simd']);
  });
});
