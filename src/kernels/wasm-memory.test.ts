/**
 * The wasm path's memory discipline through the public API: buffers are laid out afresh each call in one
 * linear memory that grows to the largest call and is then reused (no leak over 10 000 calls with changing
 * shapes), typed-array views survive growth, and bad input is refused by params.ts before any wasm call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backendStatus, ready, setBackend } from './backend.ts';
import { batchNorm2d } from './batch-norm.ts';
import { conv2d } from './conv2d.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { batchNorm2dInfo, conv2dInfo, convTranspose2dInfo } from './params.ts';
import { Random } from './reference/random.ts';
import { tensor, type Tensor } from './tensor.ts';
import { WasmKernels } from './wasm-kernels.ts';
import { WASM_MEMORY_LIMIT, WasmMemory } from './wasm-memory.ts';

const fromEnv = process.env.LAYERLAB_KERNELS === 'js' ? 'js' : 'wasm';
beforeEach(async () => {
  setBackend('wasm');
  await ready();
  expect(backendStatus().active).toBe('wasm');
});
afterEach(() => {
  vi.restoreAllMocks();
  setBackend(fromEnv);
});

const memory = (): number => backendStatus().wasmMemoryBytes ?? NaN;

interface Call {
  run: () => Float32Array;
}

/** A few dozen layers of different kinds and sizes, each with its own inputs. */
function calls(rng: Random): Call[] {
  const list: Call[] = [];
  for (let i = 0; i < 30; i++) {
    const n = rng.int(1, 2);
    const c = rng.int(1, 9);
    const h = rng.int(1, 30);
    const w = rng.int(1, 30);
    const x = rng.tensor([n, c, h, w]);
    const kind = i % 3;
    if (kind === 0) {
      const weight = rng.tensor([c, rng.int(1, 9), rng.int(1, 5), rng.int(1, 5)]);
      const stride = rng.int(1, 3);
      list.push({ run: () => convTranspose2d(x, weight, null, { stride }).data });
    } else if (kind === 1) {
      const weight = rng.tensor([rng.int(1, 9), c, rng.int(1, Math.min(h, 4)), rng.int(1, Math.min(w, 4))]);
      const stride = rng.int(1, 2);
      list.push({ run: () => conv2d(x, weight, null, { stride }).data });
    } else {
      const stats = { runningMean: rng.floats(c), runningVar: rng.floats(c).map((v) => 1 + Math.abs(v)) };
      list.push({ run: () => batchNorm2d(x, { training: false, ...stats }).output.data });
    }
  }
  return list;
}

describe('wasm memory', () => {
  it('10 000 calls with changing shapes: memory grows to the largest call once and is reused after that', () => {
    const rng = new Random(31);
    const list = calls(rng);
    const first = list.map((c) => c.run()); // every layout has been needed once now
    const settled = memory();
    for (let i = 0; i < 10_000; i++) list[rng.int(0, list.length - 1)].run();
    expect(memory()).toBe(settled);
    // Bounded by the largest call, not by the number of calls: a few MiB at most for these shapes.
    expect(settled).toBeLessThan(8 * 1024 * 1024);
    // Same inputs, same outputs: nothing stale survives from the previous call's buffers.
    list.forEach((c, i) => expect(c.run()).toEqual(first[i]));
  });

  it('results stay right across memory growth (views are re-created on the new buffer)', () => {
    const rng = new Random(32);
    const small = rng.tensor([1, 3, 7, 9]);
    const smallW = rng.tensor([3, 5, 3, 3]);
    const before = convTranspose2d(small, smallW, null, { stride: 2 }).data;
    const grown = memory();
    const big = rng.tensor([1, 8, 32 + Math.ceil(grown / 4 / 8 / 32 / 4), 128]);
    convTranspose2d(big, rng.tensor([8, 8, 4, 4]), null, { stride: 2, padding: 1 });
    expect(memory()).toBeGreaterThan(grown);
    expect(convTranspose2d(small, smallW, null, { stride: 2 }).data).toEqual(before);
  });

  it('refuses bad input with the params.ts message before any wasm call or allocation', () => {
    const calls = [
      vi.spyOn(WasmKernels.prototype, 'convTranspose2d'),
      vi.spyOn(WasmKernels.prototype, 'conv2d'),
      vi.spyOn(WasmKernels.prototype, 'normalize'),
    ];
    const before = memory();
    const x = tensor([1, 2, 5, 5]);
    const w = tensor([2, 3, 3, 3]);
    const huge = { shape: [1, 1, 2048, 2048], data: new Float32Array(2048 * 2048) } satisfies Tensor;
    const refusals: [() => unknown, () => unknown, string][] = [
      [() => convTranspose2d(x, w, null, { stride: 0 }), () => convTranspose2dInfo(x, w, null, { stride: 0 }), 'invalid stride: 0 (must be a positive integer)'],
      [() => convTranspose2d(x, w, null, { stride: 2, outputPadding: 2 }), () => convTranspose2dInfo(x, w, null, { stride: 2, outputPadding: 2 }), 'outputPadding (2) must be smaller than stride (2) or dilation (1)'],
      [() => convTranspose2d(x, w, null, { padding: 4 }), () => convTranspose2dInfo(x, w, null, { padding: 4 }), 'output size'],
      [() => convTranspose2d(huge, tensor([1, 1, 3, 3]), null, { stride: 4 }), () => convTranspose2dInfo(huge, tensor([1, 1, 3, 3]), null, { stride: 4 }), 'over the limit'],
      [() => convTranspose2d(x, tensor([3, 3, 3, 3]), null), () => convTranspose2dInfo(x, tensor([3, 3, 3, 3]), null), 'weight has 3 input channels'],
      [() => conv2d(x, tensor([2, 2, 7, 7]), null), () => conv2dInfo(x, tensor([2, 2, 7, 7]), null), 'larger than the padded input'],
      [() => conv2d(x, tensor([4, 2, 3, 3]), Float32Array.of(1)), () => conv2dInfo(x, tensor([4, 2, 3, 3]), Float32Array.of(1)), 'bias has 1 values but the layer has 4 output channels'],
      [() => batchNorm2d(x, { training: false }), () => batchNorm2dInfo(x, { training: false }), 'eval mode (training: false) needs runningMean and runningVar'],
      [() => convTranspose2d({ shape: [1, 2, 5, 5], data: new Float32Array(3) }, w, null), () => convTranspose2dInfo({ shape: [1, 2, 5, 5], data: new Float32Array(3) }, w, null), 'input data length 3'],
    ];
    for (const [call, validate, text] of refusals) {
      let expected = '';
      try {
        validate();
      } catch (e) {
        expected = (e as Error).message;
      }
      expect(expected).toContain(text);
      expect(call).toThrow(expected); // the very message params.ts gives
    }
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
    expect(memory()).toBe(before);
  });
});

describe('WasmMemory never lays out past WASM_MEMORY_LIMIT', () => {
  it('commit() refuses a layout over 1 GiB without growing, and accepts one just under it', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
    const m = new WasmMemory(memory, 1024);
    m.alloc(WASM_MEMORY_LIMIT / 4); // 1 GiB of floats after the heap base: just over the limit
    expect(m.commit()).toBe(false);
    expect(memory.buffer.byteLength).toBe(65536);
    m.reset();
    m.alloc(1e12); // an address far past 2^32 that an i32 would wrap
    expect(m.commit()).toBe(false);
    m.reset();
    m.alloc(1000);
    expect(m.commit()).toBe(true);
    expect(m.f32.length).toBeGreaterThanOrEqual(1000);
  });
});
