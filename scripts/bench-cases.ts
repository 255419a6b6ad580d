/**
 * The benchmark cases of `npm run bench`: transposed convolutions and batch norm (A–E), conv2d (F, G), resize and
 * pixel shuffle (H–J), the normalization family (K–N), resize-convolution (O), 1-D conv and transposed conv (P, Q),
 * which ORT runs as real 1-D nodes on [N, C, L] and we as the 2-D layer with H = 1. Each case runs our
 * kernel through the public API and builds the same layer as a one-node ONNX model (weights as initializers,
 * as an exported network would have them) for ONNX Runtime Web.
 */
import {
  batchNorm2d, conv1d, conv2d, convTranspose1d, convTranspose2d, groupNorm2d, instanceNorm2d, layerNorm, pixelShuffle, resizeConv2d, rmsNorm,
  upsample2d, type BatchNormOptions, type Conv1dOptions, type ConvOptions, type ConvTranspose1dOptions, type ConvTransposeOptions, type ResizeConvOptions, type Tensor,
  type UpsampleOptions,
} from '../src/kernels/index.ts';
import {
  buildBatchNormModel, buildConv1dModel, buildConvModel, buildConvTranspose1dModel, buildConvTransposeModel, buildDepthToSpaceModel, buildGroupNormExportModel,
  buildInstanceNormModel, buildLayerNormModel, buildResizeConvModel, buildResizeModel, buildRmsNormModel,
  type SingleNodeModel,
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

/** Inputs offset from zero (mean ≈ 3, spread ≈ 1), so that centring matters as it does after a ReLU layer. */
function offset(shape: number[], seed: number): Tensor {
  const t = filled(shape, seed);
  return { shape, data: t.data.map((v) => 3 + v) };
}

// GroupNorm benchmarks against the graph PyTorch exports at opset 17 (Reshape → InstanceNormalization → Reshape →
// Mul → Add): ORT Web's own GroupNormalization swings by 10× between runs, which makes no stable yardstick.
function groupNormCase(id: string, x: number[], groups: number): BenchCase {
  const input = offset(x, 13);
  const opts = { numGroups: groups, weight: filled([x[1]], 14).data, bias: filled([x[1]], 15).data };
  return {
    id, label: `GroupNorm ${x.join('×')}, G ${groups}, affine (vs PyTorch's opset-17 export)`, flops: null,
    ours: () => groupNorm2d(input, opts).data,
    model: buildGroupNormExportModel(input, opts),
  };
}

function instanceNormCase(id: string, x: number[]): BenchCase {
  const input = offset(x, 16);
  const opts = { weight: filled([x[1]], 17).data, bias: filled([x[1]], 18).data };
  return {
    id, label: `InstanceNorm ${x.join('×')}, affine`, flops: null,
    ours: () => instanceNorm2d(input, opts).output.data,
    model: buildInstanceNormModel(input, opts, 'initializers'),
  };
}

/** LayerNorm / RMSNorm over the last dim, with an elementwise weight (and bias): a transformer's [batch, tokens, width]. */
function layerNormCase(id: string, x: number[]): BenchCase {
  const input = offset(x, 19);
  const d = x[x.length - 1];
  const opts = { normalizedShape: [d], weight: filled([d], 20).data, bias: filled([d], 21).data };
  return {
    id, label: `LayerNorm ${x.join('×')} over [${d}], affine`, flops: null,
    ours: () => layerNorm(input, opts).data,
    model: buildLayerNormModel(input, opts, 'initializers'),
  };
}

function rmsNormCase(id: string, x: number[]): BenchCase {
  const input = offset(x, 22);
  const d = x[x.length - 1];
  const opts = { normalizedShape: [d], weight: filled([d], 23).data };
  return {
    id, label: `RMSNorm ${x.join('×')} over [${d}], weight (RMSNormalization-23)`, flops: null,
    ours: () => rmsNorm(input, opts).data,
    model: buildRmsNormModel(input, opts, 'initializers'),
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

/**
 * Resize nearest ×2 → Conv, which ORT runs as the two exported nodes and we as one stride-2 transposed conv with the
 * derived kernel (resize-conv.ts). The two do different work (k² taps per ×2 pixel vs (k + 1)²/4), so no GFLOP/s.
 */
function resizeConvCase(id: string, x: number[], w: number[], opts: ResizeConvOptions, text: string): BenchCase {
  const input = filled(x, 24);
  const weight = filled(w, 25);
  const bias = filled([w[0]], 26).data;
  return {
    id, label: `Resize nearest ×2 → Conv ${text} (ours fused: one ConvTranspose s2; ORT: the two nodes)`, flops: null,
    ours: () => resizeConv2d(input, weight, bias, opts).data,
    model: buildResizeConvModel(input, weight, bias, opts),
  };
}

/** Conv1d on [N, C, L] (audio / sequence models): ORT runs a 1-D Conv node with a 3-D weight. */
function conv1dCase(id: string, x: number[], w: number[], opts: Conv1dOptions, text: string): BenchCase {
  const input = filled(x, 27);
  const weight = filled(w, 28);
  const bias = filled([w[0]], 29).data;
  const outLength = conv1d(input, weight, bias, opts).shape[2];
  return {
    id, label: `Conv1d ${text}`, flops: 2 * x[0] * w[0] * w[1] * w[2] * outLength,
    ours: () => conv1d(input, weight, bias, opts).data,
    model: buildConv1dModel(input, weight, bias, opts, 'initializers'),
  };
}

function convTranspose1dCase(id: string, x: number[], w: number[], opts: ConvTranspose1dOptions, text: string): BenchCase {
  const input = filled(x, 30);
  const weight = filled(w, 31);
  const bias = filled([w[1]], 32).data;
  return {
    id, label: `ConvTranspose1d ${text}`, flops: 2 * x[0] * x[1] * x[2] * w[1] * w[2],
    ours: () => convTranspose1d(input, weight, bias, opts).data,
    model: buildConvTranspose1dModel(input, weight, bias, opts, 'initializers'),
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
    groupNormCase('K', [8, 32, 32, 32], 8),
    layerNormCase('L', [8, 256, 384]),
    instanceNormCase('M', [8, 32, 32, 32]),
    rmsNormCase('N', [8, 256, 384]),
    resizeConvCase('O', [1, 16, 64, 64], [16, 16, 3, 3], { padding: 1 }, '1×16×64×64 → 16, k3 p1'),
    conv1dCase('P', [1, 64, 4096], [64, 64, 3], { padding: 1 }, '1×64×4096 → 64, k3 p1'),
    convTranspose1dCase('Q', [1, 64, 2048], [64, 32, 4], { stride: 2, padding: 1 }, '1×64×2048 → 32, k4 s2 p1'),
  ];
}
