/**
 * Hostile geometry and edge semantics (issue 24 items 1, 2 and 6) through the public kernels, on whichever back end
 * the suite runs (`npm run test:unit` runs it on wasm, then with LAYERLAB_KERNELS=js). Each case either answers like
 * PyTorch (src/kernels/cases/hostile.json, written by scripts/gen_hostile_cases.py) or the naive oracles, or is
 * refused with a ParamError. The guard is memory, not time: every typed array and every wasm memory growth during
 * the call is recorded, and a case fails if any of them reaches what a stride-sized buffer would need.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backendStatus, getBackend } from './backend.ts';
import { toNumbers, toTensor, toVector, type JsonTensor } from './cases/fixtures.ts';
import {
  allCloseMessage, batchNorm2d, conv2d, convTranspose2d, ParamError, tensor, type ConvTransposeOptions, type Tensor,
} from './index.ts';
import { naiveConvTranspose2d } from './reference/conv.ts';
import { WASM_MEMORY_LIMIT, WASM_RETAIN_LIMIT } from './wasm-memory.ts';

type JsonVector = (number | 'NaN' | 'Infinity' | '-Infinity')[];
interface HostileConv {
  name: string;
  op: 'conv2d' | 'convTranspose2d';
  x: JsonTensor;
  w: JsonTensor;
  bias: JsonVector | null;
  options: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; outputPadding?: [number, number] };
  y: JsonTensor;
}
interface BnStep { x: JsonTensor; y: JsonTensor; runningMean: JsonVector; runningVar: JsonVector; numBatchesTracked: number }
const cases = JSON.parse(readFileSync(new URL('./cases/hostile.json', import.meta.url), 'utf8')) as {
  conv: HostileConv[];
  bn_eps0: { x: JsonTensor; gamma: JsonVector; beta: JsonVector; y: JsonTensor; runningMean: JsonVector; runningVar: JsonVector };
  bn_cumulative: BnStep[];
};

const MiB = 2 ** 20;
/** Far below the gigabytes the reproductions used, far above what their outputs need. */
const BUDGET = 64 * MiB;

interface Footprint {
  /** Bytes of the largest typed array constructed during the call. */
  largestArray: number;
  /** Bytes the wasm linear memory grew by during the call. */
  wasmGrowth: number;
  /** Growth of Node's array-buffer memory across the call (a backstop for anything the spies miss). */
  arrayBuffers: number;
}

/** Run `fn`, recording every typed array it constructs and every wasm memory growth. */
function footprint<T>(fn: () => T): { value: T; seen: Footprint } {
  let largestArray = 0;
  let wasmGrowth = 0;
  const spy = <C extends Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor>(Real: C): C => new Proxy(Real, {
    construct(target, args: unknown[]) {
      const made = Reflect.construct(target, args) as { byteLength: number };
      largestArray = Math.max(largestArray, made.byteLength);
      return made;
    },
  });
  vi.stubGlobal('Float32Array', spy(Float32Array));
  vi.stubGlobal('Float64Array', spy(Float64Array));
  vi.stubGlobal('Int32Array', spy(Int32Array));
  const realGrow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function grow(this: WebAssembly.Memory, delta: number): number {
    wasmGrowth += delta * 65536;
    return realGrow.call(this, delta);
  };
  const before = process.memoryUsage().arrayBuffers;
  try {
    const value = fn();
    return { value, seen: { largestArray, wasmGrowth, arrayBuffers: process.memoryUsage().arrayBuffers - before } };
  } finally {
    WebAssembly.Memory.prototype.grow = realGrow;
    vi.unstubAllGlobals();
  }
}

function expectSmall(seen: Footprint, label: string): void {
  expect(seen.largestArray, `${label}: largest typed array`).toBeLessThan(BUDGET);
  expect(seen.wasmGrowth, `${label}: wasm memory growth`).toBeLessThan(BUDGET);
  expect(seen.arrayBuffers, `${label}: array-buffer growth`).toBeLessThan(2 * BUDGET);
}

function refusal(fn: () => unknown): ParamError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e;
    throw e;
  }
  throw new Error('expected a ParamError');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * conv2d by its definition, reading padding as 0 by bounds (the naive oracle pads a copy, which at padding 2^30
 * would be gigabytes): out[oc, oh, ow] = Σ x[ic, oh·s − pT + kh·d, ow·s − pL + kw·d] · w[oc, ic, kh, kw].
 */
function literalConv2d(x: Tensor, w: Tensor, p: { stride: [number, number]; padding: [number, number, number, number]; dilation: [number, number] }): number[] {
  const [, cin, h, wd] = x.shape;
  const [cout, , kH, kW] = w.shape;
  const outH = Math.floor((h + p.padding[0] + p.padding[2] - p.dilation[0] * (kH - 1) - 1) / p.stride[0]) + 1;
  const outW = Math.floor((wd + p.padding[1] + p.padding[3] - p.dilation[1] * (kW - 1) - 1) / p.stride[1]) + 1;
  const out: number[] = [];
  for (let oc = 0; oc < cout; oc++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let acc = 0;
        for (let ic = 0; ic < cin; ic++) {
          for (let kh = 0; kh < kH; kh++) {
            for (let kw = 0; kw < kW; kw++) {
              const ih = oh * p.stride[0] - p.padding[0] + kh * p.dilation[0];
              const iw = ow * p.stride[1] - p.padding[1] + kw * p.dilation[1];
              if (ih >= 0 && ih < h && iw >= 0 && iw < wd) acc += x.data[(ic * h + ih) * wd + iw] * w.data[((oc * cin + ic) * kH + kh) * kW + kw];
            }
          }
        }
        out.push(acc);
      }
    }
  }
  return out;
}

describe(`hostile geometry answers like PyTorch without stride-sized buffers (${getBackend()} kernels)`, () => {
  it.each(cases.conv.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const x = toTensor(c.x);
    const w = toTensor(c.w);
    const bias = c.bias === null ? null : toVector(c.bias);
    const { value, seen } = footprint(() => (c.op === 'conv2d'
      ? conv2d(x, w, bias, c.options)
      : convTranspose2d(x, w, bias, c.options as ConvTransposeOptions)));
    expect(value.shape).toEqual(c.y.shape);
    expect(allCloseMessage(value.data, toNumbers(c.y.data))).toBeNull();
    expectSmall(seen, c.name);
  });

  it('conv2d(x=[[0.5]], w=[[3]], bias=[0.25], {stride: 7e7}) is 1.75 (issue 24: 0 on wasm after growing to 2.1 GB)', () => {
    const { value, seen } = footprint(() => conv2d(tensor([1, 1, 1, 1], [0.5]), tensor([1, 1, 1, 1], [3]), Float32Array.of(0.25), { stride: 7e7 }));
    expect(Array.from(value.data)).toEqual([1.75]);
    expectSmall(seen, 'stride 7e7');
  });

  it('convTranspose2d on a 1000×1 input, dilation [1, 2.8e5], padding [0, 279990]: the naive oracle\'s 1000×21 output', () => {
    const x = tensor([1, 1, 1000, 1], Float32Array.from({ length: 1000 }, (_, i) => ((i * 37) % 101 - 50) / 50));
    const w = tensor([1, 1, 1, 3], [0.5, -2, 3]);
    const p = { stride: [1, 1], padding: [0, 279990, 0, 279990], dilation: [1, 280000], groups: 1, outputPadding: [0, 0] } as const;
    const { value, seen } = footprint(() => convTranspose2d(x, w, null, { dilation: [1, 280000], padding: [0, 279990] }));
    const expected = naiveConvTranspose2d(x, w, null, { ...p, stride: [1, 1], padding: [0, 279990, 0, 279990], dilation: [1, 280000], outputPadding: [0, 0] });
    expect(value.shape).toEqual([1, 1, 1000, 21]);
    expect(allCloseMessage(value.data, Array.from(expected.data))).toBeNull();
    expectSmall(seen, 'dilation 2.8e5');
  });

  it('convTranspose2d stride [2, 2e6] on a 1×2 input: a 2,000,002-wide output, no array larger than it', () => {
    const x = tensor([1, 1, 1, 2], [0.5, -1.5]);
    const w = tensor([1, 1, 1, 2], [2, 3]);
    const { value, seen } = footprint(() => convTranspose2d(x, w, Float32Array.of(0.25), { stride: [2, 2e6] }));
    const expected = naiveConvTranspose2d(x, w, Float32Array.of(0.25), { stride: [2, 2e6], padding: [0, 0, 0, 0], dilation: [1, 1], groups: 1, outputPadding: [0, 0] });
    expect(value.shape).toEqual([1, 1, 1, 2000002]);
    expect(allCloseMessage(value.data, Array.from(expected.data))).toBeNull();
    // The output itself is 8 MB; nothing else may be larger (one segment per stride phase would need 64 MB).
    expect(seen.largestArray).toBeLessThanOrEqual(value.data.byteLength);
    expectSmall(seen, 'stride 2e6');
  });

  it('convTranspose2d(1×1×1×1, {stride: 1e9}) answers at once; {stride: [1, 1e11]} is refused naming the stride and the limit', () => {
    const one = tensor([1, 1, 1, 1], [0.5]);
    const { value, seen } = footprint(() => convTranspose2d(one, tensor([1, 1, 1, 1], [3]), null, { stride: 1e9 }));
    expect(Array.from(value.data)).toEqual([1.5]);
    expectSmall(seen, 'stride 1e9');
    const e = refusal(() => convTranspose2d(one, one, null, { stride: [1, 1e11] }));
    expect(e.param).toBe('stride');
    expect(e.message).toBe('invalid stride: [1, 100000000000] (entries at most 1,073,741,824 = 2^30)');
  });

  it('conv2d with padding and dilation near the limit on a tiny image: the definition\'s answer, small memory', () => {
    const x = tensor([1, 2, 3, 2], [1, -2, 3, 0.5, -1, 4, 2, 2, -3, 1, 0.25, -0.5]);
    const w = tensor([2, 2, 2, 2], [1, 0.5, -1, 2, 0, 1, 1, -0.5, 2, -2, 0.5, 1, 1, 1, -1, 0]);
    // Rows: oh·2^29 + kh·2^29 − 2^30 is row 0 for (oh, kh) = (1, 1) and (2, 0); columns: −3 + 4·kw is column 1 for kw = 1.
    const p = { stride: [2 ** 29, 7] as [number, number], padding: [2 ** 30, 3, 2 ** 30, 3] as [number, number, number, number], dilation: [2 ** 29, 4] as [number, number], groups: 1 };
    const { value, seen } = footprint(() => conv2d(x, w, null, p));
    const expected = literalConv2d(x, w, p);
    expect(value.shape).toEqual([1, 2, 4, 1]);
    expect(expected.filter((v) => v !== 0).length).toBeGreaterThan(0);
    expect(allCloseMessage(value.data, expected)).toBeNull();
    expectSmall(seen, 'padding 2^30');
  });
});

describe(`linear memory (${getBackend()} kernels)`, () => {
  it('after a legal call that needs more than WASM_RETAIN_LIMIT, the wasm memory shrinks back below it once calls pause', async () => {
    // Two input channels, so that input, padded copy and output together pass the retain limit.
    const x = tensor([1, 2, 2048, 2048]);
    x.data.fill(0.5);
    const w = tensor([1, 2, 3, 3], [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const out = conv2d(x, w, null, { padding: 1 });
    expect(out.data[2048 * 1024 + 7]).toBe(1);
    if (getBackend() === 'wasm') {
      expect(backendStatus().wasmMemoryBytes).toBeGreaterThan(WASM_RETAIN_LIMIT);
      // A second big call right away reuses the memory it has (no growth)…
      const { seen } = footprint(() => conv2d(x, w, null, { padding: 1 }));
      expect(seen.wasmGrowth).toBe(0);
      // … and once calls pause, a fresh instance replaces it.
      await vi.waitFor(() => expect(backendStatus().wasmMemoryBytes).toBeLessThanOrEqual(WASM_RETAIN_LIMIT), { timeout: 5000, interval: 50 });
      expect(conv2d(tensor([1, 1, 1, 1], [2]), tensor([1, 1, 1, 1], [3]), null).data[0]).toBe(6);
    } else {
      expect(backendStatus().wasmMemoryBytes ?? 0).toBeLessThanOrEqual(WASM_RETAIN_LIMIT);
    }
    expect(WASM_MEMORY_LIMIT).toBeLessThan(2 ** 31); // i32 byte addresses never wrap
  });
});

describe(`batchNorm2d edge semantics as PyTorch (${getBackend()} kernels)`, () => {
  it('training with eps 0 on a constant channel returns β there (PyTorch\'s inverse std is 0), not NaN', () => {
    const c = cases.bn_eps0;
    const r = batchNorm2d(toTensor(c.x), {
      training: true, eps: 0, weight: toVector(c.gamma), bias: toVector(c.beta),
      runningMean: new Float32Array(2), runningVar: new Float32Array(2).fill(1),
    });
    expect(allCloseMessage(r.output.data, toNumbers(c.y.data))).toBeNull();
    // Channel 0 (constant 3) of both images: elements 0–3 and 8–11.
    expect([...r.output.data.slice(0, 4), ...r.output.data.slice(8, 12)]).toEqual(new Array(8).fill(0.5));
    expect(allCloseMessage(r.runningMean!, toNumbers(c.runningMean))).toBeNull();
    expect(allCloseMessage(r.runningVar!, toNumbers(c.runningVar))).toBeNull();
  });

  it('momentum: null is PyTorch\'s cumulative moving average, counting batches in numBatchesTracked', () => {
    let runningMean: Float32Array = new Float32Array(2);
    let runningVar: Float32Array = new Float32Array(2).fill(1);
    let numBatchesTracked = 0;
    for (const step of cases.bn_cumulative) {
      const r = batchNorm2d(toTensor(step.x), { training: true, momentum: null, numBatchesTracked, runningMean, runningVar });
      expect(allCloseMessage(r.output.data, toNumbers(step.y.data))).toBeNull();
      expect(allCloseMessage(r.runningMean!, toNumbers(step.runningMean))).toBeNull();
      expect(allCloseMessage(r.runningVar!, toNumbers(step.runningVar))).toBeNull();
      expect(r.numBatchesTracked).toBe(step.numBatchesTracked);
      [runningMean, runningVar, numBatchesTracked] = [r.runningMean!, r.runningVar!, r.numBatchesTracked!];
    }
  });

  it('eval with running variance 0 and eps 0 follows PyTorch\'s x·α + (β − μ·α): NaN where that is ∞ − ∞', () => {
    // α = γ/√0 = ∞: PyTorch gives NaN at x = 0 (0·∞) and for x > 0 with μ > 0 (∞ − ∞), −∞ for x < 0.
    const x: Tensor = tensor([1, 1, 1, 3], [-1, 0, 2]);
    const r = batchNorm2d(x, { training: false, eps: 0, runningMean: Float32Array.of(1), runningVar: Float32Array.of(0), bias: Float32Array.of(0.5) });
    expect(Array.from(r.output.data)).toEqual([-Infinity, NaN, NaN]);
  });
});
