/**
 * The fast paths against the naive references (reference/conv.ts, reference/batch-norm.ts), on layers with
 * enough channels to use the 4-channel register tiles (the shared property tests use ≤ 3 per group), and
 * with both pad parities of the specialised stride-2 kernel. Each wasm build (plain SIMD and relaxed SIMD)
 * is loaded on its own, independently of the backend the rest of the suite runs on.
 */
import { describe, expect, it } from 'vitest';
import { normalizeJs } from './batch-norm.ts';
import { convTransposeS2Columns } from './conv-plan.ts';
import { conv2dJs } from './conv2d.ts';
import { convTranspose2dJs } from './conv-transpose.ts';
import { conv2dInfo, convTranspose2dInfo, type ConvInfo } from './params.ts';
import { closeMessage } from './reference/compare.ts';
import { naiveConv2d, naiveConvTranspose2d, type ExplicitConvTranspose } from './reference/conv.ts';
import { Random } from './reference/random.ts';
import type { Tensor } from './tensor.ts';
import { loadWasmBuilds } from './wasm-builds.testing.ts';

const builds = loadWasmBuilds();

type Impl = (info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null) => Float32Array;

interface Layer {
  x: Tensor;
  w: Tensor;
  bias: Float32Array | null;
  p: ExplicitConvTranspose;
}

/** Random layer with 1–10 output channels per group, strides favouring 2, kernels 1–5, 4-sided padding. */
function randomLayer(rng: Random, transposed: boolean): Layer {
  const groups = rng.pick([1, 1, 2]);
  const cin = rng.int(1, 5);
  const cout = rng.int(1, 10);
  const k: [number, number] = [rng.int(1, 5), rng.pick([2, 3, 4, rng.int(1, 5)])];
  const stride: [number, number] = [rng.pick([1, 2, 2, 3]), rng.pick([1, 2, 2, 2, 3])];
  const dilation: [number, number] = [rng.pick([1, 1, 2]), rng.pick([1, 1, 1, 2])];
  const H = rng.int(1, 9);
  const W = rng.int(1, 19);
  const padding: [number, number, number, number] = [rng.int(0, 2), rng.int(0, 3), rng.int(0, 2), rng.int(0, 3)];
  const outputPadding: [number, number] = [0, 1].map((a) =>
    rng.bool() ? rng.int(0, Math.max(stride[a], dilation[a]) - 1) : 0) as [number, number];
  const w = transposed
    ? rng.tensor([cin * groups, cout, k[0], k[1]])
    : rng.tensor([cout * groups, cin, k[0], k[1]]);
  return {
    x: rng.tensor([rng.int(1, 2), cin * groups, H, W]), w, bias: rng.bool() ? rng.floats(cout * groups) : null,
    p: { stride, padding, dilation, groups, outputPadding: transposed ? outputPadding : [0, 0] },
  };
}

function infoOf(l: Layer, transposed: boolean): ConvInfo | null {
  const opts = { stride: l.p.stride, padding: l.p.padding, dilation: l.p.dilation, groups: l.p.groups };
  try {
    return transposed
      ? convTranspose2dInfo(l.x, l.w, l.bias, { ...opts, outputPadding: l.p.outputPadding })
      : conv2dInfo(l.x, l.w, l.bias, opts);
  } catch {
    return null; // e.g. padding larger than the output: not a layer, draw again
  }
}

function crossCheck(transposed: boolean, impls: [string, Impl][]): { specialised: number; tiles4: number } {
  const rng = new Random(transposed ? 7001 : 7002);
  let specialised = 0;
  let tiles4 = 0;
  for (let done = 0; done < 300;) {
    const l = randomLayer(rng, transposed);
    const info = infoOf(l, transposed);
    if (!info) continue;
    done++;
    // wasm-kernels.ts sends stride-2 layers with < 4 channels per group to the fused-phase kernel.
    if (transposed && convTransposeS2Columns(info) && info.outPerGroup < 4) specialised++;
    if (info.outPerGroup >= 4) tiles4++;
    const expected = transposed ? naiveConvTranspose2d(l.x, l.w, l.bias, l.p) : naiveConv2d(l.x, l.w, l.bias, l.p);
    for (const [name, impl] of impls) {
      const actual = impl(info, l.x.data, l.w.data, l.bias);
      expect(closeMessage(actual, expected.data), `${name} layer ${done}: x [${l.x.shape}] w [${l.w.shape}] ${JSON.stringify(l.p)}`).toBeNull();
    }
  }
  return { specialised, tiles4 };
}

/** The wasm kernels return null only for layouts over their memory limit or too sparse a geometry; none here. */
function ran(result: Float32Array | null): Float32Array {
  if (result === null) throw new Error('the wasm kernel declined a small layer');
  return result;
}

describe('fast kernels match the naive references with 4-channel tiles', () => {
  it('convTranspose2d: JS path and each wasm build on 300 random layers (specialised stride-2 and generic kernels)', () => {
    const impls: [string, Impl][] = [['js', convTranspose2dJs]];
    for (const [name, k] of builds) if (k) impls.push([name, (...a) => ran(k.convTranspose2d(...a))]);
    const seen = crossCheck(true, impls);
    expect(seen.specialised).toBeGreaterThan(25);
    expect(seen.tiles4).toBeGreaterThan(150);
  });

  it('conv2d: JS path and each wasm build on 300 random layers (strided inputs split into column phases)', () => {
    const impls: [string, Impl][] = [['js', conv2dJs]];
    for (const [name, k] of builds) if (k) impls.push([name, (...a) => ran(k.conv2d(...a))]);
    expect(crossCheck(false, impls).tiles4).toBeGreaterThan(150);
  });

  it('stride 2, kernel widths 2–4, both pad parities: fused-phase kernel (1–3 channels) and gather tiles with zip (4, 6)', () => {
    const rng = new Random(7003);
    for (const k of [2, 3, 4]) {
      for (const pad of [0, 1, 2, 3]) {
        for (const cout of [1, 3, 4, 6]) {
          const x = rng.tensor([1, 3, 5, 13]);
          const w = rng.tensor([3, cout, 3, k]);
          const bias = rng.floats(cout);
          const p: ExplicitConvTranspose = { stride: [2, 2], padding: [1, pad, 0, pad], dilation: [1, 1], groups: 1, outputPadding: [1, 1] };
          const info = convTranspose2dInfo(x, w, bias, p);
          expect(convTransposeS2Columns(info)?.pattern).toBe((k - 2) * 2 + (pad & 1));
          const expected = naiveConvTranspose2d(x, w, bias, p).data;
          for (const [name, kernels] of builds) {
            if (kernels) expect(closeMessage(ran(kernels.convTranspose2d(info, x.data, w.data, bias)), expected), `${name} k${k} pad ${pad} cout ${cout}`).toBeNull();
          }
        }
      }
    }
  });

  it('rows longer than a row block (96 KiB of padded input): 1-D signals, strided and transposed, several rows', () => {
    // One output row per block, each tile streaming the whole row; widths not multiples of 8.
    const rng = new Random(7010);
    const layers: [string, boolean, Tensor, Tensor, ExplicitConvTranspose][] = [
      ['conv 1-D 64 ch', false, rng.tensor([1, 64, 1, 4099]), rng.tensor([6, 64, 1, 3]), { stride: [1, 1], padding: [0, 1, 0, 1], dilation: [1, 1], groups: 1, outputPadding: [0, 0] }],
      ['conv 1-D stride 2, dilation 2', false, rng.tensor([2, 32, 1, 9001]), rng.tensor([5, 32, 1, 4]), { stride: [1, 2], padding: [0, 2, 0, 1], dilation: [1, 2], groups: 1, outputPadding: [0, 0] }],
      ['conv 3 rows, groups 2', false, rng.tensor([1, 80, 3, 2500]), rng.tensor([8, 40, 3, 3]), { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 2, outputPadding: [0, 0] }],
      ['transposed stride 1', true, rng.tensor([1, 48, 2, 3001]), rng.tensor([48, 5, 2, 5]), { stride: [1, 1], padding: [0, 2, 1, 1], dilation: [1, 1], groups: 1, outputPadding: [0, 0] }],
    ];
    for (const [label, transposed, x, w, p] of layers) {
      const bias = rng.floats(transposed ? w.shape[1] : w.shape[0]);
      const info = transposed ? convTranspose2dInfo(x, w, bias, p) : conv2dInfo(x, w, bias, p);
      const expected = (transposed ? naiveConvTranspose2d(x, w, bias, p) : naiveConv2d(x, w, bias, p)).data;
      for (const [name, kernels] of builds) {
        if (!kernels) continue;
        const got = ran(transposed ? kernels.convTranspose2d(info, x.data, w.data, bias) : kernels.conv2d(info, x.data, w.data, bias));
        expect(closeMessage(got, expected), `${name}: ${label}`).toBeNull();
      }
    }
  });

  it('batch-norm normalisation: each wasm build equals the float64 JS path, including |mean| ≫ σ', () => {
    const rng = new Random(7004);
    for (const spatial of [1, 3, 4, 17, 64, 67]) {
      const channels = 3;
      const x = rng.floats(2 * channels * spatial).map((v) => 1000 + v * 0.01);
      const mean = Float64Array.from([1000.001, 999.99, 0]);
      const scale = Float64Array.from([150, -3, 0.5]);
      const beta = Float64Array.from([0.5, 0, -2]);
      const expected = normalizeJs(x, 2, channels, spatial, mean, scale, beta);
      for (const [name, kernels] of builds) {
        if (kernels) expect(closeMessage(ran(kernels.normalize(x, 2, channels, spatial, mean, scale, beta)), expected), `${name} spatial ${spatial}`).toBeNull();
      }
    }
  });

  it('batch-norm normalisation streams large tensors in windows: partial last window, channels wrapping mid-window', () => {
    const rng = new Random(7005);
    const [n, c, spatial] = [3, 5, 150 * 150]; // 2 planes per 64 Ki-float window, 15 planes
    const x = rng.floats(n * c * spatial);
    const mean = Float64Array.from(rng.floats(c));
    const scale = Float64Array.from(rng.floats(c));
    const beta = Float64Array.from(rng.floats(c));
    const expected = normalizeJs(x, n, c, spatial, mean, scale, beta);
    for (const [name, kernels] of builds) {
      if (kernels) expect(closeMessage(ran(kernels.normalize(x, n, c, spatial, mean, scale, beta)), expected), name).toBeNull();
    }
  });

  it('both builds were tested: plain SIMD always, relaxed SIMD where the engine validates it', () => {
    expect(builds[0][1]?.variant).toBe('simd');
    // Node ≥ 20 accepts relaxed SIMD once the flag above is set; an engine without it would skip that build.
    expect(builds[1][1]?.variant).toBe('relaxed-simd');
  });
});
