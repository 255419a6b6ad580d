/**
 * The benchmark cases of `npm run bench`: transposed convolutions and batch norm (A–E), conv2d, upsample and pixel shuffle. Each case runs our
 * kernel through the public API and builds the same layer as a one-node ONNX model (weights as initializers,
 * as an exported network would have them) for ONNX Runtime Web.
 */
import {
  batchNorm2d, conv2d, convTranspose2d, pixelShuffle, upsample2d,
  type BatchNormOptions, type ConvOptions, type ConvTransposeOptions, type Tensor, type UpsampleOptions,
} from '../src/kernels/index.ts';
import {
  buildBatchNormModel, buildConvModel, buildConvTransposeModel, buildDepthToSpaceModel, buildResizeModel, type SingleNodeModel,
} from '../src/onnx/builder.ts';

export interface BenchCase {
  id: string;
  label: string;
  /** Floating-point operations of one run (2 per multiply-add), or null where GFLOP/s means little. */
  flops: number | null;
  ours: () => Float32Array;
  model: SingleNodeModel;
}

/** Deterministic inputs (xorshift32) in [−1, 1), so every run of the benchmark sees the same numbers. */
function filled(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    data[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return { shape, data };
}

function convTransposeCase(id: string, x: number[], w: number[], opts: ConvTransposeOptions, text: string): BenchCase {
  const input = filled(x, 1);
  const weight = filled(w, 2);
  const bias = filled([w[1]], 3).data;
  // Multiply-adds of the scatter form (ORT's GEMM does the same count): every input pixel × every tap.
  const flops = 2 * x[0] * x[1] * x[2] * x[3] * w[1] * w[2] * w[3];
  return {
    id, label: `ConvTranspose ${text}`, flops,
    ours: () => convTranspose2d(input, weight, bias, opts).data,
    model: buildConvTransposeModel(input, weight, bias, opts, 'initializers'),
  };
}

function convCase(id: string, x: number[], w: number[], opts: ConvOptions, text: string): BenchCase {
  const input = filled(x, 4);
  const weight = filled(w, 5);
  const bias = filled([w[0]], 6).data;
  const probe = conv2d(input, weight, bias, opts);
  const [, , oh, ow] = probe.shape;
  return {
    id, label: `Conv ${text}`, flops: 2 * x[0] * w[0] * w[1] * w[2] * w[3] * oh * ow,
    ours: () => conv2d(input, weight, bias, opts).data,
    model: buildConvModel(input, weight, bias, opts, 'initializers'),
  };
}

function batchNormCase(id: string, x: number[], text: string): BenchCase {
  const input = filled(x, 7);
  const c = x[1];
  const opts: BatchNormOptions = {
    training: false, weight: filled([c], 8).data, bias: filled([c], 9).data,
    runningMean: filled([c], 10).data, runningVar: filled([c], 11).data.map((v) => 1.5 + v),
  };
  return {
    id, label: `BatchNorm eval ${text}`, flops: 2 * x.reduce((a, b) => a * b, 1),
    ours: () => batchNorm2d(input, opts).output.data,
    model: buildBatchNormModel(input, opts, 'initializers'),
  };
}

function resizeCase(id: string, x: number[], opts: UpsampleOptions, text: string): BenchCase {
  const input = filled(x, 12);
  return {
    id, label: `Resize ${text}`, flops: null,
    ours: () => upsample2d(input, opts).data,
    model: buildResizeModel(input, opts, 'initializers'),
  };
}

function pixelShuffleCase(id: string, x: number[], r: number, text: string): BenchCase {
  const input = filled(x, 13);
  return {
    id, label: `PixelShuffle ${text}`, flops: null,
    ours: () => pixelShuffle(input, r).data,
    model: buildDepthToSpaceModel(input, r),
  };
}

export function benchCases(): BenchCase[] {
  return [
    convTransposeCase('A', [1, 16, 64, 64], [16, 16, 4, 4], { stride: 2, padding: 1 }, '1×16×64×64 → 16, k4 s2 p1'),
    convTransposeCase('B', [1, 64, 32, 32], [64, 32, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }, '1×64×32×32 → 32, k3 s2 p1 op1'),
    convTransposeCase('C', [1, 1, 256, 256], [1, 1, 3, 3], { stride: 2 }, '1×1×256×256 → 1, k3 s2 p0'),
    batchNormCase('D', [8, 16, 64, 64], '8×16×64×64'),
    convTransposeCase('E', [1, 32, 32, 32], [32, 16, 5, 5], { stride: 3, padding: 2, dilation: 1 }, '1×32×32×32 → 16, k5 s3 p2 (generic path)'),
    convCase('F', [1, 32, 64, 64], [32, 32, 3, 3], { padding: 1 }, '1×32×64×64 → 32, k3 s1 p1'),
    convCase('G', [1, 32, 64, 64], [64, 32, 3, 3], { stride: 2, padding: 1 }, '1×32×64×64 → 64, k3 s2 p1'),
    resizeCase('H', [1, 16, 64, 64], { scale: 2, mode: 'bilinear' }, 'bilinear ×2, 1×16×64×64'),
    resizeCase('I', [1, 16, 64, 64], { scale: 2, mode: 'nearest' }, 'nearest ×2, 1×16×64×64'),
    pixelShuffleCase('J', [1, 64, 32, 32], 2, 'r2 (DepthToSpace CRD), 1×64×32×32'),
  ];
}
