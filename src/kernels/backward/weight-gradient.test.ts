/**
 * The weight gradient's paths — JavaScript loops (float64 sums) and each wasm build (a SIMD matrix product over
 * im2col rows, copied out or read in place; float32 sums) — against an oracle that shares no code with either: the forward pass is
 * linear in the weight, so ∂L/∂w[k] = ⟨∂L/∂y, naive forward with the one-hot weight e_k⟩ (reference/conv.ts).
 * Random conv2d and transposed-conv layers: groups, strides 1–3, dilation, four-sided padding, widths that are
 * not a multiple of 4, 1×1 planes, batch > 1, channel counts that leave partial 4×2 tiles; the wasm path also
 * with chunks of a few rows, so K is split with a partial last chunk.
 */
import { describe, expect, it } from 'vitest';
import { conv2dInfo, convTranspose2dInfo, type ConvInfo } from '../params.ts';
import { closeMessage, dot } from '../reference/compare.ts';
import { naiveConv2d, naiveConvTranspose2d, type ExplicitConvTranspose } from '../reference/conv.ts';
import { Random } from '../reference/random.ts';
import type { Tensor } from '../tensor.ts';
import { weightGradientWasm } from '../wasm-weight-grad.ts';
import { loadWasmBuilds } from '../wasm-builds.testing.ts';
import { allCloseMessage } from '../tensor.ts';
import { weightGradient, weightGradientJs, type CorrelationSides } from './weight-gradient.ts';

const builds = loadWasmBuilds();

interface Case {
  transposed: boolean;
  x: Tensor;
  w: Tensor;
  p: ExplicitConvTranspose;
  info: ConvInfo;
  gy: Tensor;
}

function randomCase(rng: Random, transposed: boolean): Case | null {
  const groups = rng.pick([1, 1, 2]);
  const cin = rng.int(1, 6);
  const cout = rng.int(1, 9);
  const k: [number, number] = [rng.int(1, 4), rng.int(1, 4)];
  const stride: [number, number] = [rng.pick([1, 2, 3]), rng.pick([1, 2, 2, 3])];
  const dilation: [number, number] = [rng.pick([1, 1, 2]), rng.pick([1, 1, 2])];
  const H = rng.pick([1, rng.int(1, 8)]);
  const W = rng.pick([1, rng.int(1, 13)]);
  const padding: [number, number, number, number] = [rng.int(0, 2), rng.int(0, 2), rng.int(0, 2), rng.int(0, 2)];
  const outputPadding: [number, number] = transposed
    ? [0, 1].map((a) => (rng.bool() ? rng.int(0, Math.max(stride[a], dilation[a]) - 1) : 0)) as [number, number] : [0, 0];
  const x = rng.tensor([rng.int(1, 3), cin * groups, H, W]);
  const w = transposed ? rng.tensor([cin * groups, cout, k[0], k[1]]) : rng.tensor([cout * groups, cin, k[0], k[1]]);
  const p: ExplicitConvTranspose = { stride, padding, dilation, groups, outputPadding };
  let info: ConvInfo;
  try {
    info = transposed ? convTranspose2dInfo(x, w, null, p) : conv2dInfo(x, w, null, p);
  } catch {
    return null;
  }
  return { transposed, x, w, p, info, gy: rng.tensor(info.outShape) };
}

function sides(c: Case): CorrelationSides {
  const { info, x, gy } = c;
  return c.transposed
    ? { small: x.data, smallChannels: info.inChannels, smallH: info.inH, smallW: info.inW, smallPerGroup: info.inPerGroup,
      big: gy.data, bigChannels: info.outChannels, bigH: info.outH, bigW: info.outW, bigPerGroup: info.outPerGroup }
    : { small: gy.data, smallChannels: info.outChannels, smallH: info.outH, smallW: info.outW, smallPerGroup: info.outPerGroup,
      big: x.data, bigChannels: info.inChannels, bigH: info.inH, bigW: info.inW, bigPerGroup: info.inPerGroup };
}

/** ∂L/∂w by linearity: one naive forward pass per weight entry. */
function oracle(c: Case): Float64Array {
  const out = new Float64Array(c.w.data.length);
  for (let k = 0; k < out.length; k++) {
    const e = { shape: c.w.shape, data: new Float32Array(out.length) };
    e.data[k] = 1;
    const y = c.transposed ? naiveConvTranspose2d(c.x, e, null, c.p) : naiveConv2d(c.x, e, null, c.p);
    out[k] = dot(y.data, c.gy.data);
  }
  return out;
}

function check(transposed: boolean, seed: number, layers: number): number {
  const rng = new Random(seed);
  let partialTiles = 0;
  for (let done = 0; done < layers;) {
    const c = randomCase(rng, transposed);
    if (!c) continue;
    done++;
    const s = sides(c);
    const expected = oracle(c);
    const where = `layer ${done}: x [${c.x.shape}] w [${c.w.shape}] ${JSON.stringify(c.p)}`;
    expect(closeMessage(weightGradientJs(c.info, s), expected, 1e-6), `js ${where}`).toBeNull();
    if (s.smallPerGroup % 4 !== 0 && (s.bigPerGroup * c.info.kH * c.info.kW) % 2 === 1) partialTiles++;
    for (const [name, k] of builds) {
      if (!k) continue;
      for (const chunk of [1 << 20, 40]) {
        for (const gather of [false, true]) {
          const gw = weightGradientWasm(k, c.info, s, chunk, gather);
          if (gw === null) throw new Error('the wasm weight gradient declined a small layer');
          expect(closeMessage(gw, expected), `${name} chunk ${chunk} gather ${gather} ${where}`).toBeNull();
        }
      }
    }
  }
  return partialTiles;
}

describe('weightGradient: JS loops and each wasm build against a one-hot oracle', () => {
  it('conv2d on 50 random layers (∂L/∂y is the small side)', () => {
    expect(check(false, 8101, 50)).toBeGreaterThan(3);
  });

  it('convTranspose2d on 30 random layers (x is the small side)', () => {
    expect(check(true, 8102, 30)).toBeGreaterThan(3);
  });

  it('a layer with full 4×2 tiles and many rows: 8 → 6 channels k3, batch 2, 9×7', () => {
    const rng = new Random(8103);
    const x = rng.tensor([2, 8, 9, 7]);
    const w = rng.tensor([6, 8, 3, 3]);
    const p: ExplicitConvTranspose = { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1, outputPadding: [0, 0] };
    const info = conv2dInfo(x, w, null, p);
    const c: Case = { transposed: false, x, w, p, info, gy: rng.tensor(info.outShape) };
    const expected = oracle(c);
    for (const [name, k] of builds) {
      if (!k) continue;
      for (const gather of [false, true]) expect(closeMessage(weightGradientWasm(k, info, sides(c), 100, gather) ?? [], expected), `${name} gather ${gather}`).toBeNull();
    }
  });

  it('non-finite inputs give the result of the JavaScript loops: an Inf in a row a stride-2 conv never reads changes nothing', () => {
    const rng = new Random(8104);
    const x = rng.tensor([1, 2, 6, 8]);
    const w = rng.tensor([3, 2, 3, 3]);
    const p: ExplicitConvTranspose = { stride: [2, 2], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, outputPadding: [0, 0] };
    const info = conv2dInfo(x, w, null, p); // 2×3 output: input row 5 and column 7 are never read
    const c: Case = { transposed: false, x, w, p, info, gy: rng.tensor(info.outShape) };
    x.data[5 * 8 + 2] = Infinity;
    x.data[7] = -Infinity;
    const unread = weightGradient(info, sides(c));
    expect(unread.every(Number.isFinite)).toBe(true);
    expect(closeMessage(unread, oracle({ ...c, x: { shape: x.shape, data: x.data.map((v) => (Number.isFinite(v) ? v : 0)) } }))).toBeNull();
    x.data[2 * 8 + 2] = NaN; // read by taps of output (1, 1) and (1, 0)
    c.gy.data[0] = Infinity;
    expect(allCloseMessage(weightGradient(info, sides(c)), weightGradientJs(info, sides(c)))).toBeNull();
  });

  it('sparse geometry (dilation 1000 over a 3×3 input padded by 600) is left to the JavaScript loops', () => {
    const rng = new Random(8105);
    const x = rng.tensor([1, 1, 3, 3]);
    const w = rng.tensor([1, 1, 2, 2]);
    const p: ExplicitConvTranspose = { stride: [1, 1], padding: [600, 600, 600, 600], dilation: [1000, 1000], groups: 1, outputPadding: [0, 0] };
    const info = conv2dInfo(x, w, null, p);
    const c: Case = { transposed: false, x, w, p, info, gy: rng.tensor(info.outShape) };
    for (const [, k] of builds) if (k) expect(weightGradientWasm(k, info, sides(c))).toBeNull();
    expect(closeMessage(weightGradient(info, sides(c)), oracle(c))).toBeNull();
  });

  it('both builds were tested', () => {
    expect(builds.map(([, k]) => k?.variant)).toEqual(['simd', 'relaxed-simd']);
  });
});
