/**
 * The resize and pixel-shuffle wasm kernels (wasm/resize.ts through wasm-resize.ts), each build loaded on its own
 * (plain SIMD and relaxed SIMD, independently of the backend the rest of the suite runs on), against the naive
 * references in reference/resample.ts and the PyTorch fixtures of scripts/gen_fixtures.py. Nearest and pixel
 * shuffle only move values, so they must match exactly; bilinear (float32 here, as in PyTorch) is held to the
 * tolerances of upsample.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type InterpolateFixture, loadFixtures, type PixelShuffleFixture, toNumbers, toTensor } from './cases/fixtures.ts';
import { pixelShuffleInfo, upsample2dInfo, type UpsampleOptions } from './params.ts';
import { closeMessage } from './reference/compare.ts';
import { Random } from './reference/random.ts';
import { naivePixelShuffle, naiveUpsample2d } from './reference/resample.ts';
import { allCloseMessage, type Tensor } from './tensor.ts';
import { linearWeights, nearestIndices } from './upsample.ts';
import type { WasmKernels } from './wasm-kernels.ts';
import { runnableWasmBuilds } from './wasm-builds.testing.ts';
import { pixelShuffleWasm, upsampleBilinearWasm, upsampleNearestWasm } from './wasm-resize.ts';

const builds = runnableWasmBuilds();

function ran(out: Float32Array | null): Float32Array {
  if (out === null) throw new Error('the wasm layout did not fit');
  return out;
}

function upsampleVia(wk: WasmKernels, x: Tensor, opts: UpsampleOptions): Float32Array {
  const info = upsample2dInfo(x, opts);
  const { inH, inW, outH, outW, scaleH, scaleW, alignCorners } = info;
  return ran(info.mode === 'nearest'
    ? upsampleNearestWasm(wk, info, x.data, nearestIndices(inH, outH, scaleH), nearestIndices(inW, outW, scaleW))
    : upsampleBilinearWasm(wk, info, x.data, linearWeights(inH, outH, scaleH, alignCorners), linearWeights(inW, outW, scaleW, alignCorners)));
}

function pixelShuffleVia(wk: WasmKernels, x: Tensor, r: number): Float32Array {
  const [n, c] = pixelShuffleInfo(x, r).outShape;
  return ran(pixelShuffleWasm(wk, x.data, n, c, x.shape[2], x.shape[3], r));
}

/** Null when a and b hold the same float32 values (NaN equal to NaN), else the first difference. */
function sameMessage(a: Float32Array, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) return `length ${a.length} ≠ expected ${b.length}`;
  const e = Float32Array.from(b);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], e[i])) return `element ${i}: ${a[i]} vs expected ${e[i]}`;
  }
  return null;
}

/** Exact for nearest (it copies), the 500-configuration tolerance of upsample.test.ts for bilinear. */
function checkUpsample(wk: WasmKernels, x: Tensor, opts: UpsampleOptions, label: string): void {
  const pair: [number, number] = typeof opts.scale === 'number' ? [opts.scale, opts.scale] : opts.scale;
  const expected = naiveUpsample2d(x, pair, opts.mode, opts.alignCorners ?? false).data;
  const actual = upsampleVia(wk, x, opts);
  if (opts.mode === 'nearest') expect(sameMessage(actual, expected), label).toBeNull();
  else expect(closeMessage(actual, expected, 1e-5), label).toBeNull();
}

describe.each(builds)('resize and pixel shuffle, %s build', (_name, wk) => {
  it('upsample2d matches the PyTorch fixtures (bilinear within the fixture tests\' 1e-4, nearest exactly)', () => {
    for (const c of loadFixtures<InterpolateFixture>('interpolate').cases) {
      const y = upsampleVia(wk, toTensor(c.input), c.opts);
      // The fixtures hold 3-decimal inputs and 7-digit outputs: a copied value reads back as the same float32.
      const expected = toNumbers(c.expected.data);
      if (c.opts.mode === 'nearest') expect(sameMessage(y, expected), c.name).toBeNull();
      else expect(allCloseMessage(y, expected), c.name).toBeNull();
    }
  });

  it('pixelShuffle matches the PyTorch fixtures exactly', () => {
    for (const c of loadFixtures<PixelShuffleFixture>('pixel-shuffle').cases) {
      expect(sameMessage(pixelShuffleVia(wk, toTensor(c.input), c.upscaleFactor), toNumbers(c.expected.data)), c.name).toBeNull();
    }
  });

  it('upsample2d matches the index-formula oracle on 400 random layers: odd widths, scales 0.5–4, both corner modes', () => {
    const rng = new Random(7101);
    const seen = { doubleCols: 0, vectorTail: 0, downscale: 0, alignCorners: 0, batch: 0, fractional: 0, triple: 0 };
    for (let i = 0; i < 400; i++) {
      const shape = [rng.int(1, 2), rng.int(1, 3), rng.int(1, 12), rng.int(1, 27)];
      const scale = () => rng.pick([0.5, 0.7, 1, 1.2, 1.5, 2, 2, 2.1, 3, 4, rng.int(3, 35) / 10]);
      const pair: [number, number] = rng.bool(0.6) ? [scale(), scale()] : (() => { const s = scale(); return [s, s]; })();
      if (Math.floor(shape[2] * pair[0]) < 1 || Math.floor(shape[3] * pair[1]) < 1) { i--; continue; }
      const mode = rng.bool() ? 'nearest' : 'bilinear';
      const opts: UpsampleOptions = { scale: pair, mode };
      if (mode === 'bilinear' && rng.bool(0.7)) opts.alignCorners = rng.bool();
      checkUpsample(wk, rng.tensor(shape), opts, `case ${i}: x [${shape.join(', ')}], ${JSON.stringify(opts)}`);
      const outW = Math.floor(shape[3] * pair[1]);
      seen.doubleCols += outW === 2 * shape[3] && (mode === 'nearest' || (pair[1] === 2 && !opts.alignCorners)) ? 1 : 0;
      seen.vectorTail += shape[3] >= 5 && shape[3] % 4 !== 0 ? 1 : 0;
      seen.downscale += pair.some((s) => s < 1) ? 1 : 0;
      seen.alignCorners += opts.alignCorners ? 1 : 0;
      seen.batch += shape[0] > 1 ? 1 : 0;
      seen.fractional += pair.some((s) => !Number.isInteger(s)) ? 1 : 0;
      seen.triple += pair.includes(3) ? 1 : 0;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(25);
  });

  it('upsample2d on large tensors: input planes larger than the window, windows of several planes with a partial last one', () => {
    const rng = new Random(7102);
    const layers: [number[], UpsampleOptions][] = [
      [[1, 2, 130, 129], { scale: 2, mode: 'nearest' }], // 260×258 output planes
      [[1, 2, 130, 129], { scale: 2, mode: 'bilinear' }],
      [[1, 1, 97, 203], { scale: [1.5, 1.3], mode: 'bilinear', alignCorners: true }],
      [[2, 37, 40, 40], { scale: 2, mode: 'bilinear' }], // 74 input planes of 40×40: windows of 40, then 34
      [[2, 37, 40, 40], { scale: 1.5, mode: 'nearest' }],
      [[1, 2, 257, 258], { scale: 0.5, mode: 'bilinear' }], // input planes larger than the window
      [[1, 2, 257, 258], { scale: 0.3, mode: 'nearest' }],
    ];
    for (const [shape, opts] of layers) checkUpsample(wk, rng.tensor(shape), opts, `x [${shape.join(', ')}], ${JSON.stringify(opts)}`);
  });

  it('pixelShuffle matches the index formula exactly: r = 1–4, widths 1–19, batches, and large tensors', () => {
    const rng = new Random(7103);
    const check = (shape: number[], r: number): void => {
      const x = rng.tensor(shape);
      expect(sameMessage(pixelShuffleVia(wk, x, r), naivePixelShuffle(x, r).data), `[${shape.join(', ')}], r ${r}`).toBeNull();
    };
    for (let i = 0; i < 200; i++) {
      const r = rng.pick([1, 2, 2, 3, 4]);
      check([rng.int(1, 2), rng.int(1, 3) * r * r, rng.int(1, 6), rng.int(1, 19)], r);
    }
    check([1, 4, 130, 129], 2); // the 4 input planes of one output plane exceed the window: one per window
    check([2, 45, 30, 31], 3); // 10 planes of 90×93: 7 per window
    check([3, 40, 60, 61], 2); // 30 output planes, 4 per window, a partial last window
  });

  it('returns null, writing nothing, when its layout does not fit the memory', () => {
    const x = new Random(7104).tensor([1, 4, 6, 6]);
    const commit = wk.mem.commit;
    wk.mem.commit = () => false;
    try {
      const info = upsample2dInfo(x, { scale: 2, mode: 'bilinear' });
      const axis = linearWeights(6, 12, 2, false);
      expect(upsampleBilinearWasm(wk, info, x.data, axis, axis)).toBeNull();
      const rows = nearestIndices(6, 12, 2);
      expect(upsampleNearestWasm(wk, { ...info, mode: 'nearest' }, x.data, rows, rows)).toBeNull();
      expect(pixelShuffleWasm(wk, x.data, 1, 1, 6, 6, 2)).toBeNull();
    } finally {
      wk.mem.commit = commit;
    }
  });
});

it('both builds were tested: plain SIMD always, relaxed SIMD where the engine validates it', () => {
  expect(builds.map(([, wk]) => wk.variant)).toEqual(['simd', 'relaxed-simd']);
});
