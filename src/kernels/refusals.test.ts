/**
 * Every class of bad input is refused through the public kernels with a message that names the parameter,
 * the value and what is allowed (the checks themselves live only in params.ts and tensor.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  batchNorm2d, conv2d, convTranspose2d, crossEntropyLoss, MAX_ELEMENTS, MAX_GEOMETRY, MAX_MULTIPLY_ADDS, mseLoss,
  pixelShuffle, setBackend, tensor, type ConvTransposeOptions, type Tensor, upsample2d,
} from './index.ts';
import { refuses } from './refuses.testing.ts';

const t = (...shape: number[]) => tensor(shape);

const raw = (shape: number[], length: number): Tensor => ({ shape, data: new Float32Array(length) });

describe('tensors: shape and data must agree, images must be 4-D', () => {
  it('convTranspose2d refuses a 3-D input, naming its shape', () => {
    refuses(() => convTranspose2d(t(1, 4, 4), t(1, 1, 3, 3), null), 'input', 'input must be 4-D [N, C, H, W], got 3-D shape [1, 4, 4]');
  });
  it('conv2d refuses a 5-D weight', () => {
    refuses(() => conv2d(t(1, 1, 4, 4), t(1, 1, 1, 3, 3), null), 'weight', 'weight must be 4-D [Cout, Cin/groups, kH, kW], got 5-D shape [1, 1, 1, 3, 3]');
  });
  it('kernels refuse data whose length is not the product of the shape', () => {
    refuses(() => conv2d(raw([1, 1, 2, 3], 5), t(1, 1, 1, 1), null), 'input', 'input data length 5 does not match shape [1, 1, 2, 3] (needs 6)');
    refuses(() => batchNorm2d(raw([2, 1, 2, 2], 9), { training: true }), 'input', 'input data length 9 does not match shape [2, 1, 2, 2] (needs 8)');
  });
  it('tensor(shape, data) refuses mismatched data and non-integer dimensions', () => {
    refuses(() => tensor([2, 2], [1, 2, 3]), 'data', 'tensor data length 3 does not match shape [2, 2] (needs 4)');
    refuses(() => tensor([2, 1.5]), 'shape', 'invalid shape: [2, 1.5] (dimensions must be non-negative integers)');
  });
  it('kernels refuse an empty dimension', () => {
    refuses(() => upsample2d(t(1, 0, 2, 2), { scale: 2, mode: 'nearest' }), 'input', 'invalid input shape [1, 0, 2, 2] (all dimensions must be at least 1)');
  });
});

describe('stride, dilation and groups must be positive integers', () => {
  const x = t(1, 2, 4, 4);
  const w = t(2, 1, 3, 3);
  it.each([
    ['stride', 0], ['stride', -1], ['stride', 1.5], ['stride', NaN],
    ['dilation', 0], ['dilation', -2], ['dilation', 0.5], ['dilation', NaN],
    ['groups', 0], ['groups', -1], ['groups', 1.5], ['groups', NaN],
  ] as const)('convTranspose2d refuses %s %s', (name, value) => {
    const shown = Number.isNaN(value) ? 'NaN' : String(value);
    refuses(() => convTranspose2d(x, w, null, { [name]: value }), name, `invalid ${name}: ${shown} (must be a positive integer)`);
  });
  it('conv2d refuses stride 0, and a pair with a bad entry is shown whole', () => {
    refuses(() => conv2d(x, w, null, { stride: 0 }), 'stride', 'invalid stride: 0 (must be a positive integer)');
    refuses(() => conv2d(x, w, null, { dilation: [1, NaN] }), 'dilation', 'invalid dilation: [1, NaN] (entries must be positive integers)');
  });
});

describe('padding must be non-negative integers', () => {
  it.each([[-1, '-1 (must be a non-negative integer)'], [NaN, 'NaN (must be a non-negative integer)'], [0.5, '0.5 (must be a non-negative integer)']])(
    'convTranspose2d and conv2d refuse padding %s', (p, tail) => {
      refuses(() => convTranspose2d(t(1, 1, 4, 4), t(1, 1, 3, 3), null, { padding: p }), 'padding', `invalid padding: ${tail}`);
      refuses(() => conv2d(t(1, 1, 4, 4), t(1, 1, 3, 3), null, { padding: p }), 'padding', `invalid padding: ${tail}`);
    });
  it('4-sided padding with a negative entry is refused, showing all four', () => {
    refuses(() => conv2d(t(1, 1, 4, 4), t(1, 1, 3, 3), null, { padding: [0, 1, -1, 0] }), 'padding', 'invalid padding: [0, 1, -1, 0] (entries must be non-negative integers)');
  });
});

describe('outputPadding must be smaller than stride or dilation (PyTorch)', () => {
  const x = t(1, 1, 3, 3);
  const w = t(1, 1, 3, 3);
  it('refuses outputPadding equal to the stride when dilation is 1', () => {
    refuses(() => convTranspose2d(x, w, null, { stride: 2, outputPadding: 2 }), 'outputPadding', 'outputPadding (2) must be smaller than stride (2) or dilation (1)');
  });
  it('refuses outputPadding 1 at stride 1, dilation 1 (per axis: only W wrong)', () => {
    refuses(() => convTranspose2d(x, w, null, { stride: [2, 1], outputPadding: [1, 1] }), 'outputPadding', 'outputPadding (1) must be smaller than stride (1) or dilation (1)');
  });
  it('accepts outputPadding smaller than the dilation only: stride 1, dilation 2, outputPadding 1', () => {
    expect(convTranspose2d(x, w, null, { dilation: 2, outputPadding: 1 }).shape).toEqual([1, 1, 8, 8]);
  });
  it('refuses negative outputPadding', () => {
    refuses(() => convTranspose2d(x, w, null, { stride: 2, outputPadding: -1 }), 'outputPadding', 'invalid outputPadding: -1 (must be a non-negative integer)');
  });
});

describe('channels: groups must divide them, weight and input must agree', () => {
  it('convTranspose2d refuses groups that do not divide the input channels', () => {
    refuses(() => convTranspose2d(t(1, 3, 2, 2), t(3, 1, 1, 1), null, { groups: 2 }), 'groups', 'groups (2) must divide the input channels (3)');
  });
  it('conv2d refuses groups that do not divide the output channels', () => {
    refuses(() => conv2d(t(1, 4, 2, 2), t(3, 2, 1, 1), null, { groups: 2 }), 'groups', 'groups (2) must divide the output channels (3)');
  });
  it('convTranspose2d refuses a weight whose first dimension is not the input channels', () => {
    refuses(() => convTranspose2d(t(1, 3, 2, 2), t(2, 1, 3, 3), null), 'weight', 'weight has 2 input channels (shape [Cin, Cout/groups, kH, kW] = [2, 1, 3, 3]) but the input has 3');
  });
  it('conv2d refuses a weight whose Cin/groups does not match the input', () => {
    refuses(() => conv2d(t(1, 4, 3, 3), t(2, 3, 1, 1), null, { groups: 2 }), 'weight', 'weight expects 6 input channels (shape [Cout, Cin/groups, kH, kW] = [2, 3, 1, 1], groups 2) but the input has 4');
  });
  it('both refuse a bias whose length is not the output channels', () => {
    refuses(() => convTranspose2d(t(1, 1, 2, 2), t(1, 3, 1, 1), new Float32Array(2)), 'bias', 'bias has 2 values but the layer has 3 output channels');
    refuses(() => conv2d(t(1, 1, 2, 2), t(3, 1, 1, 1), new Float32Array(4)), 'bias', 'bias has 4 values but the layer has 3 output channels');
  });
});

describe('sizes: outputs must exist and must fit', () => {
  it('convTranspose2d refuses padding that crops the output to nothing, showing the formula', () => {
    refuses(() => convTranspose2d(t(1, 1, 2, 2), t(1, 1, 2, 2), null, { padding: [1, 0, 2, 0] }), 'padding',
      'output size 0×3 is not positive: (H−1)·s − pad_begin − pad_end + d·(k−1) + output_padding + 1 = (2−1)·1 − 1 − 2 + 1·(2−1) + 0 + 1; reduce the padding',
    );
    // The formula is the failing axis's, with its own numbers.
    refuses(() => convTranspose2d(t(1, 1, 2, 3), t(1, 1, 2, 2), null, { padding: [0, 2, 0, 2] }), 'padding',
      'output size 3×0 is not positive: (W−1)·s − pad_begin − pad_end + d·(k−1) + output_padding + 1 = (3−1)·1 − 2 − 2 + 1·(2−1) + 0 + 1; reduce the padding',
    );
  });
  it('conv2d refuses a kernel larger than the padded input', () => {
    refuses(() => conv2d(t(1, 1, 3, 3), t(1, 1, 3, 3), null, { dilation: 2, padding: [0, 0, 1, 0] }), 'weight', 'kernel (effective size 5×5 with dilation) is larger than the padded input (4×3)');
  });

  describe('huge outputs are refused before anything is allocated', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });
    /**
     * Run `fn` while recording what it allocates: every `new Float32Array(…)` (the JS kernels' outputs), every
     * wasm `Memory.grow` (the wasm kernels' buffers), and the growth of Node's array-buffer memory as a backstop
     * for anything else. A refused request must show none of them.
     */
    function allocationsDuring(fn: () => void): { typedArrays: number[]; wasmGrows: number; arrayBufferBytes: number } {
      const typedArrays: number[] = [];
      let wasmGrows = 0;
      const Real = Float32Array;
      const realGrow = WebAssembly.Memory.prototype.grow;
      vi.stubGlobal('Float32Array', new Proxy(Real, {
        construct(target, args: unknown[]) {
          typedArrays.push(typeof args[0] === 'number' ? args[0] : -1);
          return Reflect.construct(target, args);
        },
      }));
      WebAssembly.Memory.prototype.grow = function grow(this: WebAssembly.Memory, delta: number): number {
        wasmGrows++;
        return realGrow.call(this, delta);
      };
      const before = process.memoryUsage().arrayBuffers;
      try {
        fn();
      } finally {
        WebAssembly.Memory.prototype.grow = realGrow;
        vi.unstubAllGlobals();
      }
      return { typedArrays, wasmGrows, arrayBufferBytes: process.memoryUsage().arrayBuffers - before };
    }
    const nothing = { typedArrays: [], wasmGrows: 0, arrayBufferBytes: expect.any(Number) };
    /** Far below the 1 GiB (and 144 MB) the refused outputs would need. */
    const SMALL = 16 * 1024 * 1024;

    it(`convTranspose2d refuses a 1×1×4096×4096 input at stride 4 (268 M outputs > MAX_ELEMENTS ${MAX_ELEMENTS}) without allocating`, () => {
      const x = t(1, 1, 4096, 4096);
      const w = t(1, 1, 4, 4);
      let error: unknown;
      const seen = allocationsDuring(() => {
        try {
          convTranspose2d(x, w, null, { stride: 4 });
        } catch (e) {
          error = e;
        }
      });
      expect(String(error)).toContain('convTranspose2d output would have 268,435,456 elements, over the limit of 16,777,216 (2^24)');
      expect(error).toMatchObject({ param: 'output' });
      expect(seen).toEqual(nothing);
      expect(seen.arrayBufferBytes).toBeLessThan(SMALL);
    });
    it('the allocation spy sees typed arrays that library code constructs (so an empty list means none happened)', () => {
      expect(allocationsDuring(() => tensor([4, 4])).typedArrays).toContain(16);
    });
    it('conv2d refuses huge padding and upsample2d a huge scale, before allocating', () => {
      const [one, small] = [t(1, 1, 1, 1), t(1, 1, 2, 2)];
      const seen = allocationsDuring(() => {
        refuses(() => conv2d(one, one, null, { padding: 3000 }), 'output', 'conv2d output would have 36,012,001 elements, over the limit of 16,777,216 (2^24)');
        refuses(() => upsample2d(small, { scale: 4000, mode: 'nearest' }), 'output', 'upsample2d output would have 64,000,000 elements, over the limit of 16,777,216 (2^24)');
      });
      expect(seen).toEqual(nothing);
      expect(seen.arrayBufferBytes).toBeLessThan(SMALL);
    });
    it(`convTranspose2d refuses more than MAX_MULTIPLY_ADDS (${MAX_MULTIPLY_ADDS}) multiply-adds before computing`, () => {
      const [x, w] = [t(1, 512, 64, 64), t(512, 512, 3, 3)];
      const seen = allocationsDuring(() => {
        refuses(() => convTranspose2d(x, w, null), 'output', 'convTranspose2d would need 9.66e+9 multiply-adds, over the limit of 4e+9');
      });
      expect(seen).toEqual(nothing);
    });
  });
});

describe('batchNorm2d parameters', () => {
  const x = t(2, 3, 2, 2);
  it.each(['weight', 'bias', 'runningMean', 'runningVar'] as const)('refuses %s with a length other than C', (key) => {
    const opts = { training: true, runningMean: new Float32Array(3), runningVar: new Float32Array(3), [key]: new Float32Array(2) };
    refuses(() => batchNorm2d(x, opts), key, `${key} has 2 values but the input has 3 channels`);
  });
  it.each([[NaN, 'NaN'], [-1e-5, '-0.00001'], [Infinity, 'Infinity']])('refuses eps %s', (eps, shown) => {
    refuses(() => batchNorm2d(x, { training: true, eps }), 'eps', `invalid eps: ${shown} (must be a finite number ≥ 0)`);
  });
  it.each([[-0.1, '-0.1'], [1.5, '1.5'], [NaN, 'NaN']])('refuses momentum %s (must be in [0, 1])', (momentum, shown) => {
    refuses(() => batchNorm2d(x, { training: true, momentum }), 'momentum', `invalid momentum: ${shown} (must be in [0, 1], or null for a cumulative average)`);
  });
  it('accepts the momentum bounds 0 and 1', () => {
    expect(() => batchNorm2d(x, { training: true, momentum: 0 })).not.toThrow();
    expect(() => batchNorm2d(x, { training: true, momentum: 1 })).not.toThrow();
  });
  it('refuses training with one value per channel, as PyTorch does', () => {
    refuses(() => batchNorm2d(t(1, 3, 1, 1), { training: true }), 'input',
      'expected more than 1 value per channel when training, got input shape [1, 3, 1, 1] (N·H·W = 1): the batch variance is undefined',
    );
  });
  it('refuses eval without running statistics, and running stats given only half', () => {
    refuses(() => batchNorm2d(x, { training: false }), 'runningMean', 'eval mode (training: false) needs runningMean and runningVar');
    refuses(() => batchNorm2d(x, { training: true, runningMean: new Float32Array(3) }), 'runningVar', 'runningMean and runningVar must be given together');
  });
});

describe('upsample2d and pixelShuffle parameters', () => {
  const x = t(1, 1, 3, 3);
  it.each([[0, '0'], [-2, '-2'], [NaN, 'NaN'], [Infinity, 'Infinity']])('upsample2d refuses scale %s', (scale, shown) => {
    refuses(() => upsample2d(x, { scale, mode: 'nearest' }), 'scale', `invalid scale: ${shown} (must be a positive finite number or a pair of them)`);
  });
  it('upsample2d refuses a scale pair with a bad entry', () => {
    refuses(() => upsample2d(x, { scale: [2, 0], mode: 'bilinear' }), 'scale', 'invalid scale: [2, 0] (must be a positive finite number or a pair of them)');
  });
  it('upsample2d refuses an unknown mode, naming the allowed ones', () => {
    refuses(() => upsample2d(x, { scale: 2, mode: 'bicubic' as 'bilinear' }), 'mode', 'invalid mode: "bicubic" (must be "nearest" or "bilinear")');
  });
  it('upsample2d refuses alignCorners with mode nearest (as PyTorch does), even when false', () => {
    refuses(() => upsample2d(x, { scale: 2, mode: 'nearest', alignCorners: false }), 'alignCorners', 'alignCorners can only be set with mode "bilinear" (as in PyTorch)');
  });
  it('upsample2d refuses a scale that leaves no pixels', () => {
    refuses(() => upsample2d(x, { scale: 0.3, mode: 'nearest' }), 'scale', 'output size 0×0 is not positive (input 3×3 × scale 0.3)');
  });
  it('pixelShuffle refuses channels not divisible by r², and a non-positive r', () => {
    refuses(() => pixelShuffle(t(1, 6, 2, 2), 2), 'upscaleFactor', 'pixelShuffle needs the channels (6) to be divisible by upscaleFactor² (4)');
    refuses(() => pixelShuffle(t(1, 4, 2, 2), 0), 'upscaleFactor', 'invalid upscaleFactor: 0 (must be a positive integer)');
  });
});

describe('geometry above MAX_GEOMETRY (2^30) is refused before anything runs, naming the limit', () => {
  const one = t(1, 1, 1, 1);
  it.each<[string, ConvTransposeOptions, string]>([
    ['stride', { stride: [1, 1e11] }, 'invalid stride: [1, 100000000000] (entries at most 1,073,741,824 = 2^30)'],
    ['stride', { stride: 2 ** 30 + 1 }, 'invalid stride: 1073741825 (at most 1,073,741,824 = 2^30)'],
    ['dilation', { dilation: 1e12 }, 'invalid dilation: 1000000000000 (at most 1,073,741,824 = 2^30)'],
    ['padding', { padding: [0, 0, 0, 2 ** 31] }, 'invalid padding: [0, 0, 0, 2147483648] (entries at most 1,073,741,824 = 2^30)'],
    ['outputPadding', { stride: 3, outputPadding: [1, 2 ** 40] }, 'invalid outputPadding: [1, 1099511627776] (entries at most 1,073,741,824 = 2^30)'],
  ])('convTranspose2d refuses %s %j', (param, opts, message) => {
    refuses(() => convTranspose2d(one, one, null, opts), param, message);
  });
  it('conv2d refuses stride 1e11 and accepts stride 2^30 exactly', () => {
    refuses(() => conv2d(one, one, null, { stride: 1e11 }), 'stride', 'invalid stride: 100000000000 (at most 1,073,741,824 = 2^30)');
    expect(conv2d(one, one, null, { stride: MAX_GEOMETRY }).shape).toEqual([1, 1, 1, 1]);
  });
});

describe('null options and non-boolean flags are refused with named messages, not a TypeError or a silent default', () => {
  const x = t(1, 1, 2, 2);
  const w = t(1, 1, 2, 2);
  it('convTranspose2d(x, w, null, null) and conv2d(x, w, null, null) name the options argument', () => {
    refuses(() => convTranspose2d(x, w, null, null as unknown as object), 'options', 'invalid options: null (must be an object such as {stride: 2, padding: 1}, or omitted)');
    refuses(() => conv2d(x, w, null, 5 as unknown as object), 'options', 'invalid options: 5 (must be an object');
  });
  it('null entries are refused, not taken as defaults', () => {
    refuses(() => convTranspose2d(x, w, null, { stride: null as unknown as number }), 'stride', 'invalid stride: null (must be a number or a pair [h, w])');
    refuses(() => convTranspose2d(x, w, null, { groups: null as unknown as number }), 'groups', 'invalid groups: null (must be a positive integer)');
    refuses(() => batchNorm2d(x, { training: true, eps: null as unknown as number }), 'eps', 'invalid eps: null (must be a finite number ≥ 0)');
    refuses(() => batchNorm2d(x, { training: true, weight: null as unknown as Float32Array }), 'weight', 'invalid weight: null (must be a Float32Array or omitted)');
    refuses(() => convTranspose2d(x, w, [1] as unknown as Float32Array), 'bias', 'invalid bias: [1] (must be a Float32Array or null)');
  });
  it('flags must be booleans: alignCorners "no" and training 1 are refused', () => {
    refuses(() => upsample2d(x, { scale: 2, mode: 'bilinear', alignCorners: 'no' as unknown as boolean }), 'alignCorners',
      'invalid alignCorners: "no" (must be true, false or omitted)');
    refuses(() => batchNorm2d(x, { training: 1 as unknown as boolean }), 'training', 'invalid training: 1 (must be true or false)');
    refuses(() => batchNorm2d(x, null as unknown as { training: boolean }), 'options', 'invalid options: null (batchNorm2d needs an object such as {training: true})');
  });
  it('numBatchesTracked must be a non-negative integer', () => {
    refuses(() => batchNorm2d(x, { training: true, momentum: null, numBatchesTracked: -1 }), 'numBatchesTracked',
      'invalid numBatchesTracked: -1 (must be a non-negative integer)');
  });
});

describe('backward and loss checks name their argument too', () => {
  it('mseLoss refuses mismatched shapes (target), crossEntropy bad targets (targets)', () => {
    refuses(() => mseLoss(t(1, 1, 2, 2), t(1, 1, 2, 3)), 'target', 'mseLoss: target shape [1, 1, 2, 3] does not match prediction shape [1, 1, 2, 2]');
    refuses(() => crossEntropyLoss(t(1, 2, 1, 1), Int32Array.from([2])), 'targets', 'target 2 at position 0 is out of bounds (classes 0…1)');
  });
  it('setBackend refuses an unknown backend', () => {
    refuses(() => setBackend('gpu' as 'js'), 'backend', 'invalid kernel backend: "gpu" (must be "js" or "wasm")');
  });
});
