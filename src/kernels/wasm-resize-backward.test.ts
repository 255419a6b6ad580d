/**
 * The resize and pixel-shuffle backward kernels (wasm/resize-backward.ts through wasm-resize-backward.ts), each
 * build loaded on its own, against the transpose oracle in reference/resample.ts, the PyTorch fixtures of
 * scripts/gen_grad_fixtures.py, and (pixel shuffle) the forward oracle it must undo.
 *
 * Tolerance of the resize gradients: the kernels sum in float32, first the ≤ nH output rows that read an input
 * row, then the ≤ nW output columns that read an input column. Recursive float32 summation is off by at most
 * (terms − 1)·u·Σ|terms| (u = 2⁻²⁴), so with the weights' own rounding the error is below (nH + nW + 2)·u·S,
 * where S = Σ|w·g| over the element's terms: the oracle run on |g| (the weights are non-negative). Scales up to
 * 4 give nH, nW ≤ 10, so 4e-6·S (67 u) holds with room; a wrong index or weight is off by a whole term.
 * Zero gradients (input pixels no output reads) must be exactly zero.
 */
import { describe, expect, it } from 'vitest';
import resampleCases from './backward/cases/resample-backward.json';
import { upsample2dInfo, type UpsampleOptions } from './params.ts';
import { Random } from './reference/random.ts';
import { naivePixelShuffle, naiveUpsample2dBackward } from './reference/resample.ts';
import { allCloseMessage, type Tensor } from './tensor.ts';
import { linearWeights, nearestIndices } from './upsample.ts';
import type { WasmKernels } from './wasm-kernels.ts';
import { runnableWasmBuilds } from './wasm-builds.testing.ts';
import { pixelUnshuffleWasm, upsampleBilinearBackwardWasm, upsampleNearestBackwardWasm } from './wasm-resize-backward.ts';

const builds = runnableWasmBuilds();
const TOLERANCE = 4e-6;

function ran(out: Float32Array | null): Float32Array {
  if (out === null) throw new Error('the wasm layout did not fit');
  return out;
}

function backwardVia(wk: WasmKernels, x: Tensor, g: Float32Array, opts: UpsampleOptions): Float32Array {
  const info = upsample2dInfo(x, opts);
  const { inH, inW, outH, outW, scaleH, scaleW, alignCorners } = info;
  return ran(info.mode === 'nearest'
    ? upsampleNearestBackwardWasm(wk, info, g, nearestIndices(inH, outH, scaleH), nearestIndices(inW, outW, scaleW))
    : upsampleBilinearBackwardWasm(wk, info, g, linearWeights(inH, outH, scaleH, alignCorners), linearWeights(inW, outW, scaleW, alignCorners)));
}

function pairOf(opts: UpsampleOptions): [number, number] {
  return typeof opts.scale === 'number' ? [opts.scale, opts.scale] : opts.scale;
}

/**
 * Null when `actual` is within TOLERANCE·S of the oracle everywhere (non-finite expected values must match
 * exactly: NaN where 0·∞ or ∞ − ∞ occurs, ±∞ where it does not), else the first mismatch.
 */
function gradientMessage(actual: Float32Array, x: Tensor, g: Tensor, opts: UpsampleOptions): string | null {
  const args = [pairOf(opts), opts.mode, opts.alignCorners ?? false] as const;
  const expected = naiveUpsample2dBackward(x.shape, g, ...args).data;
  const magnitude = naiveUpsample2dBackward(x.shape, { shape: g.shape, data: g.data.map(Math.abs) }, ...args).data;
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i];
    const ok = Number.isFinite(e) ? Math.abs(actual[i] - e) <= TOLERANCE * magnitude[i] : Object.is(actual[i], e);
    if (!ok) return `element ${i}: ${actual[i]} vs expected ${e} (Σ|w·g| ${magnitude[i]})`;
  }
  return null;
}

function check(wk: WasmKernels, rng: Random, shape: number[], opts: UpsampleOptions, label: string, g?: Tensor): void {
  const x = rng.tensor(shape);
  const { outShape } = upsample2dInfo(x, opts);
  const grad = g ?? rng.tensor(outShape);
  expect(gradientMessage(backwardVia(wk, x, grad.data, opts), x, grad, opts), label).toBeNull();
}

describe.each(builds)('resize and pixel shuffle backward, %s build', (_name, wk) => {
  it('matches torch.autograd on the fixtures of scripts/gen_grad_fixtures.py', () => {
    let count = 0;
    for (const c of resampleCases.cases) {
      const input: Tensor = { shape: c.input.shape, data: Float32Array.from(c.input.data, Number) };
      const g = Float32Array.from(c.gradOutput.data, Number);
      const expected = c.gradInput.data.map(Number);
      if (c.op === 'upsample2d') {
        expect(allCloseMessage(backwardVia(wk, input, g, c.opts as UpsampleOptions), expected), c.name).toBeNull();
        count++;
      } else if (c.op === 'pixelShuffle') {
        const [n, ch, h, w] = c.input.shape;
        const r = c.upscaleFactor!;
        expect(allCloseMessage(ran(pixelUnshuffleWasm(wk, g, n, ch / (r * r), h, w, r)), expected), c.name).toBeNull();
        count++;
      }
    }
    expect(count).toBeGreaterThan(8);
  });

  it('upsample2d backward matches the transpose oracle on 400 random layers: odd widths, scales 0.5–4, both corner modes', () => {
    const rng = new Random(7201);
    const seen = { nearest2: 0, linear2: 0, linear2Vectors: 0, tail: 0, downscale: 0, alignCorners: 0, batch: 0, fractional: 0, triple: 0, single: 0 };
    for (let i = 0; i < 400; i++) {
      const shape = [rng.int(1, 2), rng.int(1, 3), rng.int(1, 12), rng.int(1, 27)];
      const scale = () => rng.pick([0.5, 0.7, 1, 1.2, 1.5, 2, 2, 2, 2.1, 3, 4, rng.int(3, 35) / 10]);
      const pair: [number, number] = rng.bool(0.6) ? [scale(), scale()] : (() => { const s = scale(); return [s, s]; })();
      if (Math.floor(shape[2] * pair[0]) < 1 || Math.floor(shape[3] * pair[1]) < 1) { i--; continue; }
      const mode = rng.bool() ? 'nearest' : 'bilinear';
      const opts: UpsampleOptions = { scale: pair, mode };
      if (mode === 'bilinear' && rng.bool(0.7)) opts.alignCorners = rng.bool();
      check(wk, rng, shape, opts, `case ${i}: x [${shape.join(', ')}], ${JSON.stringify(opts)}`);
      const [, , h, w] = shape;
      const outW = Math.floor(w * pair[1]);
      seen.nearest2 += mode === 'nearest' && outW === 2 * w ? 1 : 0;
      const linear2 = mode === 'bilinear' && pair[1] === 2 && !opts.alignCorners && w >= 2;
      seen.linear2 += linear2 ? 1 : 0;
      seen.linear2Vectors += linear2 && w >= 6 ? 1 : 0;
      seen.tail += w >= 5 && w % 4 !== 0 ? 1 : 0;
      seen.downscale += pair.some((s) => s < 1) ? 1 : 0;
      seen.alignCorners += opts.alignCorners ? 1 : 0;
      seen.batch += shape[0] > 1 ? 1 : 0;
      seen.fractional += pair.some((s) => !Number.isInteger(s)) ? 1 : 0;
      seen.triple += pair.includes(3) ? 1 : 0;
      seen.single += h === 1 || w === 1 ? 1 : 0;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(20);
  });

  it('upsample2d backward on 1×1 inputs, ×2 edges and large tensors: planes larger than the window, partial windows', () => {
    const rng = new Random(7202);
    const layers: [number[], UpsampleOptions][] = [
      [[1, 1, 1, 1], { scale: 2, mode: 'bilinear' }],
      [[1, 1, 1, 1], { scale: 3, mode: 'nearest' }],
      [[2, 3, 1, 1], { scale: [1.5, 4], mode: 'bilinear', alignCorners: true }],
      [[1, 1, 2, 2], { scale: 2, mode: 'bilinear' }], // ×2 with no interior column
      [[1, 2, 5, 6], { scale: 2, mode: 'bilinear' }], // one vector of interior columns, then the table
      [[1, 2, 130, 129], { scale: 2, mode: 'nearest' }], // 260×258 planes of ∂L/∂y: larger than the window
      [[1, 2, 130, 129], { scale: 2, mode: 'bilinear' }],
      [[1, 1, 97, 203], { scale: [1.5, 1.3], mode: 'bilinear', alignCorners: true }],
      [[2, 37, 40, 40], { scale: 2, mode: 'bilinear' }], // 74 planes of 80×80: windows of 10, a partial last one
      [[2, 37, 40, 40], { scale: 1.5, mode: 'nearest' }],
      [[1, 2, 257, 258], { scale: 0.5, mode: 'bilinear' }], // downscaling: rows no output reads
      [[1, 2, 257, 258], { scale: 0.3, mode: 'nearest' }],
    ];
    for (const [shape, opts] of layers) check(wk, rng, shape, opts, `x [${shape.join(', ')}], ${JSON.stringify(opts)}`);
  });

  it('infinite and NaN gradients spread as in the scatter form: NaN wherever a weight of 0 meets ∞', () => {
    const rng = new Random(7203);
    for (const opts of [
      { scale: 2, mode: 'bilinear' }, { scale: 2, mode: 'bilinear', alignCorners: true }, { scale: [1.5, 2.5], mode: 'bilinear' },
      { scale: 2, mode: 'nearest' }, { scale: 0.6, mode: 'bilinear' },
    ] as UpsampleOptions[]) {
      const shape = [1, 2, 7, 13];
      const x = rng.tensor(shape);
      const g = rng.tensor(upsample2dInfo(x, opts).outShape);
      const plane = g.shape[2] * g.shape[3];
      // Output column 0 and row 0 (read with λ = 0 by the second input), an interior pixel, and a NaN.
      g.data[0] = Infinity;
      g.data[g.shape[3] * 3 + 5] = -Infinity;
      g.data[plane + g.shape[3] + 1] = NaN;
      expect(gradientMessage(backwardVia(wk, x, g.data, opts), x, g, opts), JSON.stringify(opts)).toBeNull();
    }
  });

  it('pixelShuffle backward undoes the forward oracle exactly: r = 1–4, widths 1–19, batches, and large tensors', () => {
    const rng = new Random(7204);
    const roundTrip = (shape: number[], r: number): void => {
      const x = rng.tensor(shape);
      const y = naivePixelShuffle(x, r);
      const [n, c, h, w] = shape;
      const back = ran(pixelUnshuffleWasm(wk, Float32Array.from(y.data), n, c / (r * r), h, w, r));
      const wrong = back.findIndex((v, i) => !Object.is(v, x.data[i]));
      expect(back.length === x.data.length && wrong < 0, `[${shape.join(', ')}], r ${r}: element ${wrong}`).toBe(true);
    };
    for (let i = 0; i < 200; i++) {
      const r = rng.pick([1, 2, 2, 3, 4]);
      roundTrip([rng.int(1, 2), rng.int(1, 3) * r * r, rng.int(1, 6), rng.int(1, 19)], r);
    }
    roundTrip([1, 4, 130, 129], 2); // one plane of ∂L/∂y (260×258) exceeds the window
    roundTrip([2, 45, 30, 31], 3);
    roundTrip([3, 40, 60, 61], 2); // 30 planes of 120×122, 4 per window, a partial last window
  });

  it('returns null, writing nothing, when its layout does not fit the memory', () => {
    const x = new Random(7205).tensor([1, 4, 6, 6]);
    const g = new Float32Array(4 * 12 * 12);
    const commit = wk.mem.commit;
    wk.mem.commit = () => false;
    try {
      const info = upsample2dInfo(x, { scale: 2, mode: 'bilinear' });
      const axis = linearWeights(6, 12, 2, false);
      expect(upsampleBilinearBackwardWasm(wk, info, g, axis, axis)).toBeNull();
      const rows = nearestIndices(6, 12, 2);
      expect(upsampleNearestBackwardWasm(wk, { ...info, mode: 'nearest' }, g, rows, rows)).toBeNull();
      expect(pixelUnshuffleWasm(wk, g.subarray(0, 144), 1, 1, 6, 6, 2)).toBeNull();
    } finally {
      wk.mem.commit = commit;
    }
  });
});

it('both builds were tested: plain SIMD always, relaxed SIMD where the engine validates it', () => {
  expect(builds.map(([, wk]) => wk.variant)).toEqual(['simd', 'relaxed-simd']);
});
